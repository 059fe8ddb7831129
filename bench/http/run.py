"""Benchmark: public pages under a disaster-night surge, against nginx serving the very same bytes.

    python3 bench/http/run.py <madoguchi release binary> [seconds] [connections]
    BENCH_DATABASE_URL=postgres://user@host:port/db python3 bench/http/run.py …   # PostgreSQL (the database is emptied)

Starts `madoguchi serve` on a fresh store (the demo municipality 132152 on a SQLite file, or on the
PostgreSQL database given), fetches each page once, writes those bytes to files that nginx (Debian's
package, config made from nginx.conf.template next to this file) serves with the same Content-Type,
and runs wrk (Debian's package) against both, one page after the other, in the same run:
`wrk -t2 -c<connections> -d<seconds>s --latency`. POST pages (the navigator's answers) are sent by a
wrk Lua script with the same body to both; nginx answers a POST with the file (error_page 405).
Since wrk repeats that body, every request after the first is answered from the cache of computed
answers; so each POST page is run a second time ("…, each body new") with a Lua script that makes
every request's body different (the same fields plus `n=<thread>-<counter>`, a field the navigator
ignores: the same page, computed anew each time because its bytes, hence its key, are new).

Prints, per page: requests/s of each, the ratio Madoguchi/nginx, and each side's p99 latency; the
goal (issue 13) is ≥ 0.3× nginx and p99 < 20 ms at 64 connections. Every answer must be 200: wrk's
non-2xx count is printed and fails the run.

    BENCH_PAGES="life-event question,checklist" python3 bench/http/run.py …   # only the pages named
    BENCH_ALERT=1 BENCH_PAGES="home with alert,shelter status,CAP message" python3 bench/http/run.py …
        # issue 14's pages: the demo's administrator issues 警戒レベル4 for a district first, so the home
        # page carries the banner and the alert's CAP message exists (bench/notices/README.md)
    BENCH_DATASETS=100000 python3 bench/http/run.py …
        # issue 13 item 6: the demo store first gets 100,000 generated, published datasets
        # (`madoguchi demo add-datasets`), so the server's peak RSS is measured with a large catalogue
    BENCH_STORE=/tmp/store100k python3 bench/http/run.py …
        # serves a copy of a SQLite data directory made before (e.g. `MADOGUCHI_DATA_DIR=/tmp/store100k
        # madoguchi demo add-datasets --count 100000`, 4–5 minutes) instead of a fresh store, with its
        # field key from BENCH_FIELD_KEYS or the file <store>.key (the MADOGUCHI_FIELD_KEYS line)

The server's RSS is sampled every 100 ms from its start (/proc/<pid>/status): the script prints its
peak and where it was reached (start, first fetch of each page while a large catalogue's search
snapshot builds, or a page's wrk run), and the kernel's VmHWM at the end.
"""
import html.parser, os, re, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

binary = os.path.abspath(sys.argv[1])
seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 64
pg_url = os.environ.get("BENCH_DATABASE_URL")
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="http-bench-")


sys.path.insert(0, os.path.join(here, ".."))
import server_under_test  # noqa: E402

data = os.path.join(work, "data")
os.makedirs(data)
datasets = int(os.environ.get("BENCH_DATASETS", "0"))
store = os.environ.get("BENCH_STORE")
field_keys = os.environ.get("BENCH_FIELD_KEYS")
if store and not field_keys and os.path.exists(store.rstrip("/") + ".key"):
    field_keys = open(store.rstrip("/") + ".key").read().strip()
if store and pg_url:
    sys.exit("BENCH_STORE is a SQLite data directory: not with BENCH_DATABASE_URL")
server, port, engine = server_under_test.start(binary, data, pg_url, {"MADOGUCHI_SECURE_COOKIES": "0"}, datasets=datasets,
                                               store=store, field_keys=field_keys)
base = f"http://127.0.0.1:{port}"


