"""Runs a command, discards its stdout (counting lines), prints wall seconds, peak RSS and lines.

    python measure.py CMD [ARGS...]  ->  {"seconds": 1.23, "max_rss_kib": 12345, "lines": 100000}

ru_maxrss of RUSAGE_CHILDREN covers only the command (this wrapper is its only parent), so
each measurement runs in a fresh wrapper process.
"""
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
lines = 0
for chunk in iter(lambda: process.stdout.read(1 << 16), b""):
    lines += chunk.count(b"\n")
status = process.wait()
seconds = time.perf_counter() - start
if status != 0:
    sys.exit(f"command failed with status {status}: {sys.argv[1:]}")
print(json.dumps({
    "seconds": seconds,
    "max_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "lines": lines,
}))
