# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_azfh_global_optspecs
    string join \n account= account-key= sas-token= connection-string= endpoint= auth-mode= emulator config= snapshot= allow-http ca-cert= insecure qumulo-token= qumulo-credentials= qumulo-user= qumulo-base= timeout= deadline= retries= o/output= no-header pretty q/quiet v/verbose no-progress color= h/help V/version
end

function __fish_azfh_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_azfh_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_azfh_using_subcommand
    set -l cmd (__fish_azfh_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c azfh -n "__fish_azfh_needs_command" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_needs_command" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_needs_command" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_needs_command" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_needs_command" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_needs_command" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_needs_command" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_needs_command" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_needs_command" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_needs_command" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_needs_command" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_needs_command" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_needs_command" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_needs_command" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_needs_command" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_needs_command" -s V -l version -d 'Print version'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "handles" -d 'List or force-close open SMB handles'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "sessions" -d 'List or close a Qumulo cluster\'s SMB sessions'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "shares" -d 'List the shares of a storage account'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "ls" -d 'List directories and files'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "get" -d 'Download a file (or, with -r, a directory tree)'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "emulator" -d 'Run a local Azure Files emulator (loopback only)'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "config" -d 'Check the config file of named accounts'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "man" -d 'Print the man page of azfh or of one of its commands'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c azfh -n "__fish_azfh_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -f -a "ls" -d 'List open handles under a share, directory or file'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -f -a "close" -d 'Force-close handles: those the filters select, given ids, or all'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -f -a "stats" -d 'Count handles per share, path and client, against the service\'s limits'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and not __fish_seen_subcommand_from ls close stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l share-concurrency -d 'With several shares: how many are listed at once, at most' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l page-size -d 'Handles per List Handles request (1 to 5000) [default: the service\'s]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l group-by -d 'One row per client-ip, client-name, session, path, owner, share or account' -r -f -a "client-ip\t''
client-name\t''
session\t''
path\t''
owner\t'Qumulo: the user who opened the handle'
share\t'The share the handle was listed on (`ACCOUNT:SHARE`), over several shares'
account\t'The account the handle was listed on, over several shares'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l columns -d 'Table and tsv columns, in order (names: --help)' -r -f -a "handle_id\t''
path\t''
file_id\t''
parent_id\t''
session_id\t''
client\t''
client_ip\t''
client_port\t''
client_name\t''
open_time\t''
last_reconnect_time\t''
access_rights\t''
owner\t''
byte_range_locks\t''
owner_name\t''
account\t''
share\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l time -d 'relative (ages, the default) or absolute (RFC 3339 UTC)' -r -f -a "relative\t'How long ago: `8d 3h ago`'
absolute\t'When, in UTC: `2026-11-13T08:30:00Z` (as in tsv and json)'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l sort -d 'Print in this order (buffers the listing)' -r -f -a "open-time\t'Oldest open time first (handles without one last)'
path\t'By path, case-insensitively, as Azure Files compares names'
client\t'By client address, then port (handles without a client last)'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l limit -d 'Print at most N handles' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l older-than -d 'Opened before now − DUR (90m, 36h, 7d, 2w)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l newer-than -d 'Opened after now − DUR' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l opened-before -d 'Opened before TIME (RFC 3339, or a date)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l opened-after -d 'Opened after TIME (RFC 3339, or a date)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l client-ip -d 'Client address is IP, in CIDR, or IP:PORT (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l client-ip-ambiguous -d 'Qumulo: a handle on a file that clients inside and outside --client-ip both hold is ambiguous: left out (exclude), or taken (include) [default: exclude]' -r -f -a "exclude\t'Leave it out: it is never closed on the strength of an address that may not be its'
include\t'Take it'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l exclude-client-ip -d 'Client address is not IP, not in CIDR, not IP:PORT (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l client-name -d 'Client name matches GLOB (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l exclude-client-name -d 'Client name does not match GLOB (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l path -d 'Path matches GLOB (repeatable; \'*\' within a segment, \'**\' across)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l session-id -d 'SMB session id is ID (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l access -d 'Access rights include RIGHT: read, write or delete (repeatable)' -r -f -a "read\t''
write\t''
delete\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l owner -d 'Qumulo: opened by this user: an auth_id as listed in owner, or a name as in owner_name (DOMAIN\\name, or the name alone; case-insensitive) (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l all-shares -d 'Every SMB share of the accounts named'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -s r -l recursive -d 'Also list handles on everything below TARGET'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l share-concurrency -d 'With several shares: how many are listed at once, at most' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l handle-id -d 'Close this id (repeatable; \'-\' reads ids from stdin)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l max -d 'If more than N handles are selected, close none (exit 2)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l verify -d 'Then watch DUR (30s), closing what clients reopen' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l concurrency -d 'Closes in flight at once, at most (halved while the service throttles)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l marker -d 'Resume an interrupted --all close from the marker it printed' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l page-size -d 'Handles per List Handles request while selecting (1 to 5000)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l older-than -d 'Opened before now − DUR (90m, 36h, 7d, 2w)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l newer-than -d 'Opened after now − DUR' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l opened-before -d 'Opened before TIME (RFC 3339, or a date)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l opened-after -d 'Opened after TIME (RFC 3339, or a date)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l client-ip -d 'Client address is IP, in CIDR, or IP:PORT (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l client-ip-ambiguous -d 'Qumulo: a handle on a file that clients inside and outside --client-ip both hold is ambiguous: left out (exclude), or taken (include) [default: exclude]' -r -f -a "exclude\t'Leave it out: it is never closed on the strength of an address that may not be its'
include\t'Take it'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l exclude-client-ip -d 'Client address is not IP, not in CIDR, not IP:PORT (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l client-name -d 'Client name matches GLOB (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l exclude-client-name -d 'Client name does not match GLOB (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l path -d 'Path matches GLOB (repeatable; \'*\' within a segment, \'**\' across)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l session-id -d 'SMB session id is ID (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l access -d 'Access rights include RIGHT: read, write or delete (repeatable)' -r -f -a "read\t''
write\t''
delete\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l owner -d 'Qumulo: opened by this user: an auth_id as listed in owner, or a name as in owner_name (DOMAIN\\name, or the name alone; case-insensitive) (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l all-shares -d 'Every SMB share of the accounts named'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -s r -l recursive -d 'Also close handles on everything below TARGET'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l all -d 'Close every handle on TARGET (with -r, below it too)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l dry-run -d 'Print what would be closed; close nothing'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -s y -l yes -d 'Do not ask (needed when there is no terminal)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l share-concurrency -d 'With several shares: how many are listed at once, at most' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l older-than -d 'Handles opened before now − DUR count as stale (90m, 36h, 7d, 2w)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l top -d 'Report the N paths and the N clients with the most handles' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l page-size -d 'Handles per List Handles request (1 to 5000) [default: the service\'s]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l output-file -d 'Write the results to FILE, atomically, instead of stdout' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l watch -d 'On a terminal: count again every DUR and redraw the table, with the change since the last pass (Ctrl-C ends it)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -s o -l output -d 'table (on a terminal), tsv, json, jsonl, prometheus; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l all-shares -d 'Every SMB share of the accounts named'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -s r -l recursive -d 'Also count handles on everything below TARGET (without it: TARGET itself only)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List open handles under a share, directory or file'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from help" -f -a "close" -d 'Force-close handles: those the filters select, given ids, or all'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Count handles per share, path and client, against the service\'s limits'
complete -c azfh -n "__fish_azfh_using_subcommand handles; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -f -a "ls" -d 'List the cluster\'s SMB sessions'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -f -a "close" -d 'Close SMB sessions: those the filters select'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and not __fish_seen_subcommand_from ls close help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l page-size -d 'Sessions per request [default: the cluster\'s]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l client-ip -d 'Client address is IP or in CIDR (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l owner -d 'The user: a name (CORP\\alice, alice; case-insensitive) or an auth_id (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l share -d 'The session uses share NAME (case-insensitive; repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l idle-longer-than -d 'Idle for longer than DUR (90m, 8h, 2d)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l older-than -d 'Open for longer than DUR' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l max -d 'If more than N sessions are selected, close none (exit 2)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l page-size -d 'Sessions per request while listing [default: the cluster\'s]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l client-ip -d 'Client address is IP or in CIDR (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l owner -d 'The user: a name (CORP\\alice, alice; case-insensitive) or an auth_id (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l share -d 'The session uses share NAME (case-insensitive; repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l idle-longer-than -d 'Idle for longer than DUR (90m, 8h, 2d)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l older-than -d 'Open for longer than DUR' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l all -d 'Close every session (no filter needed)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l dry-run -d 'Print what would be closed; close nothing'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -s y -l yes -d 'Do not ask (needed when there is no terminal)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the cluster\'s SMB sessions'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "close" -d 'Close SMB sessions: those the filters select'
complete -c azfh -n "__fish_azfh_using_subcommand sessions; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -f -a "ls" -d 'List the shares of a storage account'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and not __fish_seen_subcommand_from ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l prefix -d 'Only shares whose name starts with P' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l page-size -d 'Shares per List Shares request (1 to 5000)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l snapshots -d 'Also each share\'s snapshots (the SNAPSHOT column names them)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the shares of a storage account'
complete -c azfh -n "__fish_azfh_using_subcommand shares; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l columns -d 'Table and tsv columns, in order (the names are in --help)' -r -f -a "path\t''
type\t''
size\t''
file_id\t''
last_write_time\t''
creation_time\t''
change_time\t''
last_modified\t''
etag\t''
attributes\t''"
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l prefix -d 'Only names at TARGET\'s level that start with P (case-insensitive)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l page-size -d 'Entries per List Directories and Files request (1 to 5000)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l concurrency -d 'With -r: directories listed at once, at most (halved while the service throttles)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand ls" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand ls" -s r -l recursive -d 'The whole tree below TARGET (paths relative to TARGET)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -s l -l long -d 'Add type, size, last write time, attributes, file id and ETag'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l bytes -d 'Sizes in a table as byte counts (tsv and json always have them)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l concurrency -d 'Ranges (and, with -r, files) in flight at once' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l block-size -d 'Bytes per ranged read: 64K to 256M (units K, M, G are powers of 1,024)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l range -d 'Only bytes START to END (inclusive), or START- to the end' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand get" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand get" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand get" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand get" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand get" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand get" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand get" -s r -l recursive -d 'Download the directory tree below SOURCE into DEST'
complete -c azfh -n "__fish_azfh_using_subcommand get" -s f -l force -d 'Overwrite DEST if it exists (only once the download is complete)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l resume -d 'Continue a partial download whose file has not changed since'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l no-verify -d 'Skip the MD5 check of files that have one'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l fsync -d 'Flush each file to disk before it takes DEST\'s name, so a power loss cannot leave DEST empty (slower: the command waits for the disk)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l listen -d 'Address to listen on (loopback only; localhost:PORT is 127.0.0.1:PORT)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l account -d 'Storage account to serve, the first segment of every path (3 to 24 lowercase letters and digits); two emulators with two names stand for two accounts' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l state -d 'Load shares, files and handles from a JSON file (format in README.md)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l generate -d 'Add a synthetic share: SHARE:HANDLES[:STALE], e.g. big:100000:5000' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l tree -d 'Add a synthetic tree: SHARE:DIRECTORIES:FILES_PER_DIRECTORY, e.g. tree:1000:50' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l file -d 'Add a synthetic file: SHARE/PATH:SIZE[:md5], e.g. big/data.bin:1G (content costs no memory)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l max-page-size -d 'Most handles per List Handles page (also the default page size)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l bearer-token -d 'Accept this OAuth bearer token (repeatable); requests must also send x-ms-file-request-intent: backup' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l max-connections -d 'Serve at most N connections at once (more wait until one closes)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l idle-timeout -d 'Close a connection whose request body, or whose reading of an answer, stalls this long' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l header-timeout -d 'Close a connection that sends no request head this long after connecting or after its last answer (at most --idle-timeout)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l request-log -d 'Append one JSON line per request to FILE' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-login -d 'Qumulo: accept a login as USER:PASSWORD (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l cert-out -d 'Qumulo: write the certificate (PEM) to FILE, for clients\' --ca-cert' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l fail-close-location -d 'Qumulo: this handle location fails to close (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-withhold-privilege -d 'Qumulo: who-am-i leaves out PRIVILEGE (repeatable), to see the privilege preflight\'s message; e.g. PRIVILEGE_SMB_FILE_HANDLE_WRITE' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l latency -d 'Delay every request by DUR' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l busy-every -d 'Answer every Nth request 503 ServerBusy' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l retry-after -d 'Retry-After seconds sent with ServerBusy' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l timeout-every -d 'Answer every Nth request 500 OperationTimedOut' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l drop-every -d 'Drop the connection halfway through every Nth answer' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l throttle -d 'Answer requests beyond N a second 503 ServerBusy (the account\'s rate limit)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l busy-after -d 'Answer every request after the Nth 503 ServerBusy (an outage)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l close-batch -d 'Close at most N handles per \'*\' Force Close request (more need marker rounds)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l fail-close-every -d 'Handles whose id is a multiple of N fail to close' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l fail-close -d 'This handle id fails to close (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l reopen-after -d 'Clients reopen a closed handle (as a new handle) after DUR' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l reopen-times -d 'How many times in a row a client reopens' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l modify-after-reads -d 'A writer changes each file after it has been read N times (its ETag changes)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l lock -d 'Reading this share-relative path is 409 FileLockConflict (repeatable)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l demo -d 'Load the demo share ("demo")'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l print-connection-string -d 'Print the connection string of an emulator on --listen, and exit without serving'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo -d 'Serve Qumulo Core\'s REST API instead (handles, login, close), over HTTPS with a fresh self-signed certificate; prints the qumulo:// address'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l qumulo-api-prefix -d 'Qumulo: serve the API under /api only, as a cluster\'s web port does (clients then need --qumulo-base /api)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l repeat-marker -d 'Listing pages repeat the marker they were given (a server fault)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l empty-pages -d 'Precede every listing page with an empty page that carries a marker'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand emulator" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Say what each named account of the config file resolves to (secrets redacted)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Say what each named account of the config file resolves to (secrets redacted)'
complete -c azfh -n "__fish_azfh_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand man" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand man" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand man" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand man" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand man" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand man" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand man" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand man" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand man" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l account -d 'Storage account name' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l account-key -d 'Shared Key credential: the account\'s key1 or key2' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l sas-token -d 'SAS credential, with or without the leading \'?\'' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l connection-string -d 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l endpoint -d 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l auth-mode -d 'Credential kind to use [default: the one given, else login; also az\'s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]' -r -f -a "key\t'Shared Key (--account-key or a connection string\'s AccountKey)'
sas\t'Shared access signature'
login\t'OAuth through Azure CLI, managed identity, workload identity or a service principal'"
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l config -d 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l snapshot -d 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l ca-cert -d 'Trust the PEM certificate(s) in FILE besides the system\'s (a Qumulo cluster\'s self-signed certificate, a company CA)' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l qumulo-token -d 'Qumulo: bearer token (a session or access token)' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l qumulo-credentials -d 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq\'s own file for the cluster]' -r -F
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l qumulo-user -d 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l qumulo-base -d 'Qumulo: the API\'s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l timeout -d 'Longest silence of a server: before its answer, or within it' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l deadline -d 'Most time one request may take, retries included [default: 2m, or twice --timeout]' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l retries -d 'Retries for throttling and transient faults, per request' -r -f
complete -c azfh -n "__fish_azfh_using_subcommand completions" -s o -l output -d 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT' -r -f -a "table\t''
tsv\t''
json\t''
jsonl\t''"
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l color -d 'When to use colors (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l emulator -d 'Run against an emulator embedded in this process, loaded with the demo share'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l allow-http -d 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l insecure -d 'Do not verify the server\'s certificate (warned about on stderr; prefer --ca-cert)'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l no-header -d 'No header line in tables and tsv'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l pretty -d 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -s q -l quiet -d 'Say less on stderr (-qq: no warnings either)'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -s v -l verbose -d 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -l no-progress -d 'Never draw progress (it is drawn only on a terminal anyway)'
complete -c azfh -n "__fish_azfh_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "handles" -d 'List or force-close open SMB handles'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "sessions" -d 'List or close a Qumulo cluster\'s SMB sessions'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "shares" -d 'List the shares of a storage account'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "ls" -d 'List directories and files'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "get" -d 'Download a file (or, with -r, a directory tree)'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "emulator" -d 'Run a local Azure Files emulator (loopback only)'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "config" -d 'Check the config file of named accounts'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "man" -d 'Print the man page of azfh or of one of its commands'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c azfh -n "__fish_azfh_using_subcommand help; and not __fish_seen_subcommand_from handles sessions shares ls get emulator config man completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from handles" -f -a "ls" -d 'List open handles under a share, directory or file'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from handles" -f -a "close" -d 'Force-close handles: those the filters select, given ids, or all'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from handles" -f -a "stats" -d 'Count handles per share, path and client, against the service\'s limits'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "ls" -d 'List the cluster\'s SMB sessions'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from sessions" -f -a "close" -d 'Close SMB sessions: those the filters select'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from shares" -f -a "ls" -d 'List the shares of a storage account'
complete -c azfh -n "__fish_azfh_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Say what each named account of the config file resolves to (secrets redacted)'
