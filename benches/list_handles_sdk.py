"""The reference: Microsoft's Python SDK listing every handle of a share, one JSON line each
(what `azfh handles ls SHARE -r -o jsonl` prints).

    python list_handles_sdk.py CONNECTION_STRING SHARE PAGE_SIZE
"""
import json
import sys

from azure.storage.fileshare import ShareClient

connection_string, share, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
root = ShareClient.from_connection_string(connection_string, share).get_directory_client("")
out = sys.stdout
for handle in root.list_handles(recursive=True, results_per_page=page_size):
    out.write(json.dumps({
        "handle_id": str(handle.id),
        "path": handle.path,
        "file_id": str(handle.file_id),
        "parent_id": str(handle.parent_id),
        "session_id": str(handle.session_id),
        "client_ip": handle.client_ip,
        "client_name": handle.client_name,
        "open_time": handle.open_time.isoformat(),
        "last_reconnect_time": handle.last_reconnect_time.isoformat() if handle.last_reconnect_time else None,
        "access_rights": handle.access_rights,
    }) + "\n")
