"""A real SMTP server for the mail tests (aiosmtpd, pinned in requirements.txt).

    python3 smtp_sink.py <out-dir> [--fail-first N]

Listens on 127.0.0.1 (a free port), prints "ready <port>" once accepting, and writes every message
it accepts to <out-dir>/<n>.json with the envelope and the decoded subject and body. With
--fail-first N it answers the first N DATA commands with 451 (try again later), so the client's
retries are exercised. Stops when its standard input closes.
"""
import json, os, socket, sys
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

out = sys.argv[1]
fail_first = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0
state = {"seen": 0, "stored": 0}


class Sink:
    async def handle_DATA(self, server, session, envelope):
        state["seen"] += 1
        if state["seen"] <= fail_first:
            return "451 4.3.0 Temporary failure, try again"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        state["stored"] += 1
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "subject": str(message["subject"]),
                  "to": str(message["to"]), "content_type": message.get_content_type(),
                  "charset": message.get_content_charset(), "body": message.get_content(),
                  "headers": list(message.keys())}
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
