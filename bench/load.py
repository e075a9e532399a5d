"""The load client of the HTTP benchmarks, on Locust (FastHttpUser: gevent, geventhttpclient).

Only ever sends requests to 127.0.0.1 (the benchmark's own gunicorn). Each bench user logs
in once through the real login form (GET for the CSRF token, POST the credentials); the
Locust users of every run then reuse that user's cookies, so a run measures pages, not
password hashing.

    sessions = login_all(base, ["bench_rev01", ...], password)
    stats = measure("ping", sessions, lambda s: s.get("/ping/"), concurrency=4,
                    max_requests=2000, max_seconds=10)

Locust does the concurrency (one greenlet per user) and the HTTP; this module bounds a run
by requests and time, runs a warm-up first, and keeps each action's exact latency (Locust's
own statistics round to whole milliseconds, too coarse for a 3 ms reference page).
Importing it monkey-patches the process for gevent, as Locust does: import it only in
the benchmark's own processes, never in the app or in the tests.
"""

import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar

import gevent.pool
from gevent.event import Event
from harness import LoadError, Stats, check_target
from locust import FastHttpUser, constant, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment
from locust.exception import StopUser

CSRF_MARK = 'name="csrfmiddlewaretoken" value="'


@dataclass
class Session:
    """One logged-in bench user: their cookies, used by whichever Locust user acts as them."""

    base: str
    username: str
    jar: CookieJar = field(default_factory=CookieJar)
    client: FastHttpSession | None = None

    def bind(self, client: FastHttpSession) -> "Session":
        """This user's cookies on `client` (a Locust user's own connection)."""
        client.cookiejar = self.jar
        client.client.cookiejar = self.jar
        return Session(self.base, self.username, self.jar, client)

    def _client(self) -> FastHttpSession:
        if self.client is None:
            self.client = FastHttpSession(
                self.base,
                _events().request,
                user=None,
                connection_timeout=60.0,
                network_timeout=60.0,
                max_retries=0,
            )
            self.client.cookiejar = self.client.client.cookiejar = self.jar
        return self.client

    def drop_cookie(self, name: str) -> None:
        for cookie in [c for c in self.jar if c.name == name]:
            self.jar.clear(cookie.domain, cookie.path, cookie.name)

    @property
    def csrf_token(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str, **kwargs):
        return self._client().get(path, allow_redirects=False, **kwargs)

    def post(self, path: str, data: dict | None = None):
        token = self.csrf_token
        return self._client().post(
            path,
            data={**(data or {}), "csrfmiddlewaretoken": token},
            headers={"X-CSRFToken": token},
            allow_redirects=False,
        )

    def login(self, password: str) -> "Session":
        page = self.get("/login/")
        text = page.text or ""
        if page.status_code != 200 or CSRF_MARK not in text:
            raise LoadError(f"login page: HTTP {page.status_code}, no CSRF token")
        token = text.split(CSRF_MARK, 1)[1].split('"', 1)[0]
        response = self._client().post(
            "/login/",
            data={"username": self.username, "password": password, "csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        if response.status_code != 302 or not any(c.name == "sessionid" for c in self.jar):
            raise LoadError(f"login as {self.username} failed: {describe(response)}")
        return self


def login_all(base: str, usernames, password, parallel=4) -> list[Session]:
    """Log every user in (a few at a time: password hashing is deliberately slow)."""
    base = check_target(base)
    sessions = [Session(base, name) for name in usernames]
    pool = gevent.pool.Pool(parallel)
    for greenlet in [pool.spawn(s.login, password) for s in sessions]:
        greenlet.get()
    return sessions


_ENV = []


def _events():
    if not _ENV:
        _ENV.append(Environment())
    return _ENV[0].events


def ok(result) -> bool:
    """An action succeeds when it returns True or a response with a 2xx/3xx status."""
    if isinstance(result, bool):
        return result
    status = getattr(result, "status_code", None)
    return status is not None and 0 < status < 400


def describe(result) -> str:
    status = getattr(result, "status_code", None)
    if status is not None:
        error = getattr(result, "error", None)
        return f"HTTP {status} {result.url}" + (f" ({error})" if error else "")
    return repr(result)


def measure(name, sessions, action, *, concurrency, max_requests, max_seconds, warmup=0) -> Stats:
    """Run `action(session)` from `concurrency` Locust users until either bound is reached.

    User i acts as sessions[i % len(sessions)] over its own connection. `warmup` actions per
    user run first and are not counted; then every user starts together with the clock.
    """
    base = sessions[0].base
    latencies, samples = [], []
    state = {"budget": max_requests, "errors": 0, "ready": 0, "done": 0, "deadline": 0.0}
    all_ready, start, finished = Event(), Event(), Event()
    counter = iter(range(10**9))

    class Worker(FastHttpUser):
        host = base
        wait_time = constant(0)
        # One connection per user, as a browser tab would keep.
        concurrency = 1

        def on_start(self):
            self.me = sessions[next(counter) % len(sessions)].bind(self.client)
            for _ in range(warmup):
                action(self.me)
            state["ready"] += 1
            if state["ready"] == concurrency:
                all_ready.set()
            start.wait()

        @task
        def act(self):
            if state["budget"] <= 0 or time.perf_counter() >= state["deadline"]:
                state["done"] += 1
                if state["done"] == concurrency:
                    finished.set()
                raise StopUser()
            state["budget"] -= 1
            t0 = time.perf_counter()
            try:
                result = action(self.me)
            except Exception as exc:  # a failed action is counted, not fatal
                result = exc
            elapsed = time.perf_counter() - t0
            if ok(result):
                latencies.append(elapsed)
            else:
                state["errors"] += 1
                if len(samples) < 5:
                    samples.append(describe(result))

    env = Environment(user_classes=[Worker])
    runner = env.create_local_runner()
    runner.start(concurrency, spawn_rate=concurrency, wait=False)
    if not all_ready.wait(timeout=300):
        runner.quit()
        raise LoadError(f"{name}: the users did not finish their warm-up in 300 s")
    began = time.perf_counter()
    state["deadline"] = began + max_seconds
    start.set()
    finished.wait(timeout=max_seconds + 120)
    seconds = time.perf_counter() - began
    runner.quit()
    return Stats(name, latencies, state["errors"], seconds, samples)
