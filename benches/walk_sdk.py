"""The reference: Microsoft's Python SDK walking a share's tree with list_directories_and_files,
one line per entry (what `azfh ls SHARE -r -o tsv` prints, less its header), directory by
directory as the SDK's samples do.

    python walk_sdk.py CONNECTION_STRING SHARE
"""
import sys

from azure.storage.fileshare import ShareClient

connection_string, share = sys.argv[1], sys.argv[2]
out = sys.stdout
pending = [("", ShareClient.from_connection_string(connection_string, share).get_directory_client(""))]
while pending:
    prefix, directory = pending.pop()
    for item in directory.list_directories_and_files():
        path = prefix + item["name"]
        if item["is_directory"]:
            out.write(f"directory\t{path}\n")
            pending.append((path + "/", directory.get_subdirectory_client(item["name"])))
        else:
            out.write(f"file\t{path}\t{item['size']}\n")
