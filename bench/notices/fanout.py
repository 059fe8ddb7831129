"""Issue 14's fan-out benchmark: one alert to N subscribers, queued and delivered to aiosmtpd,
against the raw rate at which the same aiosmtpd accepts messages from Python's smtplib reusing
one connection, in the same run.

    swift build -c release --product notices-fanout-bench --scratch-path .build-release
    python3 bench/notices/fanout.py .build-release/release/notices-fanout-bench [SUBSCRIBERS] [RAW_MESSAGES]
    # PostgreSQL: BENCH_DATABASE_URL=postgres://user@host:port/db (its public schema is emptied)

Order: the peer (smtplib, RAW_MESSAGES over one connection), then Madoguchi (the bench binary seeds
SUBSCRIBERS confirmed subscriptions, issues 警戒レベル4 through AlertCommands, times the fan-out's
queueing, then delivers the outbox through the server's SMTP transport), then the peer again; the
peer's figure is the mean of both. The SMTP server counts what it accepts: every subscriber must
have the alert exactly once. Goals: queued in < 5 s, delivered at >= 1,000 messages/s.
"""
import json, os, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1]
subscribers = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
raw_messages = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000

sink = subprocess.Popen([sys.executable, os.path.join(here, "smtp_counter.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
ready = sink.stdout.readline().split()
assert ready and ready[0] == "ready", ready
port = int(ready[1])


def counts(reset=False):
    sink.stdin.write("reset\n" if reset else "count\n")
    sink.stdin.flush()
    return json.loads(sink.stdout.readline())


def peer():
    counts(reset=True)
    out = subprocess.run([sys.executable, os.path.join(here, "raw_client.py"), str(port), str(raw_messages)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    seen = counts()
    assert seen["accepted"] == raw_messages, seen
    return raw_messages / result["seconds"]


try:
    peer_before = peer()
    counts(reset=True)
    environment = dict(os.environ)
    environment.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        environment["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    started = time.time()
    out = subprocess.run([binary, str(port), str(subscribers)], capture_output=True, text=True, env=environment)
    if out.returncode != 0:
        sys.exit(f"the bench failed ({out.returncode}):\n{out.stderr[-4000:]}")
    madoguchi = json.loads(out.stdout.strip().splitlines()[-1])
    seen = counts()
    peer_after = peer()
finally:
    sink.stdin.close()
    sink.wait()

peer_rate = (peer_before + peer_after) / 2
rate = madoguchi["messages_per_second"]
print(f"command: python3 bench/notices/fanout.py {binary} {subscribers} {raw_messages}"
      + (" (PostgreSQL)" if os.environ.get("BENCH_DATABASE_URL") else " (SQLite)"))
print(f"engine: {madoguchi['engine']}, subscribers: {subscribers:,}")
print(f"queued: {madoguchi['queued']:,} messages in {madoguchi['queue_seconds']:.2f} s (goal < 5 s)")
print(f"Madoguchi delivered: {madoguchi['delivered']:,} in {madoguchi['deliver_seconds']:.2f} s = {rate:,.0f} messages/s (goal >= 1,000)")
print(f"peer (smtplib, one connection): {peer_before:,.0f} before, {peer_after:,.0f} after, mean {peer_rate:,.0f} messages/s")
print(f"ratio Madoguchi / peer: {rate / peer_rate:.2f}x")
print(f"SMTP server: accepted {seen['accepted']:,}, distinct recipients {seen['recipients']:,}, duplicates {seen['duplicates']}")
print(f"issue to first batch delivered: {madoguchi['issue_to_first_batch_seconds']:.2f} s")
ok = seen["recipients"] == subscribers and seen["duplicates"] == 0 and madoguchi["failed"] == 0
print("exactly once:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
