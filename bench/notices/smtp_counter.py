"""The SMTP server of the fan-out benchmark: aiosmtpd (as the mail tests use), counting what it accepts.

    python3 smtp_counter.py

Listens on 127.0.0.1 (a free port) and prints "ready <port>". Each line read on standard input is
answered with one JSON line: {"accepted": N, "recipients": R, "duplicates": D, "first": t0, "last": t1}
(R distinct recipients; D messages beyond the first for a recipient; t0/t1 the times of the first and
last accepted message, time.time()). The line "reset" clears the counts first; "lookup" followed by a
JSON list of addresses is answered with the list of how many messages each received. EOF stops it.

    python3 smtp_counter.py --plain

The same counts from a plain threaded SMTP server (one thread per connection, read line by line)
that accepts a message at the final "." of its data whatever follows, as RFC 5321 has it.
aiosmtpd cancels a session's handler as soon as the connection's end (EOF) is seen, so a message
whose final "." arrives together with the close of the connection — a client killed right after
writing it — is dropped there unaccepted; crash.py counts with both.
"""
import json, socket, sys, threading, time

state = {}


def reset():
    state.update(accepted=0, recipients={}, first=None, last=None)


class Counter:
    async def handle_DATA(self, server, session, envelope):
        accepted(envelope.rcpt_tos)
        return "250 OK"


def accepted(rcpt_tos):
    now = time.time()
    with lock:
        state["accepted"] += 1
        if state["first"] is None:
            state["first"] = now
        state["last"] = now
        for rcpt in rcpt_tos:
            state["recipients"][rcpt] = state["recipients"].get(rcpt, 0) + 1


def serve_plain(conn):
    """One SMTP session: a message is accepted at the line "." ending its data, before anything else is read."""
    reader = conn.makefile("rb")
    conn.sendall(b"220 counter ESMTP\r\n")
    rcpt_tos, in_data = [], False
    try:
        for line in reader:
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    accepted(rcpt_tos)
                    conn.sendall(b"250 OK\r\n")
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                conn.sendall(b"250 counter\r\n")
            elif verb == b"MAIL":
                rcpt_tos = []
                conn.sendall(b"250 OK\r\n")
            elif verb == b"RCPT":
                rcpt_tos.append(line[8:].strip().strip(b"<>").decode())
                conn.sendall(b"250 OK\r\n")
            elif verb == b"DATA":
                in_data = True
                conn.sendall(b"354 go on\r\n")
            elif verb == b"RSET":
                rcpt_tos = []
                conn.sendall(b"250 OK\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"502 not here\r\n")
    except OSError:
        pass
    finally:
        conn.close()


lock = threading.Lock()
reset()
if "--plain" in sys.argv:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]

    def accept_all():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve_plain, args=(conn,), daemon=True).start()

    threading.Thread(target=accept_all, daemon=True).start()
    controller = None
else:
    from aiosmtpd.controller import Controller
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
print("ready", port, flush=True)
for line in sys.stdin:
    if line.startswith("lookup "):
        recipients = state["recipients"]
        print(json.dumps([recipients.get(address, 0) for address in json.loads(line[7:])]), flush=True)
        continue
    if line.strip() == "reset":
        reset()
    recipients = state["recipients"]
    print(json.dumps({"accepted": state["accepted"], "recipients": len(recipients),
                      "duplicates": sum(n - 1 for n in recipients.values()), "first": state["first"], "last": state["last"]}), flush=True)
if controller:
    controller.stop()
