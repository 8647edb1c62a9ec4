"""Conformance: the Azure CLI's everyday storage calls against `azfh emulator`.

    python tests/conformance/az_cli.py target/debug/azfh [AZ]

AZ is the `az` to run (default: `az` on PATH); without one it says so and exits 0, so it runs
where the Azure CLI is installed. It checks `az storage share list`, `az storage share
list-handle --path` (on a directory, recursive, and a file: the CLI probes the path with Get
Directory Properties first), `az storage share close-handle --path --handle-id` (the
emulator's state then lacks exactly that handle), and `az storage file list` with a SAS from
`az storage share generate-sas --expiry DATE` (a date without a time, as the CLI's docs show).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise SystemExit(f"FAIL: {message}")


def main():
    binary = sys.argv[1]
    az = sys.argv[2] if len(sys.argv) > 2 else shutil.which("az")
    if not az:
        print("az CLI conformance: skipped (no `az` here; install azure-cli to run it)")
        return
    process = subprocess.Popen([binary, "emulator", "--demo", "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    connection_string = process.stdout.readline().strip()
    endpoint = dict(p.split("=", 1) for p in connection_string.split(";") if p)["FileEndpoint"]
    origin = endpoint.rsplit("/", 1)[0]
    config = tempfile.mkdtemp(prefix="azfh-az-")
    environment = {**os.environ, "AZURE_CONFIG_DIR": config, "AZURE_CORE_COLLECT_TELEMETRY": "false",
                   "AZURE_CORE_ONLY_SHOW_ERRORS": "true", "AZURE_STORAGE_CONNECTION_STRING": ""}

    def run(*args, credential=("--connection-string", connection_string)):
        done = subprocess.run([az, *args, *credential, "--output", "json"], env=environment,
                              capture_output=True, text=True, timeout=120)
        check(done.returncode == 0, f"az {' '.join(args)}: exit {done.returncode}\n{done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else None

    def handle_ids(answer):
        items = answer["items"] if isinstance(answer, dict) else answer
        return [str(h["handleId"]) for h in items]

    def emulator_handles():
        with urllib.request.urlopen(f"{origin}/_emulator/handles") as answer:
            return [r for r in json.load(answer) if r["share"] == "demo" and r["snapshot"] is None]

    try:
        shares = run("storage", "share", "list")
        check("demo" in [s["name"] for s in shares], f"share list: {shares}")

        listed = run("storage", "share", "list-handle", "--name", "demo", "--path", "projects", "--recursive")
        want = {r["handle_id"] for r in emulator_handles() if r["path"].startswith("projects/") or r["path"] == "projects"}
        got = set(handle_ids(listed))
        check(got == want, f"list-handle --path projects --recursive: {len(got)} listed, {len(want)} open")

        path = "shared/Open Questions.docx"
        on_file = run("storage", "share", "list-handle", "--name", "demo", "--path", path)
        want_file = {r["handle_id"] for r in emulator_handles() if r["path"] == path}
        got_file = handle_ids(on_file)
        check(set(got_file) == want_file and got_file, f"list-handle on a file: {got_file}")

        before = {r["handle_id"] for r in emulator_handles()}
        run("storage", "share", "close-handle", "--name", "demo", "--path", path, "--handle-id", got_file[0])
        after = {r["handle_id"] for r in emulator_handles()}
        check(before - after == {got_file[0]}, f"close-handle closed {sorted(before - after)}")

        sas = run("storage", "share", "generate-sas", "--name", "demo", "--permissions", "rl",
                  "--expiry", "2099-01-01")
        check(isinstance(sas, str) and "sig=" in sas, f"generate-sas: {sas}")
        via_sas = f"FileEndpoint={endpoint};SharedAccessSignature={sas}"
        files = run("storage", "file", "list", "--share-name", "demo", "--path", "projects",
                    credential=("--connection-string", via_sas))
        check(any(f["name"] == "apollo" for f in files), f"file list with a SAS: {[f['name'] for f in files]}")
        with urllib.request.urlopen(f"{origin}/_emulator/stats") as answer:
            operations = json.load(answer)["operations"]
        for operation in ["ListShares", "GetDirectoryProperties"]:
            check(operations.get(operation, 0) > 0, f"the CLI called {operation}: {operations}")
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(config, ignore_errors=True)
    print(f"az CLI conformance: {checks} checks passed")


if __name__ == "__main__":
    main()
