"""Load-test the coordinator's home page under gunicorn against a bare Flask app (a script).

Creates a fresh PostgreSQL database `koord_bench_<pid>`, migrates it and loads the demo data
(`flask seed-demo`), starts gunicorn with 4 workers, signs in as the demo coordinator and runs
`wrk -t2 -c16 -d15s --latency` with the session cookie against `/hjem`; then serves
`bench/hello.py` with the same gunicorn settings and runs the same wrk against it. Prints
requests/s, p50 and p99 latency for both and the ratio. The database is dropped afterwards.

    python bench/load.py [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                         [--duration 15] [--workers 4]

wrk and the servers share the machine's cores, as they do in the numbers in the README.
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEMO_EMAIL = "koordinator@demo.gentofte.dk"
DEMO_PASSWORD = "demo-2026-kode"  # noqa: S105 - the documented demo password
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def scratch_database(admin_url: str):
    """A new PostgreSQL database for this run, dropped afterwards."""
    name = f"koord_bench_{os.getpid()}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(admin_url).set(database=name).render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask_command(env: dict[str, str], *args: str) -> None:
    """Run `flask --app coordinator <args>` in the bench environment."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "coordinator", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int, threads: int = 1):
    """Serve `app` with gunicorn on a free port; yield the base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "--no-control-socket",
            "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
            "--log-level", "warning", app,
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until gunicorn accepts connections (or fail if it stopped)."""
    port = int(base.rsplit(":", 1)[1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in time")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str) -> str:
    """Sign in through the real login form; return the session cookie ("session=...")."""
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(f"{base}/konto/log-ind") as response:  # noqa: S310 - our own local server
        page = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrf_token": token, "email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - our own local server
        f"{base}/konto/log-ind", data=form, headers={"Cookie": cookie}
    )
    try:
        opener.open(request)
    except urllib.error.HTTPError as answer:  # the 302 to the home page
        if answer.code != 302:
            raise
        return answer.headers["Set-Cookie"].split(";", 1)[0]
    raise RuntimeError("signing in did not redirect: wrong password or CSRF token?")


def check_home(base: str, cookie: str) -> None:
    """The cookie really opens the coordinator's home page (not the login page)."""
    request = urllib.request.Request(f"{base}/hjem", headers={"Cookie": cookie})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request) as response:
        body = response.read().decode()
    if response.status != 200 or "Henvisninger, der venter" not in body:
        raise RuntimeError("the session cookie does not open the coordinator's home page")


def run_wrk(url: str, duration: int, cookie: str | None = None) -> dict[str, float]:
    """Run wrk with its latency distribution; return requests/s, p50 and p99 (ms)."""
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{errors.group(1)} failed responses from {url}:\n{output}")

    def percentile(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percentile("50"),
        "p99": percentile("99"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def warm_up(url: str, cookie: str | None, workers: int) -> None:
    """A few requests per worker, so no first-request cost lands in the measurement."""
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(workers * 5):
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:  # noqa: S310
            response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")

    with scratch_database(args.admin_url) as url:
        env = os.environ | {
            "DATABASE_URL": url,
            "FLASK_SECRET_KEY": secrets.token_hex(32),
            "PYTHONPATH": str(ROOT),
            # A demo server: the demo accounts sign in with a password only (README).
            "FLASK_DEPLOYMENT": "demo",
            "FLASK_STAFF_TWO_FACTOR": "optional",
        }
        flask_command(env, "db", "upgrade")
        flask_command(env, "seed-demo", "--demo")
        with gunicorn("coordinator:create_app()", env, args.workers, args.threads) as base:
            cookie = sign_in(base)
            check_home(base, cookie)
            warm_up(f"{base}/hjem", cookie, args.workers)
            home = run_wrk(f"{base}/hjem", args.duration, cookie)
    hello_env = os.environ | {"PYTHONPATH": str(ROOT / "bench")}
    with gunicorn("hello:app", hello_env, args.workers, args.threads) as base:
        warm_up(f"{base}/", None, args.workers)
        bare = run_wrk(f"{base}/", args.duration)

    print(
        f"gunicorn -w {args.workers} --threads {args.threads}, wrk -t2 -c16 -d{args.duration}s,"
        f" {os.cpu_count()} cores"
    )
    print(f"{'':24}{'requests/s':>12}{'p50 (ms)':>10}{'p99 (ms)':>10}{'requests':>10}")
    for name, result in (("coordinator home /hjem", home), ("bare Flask hello", bare)):
        print(
            f"{name:24}{result['rps']:>12.0f}{result['p50']:>10.1f}{result['p99']:>10.1f}"
            f"{result['requests']:>10}"
        )
    print(f"ratio (bare / home requests/s): {bare['rps'] / home['rps']:.1f}x")


if __name__ == "__main__":
    main()
