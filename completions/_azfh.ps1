
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'azfh' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'azfh'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'azfh' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('handles', 'handles', [CompletionResultType]::ParameterValue, 'List or force-close open SMB handles')
            [CompletionResult]::new('sessions', 'sessions', [CompletionResultType]::ParameterValue, 'List or close a Qumulo cluster''s SMB sessions')
            [CompletionResult]::new('shares', 'shares', [CompletionResultType]::ParameterValue, 'List the shares of a storage account')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List directories and files')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download a file (or, with -r, a directory tree)')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run a local Azure Files emulator (loopback only)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check the config file of named accounts')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page of azfh or of one of its commands')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;handles' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List open handles under a share, directory or file')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Force-close handles: those the filters select, given ids, or all')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count handles per share, path and client, against the service''s limits')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;handles;ls' {
            [CompletionResult]::new('--share-concurrency', '--share-concurrency', [CompletionResultType]::ParameterName, 'With several shares: how many are listed at once, at most')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Handles per List Handles request (1 to 5000) [default: the service''s]')
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'One row per client-ip, client-name, session, path, owner, share or account')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Table and tsv columns, in order (names: --help)')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'relative (ages, the default) or absolute (RFC 3339 UTC)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Print in this order (buffers the listing)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Print at most N handles')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Opened before now − DUR (90m, 36h, 7d, 2w)')
            [CompletionResult]::new('--newer-than', '--newer-than', [CompletionResultType]::ParameterName, 'Opened after now − DUR')
            [CompletionResult]::new('--opened-before', '--opened-before', [CompletionResultType]::ParameterName, 'Opened before TIME (RFC 3339, or a date)')
            [CompletionResult]::new('--opened-after', '--opened-after', [CompletionResultType]::ParameterName, 'Opened after TIME (RFC 3339, or a date)')
            [CompletionResult]::new('--client-ip', '--client-ip', [CompletionResultType]::ParameterName, 'Client address is IP, in CIDR, or IP:PORT (repeatable)')
            [CompletionResult]::new('--client-ip-ambiguous', '--client-ip-ambiguous', [CompletionResultType]::ParameterName, 'Qumulo: a handle on a file that clients inside and outside --client-ip both hold is ambiguous: left out (exclude), or taken (include) [default: exclude]')
            [CompletionResult]::new('--exclude-client-ip', '--exclude-client-ip', [CompletionResultType]::ParameterName, 'Client address is not IP, not in CIDR, not IP:PORT (repeatable)')
            [CompletionResult]::new('--client-name', '--client-name', [CompletionResultType]::ParameterName, 'Client name matches GLOB (repeatable)')
            [CompletionResult]::new('--exclude-client-name', '--exclude-client-name', [CompletionResultType]::ParameterName, 'Client name does not match GLOB (repeatable)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path matches GLOB (repeatable; ''*'' within a segment, ''**'' across)')
            [CompletionResult]::new('--session-id', '--session-id', [CompletionResultType]::ParameterName, 'SMB session id is ID (repeatable)')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'Access rights include RIGHT: read, write or delete (repeatable)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Qumulo: opened by this user: an auth_id as listed in owner, or a name as in owner_name (DOMAIN\name, or the name alone; case-insensitive) (repeatable)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-shares', '--all-shares', [CompletionResultType]::ParameterName, 'Every SMB share of the accounts named')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also list handles on everything below TARGET')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also list handles on everything below TARGET')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;handles;close' {
            [CompletionResult]::new('--share-concurrency', '--share-concurrency', [CompletionResultType]::ParameterName, 'With several shares: how many are listed at once, at most')
            [CompletionResult]::new('--handle-id', '--handle-id', [CompletionResultType]::ParameterName, 'Close this id (repeatable; ''-'' reads ids from stdin)')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'If more than N handles are selected, close none (exit 2)')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Then watch DUR (30s), closing what clients reopen')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Closes in flight at once, at most (halved while the service throttles)')
            [CompletionResult]::new('--marker', '--marker', [CompletionResultType]::ParameterName, 'Resume an interrupted --all close from the marker it printed')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Handles per List Handles request while selecting (1 to 5000)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Opened before now − DUR (90m, 36h, 7d, 2w)')
            [CompletionResult]::new('--newer-than', '--newer-than', [CompletionResultType]::ParameterName, 'Opened after now − DUR')
            [CompletionResult]::new('--opened-before', '--opened-before', [CompletionResultType]::ParameterName, 'Opened before TIME (RFC 3339, or a date)')
            [CompletionResult]::new('--opened-after', '--opened-after', [CompletionResultType]::ParameterName, 'Opened after TIME (RFC 3339, or a date)')
            [CompletionResult]::new('--client-ip', '--client-ip', [CompletionResultType]::ParameterName, 'Client address is IP, in CIDR, or IP:PORT (repeatable)')
            [CompletionResult]::new('--client-ip-ambiguous', '--client-ip-ambiguous', [CompletionResultType]::ParameterName, 'Qumulo: a handle on a file that clients inside and outside --client-ip both hold is ambiguous: left out (exclude), or taken (include) [default: exclude]')
            [CompletionResult]::new('--exclude-client-ip', '--exclude-client-ip', [CompletionResultType]::ParameterName, 'Client address is not IP, not in CIDR, not IP:PORT (repeatable)')
            [CompletionResult]::new('--client-name', '--client-name', [CompletionResultType]::ParameterName, 'Client name matches GLOB (repeatable)')
            [CompletionResult]::new('--exclude-client-name', '--exclude-client-name', [CompletionResultType]::ParameterName, 'Client name does not match GLOB (repeatable)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path matches GLOB (repeatable; ''*'' within a segment, ''**'' across)')
            [CompletionResult]::new('--session-id', '--session-id', [CompletionResultType]::ParameterName, 'SMB session id is ID (repeatable)')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'Access rights include RIGHT: read, write or delete (repeatable)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Qumulo: opened by this user: an auth_id as listed in owner, or a name as in owner_name (DOMAIN\name, or the name alone; case-insensitive) (repeatable)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-shares', '--all-shares', [CompletionResultType]::ParameterName, 'Every SMB share of the accounts named')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also close handles on everything below TARGET')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also close handles on everything below TARGET')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Close every handle on TARGET (with -r, below it too)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be closed; close nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask (needed when there is no terminal)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;handles;stats' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Handles opened before now − DUR count as stale (90m, 36h, 7d, 2w)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Report the N paths and the N clients with the most handles')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Handles per List Handles request (1 to 5000) [default: the service''s]')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the results to FILE, atomically, instead of stdout')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'On a terminal: count again every DUR and redraw the table, with the change since the last pass (Ctrl-C ends it)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also count handles on everything below TARGET')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also count handles on everything below TARGET')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;handles;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List open handles under a share, directory or file')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Force-close handles: those the filters select, given ids, or all')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count handles per share, path and client, against the service''s limits')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;handles;help;ls' {
            break
        }
        'azfh;handles;help;close' {
            break
        }
        'azfh;handles;help;stats' {
            break
        }
        'azfh;handles;help;help' {
            break
        }
        'azfh;sessions' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the cluster''s SMB sessions')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close SMB sessions: those the filters select')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;sessions;ls' {
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Sessions per request [default: the cluster''s]')
            [CompletionResult]::new('--client-ip', '--client-ip', [CompletionResultType]::ParameterName, 'Client address is IP or in CIDR (repeatable)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The user: a name (CORP\alice, alice; case-insensitive) or an auth_id (repeatable)')
            [CompletionResult]::new('--share', '--share', [CompletionResultType]::ParameterName, 'The session uses share NAME (case-insensitive; repeatable)')
            [CompletionResult]::new('--idle-longer-than', '--idle-longer-than', [CompletionResultType]::ParameterName, 'Idle for longer than DUR (90m, 8h, 2d)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Open for longer than DUR')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;sessions;close' {
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'If more than N sessions are selected, close none (exit 2)')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Sessions per request while listing [default: the cluster''s]')
            [CompletionResult]::new('--client-ip', '--client-ip', [CompletionResultType]::ParameterName, 'Client address is IP or in CIDR (repeatable)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The user: a name (CORP\alice, alice; case-insensitive) or an auth_id (repeatable)')
            [CompletionResult]::new('--share', '--share', [CompletionResultType]::ParameterName, 'The session uses share NAME (case-insensitive; repeatable)')
            [CompletionResult]::new('--idle-longer-than', '--idle-longer-than', [CompletionResultType]::ParameterName, 'Idle for longer than DUR (90m, 8h, 2d)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Open for longer than DUR')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Close every session (no filter needed)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be closed; close nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask (needed when there is no terminal)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;sessions;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the cluster''s SMB sessions')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close SMB sessions: those the filters select')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;sessions;help;ls' {
            break
        }
        'azfh;sessions;help;close' {
            break
        }
        'azfh;sessions;help;help' {
            break
        }
        'azfh;shares' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the shares of a storage account')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;shares;ls' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only shares whose name starts with P')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Shares per List Shares request (1 to 5000)')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--snapshots', '--snapshots', [CompletionResultType]::ParameterName, 'Also each share''s snapshots (the SNAPSHOT column names them)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;shares;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the shares of a storage account')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;shares;help;ls' {
            break
        }
        'azfh;shares;help;help' {
            break
        }
        'azfh;ls' {
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Table and tsv columns, in order (the names are in --help)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names at TARGET''s level that start with P (case-insensitive)')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Entries per List Directories and Files request (1 to 5000)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'With -r: directories listed at once, at most (halved while the service throttles)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The whole tree below TARGET (paths relative to TARGET)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'The whole tree below TARGET (paths relative to TARGET)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Add type, size, last write time, attributes, file id and ETag')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'Add type, size, last write time, attributes, file id and ETag')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Sizes in a table as byte counts (tsv and json always have them)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;get' {
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Ranges (and, with -r, files) in flight at once')
            [CompletionResult]::new('--block-size', '--block-size', [CompletionResultType]::ParameterName, 'Bytes per ranged read: 64K to 256M (units K, M, G are powers of 1,024)')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only bytes START to END (inclusive), or START- to the end')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Download the directory tree below SOURCE into DEST')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Download the directory tree below SOURCE into DEST')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Overwrite DEST if it exists (only once the download is complete)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite DEST if it exists (only once the download is complete)')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue a partial download whose file has not changed since')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Skip the MD5 check of files that have one')
            [CompletionResult]::new('--fsync', '--fsync', [CompletionResultType]::ParameterName, 'Flush each file to disk before it takes DEST''s name, so a power loss cannot leave DEST empty (slower: the command waits for the disk)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;emulator' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (loopback only; localhost:PORT is 127.0.0.1:PORT)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Load shares, files and handles from a JSON file (format in README.md)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Add a synthetic share: SHARE:HANDLES[:STALE], e.g. big:100000:5000')
            [CompletionResult]::new('--tree', '--tree', [CompletionResultType]::ParameterName, 'Add a synthetic tree: SHARE:DIRECTORIES:FILES_PER_DIRECTORY, e.g. tree:1000:50')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Add a synthetic file: SHARE/PATH:SIZE[:md5], e.g. big/data.bin:1G (content costs no memory)')
            [CompletionResult]::new('--max-page-size', '--max-page-size', [CompletionResultType]::ParameterName, 'Most handles per List Handles page (also the default page size)')
            [CompletionResult]::new('--bearer-token', '--bearer-token', [CompletionResultType]::ParameterName, 'Accept this OAuth bearer token (repeatable); requests must also send x-ms-file-request-intent: backup')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Serve at most N connections at once (more wait until one closes)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Close a connection that sends no request (headers or body) for this long, e.g. 30s')
            [CompletionResult]::new('--request-log', '--request-log', [CompletionResultType]::ParameterName, 'Append one JSON line per request to FILE')
            [CompletionResult]::new('--qumulo-login', '--qumulo-login', [CompletionResultType]::ParameterName, 'Qumulo: accept a login as USER:PASSWORD (repeatable)')
            [CompletionResult]::new('--cert-out', '--cert-out', [CompletionResultType]::ParameterName, 'Qumulo: write the certificate (PEM) to FILE, for clients'' --ca-cert')
            [CompletionResult]::new('--fail-close-location', '--fail-close-location', [CompletionResultType]::ParameterName, 'Qumulo: this handle location fails to close (repeatable)')
            [CompletionResult]::new('--qumulo-withhold-privilege', '--qumulo-withhold-privilege', [CompletionResultType]::ParameterName, 'Qumulo: who-am-i leaves out PRIVILEGE (repeatable), to see the privilege preflight''s message; e.g. PRIVILEGE_SMB_FILE_HANDLE_WRITE')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Delay every request by DUR')
            [CompletionResult]::new('--busy-every', '--busy-every', [CompletionResultType]::ParameterName, 'Answer every Nth request 503 ServerBusy')
            [CompletionResult]::new('--retry-after', '--retry-after', [CompletionResultType]::ParameterName, 'Retry-After seconds sent with ServerBusy')
            [CompletionResult]::new('--timeout-every', '--timeout-every', [CompletionResultType]::ParameterName, 'Answer every Nth request 500 OperationTimedOut')
            [CompletionResult]::new('--drop-every', '--drop-every', [CompletionResultType]::ParameterName, 'Drop the connection halfway through every Nth answer')
            [CompletionResult]::new('--throttle', '--throttle', [CompletionResultType]::ParameterName, 'Answer requests beyond N a second 503 ServerBusy (the account''s rate limit)')
            [CompletionResult]::new('--busy-after', '--busy-after', [CompletionResultType]::ParameterName, 'Answer every request after the Nth 503 ServerBusy (an outage)')
            [CompletionResult]::new('--close-batch', '--close-batch', [CompletionResultType]::ParameterName, 'Close at most N handles per ''*'' Force Close request (more need marker rounds)')
            [CompletionResult]::new('--fail-close-every', '--fail-close-every', [CompletionResultType]::ParameterName, 'Handles whose id is a multiple of N fail to close')
            [CompletionResult]::new('--fail-close', '--fail-close', [CompletionResultType]::ParameterName, 'This handle id fails to close (repeatable)')
            [CompletionResult]::new('--reopen-after', '--reopen-after', [CompletionResultType]::ParameterName, 'Clients reopen a closed handle (as a new handle) after DUR')
            [CompletionResult]::new('--reopen-times', '--reopen-times', [CompletionResultType]::ParameterName, 'How many times in a row a client reopens')
            [CompletionResult]::new('--modify-after-reads', '--modify-after-reads', [CompletionResultType]::ParameterName, 'A writer changes each file after it has been read N times (its ETag changes)')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Reading this share-relative path is 409 FileLockConflict (repeatable)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Load the demo share ("demo")')
            [CompletionResult]::new('--print-connection-string', '--print-connection-string', [CompletionResultType]::ParameterName, 'Print the connection string of an emulator on --listen, and exit without serving')
            [CompletionResult]::new('--qumulo', '--qumulo', [CompletionResultType]::ParameterName, 'Serve Qumulo Core''s REST API instead (handles, login, close), over HTTPS with a fresh self-signed certificate; prints the qumulo:// address')
            [CompletionResult]::new('--qumulo-api-prefix', '--qumulo-api-prefix', [CompletionResultType]::ParameterName, 'Qumulo: serve the API under /api only, as a cluster''s web port does (clients then need --qumulo-base /api)')
            [CompletionResult]::new('--repeat-marker', '--repeat-marker', [CompletionResultType]::ParameterName, 'Listing pages repeat the marker they were given (a server fault)')
            [CompletionResult]::new('--empty-pages', '--empty-pages', [CompletionResultType]::ParameterName, 'Precede every listing page with an empty page that carries a marker')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;config' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Say what each named account of the config file resolves to (secrets redacted)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;config;check' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;config;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Say what each named account of the config file resolves to (secrets redacted)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;config;help;check' {
            break
        }
        'azfh;config;help;help' {
            break
        }
        'azfh;man' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;completions' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Storage account name')
            [CompletionResult]::new('--account-key', '--account-key', [CompletionResultType]::ParameterName, 'Shared Key credential: the account''s key1 or key2')
            [CompletionResult]::new('--sas-token', '--sas-token', [CompletionResultType]::ParameterName, 'SAS credential, with or without the leading ''?''')
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1')
            [CompletionResult]::new('--auth-mode', '--auth-mode', [CompletionResultType]::ParameterName, 'Credential kind to use [default: the one given, else login; also az''s AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificate(s) in FILE besides the system''s (a Qumulo cluster''s self-signed certificate, a company CA)')
            [CompletionResult]::new('--qumulo-token', '--qumulo-token', [CompletionResultType]::ParameterName, 'Qumulo: bearer token (a session or access token)')
            [CompletionResult]::new('--qumulo-credentials', '--qumulo-credentials', [CompletionResultType]::ParameterName, 'Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write [default: qq''s own file for the cluster]')
            [CompletionResult]::new('--qumulo-user', '--qumulo-user', [CompletionResultType]::ParameterName, 'Qumulo: log in as USER, with the password from QUMULO_PASSWORD')
            [CompletionResult]::new('--qumulo-base', '--qumulo-base', [CompletionResultType]::ParameterName, 'Qumulo: the API''s path prefix, e.g. /api for a cluster reached on its web port [default: /api on port 443, none otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for throttling and transient faults, per request')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured)')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against an emulator embedded in this process, loaded with the demo share')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not this machine (credentials travel in clear)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (warned about on stderr; prefer --ca-cert)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'No header line in tables and tsv')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Indent `-o json` for people (json is compact otherwise; other formats ignore it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less on stderr (-qq: no warnings either)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress (it is drawn only on a terminal anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'azfh;help' {
            [CompletionResult]::new('handles', 'handles', [CompletionResultType]::ParameterValue, 'List or force-close open SMB handles')
            [CompletionResult]::new('sessions', 'sessions', [CompletionResultType]::ParameterValue, 'List or close a Qumulo cluster''s SMB sessions')
            [CompletionResult]::new('shares', 'shares', [CompletionResultType]::ParameterValue, 'List the shares of a storage account')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List directories and files')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download a file (or, with -r, a directory tree)')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run a local Azure Files emulator (loopback only)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check the config file of named accounts')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page of azfh or of one of its commands')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'azfh;help;handles' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List open handles under a share, directory or file')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Force-close handles: those the filters select, given ids, or all')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count handles per share, path and client, against the service''s limits')
            break
        }
        'azfh;help;handles;ls' {
            break
        }
        'azfh;help;handles;close' {
            break
        }
        'azfh;help;handles;stats' {
            break
        }
        'azfh;help;sessions' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the cluster''s SMB sessions')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close SMB sessions: those the filters select')
            break
        }
        'azfh;help;sessions;ls' {
            break
        }
        'azfh;help;sessions;close' {
            break
        }
        'azfh;help;shares' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the shares of a storage account')
            break
        }
        'azfh;help;shares;ls' {
            break
        }
        'azfh;help;ls' {
            break
        }
        'azfh;help;get' {
            break
        }
        'azfh;help;emulator' {
            break
        }
        'azfh;help;config' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Say what each named account of the config file resolves to (secrets redacted)')
            break
        }
        'azfh;help;config;check' {
            break
        }
        'azfh;help;man' {
            break
        }
        'azfh;help;completions' {
            break
        }
        'azfh;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
