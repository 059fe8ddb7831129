"""Issue 14's fan-out benchmark: one alert to N subscribers, queued and delivered to aiosmtpd,
against the raw rate at which the same aiosmtpd accepts messages from Python's smtplib, in the
same run: over one connection, and over CONNECTIONS connections at once (one smtplib process
each, as many as Madoguchi uses) — the second is what the server itself can take.

    swift build -c release --product notices-fanout-bench --scratch-path .build-release
    python3 bench/notices/fanout.py .build-release/release/notices-fanout-bench [SUBSCRIBERS] [RAW_MESSAGES] [CONNECTIONS]
    # PostgreSQL: BENCH_DATABASE_URL=postgres://user@host:port/db (its public schema is emptied)

Order: the peers (smtplib, RAW_MESSAGES over one connection, then over CONNECTIONS), then Madoguchi
(the bench binary seeds SUBSCRIBERS confirmed subscriptions, issues 警戒レベル4 through AlertCommands,
times the fan-out's queueing, then delivers the outbox through the server's SMTP transport over
CONNECTIONS connections), then the peers again; each peer's figure is the mean of both passes.
The SMTP server counts what it accepts: every subscriber must have the alert exactly once. Goals:
queued in < 5 s, delivered at >= 1,000 messages/s.
"""
import json, os, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1]
subscribers = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
raw_messages = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 4

sink = subprocess.Popen([sys.executable, os.path.join(here, "smtp_counter.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
ready = sink.stdout.readline().split()
assert ready and ready[0] == "ready", ready
port = int(ready[1])


def counts(reset=False):
    sink.stdin.write("reset\n" if reset else "count\n")
    sink.stdin.flush()
    return json.loads(sink.stdout.readline())


def peer(clients=1):
    """smtplib over `clients` connections at once (one process each); messages per second accepted."""
    counts(reset=True)
    each = raw_messages // clients
    started = time.time()
    procs = [subprocess.Popen([sys.executable, os.path.join(here, "raw_client.py"), str(port), str(each), f"c{n}-"],
                              stdout=subprocess.PIPE, text=True) for n in range(clients)]
    for proc in procs:
        proc.communicate()
        assert proc.returncode == 0
    seen = counts()
    assert seen["accepted"] == each * clients, seen
    # From the server's first to its last acceptance: the clients' start-up is not counted.
    return (each * clients - 1) / (seen["last"] - seen["first"]) if clients > 1 else each / (time.time() - started)


try:
    peer_before = peer()
    parallel_before = peer(connections)
    counts(reset=True)
    environment = dict(os.environ)
    environment.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        environment["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    started = time.time()
    out = subprocess.run([binary, str(port), str(subscribers), str(connections)], capture_output=True, text=True, env=environment)
    if out.returncode != 0:
        sys.exit(f"the bench failed ({out.returncode}):\n{out.stderr[-4000:]}")
    madoguchi = json.loads(out.stdout.strip().splitlines()[-1])
    seen = counts()
    peer_after = peer()
    parallel_after = peer(connections)
finally:
    sink.stdin.close()
    sink.wait()

peer_rate = (peer_before + peer_after) / 2
parallel_rate = (parallel_before + parallel_after) / 2
rate = madoguchi["messages_per_second"]
print(f"command: python3 bench/notices/fanout.py {binary} {subscribers} {raw_messages} {connections}"
      + (" (PostgreSQL)" if os.environ.get("BENCH_DATABASE_URL") else " (SQLite)"))
print(f"engine: {madoguchi['engine']}, subscribers: {subscribers:,}")
print(f"queued: {madoguchi['queued']:,} messages in {madoguchi['queue_seconds']:.2f} s (goal < 5 s)")
print(f"Madoguchi delivered: {madoguchi['delivered']:,} in {madoguchi['deliver_seconds']:.2f} s = {rate:,.0f} messages/s "
      f"over {connections} connections (goal >= 1,000)")
print(f"peer (smtplib, one connection): {peer_before:,.0f} before, {peer_after:,.0f} after, mean {peer_rate:,.0f} messages/s")
print(f"peer (smtplib, {connections} connections at once): {parallel_before:,.0f} before, {parallel_after:,.0f} after, "
      f"mean {parallel_rate:,.0f} messages/s")
print(f"ratio Madoguchi / peer: {rate / peer_rate:.2f}x one connection, {rate / parallel_rate:.2f}x {connections} connections")
print(f"SMTP server: accepted {seen['accepted']:,}, distinct recipients {seen['recipients']:,}, duplicates {seen['duplicates']}")
print(f"issue to first batch delivered: {madoguchi['issue_to_first_batch_seconds']:.2f} s")
ok = seen["recipients"] == subscribers and seen["duplicates"] == 0 and madoguchi["failed"] == 0
print("exactly once:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
