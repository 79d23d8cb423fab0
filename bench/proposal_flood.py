"""A flood of submissions on the public form (/proposals/new/), against a real server on loopback.

    .venv/bin/python bench/proposal_flood.py [--posts 10000] [--addresses 200] [--clients 4] [--workers 2]
                                             [--pow-max 5000] [--sqlite]

Loads the demo county (its orgs and its year of items) into a throwaway PostgreSQL cluster (or a SQLite file with
--sqlite), starts gunicorn as `make run` does (gunicorn.conf.py: QF_DEBUG=0, whitenoise, no trusted proxy) on a free
port, and from --clients threads fires, one scenario after another:

  one address    --posts POSTs from 127.0.0.1;
  many addresses --posts POSTs spread over --addresses source addresses 127.0.1.x (127.0.0.0/8 all routes on
                 loopback, so each connection is bound to its own: a different client to the server);
  forged header  --posts / 5 POSTs from 127.0.0.2, each with a made-up X-Forwarded-For, which a server that trusts
                 no proxy (QF_TRUSTED_PROXIES=0, the default) ignores.

Every client does what a bot with a browser's manners would: reads the form once for its CSRF cookie, then posts.
Half of the addresses solve the proof of work on their first PROPOSAL_SUBMIT_PER_HOUR + 3 posts (each a fresh
challenge from /proposals/challenge/); the rest of their posts, and every post of the other half, carry no solution,
a wrong one, or one already spent. The server's QF_PROPOSAL_POW_MAX_NUMBER is lowered to --pow-max so the bench does
not spend its time hashing (the cost of one solution at the default is measured and printed apart).

Checked: the items created (counted in the database) are at most the limit × the addresses with a valid proof of
work × the hour windows the scenario touched, and every refused post was refused (429 past the limit, the form
again without a valid solution); no response is a server error. Measured: the office's list page (/proposals/,
logged in as the demo's office user zuzhibu) before, during (one request every 0.25 s) and after the flood:
p50 / p95 / max; target p95 < 1 s during the flood.
"""

import argparse
import base64
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from common import ROOT, machine, median, ms, on_database, percentile, setup_django

TARGET_P95 = 1.0  # seconds: the office's list stays usable during a flood
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--addresses", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4, help="threads posting at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (4 threads each)")
    parser.add_argument("--pow-max", type=int, default=5000, help="the server's QF_PROPOSAL_POW_MAX_NUMBER")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    # the bench process reads the database as the server does: no DEBUG (no query log), the demo allowed
    os.environ.update({"QF_DEBUG": "0", "QF_DEMO": "1", "QF_PROPOSAL_POW_MAX_NUMBER": str(args.pow_max)})
    on_database(args.sqlite, run, args)


