"""The peer of the fan-out benchmark: Python's smtplib sending N messages over ONE connection
(MAIL, RCPT, DATA per message and nothing between them, as Madoguchi's session does) to the given
port. Several of these at once (fanout.py) measure what the server takes over that many connections.

    python3 raw_client.py PORT N [PREFIX]

The message is the size and shape of an alert mail (UTF-8, base64 body, the same headers).
Prints one JSON line: {"sent": N, "seconds": s}.
"""
import base64, json, smtplib, sys, time

port, count = int(sys.argv[1]), int(sys.argv[2])
prefix = sys.argv[3] if len(sys.argv) > 3 else ""   # several clients at once send to distinct recipients
body = base64.encodebytes(("【国立市】警戒レベル4 避難指示（中一丁目）。ただちに避難してください。\n" * 12).encode()).decode()
client = smtplib.SMTP("127.0.0.1", port)
client.ehlo("raw.bench")
start = time.time()
for n in range(count):
    message = (f"From: <bousai@city.example.jp>\r\nTo: <{prefix}raw{n}@example.jp>\r\nSubject: =?UTF-8?B?44CQ5Zu956uL5biC44CR?=\r\n"
               f"Message-ID: <{prefix}{n}@raw.bench>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
               f"Content-Transfer-Encoding: base64\r\n\r\n{body}").replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    client.sendmail("bousai@city.example.jp", [f"{prefix}raw{n}@example.jp"], message.encode())
seconds = time.time() - start
client.quit()
print(json.dumps({"sent": count, "seconds": seconds}))
