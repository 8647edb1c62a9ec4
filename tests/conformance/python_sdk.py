"""Conformance: Microsoft's Python SDK (azure-storage-file-share) against `azfh emulator`.

Run by `.ci/run` after the Rust tests:
    python tests/conformance/python_sdk.py target/debug/azfh

It starts the emulator (demo share plus a generated share), then checks that the SDK's
list_handles(recursive=True) returns exactly the emulator's handles, field by field, over
several pages, on the root, a directory, a file and a snapshot; that a wrong key gets 403; that
SAS tokens made by the SDK's own generators are accepted (and refused when they should be); that
close_handle and close_all_handles close what they should; that list_directories_and_files walks
exactly the emulator's tree, page by page; that list_shares, get_share_properties and exists()
on a directory and a file answer as the service does; and that download_file, with one and with four
connections, ranged and with per-range MD5 checks, returns the very bytes the emulator generated.
"""

import datetime
import hashlib
import json
import subprocess
import sys
import urllib.parse
import urllib.request

from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.storage.fileshare import (
    AccountSasPermissions,
    ResourceTypes,
    ShareClient,
    ShareSasPermissions,
    ShareServiceClient,
    generate_account_sas,
    generate_share_sas,
)

ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
WRONG_KEY = "d3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXkgd3Jvbmcga2V5IHdyb25nIGtleQ=="
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise SystemExit(f"FAIL: {message}")