def run(url, args):
    with tempfile.TemporaryDirectory(prefix="qingfeng-bench-") as data_dir:
        setup_django(url, data_dir)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client

        from qingfeng.demo.orgs import load_demo
        from qingfeng.demo.proposals import load_proposals_demo
        from qingfeng.proposals.models import Category, Proposal

        print("\n".join(machine()))
        call_command("collectstatic", "--noinput", verbosity=0)
        load_demo()
        load_proposals_demo()
        office = Client()
        office.force_login(get_user_model().objects.get(username="zuzhibu"))
        session = office.cookies[settings.SESSION_COOKIE_NAME].value
        category = Category.objects.filter(active=True).first().pk
        limit = settings.PROPOSAL_SUBMIT_PER_HOUR
        print(f"limit: {limit} submissions per address and hour; proof of work up to {args.pow_max:,} "
              f"(one solution at the default {100_000:,}: {solve_time(100_000):.2f} s in Python)")
        with server(url, data_dir, args) as port:
            monitor = Monitor(port, session)
            monitor.burst(3 * args.workers)  # each worker's first request compiles the templates
            quiet = monitor.burst(20)
            print(f"office list before the flood: {monitor.summary(quiet)}")
            flood = Flood(port, category, limit, args)
            scenarios = [
                ("one address", flood.plan(["127.0.0.1"], args.posts)),
                ("many addresses", flood.plan([f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(args.addresses)],
                                              args.posts)),
                ("forged header", flood.plan(["127.0.0.2"], args.posts // 5, forge=True)),
            ]
            failed = False
            for name, jobs in scenarios:
                before = Proposal.objects.count()
                windows_before = int(time.time()) // 3600
                monitor.start()
                started = time.perf_counter()
                outcomes = flood.fire(jobs)
                elapsed = time.perf_counter() - started
                during = monitor.stop()
                windows = int(time.time()) // 3600 - windows_before + 1
                created = Proposal.objects.count() - before
                solving = {job.address for job in jobs if job.solved}
                bound = limit * len(solving) * windows
                posts = sum(outcomes.values())
                ok = created <= bound and created == outcomes.get("created", 0) and not outcomes.get("error")
                ok = ok and during and percentile(during, 95) < TARGET_P95
                failed |= not ok
                print(f"\n{name}: {posts:,} posts from {len({j.address for j in jobs})} address(es) in {elapsed:.1f} s "
                      f"({posts / elapsed:,.0f}/s); outcomes {dict(sorted(outcomes.items()))}")
                verdict = "OK" if created <= bound else "OVER THE LIMIT"
                print(f"  items created: {created} (bound: {limit} × {len(solving)} address(es) with a valid proof "
                      f"of work × {windows} hour window(s) = {bound})  {verdict}")
                print(f"  office list during the flood: {monitor.summary(during)}; p50 "
                      f"{median(during) / median(quiet):.1f}× the quiet server's  {'OK' if ok else 'FAILED'}")
            print(f"\noffice list after the flood: {monitor.summary(monitor.burst(20))}")
        sys.exit(1 if failed else 0)


def solve_time(max_number: int) -> float:
    """Seconds for one worst-case solution (every number tried), as qingfeng.js would take in Python's speed."""
    import hashlib

    started = time.perf_counter()
    for number in range(max_number + 1):
        hashlib.sha256(f"salt{number}".encode()).hexdigest()
    return time.perf_counter() - started


class server:
    """gunicorn on a free loopback port, as `make run` starts it; its errors in DATA_DIR/gunicorn.log."""

    def __init__(self, url, data_dir, args):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.env = {**os.environ, "QF_DATA_DIR": data_dir, "HOST": "127.0.0.1", "PORT": str(self.port),
                    "WEB_CONCURRENCY": str(args.workers), "QF_TRUSTED_PROXIES": "0",
                    "GUNICORN_CMD_ARGS": "--access-logfile /dev/null"}
        if url:
            self.env["QF_DATABASE_URL"] = url
        self.log = open(os.path.join(data_dir, "gunicorn.log"), "w")  # noqa: SIM115 (closed on exit)

    def __enter__(self):
        self.process = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-c",
                                         "gunicorn.conf.py", "qingfeng.wsgi"], cwd=ROOT, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self.port
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start: see gunicorn.log")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class Monitor:
    """The office's list page, timed: in bursts, or every 0.25 s in a thread while a flood runs."""

    def __init__(self, port, session):
        self.port, self.session = port, session

    def get(self) -> float:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        connection.request("GET", "/proposals/", headers={"Cookie": f"sessionid={self.session}"})
        response = connection.getresponse()
        body = response.read()
        took = time.perf_counter() - started
        connection.close()
        if response.status != 200 or b"proposal" not in body:
            raise RuntimeError(f"the office list answered {response.status}")
        return took

    def burst(self, n: int) -> list[float]:
        return [self.get() for _ in range(n)]

    def start(self):
        self.times, self.running = [], True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while self.running:
            self.times.append(self.get())
            time.sleep(0.25)

    def stop(self) -> list[float]:
        self.running = False
        self.thread.join()
        return self.times

    @staticmethod
    def summary(times) -> str:
        return (f"{len(times)} requests, p50 {ms(median(times))}, p95 {ms(percentile(times, 95))}, "
                f"max {ms(max(times))}")


class Job:
    """One client: an address and how many posts with a fresh solution, then without one. `first`: posts before
    the other clients of its address start (else their junk would use up the address's limit first)."""

    def __init__(self, address, solved, unsolved, forge=False, first=False):
        self.address, self.solved, self.unsolved, self.forge, self.first = address, solved, unsolved, forge, first


class Flood:
    def __init__(self, port, category, limit, args):
        self.port, self.category, self.limit, self.args = port, category, limit, args
        self.rng = random.Random(13)

    def plan(self, addresses, posts, forge=False) -> list[Job]:
        """`posts` spread over `addresses` and over the client threads; half the addresses (the first, if one)
        solve the proof of work on their first limit + 3 posts."""
        share, jobs = posts // len(addresses), []
        for index, address in enumerate(addresses):
            solved = min(self.limit + 3, share) if index % 2 == 0 else 0
            # one address: its posts split over the clients (each its own connection), the solutions on the first
            parts = self.args.clients if len(addresses) == 1 else 1
            for part in range(parts):
                count = share // parts + (1 if part < share % parts else 0)
                mine = solved if part == 0 else 0
                jobs.append(Job(address, mine, count - mine, forge, first=parts > 1 and part == 0))
        return jobs

    def fire(self, jobs) -> dict[str, int]:
        outcomes: dict[str, int] = {}
        lock = threading.Lock()

        def client(job):
            seen = self._client(job)
            with lock:
                for key, value in seen.items():
                    outcomes[key] = outcomes.get(key, 0) + value

        for job in jobs:
            if job.first:
                client(job)
        with ThreadPoolExecutor(self.args.clients) as pool:
            list(pool.map(client, [job for job in jobs if not job.first]))
        return outcomes

    def _client(self, job) -> dict[str, int]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120, source_address=(job.address, 0))
        connection.request("GET", "/proposals/new/")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = TOKEN.search(page).group(1)
        seen: dict[str, int] = {}
        spent = ""
        for index in range(job.solved + job.unsolved):
            if index < job.solved:
                payload = spent = self._solution(connection, cookie)
            else:  # no solution, a made-up one, or one already used
                payload = ["", _bogus(), spent][index % 3]
            headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            if job.forge:
                headers["X-Forwarded-For"] = f"10.{self.rng.randrange(256)}.{self.rng.randrange(256)}.7"
            body = urllib.parse.urlencode({
                "csrfmiddlewaretoken": token, "kind": "opinion", "title": f"压力测试 {job.address} {index}",
                "content": "批量提交，检验限流", "category": self.category, "altcha": payload})
            connection.request("POST", "/proposals/new/", body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            outcome = ("throttled" if response.status == 429 else "error" if response.status >= 500 else
                       "created" if response.status == 200 and 'id="tracking-code"' in text else
                       "refused" if response.status == 200 else f"http {response.status}")
            seen[outcome] = seen.get(outcome, 0) + 1
        connection.close()
        return seen

    def _solution(self, connection, cookie) -> str:
        from qingfeng.proposals.challenge import solve

        connection.request("GET", "/proposals/challenge/", headers={"Cookie": cookie})
        return solve(json.loads(connection.getresponse().read()))


def _bogus() -> str:
    return base64.b64encode(json.dumps({"algorithm": "SHA-256", "challenge": "0" * 64, "salt": "x", "number": 1,
                                        "signature": "0" * 64}).encode()).decode()


if __name__ == "__main__":
    main()