class MemoryProbe(threading.Thread):
    """The server's RSS every 100 ms, and the phase (`phase`) during which the highest was seen."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.phase, self.peak, self.peak_phase, self.done = pid, "start", 0, "start", False
        self.phases = {}  # phase → highest RSS seen during it, in kB

    def run(self):
        while not self.done:
            try:
                with open(f"/proc/{self.pid}/status") as f:
                    rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
            except (OSError, StopIteration):
                return
            if rss > self.peak:
                self.peak, self.peak_phase = rss, self.phase
            self.phases[self.phase] = max(self.phases.get(self.phase, 0), rss)
            time.sleep(0.1)


memory = MemoryProbe(server.pid)
memory.start()


def fetch(path, body=None):
    request = urllib.request.Request(base + path, data=body.encode() if body is not None else None,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers.get("Content-Type", "application/octet-stream")


server_under_test.wait_until(server, data, lambda: fetch("/healthz"))


class FormReader(html.parser.HTMLParser):
    """The navigator form's hidden fields, the current question's name and its first choice."""

    def __init__(self):
        super().__init__()
        self.hidden, self.choices, self.text_answer = {}, [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("name") == "answer" and a.get("type") in ("radio", "checkbox"):
            self.choices.append(a.get("value", ""))
        elif tag == "input" and a.get("name") == "answer":
            self.text_answer = True


def answer_for(question):
    if "birth" in question:
        return "1940-04-01"
    if "date" in question:
        return "2026-11-20"
    return "1"


def walk_to_checklist(event, event_date):
    """Answers the navigator's questions (first choice, plausible dates) until the checklist shows."""
    body = urllib.parse.urlencode({"q": "event_date", "answer": event_date, "go": "next"})
    first_question = body
    for _ in range(40):
        page, _ = fetch(f"/132152/life-events/{event}", body)
        text = page.decode()
        reader = FormReader()
        reader.feed(text)
        if not reader.choices and not reader.text_answer:
            return first_question, body  # the checklist: no question left to answer
        fields = dict(reader.hidden)
        fields["answer"] = reader.choices[0] if reader.choices else answer_for(fields["q"])
        fields["go"] = "next"
        body = urllib.parse.urlencode(fields)
    sys.exit(f"the navigator for {event} did not reach its checklist in 40 answers")


question_body, checklist_body = walk_to_checklist("death", "2026-11-20")
pages = [
    ("home", "GET", "/132152/", None),
    ("life-event start", "GET", "/132152/life-events/death", None),
    ("life-event question", "POST", "/132152/life-events/death", question_body),
    ("checklist", "POST", "/132152/life-events/death", checklist_body),
    ("dataset list", "GET", "/132152/dataset", None),
    ("dataset page", "GET", "/132152/dataset/aed", None),
    ("package_search", "GET", "/132152/api/3/action/package_search?q=" + urllib.parse.quote("避難"), None),
    ("package_show", "GET", "/132152/api/3/action/package_show?id=aed", None),
    ("catalog.ttl", "GET", "/132152/catalog.ttl", None),
    ("static file", "GET", "/static/site.css", None),
]
pages += [
    ("shelter status", "GET", "/132152/shelters", None),
    ("shelters.geojson", "GET", "/132152/shelters.geojson", None),
]


def issue_demo_alert():
    """Signs in as the demo's administrator, adds a district and issues 警戒レベル4 避難指示 for it (as
    staff would on a disaster night); returns the path of the alert's CAP message."""
    import http.cookiejar
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def staff(path, fields=None):
        page = opener.open(base + path, timeout=30).read().decode()
        if fields is None:
            return page
        token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"_csrf": token, **fields}, doseq=True).encode()
        return opener.open(urllib.request.Request(base + path, data=body), timeout=30).read().decode()

    credentials = open(os.path.join(data, "demo-credentials.txt"), encoding="utf-8").read()
    password = re.search(r"^admin\t(\S+)", credentials, re.M).group(1)
    staff("/132152/staff/login", {"login_name": "admin", "password": password})
    staff("/132152/staff/notices/areas", {"code": "naka-1", "name": "中一丁目", "name_en": "Naka 1-chome",
                                          "households": "1200", "population": "2500"})
    staff("/132152/staff/alerts", {"level": "4", "areas": ["naka-1"], "instruction": "中一丁目の方は直ちに避難してください。",
                                   "instruction_en": "Residents of Naka 1-chome, evacuate now."})
    index, _ = fetch("/132152/alerts/cap.atom")
    return re.search(r'href="https?://[^"/]+(/132152/alerts/cap/[^"]+)"', index.decode()).group(1)


if os.environ.get("BENCH_ALERT") == "1":
    cap_path = issue_demo_alert()
    pages += [("home with alert", "GET", "/132152/", None), ("CAP message", "GET", cap_path, None)]

if os.environ.get("BENCH_PAGES"):
    wanted = [name.strip() for name in os.environ["BENCH_PAGES"].split(",") if name.strip()]
    unknown = [name for name in wanted if name not in [page[0] for page in pages]]
    if unknown:
        sys.exit(f"BENCH_PAGES names no page: {', '.join(unknown)} (pages: {', '.join(page[0] for page in pages)})")
    pages = [page for page in pages if page[0] in wanted]

