"""Benchmark: sustained online submissions per second, against the database engine's own commit rate.

    python3 bench/forms/run.py <madoguchi binary> [seconds] [connections]
    BENCH_DATABASE_URL=postgres://user@host:port/db python3 bench/forms/run.py …   # PostgreSQL (the database is emptied)

Starts `madoguchi serve` on a fresh store (a SQLite file, or the PostgreSQL database given), then
drives it with wrk (Debian's package; `submit.lua` next to this file): `wrk -t2 -c<connections>`,
every request a whole submission of the 転出届 with a fresh idempotency key (CSRF check, validation
of every field, AES-GCM encryption, the application, its audit entry and its receipt e-mail in one
transaction, the receipt page). Only answers showing a 受付番号 are counted. wrk's own CPU time is
printed (the client's headroom), and after the run the store is read back: every acknowledged
receipt must be there with its audit entry and its queued e-mail.

The peer, in the same run on the same engine: threads each committing one row of the same size per
transaction straight into a table (Python's sqlite3, or psycopg for PostgreSQL), which is the most an
application doing one durable commit per submission could reach.
"""
import base64, json, os, re, resource, signal, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request, uuid

binary = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 32
peer_threads = min(connections, 16)
pg_url = os.environ.get("BENCH_DATABASE_URL")
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="forms-bench-")


sys.path.insert(0, os.path.join(here, ".."))
import server_under_test  # noqa: E402

server, port, engine = server_under_test.start(binary, work, pg_url)
form_url = f"http://127.0.0.1:{port}/132152/forms/move-out"


def open_form():
    response = urllib.request.urlopen(form_url, timeout=5)
    page = response.read().decode()
    return response.headers["Set-Cookie"].split(";")[0], re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


cookie, csrf = server_under_test.wait_until(server, work, open_form)

move_date = time.strftime("%Y-%m-%d", time.localtime(time.time() + 7 * 86400))
values = {"v.move_date": move_date, "v.new_address": "東京都立川市泉町1156-9", "v.household_moving": "all", "v.name": "山田 花子",
          "v.name_kana": "ヤマダ ハナコ", "v.birth_date": "1955-01-02", "v.postal_code": "1868501",
          "v.address": "東京都国立市富士見台2-47-1", "v.phone": "0425762111", "v.email": "hanako@example.jp", "v.agree": "yes",
          "_csrf": csrf, "step": "2", "go": "submit"}

# One submission by hand first: the body is right and the answer is a receipt.
probe = urllib.request.Request(form_url, data=urllib.parse.urlencode(dict(values, idempotency_key=f"bench-{uuid.uuid4()}")).encode(),
                               headers={"Cookie": cookie})
assert 'id="receipt-number"' in urllib.request.urlopen(probe, timeout=30).read().decode(), "the probe submission got no receipt"

def server_cpu_seconds():
    """The server's own CPU time so far (user + system), from /proc: its cost per submission does not
    depend on what else the shared machine is running, unlike the rate."""
    fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


environment = dict(os.environ, BENCH_FORM_BODY=urllib.parse.urlencode(values), BENCH_COOKIE=cookie)
command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s", "-s", os.path.join(here, "submit.lua"), form_url]
server_cpu_before = server_cpu_seconds()
wrk = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
output = wrk.stdout.read()
_, status, usage = os.wait4(wrk.pid, 0)
server_cpu = server_cpu_seconds() - server_cpu_before
wrk.returncode = status
result = json.loads(re.search(r"^BENCH (.*)$", output, re.M).group(1))
client_cpu = usage.ru_utime + usage.ru_stime
server.send_signal(signal.SIGTERM)
server.wait(timeout=60)
ours_rate = result["receipts"] / result["seconds"]


def stored_counts(connect):
    """Applications, their audit entries and their receipt e-mails in the store the server left."""
    c = connect()
    counts = [c.execute(q).fetchone()[0] for q in (
        "SELECT count(*) FROM form_applications",
        "SELECT count(*) FROM audit_entries WHERE action = 'forms.application.submit'",
        "SELECT count(*) FROM mail_outbox WHERE kind = 'forms.receipt'")]
    c.close()
    return counts


row = base64.b64encode(os.urandom(620)).decode()  # the size of one encrypted 転出届
if pg_url:
    import psycopg
    stored = stored_counts(lambda: psycopg.connect(pg_url))
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute("CREATE TABLE bench_peer (id uuid PRIMARY KEY, receipt text UNIQUE, payload text, submitted_at timestamptz)")
    local = threading.local()

    def commit(i):
        if not hasattr(local, "c"):
            local.c = psycopg.connect(pg_url)
        with local.c.transaction():
            local.c.execute("INSERT INTO bench_peer VALUES (%s, %s, %s, now())", (uuid.uuid4(), uuid.uuid4().hex, row))
else:
    import sqlite3
    stored = stored_counts(lambda: sqlite3.connect(os.path.join(work, "madoguchi.sqlite")))
    path = os.path.join(work, "peer.sqlite")
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")  # as the server runs its file
    setup.execute("CREATE TABLE bench_peer (id text PRIMARY KEY, receipt text UNIQUE, payload text, submitted_at text)")
    setup.commit()
    setup.close()
    local = threading.local()

    def commit(i):
        if not hasattr(local, "c"):
            local.c = sqlite3.connect(path, timeout=30)
            local.c.execute("PRAGMA synchronous=FULL")
        local.c.execute("INSERT INTO bench_peer VALUES (?, ?, ?, datetime('now'))", (str(uuid.uuid4()), uuid.uuid4().hex, row))
        local.c.commit()


def run_threads(body):
    counts = [0] * peer_threads
    errors = []
    deadline = time.perf_counter() + seconds

    def worker(i):
        try:
            while time.perf_counter() < deadline:
                body(i)
                counts[i] += 1
        except Exception as e:  # noqa: BLE001 — reported below
            errors.append(repr(e))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(peer_threads)]
    for t in threads: t.start()
    for t in threads: t.join()
    return sum(counts) / (time.perf_counter() - started), sum(counts), errors


peer_rate, peer_total, peer_errors = run_threads(commit)
print(f"{engine}, {seconds:.0f} s each")
print(f"  madoguchi submissions over HTTP ({' '.join(command[:-1])} URL): {result['receipts']} acknowledged, {ours_rate:.1f}/s, "
      f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
      + (f", refused {result['refused']}" if result["refused"] else "") + (f", socket errors {result['socket_errors']}" if result["socket_errors"] else ""))
print(f"  client headroom: wrk used {client_cpu:.1f} s of CPU in {result['seconds']:.1f} s ({100 * client_cpu / result['seconds']:.0f}% of one core, of 2)")
print(f"  server CPU: {server_cpu:.1f} s in {result['seconds']:.1f} s ({100 * server_cpu / result['seconds']:.0f}% of one core), "
      f"{1000 * server_cpu / max(result['receipts'], 1):.2f} ms per acknowledged submission")
print(f"  stored afterwards: {stored[0]} applications, {stored[1]} submit audit entries, {stored[2]} receipt e-mails "
      f"(acknowledged + 1 probe = {result['receipts'] + 1})")
print(f"  peer: one-row commits straight into the engine, {peer_threads} threads: {peer_total}, {peer_rate:.1f}/s"
      + (f", errors: {peer_errors[:3]}" if peer_errors else ""))
print(f"  ratio madoguchi / peer = {ours_rate / peer_rate:.2f}x")
if result["refused"] or min(stored) < result["receipts"] + 1:
    sys.exit("FAILED: refused submissions or acknowledged receipts missing from the store")
