"""The SMTP server of the fan-out benchmark: aiosmtpd (as the mail tests use), counting what it accepts.

    python3 smtp_counter.py

Listens on 127.0.0.1 (a free port) and prints "ready <port>". Each line read on standard input is
answered with one JSON line: {"accepted": N, "recipients": R, "duplicates": D, "first": t0, "last": t1}
(R distinct recipients; D messages beyond the first for a recipient; t0/t1 the times of the first and
last accepted message, time.time()). The line "reset" clears the counts first; "lookup" followed by a
JSON list of addresses is answered with the list of how many messages each received. EOF stops it.
"""
import json, socket, sys, time

from aiosmtpd.controller import Controller

state = {}


def reset():
    state.update(accepted=0, recipients={}, first=None, last=None)


class Counter:
    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        state["accepted"] += 1
        if state["first"] is None:
            state["first"] = now
        state["last"] = now
        for rcpt in envelope.rcpt_tos:
            state["recipients"][rcpt] = state["recipients"].get(rcpt, 0) + 1
        return "250 OK"


reset()
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
controller.stop()