# The very same bytes, from files, for nginx.
root = os.path.join(work, "nginx-root")
os.makedirs(root)
locations = []
for index, (name, method, path, body) in enumerate(pages):
    memory.phase = f"first fetch of {name}"
    content, content_type = fetch(path, body)
    with open(os.path.join(root, f"page{index}"), "wb") as f:
        f.write(content)
    locations.append(f"        location = /page{index} {{ default_type \"{content_type}\"; }}")
nginx_port = server_under_test.free_port()
template = open(os.path.join(here, "nginx.conf.template")).read()
config = (template.replace("@WORK@", work).replace("@PORT@", str(nginx_port)).replace("@ROOT@", root)
          .replace("@LOCATIONS@", "\n".join(locations)))
config_path = os.path.join(work, "nginx.conf")
open(config_path, "w").write(config)
nginx = subprocess.Popen(["nginx", "-c", config_path, "-g", "daemon off;"], stderr=open(os.path.join(work, "nginx.log"), "w"))
time.sleep(0.5)
if nginx.poll() is not None:
    sys.exit("nginx stopped: " + open(os.path.join(work, "nginx.log")).read())


def run_wrk(url, method, body, vary=False):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if method == "POST":
        script = os.path.join(work, "post.lua")
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\n')
            f.write('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n')
            f.write(f"wrk.body = {lua_string(body)}\n")
            if vary:
                # Each thread gets its own number (setup runs in the main state); each request its own count.
                f.write("local threads = 0\n"
                        "function setup(thread) threads = threads + 1; thread:set(\"thread_id\", threads) end\n"
                        "local count = 0\n"
                        "function request()\n"
                        "  count = count + 1\n"
                        "  return wrk.format(nil, nil, nil, wrk.body .. \"&n=\" .. tostring(thread_id) .. \"-\" .. count)\n"
                        "end\n")
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return rate, p99_ms, int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def cache_counts():
    """The server's page-cache hits and misses so far (its /metrics), to show what each run measured."""
    text = fetch("/metrics")[0].decode()
    def value(name):
        found = re.search(rf"^{name} ([\d.e+]+)$", text, re.M)
        return int(float(found.group(1))) if found else 0
    return value("madoguchi_page_cache_hits_total"), value("madoguchi_page_cache_misses_total")


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


print(f"engine: {engine}; wrk -t2 -c{connections} -d{seconds}s --latency; peer: nginx {subprocess.run(['nginx', '-v'], capture_output=True, text=True).stderr.strip()} serving the same bytes")
print(f"{'page':<36} {'Madoguchi req/s':>16} {'nginx req/s':>12} {'ratio':>7} {'p99 ms':>8} {'nginx p99':>10}  goal (≥0.3×, p99<20 ms)")
failed = False
try:
    runs = [(index, name, method, path, body, False) for index, (name, method, path, body) in enumerate(pages)]
    runs += [(index, name + ", each body new", method, path, body, True)
             for index, (name, method, path, body) in enumerate(pages) if method == "POST"]
    for index, name, method, path, body, vary in runs:
        before = cache_counts()
        memory.phase = f"wrk on {name}"
        ours, our_p99, our_bad, our_errors = run_wrk(base + path, method, body, vary)
        after = cache_counts()
        theirs, their_p99, _, _ = run_wrk(f"http://127.0.0.1:{nginx_port}/page{index}", method, body, vary)
        ratio = ours / theirs
        met = "met" if ratio >= 0.3 and our_p99 < 20 else "not met"
        print(f"{name:<36} {ours:>16,.0f} {theirs:>12,.0f} {ratio:>6.3f}× {our_p99:>8.1f} {their_p99:>10.1f}  {met}"
              + (f"  ({our_bad} non-2xx)" if our_bad else "") + (f"  (socket errors: {our_errors})" if our_errors else "")
              + f"  [cache: {after[0] - before[0]:,} hits, {after[1] - before[1]:,} misses]")
        failed = failed or our_bad > 0
        rss = [line for line in open(f"/proc/{server.pid}/status") if line.startswith(("VmHWM", "VmRSS"))]
    print(f"server peak RSS: {rss[0].split(':')[1].strip()} (VmHWM); sampled every 100 ms: peak {memory.peak / 1024:.0f} MB "
          f"during {memory.peak_phase}, {int(rss[1].split()[1]) / 1024:.0f} MB at the end"
          + (f"; store: copy of {store}" if store else f"; {datasets:,} generated datasets" if datasets else ""))
    print("highest RSS per phase (MB): " + ", ".join(f"{phase} {rss / 1024:.0f}" for phase, rss in memory.phases.items()))
finally:
    memory.done = True
    nginx.send_signal(signal.SIGQUIT)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    nginx.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failed else 0)
