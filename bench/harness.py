"""What every benchmark run needs: a scratch PostgreSQL database, gunicorn, result tables.

The database and the server are real (the project's settings with DEBUG off); both are
created for the run and removed after it.
"""

import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REPORT = ROOT / "docs" / "benchmarks.md"
BENCH = ROOT / "bench"
# The users `manage.py bench_data` creates (tests/bench checks these match the command's).
BENCH_PASSWORD = "bench-password-not-secret"
BENCH_REVIEWERS = [f"bench_rev{i:02d}" for i in range(1, 51)]
BENCH_EDITORS = [f"bench_ed{i:02d}" for i in range(1, 11)]


ALLOWED_HOSTS = {"127.0.0.1"}


class LoadError(Exception):
    pass


def check_target(base: str) -> str:
    """The load only ever goes to the benchmark's own server on 127.0.0.1."""
    host = urlsplit(base).hostname
    if host not in ALLOWED_HOSTS:
        raise LoadError(f"refusing to send load to {host!r}: only 127.0.0.1 is allowed")
    return base.rstrip("/")


def log(message: str):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def app_env(db_url: str, **extra) -> dict:
    """The environment of a production-like process against the bench database.

    The settings are the product's plus the bench-only app (bench/benchsite: the /ping/
    reference page and `manage.py bench_data`).
    """
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        DEBUG="0",
        SECRET_KEY=_secret_key(),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="benchsite.settings",
        # DEBUG off serves /static/ through WhiteNoise from collected files (see Server).
        STATIC_ROOT=_static_root(),
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH")])),
    )
    env.pop("TASKS_IMMEDIATE", None)
    env.update(extra)
    return env


_KEY = []
_STATIC = []


def _static_root() -> str:
    if not _STATIC:
        _STATIC.append(tempfile.mkdtemp(prefix="factcheck-bench-static-"))
    return _STATIC[0]


def collect_static(db_url: str) -> None:
    """Collect the static files once per run: with DEBUG off every page names hashed files."""
    if not os.path.exists(os.path.join(_static_root(), "staticfiles.json")):
        manage(db_url, "collectstatic", "--noinput", "-v", "0")


def _secret_key() -> str:
    if not _KEY:
        _KEY.append(secrets.token_urlsafe(50))
    return _KEY[0]


def manage(db_url: str, *args, capture=False, **env) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=app_env(db_url, **env),
        check=False,
        stdout=subprocess.PIPE if capture else None,
        stderr=None,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode})")
    return result.stdout or ""


class Database:
    """A scratch database: created (empty) on enter, dropped on exit unless keep. With
    reuse, an existing one (built earlier with --keep-db) is migrated and kept as it is."""

    def __init__(self, name: str, keep: bool = False, reuse: bool = False):
        # The database is dropped and recreated: never let that be a real one by mistake.
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
            raise SystemExit(
                f"bad scratch database name {name!r}: lower-case letters, digits "
                "and _, and it must contain 'bench'"
            )
        self.name, self.keep, self.reuse = name, keep or reuse, reuse
        self.url = f"{PG}/{name}"

    def _admin(self, statement):
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(statement)

    def __enter__(self):
        if self.reuse:
            log(f"database {self.name}: reused as it is; migrating")
            manage(self.url, "migrate", "--noinput", "-v0")
            return self
        self._admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
        )
        self._admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        log(f"database {self.name}: created; migrating")
        manage(self.url, "migrate", "--noinput", "-v0")
        return self

    def __exit__(self, *exc):
        if self.keep:
            log(f"database {self.name} kept ({self.url})")
            return
        self._admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
        )
        log(f"database {self.name}: dropped")

    def connect(self):
        return psycopg.connect(self.url, autocommit=True)

    def query(self, statement, params=None) -> list:
        with self.connect() as conn:
            return conn.execute(statement, params).fetchall()


class Server:
    """gunicorn serving the app against `db_url` with `workers` sync workers."""

    def __init__(self, db_url: str, port: int, workers: int):
        self.db_url, self.port, self.workers = db_url, port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None

    def __enter__(self):
        collect_static(self.db_url)
        cmd = [
            str(Path(PY).with_name("gunicorn")),
            "factcheck.wsgi",
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=app_env(self.db_url), start_new_session=True
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/login/", timeout=2) as answer:
                    if answer.status == 200:
                        log(f"gunicorn: {self.workers} workers on {self.base}")
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 s")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # gunicorn and its own workers only
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        log("gunicorn stopped")


@dataclass
class Stats:
    name: str
    latencies: list  # seconds, successful actions only
    errors: int
    seconds: float
    error_samples: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        if len(self.latencies) < 2:
            return self.median_ms
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[18] * 1000

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.name}: {self.count} ok, {self.errors} errors, median "
            f"{self.median_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, {self.rate:.1f}/s"
        )


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    with psycopg.connect(f"{PG}/postgres") as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "load": os.getloadavg(),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "postgresql": pg,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


@dataclass
class Row:
    figure: str
    value: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    passed: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: ""}[self.passed]


@dataclass
class Table:
    title: str
    key: str  # marker name in docs/benchmarks.md
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def __post_init__(self):
        # Other work on the machine skews every figure; say how busy it was.
        self.notes.append(
            time.strftime("run at %Y-%m-%d %H:%M UTC", time.gmtime())
            + "; load average when it started: "
            + " / ".join(f"{x:.1f}" for x in os.getloadavg())
            + " (1/5/15 min)"
        )

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row

    def cells(self):
        head = ["figure", "value", "reference", "ratio", "target", "pass/fail"]
        body = [[r.figure, r.value, r.reference, r.ratio, r.target, r.verdict] for r in self.rows]
        return head, body

    def text(self) -> str:
        head, body = self.cells()
        widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
        lines = [self.title, "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += [
            "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in body
        ]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def markdown(self) -> str:
        head, body = self.cells()
        out = [f"### {self.title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in body]
        if self.notes:
            out.append("")
            out += [f"- {n}" for n in self.notes]
        return "\n".join(out)


def ms(value: float) -> str:
    return f"{value:.1f} ms"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def write_section(key: str, markdown: str, path: Path = REPORT):
    """Replace (or append) the generated block `key` in docs/benchmarks.md.

    Text outside the generated blocks (the written analysis) is kept as it is.
    """
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
