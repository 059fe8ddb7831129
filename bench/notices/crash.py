"""Issue 14's crash benchmark: how many recipients a SIGKILL in the middle of a fan-out's delivery
loses (or doubles), counted at the SMTP server.

    swift build -c release --product notices-fanout-bench --scratch-path .build-release
    python3 bench/notices/crash.py .build-release/release/notices-fanout-bench [SUBSCRIBERS] [KILLS] [CONNECTIONS] [MAX_DELAY] [SEED] [--aiosmtpd] [--no-journal]
    # PostgreSQL: BENCH_DATABASE_URL=postgres://user@host:port/db (its public schema is emptied)

The bench binary (in crash mode: FANOUT_BENCH_STORE, the store kept across runs) seeds SUBSCRIBERS
confirmed subscriptions, issues 警戒レベル4, queues one message each and starts delivering them to
the counting SMTP server (smtp_counter.py --plain, which accepts a message at its final "." whatever
follows; with --aiosmtpd, aiosmtpd, which drops a message whose "." arrives together with the
close of the connection) over CONNECTIONS connections; at a random moment (uniform in 0 … MAX_DELAY
seconds after delivery started) it is SIGKILLed, then started again on the same store, and so on
KILLS times; the last run delivers everything left. A restarted run first lists the messages the
kill left handed over with no outcome (hand-over mark committed): each of those the SMTP server
never received is **lost** by that kill (the kill fell between the mark's commit and its final "."
reaching the socket). Its clock runs k × (lease + 1) s ahead, so the killed claims' leases have run
out at once (nothing else about delivery changes). Each run notes its hand-overs in a journal beside
the store, as the server does, and a restart first recovers the killed run's journal (`reopened`:
marks cleared because the message's end was never written; those are sent again); --no-journal
runs with the marks alone. At the end: every recipient's count at the SMTP server (lost = none,
duplicated = more than one).
"""
import json, os, random, shutil, signal, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
arguments = [a for a in sys.argv if not a.startswith("--")]
binary = arguments[1]
subscribers = int(arguments[2]) if len(arguments) > 2 else 20_000
kills = int(arguments[3]) if len(arguments) > 3 else 30
connections = int(arguments[4]) if len(arguments) > 4 else 16
max_delay = float(arguments[5]) if len(arguments) > 5 else 1.5
seed = int(arguments[6]) if len(arguments) > 6 else 14
rng = random.Random(seed)
server = "aiosmtpd" if "--aiosmtpd" in sys.argv else "plain"

sink = subprocess.Popen([sys.executable, os.path.join(here, "smtp_counter.py")] + (["--plain"] if server == "plain" else []), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
ready = sink.stdout.readline().split()
assert ready and ready[0] == "ready", ready
port = int(ready[1])


def ask(line):
    sink.stdin.write(line + "\n")
    sink.stdin.flush()
    return json.loads(sink.stdout.readline())


folder = tempfile.mkdtemp(prefix="madoguchi-crash-")
environment = dict(os.environ)
environment.pop("DATABASE_URL", None)
if os.environ.get("BENCH_DATABASE_URL"):
    environment["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
environment["FANOUT_BENCH_STORE"] = os.path.join(folder, "store.sqlite")
if "--no-journal" in sys.argv:
    environment["FANOUT_BENCH_NO_JOURNAL"] = "1"

per_kill = []   # one entry per kill: arrived at the kill, left handed over, lost
final = None
started = time.time()
try:
    for run in range(kills + 1):
        environment["FANOUT_BENCH_RESTART"] = str(run)
        proc = subprocess.Popen([binary, str(port), str(subscribers), str(connections)], stdout=subprocess.PIPE, stdin=subprocess.PIPE,
                                stderr=open(os.path.join(folder, f"run-{run}.log"), "w"), text=True, env=environment)
        line = proc.stdout.readline()
        if not line:
            proc.wait()
            sys.exit(f"run {run} ended before delivering ({proc.returncode}): {open(os.path.join(folder, f'run-{run}.log')).read()[-3000:]}")
        phase = json.loads(line)
        assert phase["phase"] == "delivering", phase
        if run > 0:
            # What the previous kill left handed over: each one the server never received was lost by it.
            time.sleep(0.3)
            handed = phase["handed"]
            counts = ask("lookup " + json.dumps(handed)) if handed else []
            per_kill[-1]["handed"] = len(handed)
            # What the recovery sends again because its end was never noted: any of those the server
            # already has will arrive twice (the kill fell between the end's write and its note).
            reopened = phase.get("reopened", [])
            per_kill[-1]["reopened"] = len(reopened)
            per_kill[-1]["reopened_received"] = sum(1 for n in (ask("lookup " + json.dumps(reopened)) if reopened else []) if n > 0)
            per_kill[-1]["lost"] = sum(1 for n in counts if n == 0)
            proc.stdin.write("go\n")
            proc.stdin.flush()
        if run == kills:
            out, _ = proc.communicate()
            final = json.loads(out.strip().splitlines()[-1])
            break
        time.sleep(rng.uniform(0, max_delay))
        if proc.poll() is not None:
            # Delivered everything before the kill came: no more kills.
            out, _ = proc.communicate()
            final = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.2)   # whatever the kernel still sends after the process died reaches the server
        per_kill.append({"arrived": ask("count")["accepted"]})
    seen = ask("count")
    everyone = [f"r{n}@example.jp" for n in range(subscribers)]
    counts = ask("lookup " + json.dumps(everyone))
finally:
    sink.stdin.close()
    sink.wait()

lost = sum(1 for n in counts if n == 0)
duplicated = sum(1 for n in counts if n > 1)
twice = [everyone[i] for i, n in enumerate(counts) if n > 1]
done = [k for k in per_kill if "lost" in k]
print(f"command: python3 bench/notices/crash.py {binary} {subscribers} {kills} {connections} {max_delay} {seed}"
      + (" --aiosmtpd" if server == "aiosmtpd" else "") + (" --no-journal" if "--no-journal" in sys.argv else "")
      + (" (PostgreSQL)" if os.environ.get("BENCH_DATABASE_URL") else " (SQLite)"))
print(f"kills: {len(done)} (at {', '.join(str(k['arrived']) for k in done)} accepted), {time.time() - started:.0f} s in all")
print(f"left handed over without an outcome per kill: {[k['handed'] for k in done]}")
print(f"marks cleared by the journal's recovery per kill (end never written, sent again): {[k['reopened'] for k in done]}")
print(f"of those, already received (will arrive twice) per kill: {[k['reopened_received'] for k in done]}")
print(f"lost per kill: {[k['lost'] for k in done]}")
print(f"kills that lost something: {sum(1 for k in done if k['lost'])} of {len(done)}; "
      f"lost per kill {sum(k['lost'] for k in done) / max(1, len(done)):.3f}")
print(f"SMTP server: {seen['accepted']:,} accepted, {subscribers - lost:,} of {subscribers:,} recipients, "
      f"lost {lost}, received twice or more {duplicated}")
print("received twice:", twice[:20])
print("last run:", json.dumps(final))
shutil.rmtree(folder, ignore_errors=True)   # the store and the runs' logs (kept when a run failed)
