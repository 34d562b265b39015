"""Signing under load: the petition service on SQLite and PostgreSQL, driven by wrk on this machine.

`make bench-petitie` (about 15 minutes: most of it waiting for the outbox to drain). For each
database: sustained signing (unique addresses, every answer's request id kept by the load
generator), count reads, then a reconciliation of the database against every 2xx and of the mail
server against the database; then a kill -9 of the service under load, and (PostgreSQL) of the
database server, each followed by the same reconciliation after restart. The baseline is the UK
Parliament petitions site's failure point in March 2019: about 25 signatures per second. Writes
bench/PETITION.md and bench/PETITION.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from petition.crypto import Keys  # noqa: E402
from petition.fields import dedup_key  # noqa: E402
from petition.store import Database  # noqa: E402
from tests.petition_harness import Postgres, Service, free_port, wait_for_port  # noqa: E402

UK_FAILURE_PER_SECOND = 1500 / 60

SIGN_LUA = r"""
local counter = 0
local thread_id = 0
local out = nil
local seen = 0
function setup(thread)
  thread:set("id", tostring(math.random(100000, 999999)) .. tostring(os.time()))
end
function init(args)
  thread_id = id
  out = io.open(args[1] .. "/ack-" .. thread_id .. ".txt", "w")
end
function request()
  counter = counter + 1
  local rid = "t" .. thread_id .. "n" .. counter
  local body = "naam=Belasting+Test&email=" .. rid .. "%40d" .. (counter % 97) .. ".example&toestemming=ja&website="
  return wrk.format("POST", "/teken", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["X-Request-Id"] = rid }, body)
end
function response(status, headers, body)
  if status == 202 then
    out:write(headers["x-request-id"] .. "\n")
    seen = seen + 1
    if seen % 200 == 0 then out:flush() end
  else
    out:write("status " .. status .. "\n")
  end
end
"""

# The mail server of the benchmark: a real SMTP server (aiosmtpd) that appends each recipient to a file
# and keeps nothing else. The tests' Mailbox parses and keeps every message and was written out whole
# five times a second: with 27,000 mails that was quadratic, the outbox could not drain within five
# minutes ("it hung"), and it took CPU from the service being measured.
MAILBOX = r"""
import signal, sys, threading
from aiosmtpd.controller import Controller
out = open(sys.argv[2], "a", buffering=1)
class Sink:
    async def handle_DATA(self, server, session, envelope):
        out.write("".join(r + "\n" for r in envelope.rcpt_tos))
        return "250 OK"
controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
while not stop.wait(0.5):
    pass
controller.stop()
out.close()
"""


# One load generator on one address: every limit counted in the database, as in production, but so
# high that none refuses (`--zonder-grenzen` switches them off, to measure what counting costs);
# no fill time.
LIMITS_COUNTED = {
    "PETITION_LIMIT_PER_IP": "999999999",
    "PETITION_LIMIT_PER_NETWORK": "999999999",
    "PETITION_LIMIT_PER_DOMAIN": "999999999",
    "PETITION_LIMIT_PER_EMAIL": "999999999",
}
LOAD_ENV = {
    **LIMITS_COUNTED,
    "PETITION_MIN_FILL_SECONDS": "0",
    "PETITION_OPERATOR_TOKEN": "bank-van-de-meting-" + "0" * 24,  # /gezond's mail backlog
}


def keys_of(run: Service) -> Keys:
    """The service's own keys, so the reconciliation can hash the addresses it was sent."""
    return Keys(run.secret, run.public_key)


def signing_in_background(run: Service, script: Path, folder: Path, seconds: int = 8) -> subprocess.Popen:
    """wrk signing for `seconds` while something is crashed under it; its 2xx go to `folder`."""
    folder.mkdir()
    command = [
        "wrk",
        "-t1",
        "-c50",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        run.base,
        "--",
        str(folder),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL)


