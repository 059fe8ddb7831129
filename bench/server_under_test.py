"""The release server a benchmark drives: `madoguchi serve` on a fresh store (a SQLite file in `work`,
or the PostgreSQL database in `pg_url`, emptied first), with the demo municipality 132152 and a
throw-away field key. Shared by bench/forms/run.py and bench/http/run.py (imported by path)."""
import base64, os, shutil, socket, subprocess, sys, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_postgres(url):
    import psycopg
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("DROP SCHEMA IF EXISTS public CASCADE")
        c.execute("CREATE SCHEMA public")


def start(binary, work, pg_url=None, extra_environment=None, datasets=0, store=None, field_keys=None):
    """Starts the server; returns (process, port, engine name). Its log is `work`/server.log.
    With `datasets`, first adds that many generated, published datasets to the demo store
    (`madoguchi demo add-datasets`), timed on its own. With `store` (a SQLite data directory made
    before, e.g. by `madoguchi demo add-datasets`), serves a copy of it in `work` instead of a fresh
    store, with its `field_keys` (MADOGUCHI_FIELD_KEYS)."""
    port = free_port()
    if store:
        shutil.copytree(store, work, dirs_exist_ok=True)
    env = dict(os.environ, MADOGUCHI_DATA_DIR=work, MADOGUCHI_PORT=str(port), MADOGUCHI_HOST="127.0.0.1",
               MADOGUCHI_RETENTION_INTERVAL_SECONDS="0", LOG_LEVEL="warning",
               MADOGUCHI_FIELD_KEYS=field_keys or "bench:" + base64.b64encode(os.urandom(32)).decode(), **(extra_environment or {}))
    env.pop("DATABASE_URL", None)
    if pg_url:
        reset_postgres(pg_url)
        env["DATABASE_URL"] = pg_url
    if datasets:
        started = time.time()
        subprocess.run([binary, "demo", "add-datasets", "--count", str(datasets)], env=env, check=True,
                       stdout=sys.stderr, stderr=open(os.path.join(work, "add-datasets.log"), "w"))
        print(f"{datasets} generated datasets added in {time.time() - started:.0f} s", file=sys.stderr)
    process = subprocess.Popen([binary, "serve"], env=env, stdout=open(os.path.join(work, "server.log"), "w"),
                               stderr=subprocess.STDOUT)
    return process, port, "PostgreSQL" if pg_url else "SQLite"


def wait_until(process, work, probe):
    """Calls `probe` until it returns without raising (two minutes at most); exits if the server stops."""
    for _ in range(600):
        try:
            return probe()
        except Exception:
            if process.poll() is not None:
                sys.exit("server stopped: " + open(os.path.join(work, "server.log")).read())
            time.sleep(0.2)
    sys.exit("server did not start")
