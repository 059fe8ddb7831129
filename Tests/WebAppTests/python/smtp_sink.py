"""A real SMTP server for the mail tests (aiosmtpd, pinned in requirements.txt).

    python3 smtp_sink.py <out-dir> [--fail-first N] [--reject TEXT]

Listens on 127.0.0.1 (a free port), prints "ready <port>" once accepting, and writes every message
it accepts to <out-dir>/<n>.json with the envelope and the decoded subject and body. With
--fail-first N it answers the first N DATA commands with 451 (try again later), so the client's
retries are exercised. With --reject TEXT it refuses every recipient containing TEXT with 550 (a
permanent failure). Each record also holds the client's port (`peer`), so a test can count the
connections a client used, and its extra headers' values. Stops when its standard input closes.
"""
import json, os, socket, sys
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

out = sys.argv[1]
fail_first = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0
reject = sys.argv[sys.argv.index("--reject") + 1] if "--reject" in sys.argv else None
state = {"seen": 0, "stored": 0}


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if reject and reject in address:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        state["seen"] += 1
        if state["seen"] <= fail_first:
            return "451 4.3.0 Temporary failure, try again"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        state["stored"] += 1
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "subject": str(message["subject"]),
                  "to": str(message["to"]), "content_type": message.get_content_type(),
                  "charset": message.get_content_charset(), "body": message.get_content(),
                  "headers": list(message.keys()), "peer": session.peer[1],
                  "header_values": {k: str(v) for k, v in message.items()}}
        with open(os.path.join(out, f"{state['stored']}.json"), "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        return "250 OK"


with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", port, flush=True)
sys.stdin.read()
controller.stop()
