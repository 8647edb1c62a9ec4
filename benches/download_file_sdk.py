"""The reference: Microsoft's Python SDK downloading one file to disk with download_file,
`max_concurrency` connections (what `azfh get SHARE/PATH DEST` does); prints the byte count.

    python download_file_sdk.py CONNECTION_STRING SHARE PATH DEST MAX_CONCURRENCY
"""
import sys

from azure.storage.fileshare import ShareClient

connection_string, share, path, dest, concurrency = sys.argv[1:6]
client = ShareClient.from_connection_string(connection_string, share).get_file_client(path)
with open(dest, "wb") as out:
    written = client.download_file(max_concurrency=int(concurrency)).readinto(out)
print(written)
