"""Benchmark: sustained online submissions per second, against the database engine's own commit rate.

    python3 bench/forms/run.py <madoguchi binary> [seconds] [clients]
    BENCH_DATABASE_URL=postgres://user@host:port/db python3 bench/forms/run.py …   # PostgreSQL (the database is emptied)

Starts `madoguchi serve` on a fresh store (a SQLite file, or the PostgreSQL database given), then
`clients` threads submit the 転出届 over HTTP for `seconds` (each a full submission: CSRF check,
validation of every field, AES-GCM encryption, the row and its audit entry in one transaction,
the receipt page). Every acknowledged receipt is counted.

The peer, in the same run on the same engine: the same number of threads each committing one row of
the same size per transaction straight into a table (Python's sqlite3, or psycopg for PostgreSQL),
which is the most an application doing one durable commit per submission could reach.
"""
import base64, json, os, re, signal, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request, uuid

binary = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
pg_url = os.environ.get("BENCH_DATABASE_URL")
work = tempfile.mkdtemp(prefix="forms-bench-")


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
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


def run_threads(body):
    counts = [0] * clients
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
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    return sum(counts) / (time.perf_counter() - started), sum(counts), errors


def submit(i):
    data = urllib.parse.urlencode(dict(values, idempotency_key=f"bench-{uuid.uuid4()}")).encode()
    request = urllib.request.Request(form_url, data=data, headers={"Cookie": cookie})
    page = urllib.request.urlopen(request, timeout=30).read().decode()
    if 'id="receipt-number"' not in page:
        raise RuntimeError("no receipt in the answer")


ours_rate, ours_total, ours_errors = run_threads(submit)
server.send_signal(signal.SIGTERM)
server.wait(timeout=30)

row = base64.b64encode(os.urandom(620)).decode()  # the size of one encrypted 転出届
if pg_url:
    import psycopg
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
        local.c.execute("INSERT INTO bench_peer VALUES (?, ?, ?, datetime('now'))", (str(uuid.uuid4()), uuid.uuid4().hex, row))
        local.c.commit()

peer_rate, peer_total, peer_errors = run_threads(commit)
print(f"{engine}, {clients} clients, {seconds:.0f} s each")
print(f"  madoguchi submissions over HTTP: {ours_total} acknowledged, {ours_rate:.1f}/s" + (f", errors: {ours_errors[:3]}" if ours_errors else ""))
print(f"  peer: one-row commits straight into the engine: {peer_total}, {peer_rate:.1f}/s" + (f", errors: {peer_errors[:3]}" if peer_errors else ""))
print(f"  ratio madoguchi / peer = {ours_rate / peer_rate:.2f}x")
