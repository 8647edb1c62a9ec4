"""The reference: Microsoft's Python SDK closing stale handles the way its documentation
allows: list every handle, keep those opened before now - 7 days, close each by id on its own
path, one after another. One JSON line per closed handle.

    python close_handles_sdk.py CONNECTION_STRING SHARE PAGE_SIZE
"""
import datetime
import json
import sys

from azure.storage.fileshare import ShareClient

connection_string, share_name, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
share = ShareClient.from_connection_string(connection_string, share_name)
cutoff = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=7)
stale = [h for h in share.get_directory_client("").list_handles(recursive=True, results_per_page=page_size)
         if h.open_time < cutoff]
for handle in stale:
    result = share.get_file_client(handle.path).close_handle(handle)
    sys.stdout.write(json.dumps({"handle_id": str(handle.id), "closed": result["closed_handles_count"]}) + "\n")