def start_emulator(binary):
    process = subprocess.Popen(
                [binary, "emulator", "--demo", "--generate", "paged:1234:100", "--listen", "127.0.0.1:0",
         "--max-page-size", "5000", "--close-batch", "100", "--tree", "walk:23:6",
         "--file", "downloads/big.bin:9000001:md5", "--file", "downloads/no md5 ü#%.bin:3000000",
         "--file", "downloads/empty.bin:0", "--file", "downloads/small.txt:11:md5"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    connection_string = process.stdout.readline().strip()
    check(connection_string.startswith("DefaultEndpointsProtocol=http;"), f"connection string: {connection_string!r}")
    endpoint = dict(part.split("=", 1) for part in connection_string.split(";") if part)["FileEndpoint"]
    return process, connection_string, endpoint


def emulator_handles(endpoint):
    origin = endpoint.rsplit("/", 1)[0]
    with urllib.request.urlopen(f"{origin}/_emulator/handles") as answer:
        return json.load(answer)


def sdk_fields(handle):
    """The SDK's Handle, in azfh's field names and formats."""
    def when(value):
        if value is None:
            return None
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ip, _, port = handle.client_ip.rpartition(":")
    return {
        "handle_id": str(handle.id),
        "path": handle.path or "",
        "file_id": str(handle.file_id),
        "parent_id": str(handle.parent_id),
        "session_id": str(handle.session_id),
        "client_ip": ip,
        "client_port": int(port),
        "client_name": handle.client_name,
        "open_time": when(handle.open_time),
        "last_reconnect_time": when(handle.last_reconnect_time),
        "access_rights": sorted(right.lower() for right in (handle.access_rights or [])),
    }


def emulator_fields(record):
    fields = {k: record[k] for k in ["handle_id", "path", "file_id", "parent_id", "session_id", "client_ip",
                                     "client_port", "client_name", "open_time", "last_reconnect_time"]}
    fields["access_rights"] = sorted(record["access_rights"])
    return fields


def emulator_files(endpoint, share):
    origin = endpoint.rsplit("/", 1)[0]
    query = urllib.parse.urlencode({"share": share, "md5": "true"})
    with urllib.request.urlopen(f"{origin}/_emulator/files?{query}") as answer:
        return json.load(answer)


def walk(directory, prefix=""):
    """Every path below `directory`, as the SDK lists it: a few entries a page, recursively."""
    found = {}
    for page in directory.list_directories_and_files(results_per_page=4).by_page():
        for item in page:
            path = f"{prefix}{item['name']}"
            if item["is_directory"]:
                found[path] = ("directory", None)
                found.update(walk(directory.get_subdirectory_client(item["name"]), f"{path}/"))
            else:
                found[path] = ("file", item["size"])
    return found


def check_listing(connection_string, endpoint):
    expected = {e["path"]: (e["type"], e["size"]) for e in emulator_files(endpoint, "walk")}
    root = ShareClient.from_connection_string(connection_string, "walk").get_directory_client("")
    listed = walk(root)
    check(len(expected) > 150, f"a tree worth walking ({len(expected)} entries)")
    check(listed == expected, f"the SDK's walk differs from the tree: {sorted(set(listed) ^ set(expected))[:5]}")

    # Extended info: ids and timestamps of one directory, and a prefix.
    ids = {e["path"]: e["file_id"] for e in emulator_files(endpoint, "walk")}
    directory = root.get_subdirectory_client("g03")
    items = list(directory.list_directories_and_files(include=["timestamps", "Etag", "Attributes", "PermissionKey"],
                                                        include_extended_info=True))
    check(len(items) > 1, "g03 has entries")
    for item in items:
        check(str(item["file_id"]) == ids[f"g03/{item['name']}"], f"file id of g03/{item['name']}")
        check(item["last_write_time"] is not None and item["etag"], f"timestamps and ETag of {item['name']}")
    first = items[0]["name"]
    prefixed = [i["name"] for i in directory.list_directories_and_files(name_starts_with=first[:4])]
    check(prefixed == [i["name"] for i in items if i["name"].lower().startswith(first[:4].lower())],
          f"name_starts_with={first[:4]!r}: {prefixed}")
    # The demo share: odd names, one of them only expressible with Encoded="true" (U+FFFE).
    demo_expected = {e["path"]: (e["type"], e["size"]) for e in emulator_files(endpoint, "demo")}
    demo_listed = walk(ShareClient.from_connection_string(connection_string, "demo").get_directory_client(""))
    check(demo_listed == demo_expected, f"the demo walk differs: {sorted(set(demo_listed) ^ set(demo_expected))[:5]}")
    check(any("\ufffe" in path for path in demo_listed), "the U+FFFE name decoded")


def check_downloads(connection_string, endpoint):
    expected = {e["path"]: e for e in emulator_files(endpoint, "downloads")}
    # Small ranges so that even 9 MB takes many requests: 1 MiB first, then 1 MiB chunks.
    share = ShareClient.from_connection_string(connection_string, "downloads",
                                               max_single_get_size=1 << 20, max_chunk_get_size=1 << 20)
    for path, entry in expected.items():
        if entry["type"] != "file":
            continue
        for concurrency in (1, 4):
            for validate in (False, True):
                data = share.get_file_client(path).download_file(max_concurrency=concurrency,
                                                                 validate_content=validate).readall()
                what = f"{path} (max_concurrency={concurrency}, validate_content={validate})"
                check(len(data) == entry["size"], f"{what}: {len(data)} bytes, want {entry['size']}")
                check(hashlib.md5(data).hexdigest() == entry["content_md5"], f"{what}: bytes differ")
        properties = share.get_file_client(path).get_file_properties()
        stored = properties.content_settings.content_md5
        check((stored.hex() if stored else None) == entry["md5"], f"{path}: stored MD5 {stored}")
    # A range, and a range past the end.
    big = share.get_file_client("big.bin")
    part = big.download_file(offset=5_000_000, length=123_457, max_concurrency=4).readall()
    whole = big.download_file(max_concurrency=4).readall()
    check(part == whole[5_000_000:5_123_457], "a ranged download_file")
    try:
        big.download_file(offset=9_000_001, length=10).readall()
        check(False, "a range past the end was served")
    except HttpResponseError as err:
        check(err.status_code == 416, f"a range past the end: status {err.status_code}")


def check_read_side(connection_string):
    """List Shares, Get Share/Directory Properties: what exists() and list_shares call."""
    service = ShareServiceClient.from_connection_string(connection_string)
    shares = list(service.list_shares(include_snapshots=True, include_metadata=True, results_per_page=2))
    names = [share.name for share in shares if not share.snapshot]
    for name in ["demo", "downloads", "paged", "walk"]:
        check(name in names, f"list_shares lists {name}: {names}")
    check(any(share.name == "demo" and share.snapshot for share in shares), "list_shares lists the demo snapshot")
    check(all(share.quota and share.etag and share.last_modified for share in shares), "quota, etag, last-modified")
    demo = service.get_share_client("demo")
    # This SDK's ShareClient has no exists(): get_share_properties is what it would call.
    check(demo.get_share_properties().quota > 0, "get_share_properties has a quota")
    try:
        service.get_share_client("nosuchshare").get_share_properties()
        check(False, "a missing share has properties")
    except ResourceNotFoundError as err:
        check(err.error_code == "ShareNotFound", f"a missing share: {err.error_code}")
    check(demo.get_directory_client("projects/apollo").exists(), "a directory exists")
    check(not demo.get_directory_client("projects/nope").exists(), "a missing directory does not")
    check(not demo.get_directory_client("nope/deeper").exists(), "a directory under a missing one does not")
    check(demo.get_file_client("shared/Open Questions.docx").exists(), "a file exists")
    check(not demo.get_file_client("shared/nope.docx").exists(), "a missing file does not")
    properties = demo.get_directory_client("projects").get_directory_properties()
    check(properties.file_attributes == "Directory", f"directory attributes {properties.file_attributes}")


def compare(listed, expected, what):
    got = sorted((sdk_fields(h) for h in listed), key=lambda f: int(f["handle_id"]))
    want = sorted((emulator_fields(r) for r in expected), key=lambda f: int(f["handle_id"]))
    check(len(got) == len(want), f"{what}: SDK listed {len(got)} handles, emulator holds {len(want)}")
    for g, w in zip(got, want):
        check(g == w, f"{what}: handle differs\n  SDK:      {g}\n  emulator: {w}")


def main():
    binary = sys.argv[1]
    process, connection_string, endpoint = start_emulator(binary)
    try:
        everything = emulator_handles(endpoint)
        live = [r for r in everything if r["snapshot"] is None]

        # The whole demo share, recursively, 7 handles a page: more than 40 pages.
        share = ShareClient.from_connection_string(connection_string, "demo")
        root = share.get_directory_client("")
        pages = list(root.list_handles(recursive=True, results_per_page=7).by_page())
        listed = [h for page in pages for h in page]
        check(len(pages) >= 3, f"several pages ({len(pages)})")
        compare(listed, [r for r in live if r["share"] == "demo"], "demo share, recursive")
        check(any("\ufffe" in (h.path or "") for h in listed), "the U+FFFE path decoded")
        check(any(h.client_name is None for h in listed), "a handle without a client name")

        # A directory (recursive) and a file (not).
        directory = share.get_directory_client("projects/apollo")
        compare(list(directory.list_handles(recursive=True)),
                [r for r in live if r["share"] == "demo" and r["path"].startswith("projects/apollo")],
                "projects/apollo, recursive")
        file_client = share.get_file_client("shared/Open Questions.docx")
        compare(list(file_client.list_handles()),
                [r for r in live if r["share"] == "demo" and r["path"] == "shared/Open Questions.docx"],
                "a file with a space in its name")

        # A generated share of 1,234 handles, in pages of 500.
        paged = ShareClient.from_connection_string(connection_string, "paged").get_directory_client("")
        pages = list(paged.list_handles(recursive=True, results_per_page=500).by_page())
        check(len(pages) == 3, f"1,234 handles in 3 pages, got {len(pages)}")
        compare([h for p in pages for h in p], [r for r in live if r["share"] == "paged"], "generated share")

        # The snapshot.
        snapshots = [r for r in everything if r["snapshot"] is not None]
        snapshot = snapshots[0]["snapshot"]
        snap_share = ShareClient.from_connection_string(connection_string, "demo", snapshot=snapshot)
        compare(list(snap_share.get_directory_client("").list_handles(recursive=True)), snapshots, "snapshot")

        # A wrong key is refused with 403.
        wrong = ShareClient.from_connection_string(connection_string.replace(KEY, WRONG_KEY), "demo")
        try:
            list(wrong.get_directory_client("").list_handles(recursive=True))
            check(False, "a wrong key was accepted")
        except (ClientAuthenticationError, HttpResponseError) as err:
            check(err.status_code == 403, f"wrong key: status {err.status_code}")
            check(getattr(err, "error_code", None) == "AuthenticationFailed", f"wrong key: code {getattr(err, 'error_code', None)}")

        # SAS tokens made by the SDK's generators.
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        account_sas = generate_account_sas(ACCOUNT, KEY, ResourceTypes(service=True, container=True, object=True),
                                           AccountSasPermissions(read=True, list=True), expiry)
        via_account_sas = ShareClient(endpoint, "demo", credential=account_sas).get_directory_client("")
        check(len(list(via_account_sas.list_handles(recursive=True))) == len([r for r in live if r["share"] == "demo"]),
              "account SAS lists every handle")
        share_sas = generate_share_sas(ACCOUNT, "demo", KEY, permission=ShareSasPermissions(read=True, list=True), expiry=expiry)
        via_share_sas = ShareClient(endpoint, "demo", credential=share_sas).get_directory_client("projects")
        check(len(list(via_share_sas.list_handles(recursive=True))) > 0, "share SAS lists handles")
        read_only = generate_share_sas(ACCOUNT, "demo", KEY, permission=ShareSasPermissions(read=True), expiry=expiry)
        try:
            list(ShareClient(endpoint, "demo", credential=read_only).get_directory_client("").list_handles())
            check(False, "a SAS without list permission was accepted")
        except HttpResponseError as err:
            check(err.status_code == 403, f"SAS without l: status {err.status_code}")
        other_share = generate_share_sas(ACCOUNT, "paged", KEY, permission=ShareSasPermissions(list=True), expiry=expiry)
        try:
            list(ShareClient(endpoint, "demo", credential=other_share).get_directory_client("").list_handles())
            check(False, "a SAS for another share was accepted")
        except HttpResponseError as err:
            check(err.status_code == 403, f"SAS for another share: status {err.status_code}")

        # Closing one handle by id, on its own path: a file's, then a directory's.
        def live_ids():
            return {r["handle_id"] for r in emulator_handles(endpoint) if r["snapshot"] is None and r["share"] == "demo"}

        for client in [share.get_file_client("shared/Open Questions.docx"), share.get_directory_client("projects")]:
            handle = next(iter(client.list_handles()))
            before = live_ids()
            closed = client.close_handle(handle)
            check(closed["closed_handles_count"] == 1, f"close_handle closed {closed}")
            check(before - live_ids() == {str(handle.id)}, "close_handle closed exactly that handle")
            again = client.close_handle(handle)
            check(again["closed_handles_count"] == 0, "closing it again closes nothing (200, 0 closed)")

        # Closing everything below a directory, in several marker rounds of 100.
        generated = ShareClient.from_connection_string(connection_string, "paged").get_directory_client("")
        total = generated.close_all_handles(recursive=True)
        check(total["closed_handles_count"] == 1234, f"close_all_handles closed {total} in several rounds")
        check(total["failed_handles_count"] == 0, f"close_all_handles failed {total}")
        check(not [r for r in emulator_handles(endpoint) if r["share"] == "paged"], "the generated share has no handle left")
        stats = json.load(urllib.request.urlopen(endpoint.rsplit("/", 1)[0] + "/_emulator/stats"))
        check(stats["operations"]["ForceCloseHandles"] >= 13, f"several marker rounds: {stats}")

        check_listing(connection_string, endpoint)
        check_downloads(connection_string, endpoint)
        check_read_side(connection_string)
    finally:
        process.terminate()
        process.wait()
    print(f"conformance: {checks} checks passed against Microsoft's azure-storage-file-share")


if __name__ == "__main__":
    main()
