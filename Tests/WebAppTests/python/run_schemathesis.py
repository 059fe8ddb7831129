"""Runs schemathesis against a live Madoguchi server's own OpenAPI document.

Usage: run_schemathesis.py BASE_URL [MAX_EXAMPLES] [API_TOKEN]

With an API token, the write actions (package_create…, resource_create) are exercised too.

Checks: no 5xx (and no dropped connection), every status, content type and body as documented.
A fixed seed keeps the run repeatable; the example count keeps it bounded (well under a minute).
"""
import subprocess
import sys
import tempfile

base = sys.argv[1].rstrip("/")
examples = sys.argv[2] if len(sys.argv) > 2 else "5"
token = sys.argv[3] if len(sys.argv) > 3 else None
command = [
    sys.executable, "-m", "schemathesis.cli", "run", base + "/openapi.json",
    "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
    "--max-examples", examples, "--seed", "1", "--workers", "2",
    "--phases", "coverage,fuzzing", "--request-timeout", "20", "--no-color",
] + (["--header", "Authorization: " + token] if token else [])
# Run in a scratch folder: schemathesis keeps a cache in its working directory.
with tempfile.TemporaryDirectory() as scratch:
    completed = subprocess.run(command, cwd=scratch)
health = subprocess.run([sys.executable, "-c",
                         f"import urllib.request; assert urllib.request.urlopen('{base}/healthz', timeout=10).status == 200"])
if completed.returncode != 0 or health.returncode != 0:
    print(f"schemathesis exit {completed.returncode}, healthz {'ok' if health.returncode == 0 else 'failed'}")
    sys.exit(1)
print("schemathesis: no failures")