def wrk(url: str, seconds: int, connections: int, script: Path | None, out: Path | None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if out:
        command += ["--", str(out)]
    text = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", text)
    rate = float(found.group(1)) if found else 0.0
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else None
    return {"per_second": rate, "p99_ms": p99_ms, "raw": text}


def acknowledged(folder: Path) -> tuple[list[str], dict[str, int]]:
    ids: list[str] = []
    other: dict[str, int] = {}
    for path in folder.glob("ack-*.txt"):
        for line in path.read_text().splitlines():
            if line.startswith("status "):
                other[line] = other.get(line, 0) + 1
            elif line:
                ids.append(line)
    return ids, other


DRAIN_SECONDS = 600  # 30 s of signing at 2,500/s is 75,000 mails; the sender sends about 200-300 a second


def drain(run: Service, timeout: float = DRAIN_SECONDS) -> bool:
    """Waits until the outbox is empty; False (said in the report) if it was not within `timeout`."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            asked = urllib.request.Request(
                run.base + "/gezond", headers={"Authorization": f"Bearer {LOAD_ENV['PETITION_OPERATOR_TOKEN']}"}
            )
            with urllib.request.urlopen(asked, timeout=5) as answer:
                if json.loads(answer.read())["postvak"] == 0:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    print(f"Let op: het postvak was na {timeout:.0f} s nog niet leeg.", file=sys.stderr, flush=True)
    return False


def reconcile(run: Service, acks: list[str], mails: Path) -> dict:
    """Every 2xx in the database exactly once; every database row's mail at the mail server."""
    keys = keys_of(run)
    expected = {keys.address_hash(dedup_key(rid, f"d{int(rid.split('n')[-1]) % 97}.example")) for rid in acks}
    with Database(run.database_url).connect() as db:
        stored = {row[0] for row in db.query("SELECT address_hash FROM signatures")}
        rows = len(db.query("SELECT id FROM signatures"))
    received = [line for line in mails.read_text().splitlines() if line] if mails.exists() else []
    local_parts = [r.split("@")[0] for r in received]
    stored_ids = len(stored)
    return {
        "acknowledged": len(acks),
        "acknowledged_missing_in_database": len(expected - stored),
        "rows": rows,
        "rows_without_acknowledgement": stored_ids - len(expected & stored),
        "mails": len(received),
        "mails_twice": len(local_parts) - len(set(local_parts)),
        "acknowledged_without_mail": len({a for a in acks} - set(local_parts)),
    }


def scenario(name: str, database_url: str, work: Path, seconds: int, postgres: Postgres | None) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    smtp_port = free_port()
    mails = work / "mails.txt"
    box = subprocess.Popen(
        [sys.executable, "-c", MAILBOX, str(smtp_port), str(mails)], env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    wait_for_port(smtp_port)
    script = work / "sign.lua"
    script.write_text(SIGN_LUA)
    result: dict = {"database": name}
    run = Service(database_url, smtp_port, work, extra_env=LOAD_ENV)
    run.start()
    try:
        acks_dir = work / "load"
        acks_dir.mkdir()
        load = wrk(run.base, seconds, 50, script, acks_dir)
        started = time.monotonic()
        result["outbox_drained_s"] = round(time.monotonic() - started, 1) if drain(run) else None
        reads = wrk(run.base + "/telling.json", 10, 50, None, None)
        time.sleep(1)
        acks, other = acknowledged(acks_dir)
        result["signing"] = {k: v for k, v in load.items() if k != "raw"} | {
            "other_statuses": other,
            "load_average_1min": os.getloadavg()[0],
            "limits_counted": LOAD_ENV["PETITION_LIMIT_PER_IP"] != "0",
        }
        result["reads"] = {k: v for k, v in reads.items() if k != "raw"}
        result["reconciled"] = reconcile(run, acks, mails)
        # kill -9 of the service in the middle of signing
        crash_dir = work / "crash"
        generator = signing_in_background(run, script, crash_dir)
        time.sleep(4)
        run.kill()
        generator.wait()
        run.start()
        drain(run)
        time.sleep(1)
        acks2, _ = acknowledged(crash_dir)
        result["service_killed"] = reconcile(run, acks + acks2, mails)
        if postgres is not None:
            pg_dir = work / "pgcrash"
            generator = signing_in_background(run, script, pg_dir)
            time.sleep(3)
            postgres.kill()
            time.sleep(1)
            postgres.start()
            generator.wait()
            drain(run)
            time.sleep(1)
            acks3, other3 = acknowledged(pg_dir)
            result["postgres_killed"] = reconcile(run, acks + acks2 + acks3, mails) | {"other_statuses": other3}
    finally:
        run.stop()
        box.send_signal(signal.SIGTERM)
        box.wait(timeout=10)
    return result


def report(results: list[dict]) -> str:
    lines = [
        "# Petition under load",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on this machine ({os.cpu_count()} cores), wrk with 50",
        "connections on the same cores as the service, its database and the mail server. Baseline: the UK",
        f"Parliament petitions site went down at about {UK_FAILURE_PER_SECOND:.0f} signatures per second (March 2019).",
        "",
        "| database | limits | signatures/s | × UK failure point | p99 | load avg | count reads/s | 2xx lost | rows without 2xx | mails missing | mails twice |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s, rec = r["signing"], r["reconciled"]
        lines.append(
            f"| {r['database']} | {'counted' if s.get('limits_counted') else 'off'} | {s['per_second']:,.0f} | "
            f"{s['per_second'] / UK_FAILURE_PER_SECOND:,.0f}× | {s['p99_ms']:.1f} ms | {s.get('load_average_1min', 0):.2f} | "
            f"{r['reads']['per_second']:,.0f} | {rec['acknowledged_missing_in_database']} | "
            f"{rec['rows_without_acknowledgement']} | {rec['acknowledged_without_mail']} | {rec['mails_twice']} |"
        )
    for r in results:
        drained = r.get("outbox_drained_s")
        lines.append(
            f"\n{r['database']}: every mail of the run sent {drained} s after signing stopped."
            if drained is not None
            else f"\n{r['database']}: the outbox was NOT empty {DRAIN_SECONDS} s after signing stopped."
        )
    lines += [
        "",
        '"2xx lost": acknowledged signatures not in the database. "Rows without 2xx": signatures stored',
        "whose answer the generator never read: the 50 requests in flight on its 50 connections when it",
        "stops (or is cut off by a crash). Stored and mailed, never counted twice (the address hash is unique).",
        '"Limits counted": every limit counted in the database as in production (set too high to refuse one',
        'generator on one address); "off": switched off (`--zonder-grenzen`). The count is served from',
        "memory, refreshed from the database at most every 2 s. Mails go out slowly while signing is busy",
        "and catch up after; the reconciliation waits for the outbox to be empty.",
    ]
    lines += ["", "After crashes (every acknowledged signature still there, every mail sent after restart):", ""]
    for r in results:
        for key in ("service_killed", "postgres_killed"):
            if key in r:
                c = r[key]
                lines.append(
                    f"- {r['database']}, {key.replace('_', ' ')}: {c['acknowledged']} acknowledged in all, "
                    f"{c['acknowledged_missing_in_database']} missing in the database, "
                    f"{c['acknowledged_without_mail']} without mail, {c['mails_twice']} mails sent twice, "
                    f"{c['rows_without_acknowledgement']} rows the generator never heard back about."
                )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--zonder-grenzen", action="store_true", help="limits off: what counting them costs")
    args = parser.parse_args()
    if args.zonder_grenzen:
        LOAD_ENV.update(dict.fromkeys(LIMITS_COUNTED, "0"))
    if not shutil.which("wrk"):
        print("wrk ontbreekt: `make bench-petitie` installeert Debian's pakket wrk.", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="petitie-bench-"))
    results = []
    for name in args.databases.split(","):
        if name == "sqlite":
            results.append(
                scenario("SQLite", f"sqlite:///{work / 'sqlite' / 'p.db'}", work / "sqlite", args.seconds, None)
            )
        else:
            postgres = Postgres()
            postgres.start()
            try:
                results.append(scenario("PostgreSQL", postgres.new_database(), work / "pg", args.seconds, postgres))
            finally:
                postgres.stop()
        print(json.dumps(results[-1], indent=1))
    (REPO / "bench" / "PETITION.json").write_text(json.dumps(results, indent=1) + "\n")
    (REPO / "bench" / "PETITION.md").write_text(report(results))
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
