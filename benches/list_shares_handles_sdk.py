"""The reference for several shares: Microsoft's Python SDK listing every share of the account,
then every handle of each SMB share in turn, one JSON line each (what
`azfh handles ls --all-shares -r -o jsonl` prints). This is the loop operators run by hand.

    python list_shares_handles_sdk.py CONNECTION_STRING PAGE_SIZE
"""
import json
import sys

from azure.storage.fileshare import ShareServiceClient

connection_string, page_size = sys.argv[1], int(sys.argv[2])
service = ShareServiceClient.from_connection_string(connection_string)
out = sys.stdout
for share in service.list_shares():
    if "NFS" in (share.protocols or []):
        continue
    root = service.get_share_client(share.name).get_directory_client("")
    for handle in root.list_handles(recursive=True, results_per_page=page_size):
        out.write(json.dumps({
            "share": share.name,
            "handle_id": str(handle.id),
            "path": handle.path,
            "file_id": str(handle.file_id),
            "session_id": str(handle.session_id),
            "client_ip": handle.client_ip,
            "client_name": handle.client_name,
            "open_time": handle.open_time.isoformat(),
            "access_rights": handle.access_rights,
        }) + "\n")
