
use builtin;
use str;

set edit:completion:arg-completer[azfh] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'azfh'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'azfh'= {
            cand --account 'Storage account name'
            cand --account-key 'Shared Key credential: the account''s key1 or key2'
            cand --sas-token 'SAS credential, with or without the leading ''?'''
            cand --connection-string 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)'
            cand --endpoint 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1'
            cand --auth-mode 'Credential kind to use [default: the one given, else login]'
            cand --snapshot 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)'
            cand --timeout 'Per-request timeout'
            cand --retries 'Retries for throttling and transient faults, per request'
            cand -o 'Output format [default: table on a terminal, tsv otherwise]'
            cand --output 'Output format [default: table on a terminal, tsv otherwise]'
            cand --color 'When to use colors (NO_COLOR is honoured)'
            cand --emulator 'Run against an emulator embedded in this process, loaded with the demo share'
            cand --allow-http 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
            cand -q 'Say less on stderr (-qq: no warnings either)'
            cand --quiet 'Say less on stderr (-qq: no warnings either)'
            cand -v 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --verbose 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --no-progress 'Never draw progress (it is drawn only on a terminal anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand handles 'List or force-close open SMB handles'
            cand emulator 'Run a local Azure Files emulator (loopback only)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'azfh;handles'= {
            cand --account 'Storage account name'
            cand --account-key 'Shared Key credential: the account''s key1 or key2'
            cand --sas-token 'SAS credential, with or without the leading ''?'''
            cand --connection-string 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)'
            cand --endpoint 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1'
            cand --auth-mode 'Credential kind to use [default: the one given, else login]'
            cand --snapshot 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)'
            cand --timeout 'Per-request timeout'
            cand --retries 'Retries for throttling and transient faults, per request'
            cand -o 'Output format [default: table on a terminal, tsv otherwise]'
            cand --output 'Output format [default: table on a terminal, tsv otherwise]'
            cand --color 'When to use colors (NO_COLOR is honoured)'
            cand --emulator 'Run against an emulator embedded in this process, loaded with the demo share'
            cand --allow-http 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
            cand -q 'Say less on stderr (-qq: no warnings either)'
            cand --quiet 'Say less on stderr (-qq: no warnings either)'
            cand -v 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --verbose 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --no-progress 'Never draw progress (it is drawn only on a terminal anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List open handles under a share, directory or file'
            cand close 'Force-close handles: those the filters select, given ids, or all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'azfh;handles;ls'= {
            cand --page-size 'Handles per List Handles request (1 to 5000) [default: the service''s]'
            cand --group-by 'One row per group: count, oldest open time, and paths near the handle limits'
            cand --older-than 'Opened before now − DUR (90m, 36h, 7d, 2w)'
            cand --newer-than 'Opened after now − DUR'
            cand --opened-before 'Opened before TIME (RFC 3339, or a date)'
            cand --opened-after 'Opened after TIME (RFC 3339, or a date)'
            cand --client-ip 'Client address is IP or in CIDR (repeatable; IPv4 or IPv6; the port is ignored)'
            cand --exclude-client-ip 'Client address is not IP and not in CIDR (repeatable)'
            cand --client-name 'Client name matches GLOB, case-insensitively (repeatable; nameless handles never match)'
            cand --exclude-client-name 'Client name does not match GLOB (repeatable)'
            cand --path 'Share-relative path matches GLOB (''*'' within a segment, ''**'' across; case-insensitive)'
            cand --session-id 'SMB session id is ID (repeatable)'
            cand --access 'Access rights include RIGHT: read, write or delete (repeatable)'
            cand --account 'Storage account name'
            cand --account-key 'Shared Key credential: the account''s key1 or key2'
            cand --sas-token 'SAS credential, with or without the leading ''?'''
            cand --connection-string 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)'
            cand --endpoint 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1'
            cand --auth-mode 'Credential kind to use [default: the one given, else login]'
            cand --snapshot 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)'
            cand --timeout 'Per-request timeout'
            cand --retries 'Retries for throttling and transient faults, per request'
            cand -o 'Output format [default: table on a terminal, tsv otherwise]'
            cand --output 'Output format [default: table on a terminal, tsv otherwise]'
            cand --color 'When to use colors (NO_COLOR is honoured)'
            cand -r 'Also list handles on everything below TARGET'
            cand --recursive 'Also list handles on everything below TARGET'
            cand --emulator 'Run against an emulator embedded in this process, loaded with the demo share'
            cand --allow-http 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
            cand -q 'Say less on stderr (-qq: no warnings either)'
            cand --quiet 'Say less on stderr (-qq: no warnings either)'
            cand -v 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --verbose 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --no-progress 'Never draw progress (it is drawn only on a terminal anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'azfh;handles;close'= {
            cand --handle-id 'Close this handle id (repeatable; ''-'' reads ids from stdin, one a line)'
            cand --max 'If more than N handles are selected, close none (exit 2)'
            cand --verify 'Afterwards, list again and close what reappeared, until none is left or DUR passes'
            cand --concurrency 'Closes in flight at once, at most (halved while the service throttles)'
            cand --marker 'Resume an interrupted --all close from the marker it printed'
            cand --page-size 'Handles per List Handles request while selecting (1 to 5000)'
            cand --older-than 'Opened before now − DUR (90m, 36h, 7d, 2w)'
            cand --newer-than 'Opened after now − DUR'
            cand --opened-before 'Opened before TIME (RFC 3339, or a date)'
            cand --opened-after 'Opened after TIME (RFC 3339, or a date)'
            cand --client-ip 'Client address is IP or in CIDR (repeatable; IPv4 or IPv6; the port is ignored)'
            cand --exclude-client-ip 'Client address is not IP and not in CIDR (repeatable)'
            cand --client-name 'Client name matches GLOB, case-insensitively (repeatable; nameless handles never match)'
            cand --exclude-client-name 'Client name does not match GLOB (repeatable)'
            cand --path 'Share-relative path matches GLOB (''*'' within a segment, ''**'' across; case-insensitive)'
            cand --session-id 'SMB session id is ID (repeatable)'
            cand --access 'Access rights include RIGHT: read, write or delete (repeatable)'
            cand --account 'Storage account name'
            cand --account-key 'Shared Key credential: the account''s key1 or key2'
            cand --sas-token 'SAS credential, with or without the leading ''?'''
            cand --connection-string 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)'
            cand --endpoint 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1'
            cand --auth-mode 'Credential kind to use [default: the one given, else login]'
            cand --snapshot 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)'
            cand --timeout 'Per-request timeout'
            cand --retries 'Retries for throttling and transient faults, per request'
            cand -o 'Output format [default: table on a terminal, tsv otherwise]'
            cand --output 'Output format [default: table on a terminal, tsv otherwise]'
            cand --color 'When to use colors (NO_COLOR is honoured)'
            cand -r 'Also close handles on everything below TARGET'
            cand --recursive 'Also close handles on everything below TARGET'
            cand --all 'Close every handle on TARGET (with -r, below it too)'
            cand --dry-run 'Print what would be closed; close nothing'
            cand -y 'Do not ask (needed when there is no terminal)'
            cand --yes 'Do not ask (needed when there is no terminal)'
            cand --emulator 'Run against an emulator embedded in this process, loaded with the demo share'
            cand --allow-http 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
            cand -q 'Say less on stderr (-qq: no warnings either)'
            cand --quiet 'Say less on stderr (-qq: no warnings either)'
            cand -v 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --verbose 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --no-progress 'Never draw progress (it is drawn only on a terminal anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'azfh;handles;help'= {
            cand ls 'List open handles under a share, directory or file'
            cand close 'Force-close handles: those the filters select, given ids, or all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'azfh;handles;help;ls'= {
        }
        &'azfh;handles;help;close'= {
        }
        &'azfh;handles;help;help'= {
        }
        &'azfh;emulator'= {
            cand --listen 'Address to listen on (loopback only)'
            cand --state 'Load shares, files and handles from a JSON file (format in README.md)'
            cand --generate 'Add a synthetic share: SHARE:HANDLES[:STALE], e.g. big:100000:5000'
            cand --max-page-size 'Most handles per List Handles page (also the default page size)'
            cand --bearer-token 'Accept this OAuth bearer token (repeatable); requests must also send x-ms-file-request-intent: backup'
            cand --request-log 'Append one JSON line per request to FILE'
            cand --latency 'Delay every request by DUR'
            cand --busy-every 'Answer every Nth request 503 ServerBusy'
            cand --retry-after 'Retry-After seconds sent with ServerBusy'
            cand --timeout-every 'Answer every Nth request 500 OperationTimedOut'
            cand --drop-every 'Drop the connection halfway through every Nth answer'
            cand --busy-after 'Answer every request after the Nth 503 ServerBusy (an outage)'
            cand --close-batch 'Close at most N handles per ''*'' Force Close request (more need marker rounds)'
            cand --fail-close-every 'Handles whose id is a multiple of N fail to close'
            cand --fail-close 'This handle id fails to close (repeatable)'
            cand --reopen-after 'Clients reopen a closed handle (as a new handle) after DUR'
            cand --reopen-times 'How many times in a row a client reopens'
            cand --account 'Storage account name'
            cand --account-key 'Shared Key credential: the account''s key1 or key2'
            cand --sas-token 'SAS credential, with or without the leading ''?'''
            cand --connection-string 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)'
            cand --endpoint 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1'
            cand --auth-mode 'Credential kind to use [default: the one given, else login]'
            cand --snapshot 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)'
            cand --timeout 'Per-request timeout'
            cand --retries 'Retries for throttling and transient faults, per request'
            cand -o 'Output format [default: table on a terminal, tsv otherwise]'
            cand --output 'Output format [default: table on a terminal, tsv otherwise]'
            cand --color 'When to use colors (NO_COLOR is honoured)'
            cand --demo 'Load the demo share ("demo")'
            cand --print-connection-string 'Print only the connection string on stdout (then serve)'
            cand --repeat-marker 'Listing pages repeat the marker they were given (a server fault)'
            cand --empty-pages 'Precede every listing page with an empty page that carries a marker'
            cand --emulator 'Run against an emulator embedded in this process, loaded with the demo share'
            cand --allow-http 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
            cand -q 'Say less on stderr (-qq: no warnings either)'
            cand --quiet 'Say less on stderr (-qq: no warnings either)'
            cand -v 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --verbose 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --no-progress 'Never draw progress (it is drawn only on a terminal anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'azfh;completions'= {
            cand --account 'Storage account name'
            cand --account-key 'Shared Key credential: the account''s key1 or key2'
            cand --sas-token 'SAS credential, with or without the leading ''?'''
            cand --connection-string 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)'
            cand --endpoint 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1'
            cand --auth-mode 'Credential kind to use [default: the one given, else login]'
            cand --snapshot 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)'
            cand --timeout 'Per-request timeout'
            cand --retries 'Retries for throttling and transient faults, per request'
            cand -o 'Output format [default: table on a terminal, tsv otherwise]'
            cand --output 'Output format [default: table on a terminal, tsv otherwise]'
            cand --color 'When to use colors (NO_COLOR is honoured)'
            cand --emulator 'Run against an emulator embedded in this process, loaded with the demo share'
            cand --allow-http 'Allow plain http:// to a host that is not this machine (credentials travel in clear)'
            cand -q 'Say less on stderr (-qq: no warnings either)'
            cand --quiet 'Say less on stderr (-qq: no warnings either)'
            cand -v 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --verbose 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)'
            cand --no-progress 'Never draw progress (it is drawn only on a terminal anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'azfh;help'= {
            cand handles 'List or force-close open SMB handles'
            cand emulator 'Run a local Azure Files emulator (loopback only)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'azfh;help;handles'= {
            cand ls 'List open handles under a share, directory or file'
            cand close 'Force-close handles: those the filters select, given ids, or all'
        }
        &'azfh;help;handles;ls'= {
        }
        &'azfh;help;handles;close'= {
        }
        &'azfh;help;emulator'= {
        }
        &'azfh;help;completions'= {
        }
        &'azfh;help;help'= {
        }
    ]
    $completions[$command]
}
