"""A scripted SMTP server for the exactly-once tests: it shows what a client left half-sent.

    python3 smtp_script.py <out-dir> [--silent-ends N] [--mark-store <SQLite file | postgres:// URL>]

Listens on 127.0.0.1 (a free port), prints "ready <port>" once accepting. Speaks just enough SMTP
(220, EHLO, MAIL, RCPT, DATA, RSET, QUIT) and, as RFC 5321 says, accepts a message only at the end
of its data (a line "."): then it writes <out-dir>/accepted-<n>.json (envelope and Message-ID) and
answers 250. A connection that closes in the middle of the data aborts the transaction: it writes
<out-dir>/aborted-<n>.json (envelope, Message-ID if seen, how many lines of data had arrived) and
accepts nothing. With --silent-ends N, the first N messages are accepted at their end but the
connection is closed without an answer (a server or network failing just then). With --mark-store,
at each end of data it looks the message up in the outbox (its row id is the Message-ID's local
part) and records "marked_at_end": whether its hand-over mark (handed_at) was committed by then.
Stops when its standard input closes.
"""
import json, os, socket, sqlite3, subprocess, sys, threading

out = sys.argv[1]
silent = int(sys.argv[sys.argv.index("--silent-ends") + 1]) if "--silent-ends" in sys.argv else 0
store = sys.argv[sys.argv.index("--mark-store") + 1] if "--mark-store" in sys.argv else None


def marked(message_id):
    """Whether the outbox row of this Message-ID has its hand-over mark committed (seen from another connection)."""
    row = message_id.strip("<>").split("@")[0]
    if store.startswith("postgres"):
        out = subprocess.run(["psql", "-At", store.split("?")[0], "-c", f"SELECT handed_at IS NOT NULL FROM mail_outbox WHERE id = '{row}'"],
                             capture_output=True, text=True)
        return out.stdout.strip() == "t"
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        found = db.execute("SELECT handed_at IS NOT NULL FROM mail_outbox WHERE upper(id) = upper(?)", (row,)).fetchone()
    return bool(found and found[0])
lock = threading.Lock()
state = {"accepted": 0, "aborted": 0, "ends": 0}


def record(kind, envelope):
    with lock:
        state[kind] += 1
        path = os.path.join(out, f"{kind}-{state[kind]}.json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(envelope, f)
    os.rename(path + ".tmp", path)


def serve(conn):
    reader = conn.makefile("rb")
    conn.sendall(b"220 script ESMTP\r\n")
    envelope, in_data, lines = {}, False, 0
    try:
        while True:
            line = reader.readline()
            if not line:
                if in_data:
                    envelope["data_lines"] = lines
                    record("aborted", envelope)
                return
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if text == ".":
                    in_data = False
                    envelope["data_lines"] = lines
                    if store:
                        envelope["marked_at_end"] = marked(envelope.get("message_id", ""))
                    record("accepted", envelope)
                    with lock:
                        state["ends"] += 1
                        quiet = state["ends"] <= silent
                    if quiet:
                        return
                    conn.sendall(b"250 OK accepted\r\n")
                    envelope = {}
                else:
                    lines += 1
                    if text.lower().startswith("message-id:"):
                        envelope["message_id"] = text.split(":", 1)[1].strip()
                continue
            verb = text[:4].upper()
            if verb == "EHLO" or verb == "HELO":
                conn.sendall(b"250 script\r\n")
            elif verb == "MAIL":
                envelope = {"mail_from": text[10:].strip()}
                conn.sendall(b"250 OK\r\n")
            elif verb == "RCPT":
                envelope.setdefault("rcpt_tos", []).append(text[8:].strip().strip("<>"))
                conn.sendall(b"250 OK\r\n")
            elif verb == "DATA":
                in_data, lines = True, 0
                conn.sendall(b"354 go on\r\n")
            elif verb == "RSET":
                envelope = {}
                conn.sendall(b"250 OK\r\n")
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"502 not here\r\n")
    except OSError:
        if in_data:
            envelope["data_lines"] = lines
            record("aborted", envelope)
    finally:
        conn.close()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)


def accept():
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


threading.Thread(target=accept, daemon=True).start()
print("ready", listener.getsockname()[1], flush=True)
sys.stdin.read()
listener.close()
