"""A small asyncio HTTP load client: logged-in users, bounded requests and time, latencies.

Only ever sends requests to 127.0.0.1 (the benchmark's own gunicorn). Each simulated user
logs in through the real login form (GET for the CSRF token, POST the credentials) and
keeps its own cookies. Cookies are handled here, not by httpx's jar: with DEBUG off the
app marks them Secure, and a jar would refuse to send them over plain http to 127.0.0.1.

    stats = asyncio.run(measure(base, users, lambda s: s.get("/ping/"), concurrency=4,
                                max_requests=2000, max_seconds=10))
"""

import asyncio
import re
import statistics
import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import httpx

ALLOWED_HOSTS = {"127.0.0.1"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoadError(Exception):
    pass


def check_target(base: str) -> str:
    host = urlsplit(base).hostname
    if host not in ALLOWED_HOSTS:
        raise LoadError(f"refusing to send load to {host!r}: only 127.0.0.1 is allowed")
    return base.rstrip("/")


def new_client(base: str, connections: int) -> httpx.AsyncClient:
    # A jar that accepts nothing: Session keeps each user's cookies itself.
    jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(
        base_url=check_target(base),
        cookies=httpx.Cookies(jar),
        follow_redirects=False,
        timeout=httpx.Timeout(60.0),
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
    )


@dataclass
class Session:
    """One logged-in user: their cookies and CSRF token over a shared connection pool."""

    client: httpx.AsyncClient
    username: str
    cookies: dict = field(default_factory=dict)

    def _remember(self, response: httpx.Response):
        for header in response.headers.get_list("set-cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def _headers(self, extra=None) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if extra:
            headers.update(extra)
        return headers

    async def get(self, path: str, headers=None) -> httpx.Response:
        response = await self.client.get(path, headers=self._headers(headers))
        self._remember(response)
        return response

    async def post(self, path: str, data: dict | None = None) -> httpx.Response:
        token = self.cookies.get("csrftoken", "")
        response = await self.client.post(
            path,
            data={**(data or {}), "csrfmiddlewaretoken": token},
            headers=self._headers({"X-CSRFToken": token}),
        )
        self._remember(response)
        return response

    async def login(self, password: str) -> "Session":
        page = await self.get("/login/")
        match = CSRF_INPUT.search(page.text)
        if page.status_code != 200 or not match:
            raise LoadError(f"login page: HTTP {page.status_code}, no CSRF token")
        response = await self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": password,
                "csrfmiddlewaretoken": match.group(1),
            },
            headers=self._headers(),
        )
        self._remember(response)
        if response.status_code != 302 or "sessionid" not in self.cookies:
            raise LoadError(f"login as {self.username} failed: HTTP {response.status_code}")
        return self


async def login_all(client, usernames, password, parallel=4) -> list[Session]:
    """Log every user in (a few at a time: password hashing is deliberately slow)."""
    gate = asyncio.Semaphore(parallel)

    async def one(name):
        async with gate:
            return await Session(client, name).login(password)

    return list(await asyncio.gather(*(one(n) for n in usernames)))


@dataclass
class Stats:
    name: str
    latencies: list  # seconds, successful requests only
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


async def measure(
    name, sessions, action, *, concurrency, max_requests, max_seconds, warmup=0
) -> Stats:
    """Run `action(session)` from `concurrency` workers until either bound is reached.

    `action` returns True (or a response with a 2xx/3xx status) on success. Worker i uses
    sessions[i % len(sessions)]. `warmup` requests per worker run first and are not counted.
    """
    latencies, errors, samples = [], 0, []
    budget = max_requests

    def ok(result) -> bool:
        if isinstance(result, httpx.Response):
            return result.status_code < 400
        return bool(result)

    async def worker(i):
        nonlocal budget, errors, ready
        session = sessions[i % len(sessions)]
        for _ in range(warmup):
            await action(session)
        ready += 1
        if ready == concurrency:
            all_ready.set()
        await start.wait()
        while budget > 0 and time.perf_counter() < deadline:
            budget -= 1
            t0 = time.perf_counter()
            try:
                result = await action(session)
            except httpx.HTTPError as exc:
                result = exc
            elapsed = time.perf_counter() - t0
            if not isinstance(result, Exception) and ok(result):
                latencies.append(elapsed)
            else:
                errors += 1
                if len(samples) < 5:
                    samples.append(_describe(result))

    # Warm-up requests run first; then every worker starts together with the clock.
    start, all_ready, ready = asyncio.Event(), asyncio.Event(), 0
    deadline = float("inf")
    tasks = [asyncio.create_task(worker(i)) for i in range(concurrency)]
    await all_ready.wait()
    began = time.perf_counter()
    deadline = began + max_seconds
    start.set()
    await asyncio.gather(*tasks)
    return Stats(name, latencies, errors, time.perf_counter() - began, samples)


def _describe(result) -> str:
    if isinstance(result, httpx.Response):
        return f"HTTP {result.status_code} {result.request.method} {result.request.url.path}"
    return f"{type(result).__name__}: {result}"
