
use builtin;
use str;

set edit:completion:arg-completer[kdt] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kdt'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kdt'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand integration 'Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat'
            cand scan 'Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results'
            cand webhook 'Receive GitHub/GitLab/Bitbucket webhooks that trigger scans'
            cand sandbox 'Run a CodeThreat-compatible local server (for the demo, tests and experiments)'
            cand demo 'Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;integration'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The scanner catalog: name, type, scan method, state, instances'
            cand activate 'Activate an integration (the "Activate" button)'
            cand deactivate 'Turn an integration off; its configuration is kept'
            cand config 'Configure an instance: URL, organization, token, insecure TLS; then test the connection'
            cand show 'Show an instance''s configuration (token masked)'
            cand test 'Test the connection to an instance (Test Connection / Retest Connection)'
            cand settings 'Advanced settings: what team leads may do'
            cand remove 'Remove an instance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;integration;list'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;activate'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;deactivate'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;config'= {
            cand --instance 'Instance name (several CodeThreat instances: cloud, self-hosted)'
            cand --url 'CodeThreat URL, e.g. https://cloud.codethreat.com'
            cand --org 'Organization name, exactly as in your CodeThreat account'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand --token-stdin 'Read the token from standard input (otherwise it is prompted for on a terminal)'
            cand --insecure 'Skip TLS certificate verification for this instance (self-signed certificates)'
            cand --no-insecure 'Verify TLS certificates for this instance (the default)'
            cand --no-test 'Save without testing the connection'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;show'= {
            cand --instance 'Instance name [default: the only instance, or "default"]'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;test'= {
            cand --instance 'Instance name [default: the only instance, or "default"]'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;settings'= {
            cand --allow-team-leads-scan 'Allow team leads to scan this integration''s instances'
            cand --allow-team-leads-create-instances 'Allow team leads to create new instances'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;remove'= {
            cand --instance 'Instance to remove'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;integration;help'= {
            cand list 'The scanner catalog: name, type, scan method, state, instances'
            cand activate 'Activate an integration (the "Activate" button)'
            cand deactivate 'Turn an integration off; its configuration is kept'
            cand config 'Configure an instance: URL, organization, token, insecure TLS; then test the connection'
            cand show 'Show an instance''s configuration (token masked)'
            cand test 'Test the connection to an instance (Test Connection / Retest Connection)'
            cand settings 'Advanced settings: what team leads may do'
            cand remove 'Remove an instance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;integration;help;list'= {
        }
        &'kdt;integration;help;activate'= {
        }
        &'kdt;integration;help;deactivate'= {
        }
        &'kdt;integration;help;config'= {
        }
        &'kdt;integration;help;show'= {
        }
        &'kdt;integration;help;test'= {
        }
        &'kdt;integration;help;settings'= {
        }
        &'kdt;integration;help;remove'= {
        }
        &'kdt;integration;help;help'= {
        }
        &'kdt;scan'= {
            cand -p 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)'
            cand --project 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)'
            cand -t 'Scanner'
            cand --tool 'Scanner'
            cand -b 'Branch being scanned'
            cand --branch 'Branch being scanned'
            cand --path 'Source directory to package (upload-type projects)'
            cand --timeout 'Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on'
            cand --poll-max 'Longest pause between status polls (e.g. 5s)'
            cand --instance 'CodeThreat instance [default: the configuration''s, the only one, or "default"]'
            cand --bind-to 'CodeThreat project to scan, overriding the configuration''s binding'
            cand --policy 'Scan policy (title or id)'
            cand --report 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)'
            cand --max-file-size 'Skip files larger than this when packaging (bytes; K, M, G suffixes)'
            cand --threshold-crit 'Fail when critical findings exceed N (0 = none allowed)'
            cand --threshold-high 'Fail when high findings exceed N'
            cand --threshold-med 'Fail when medium findings exceed N'
            cand --threshold-low 'Fail when low findings exceed N'
            cand --sca-threshold-crit 'Fail when critical SCA findings exceed N'
            cand --sca-threshold-high 'Fail when high SCA findings exceed N'
            cand --weakness 'Fail when any finding''s weakness id or title matches (case-insensitive regex)'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand --async 'Start the scan, print its id and exit 0 without waiting'
            cand --create-project 'Create the CodeThreat project (upload type) when it does not exist'
            cand --cancel-on-interrupt 'On Ctrl-C, stop the scan on the server before exiting'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Save a scan configuration (the "Add Code Threat Scanner" drawer)'
            cand edit 'Change a saved configuration (schedule, branch, ...)'
            cand list 'List saved scan configurations'
            cand show 'Show one saved scan configuration'
            cand delete 'Delete a saved scan configuration'
            cand run 'Package, start, wait, print findings, write reports, gate by exit code'
            cand status 'Show a scan''s state on the server'
            cand results 'Fetch a finished scan''s findings and write reports'
            cand stop 'Stop a running scan on the server'
            cand due 'Run every saved scan whose scheduled time has passed (for cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;scan;create'= {
            cand -p 'kdt project name (what pipelines pass as -p)'
            cand --project 'kdt project name (what pipelines pass as -p)'
            cand -t 'Scanner'
            cand --tool 'Scanner'
            cand --bind-to 'The CodeThreat project to bind to (must exist, or pass --create-project)'
            cand --instance 'CodeThreat instance [default: the only one, or "default"]'
            cand -b 'Branch to scan'
            cand --branch 'Branch to scan'
            cand --env 'Environment'
            cand -m 'Metadata KEY=VALUE (repeatable)'
            cand --meta 'Metadata KEY=VALUE (repeatable)'
            cand --scan-tag 'Scan tag'
            cand --schedule '`now` runs the scan right after saving; an RFC 3339 date-time stores it for `kdt scan due`'
            cand --platform 'Webhook platform'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand --webhook 'Trigger this scan from a webhook (needs --platform)'
            cand --create-project 'Create the CodeThreat project (upload type) when it does not exist'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;edit'= {
            cand --schedule 'New schedule: an RFC 3339 date-time, `now`, or `none` to clear it'
            cand -b 'New branch'
            cand --branch 'New branch'
            cand --env 'New environment'
            cand --scan-tag 'New scan tag'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;list'= {
            cand -p 'Only this project''s configurations'
            cand --project 'Only this project''s configurations'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;show'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;delete'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;run'= {
            cand -p 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)'
            cand --project 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)'
            cand -t 'Scanner'
            cand --tool 'Scanner'
            cand -b 'Branch being scanned'
            cand --branch 'Branch being scanned'
            cand --path 'Source directory to package (upload-type projects)'
            cand --timeout 'Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on'
            cand --poll-max 'Longest pause between status polls (e.g. 5s)'
            cand --instance 'CodeThreat instance [default: the configuration''s, the only one, or "default"]'
            cand --bind-to 'CodeThreat project to scan, overriding the configuration''s binding'
            cand --policy 'Scan policy (title or id)'
            cand --report 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)'
            cand --max-file-size 'Skip files larger than this when packaging (bytes; K, M, G suffixes)'
            cand --threshold-crit 'Fail when critical findings exceed N (0 = none allowed)'
            cand --threshold-high 'Fail when high findings exceed N'
            cand --threshold-med 'Fail when medium findings exceed N'
            cand --threshold-low 'Fail when low findings exceed N'
            cand --sca-threshold-crit 'Fail when critical SCA findings exceed N'
            cand --sca-threshold-high 'Fail when high SCA findings exceed N'
            cand --weakness 'Fail when any finding''s weakness id or title matches (case-insensitive regex)'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand --async 'Start the scan, print its id and exit 0 without waiting'
            cand --create-project 'Create the CodeThreat project (upload type) when it does not exist'
            cand --cancel-on-interrupt 'On Ctrl-C, stop the scan on the server before exiting'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;status'= {
            cand --instance 'CodeThreat instance [default: the only one, or "default"]'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;results'= {
            cand --instance 'CodeThreat instance [default: the only one, or "default"]'
            cand -p 'CodeThreat project name of the scan [default: from the scan''s tags]'
            cand --project 'CodeThreat project name of the scan [default: from the scan''s tags]'
            cand --report 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)'
            cand --threshold-crit 'Fail when critical findings exceed N (0 = none allowed)'
            cand --threshold-high 'Fail when high findings exceed N'
            cand --threshold-med 'Fail when medium findings exceed N'
            cand --threshold-low 'Fail when low findings exceed N'
            cand --sca-threshold-crit 'Fail when critical SCA findings exceed N'
            cand --sca-threshold-high 'Fail when high SCA findings exceed N'
            cand --weakness 'Fail when any finding''s weakness id or title matches (case-insensitive regex)'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;stop'= {
            cand --instance 'CodeThreat instance [default: the only one, or "default"]'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;due'= {
            cand --timeout 'Wait for each scan at most this long (e.g. 30m) [default: no limit]'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand --dry-run 'Only list what is due; start nothing'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;scan;help'= {
            cand create 'Save a scan configuration (the "Add Code Threat Scanner" drawer)'
            cand edit 'Change a saved configuration (schedule, branch, ...)'
            cand list 'List saved scan configurations'
            cand show 'Show one saved scan configuration'
            cand delete 'Delete a saved scan configuration'
            cand run 'Package, start, wait, print findings, write reports, gate by exit code'
            cand status 'Show a scan''s state on the server'
            cand results 'Fetch a finished scan''s findings and write reports'
            cand stop 'Stop a running scan on the server'
            cand due 'Run every saved scan whose scheduled time has passed (for cron)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;scan;help;create'= {
        }
        &'kdt;scan;help;edit'= {
        }
        &'kdt;scan;help;list'= {
        }
        &'kdt;scan;help;show'= {
        }
        &'kdt;scan;help;delete'= {
        }
        &'kdt;scan;help;run'= {
        }
        &'kdt;scan;help;status'= {
        }
        &'kdt;scan;help;results'= {
        }
        &'kdt;scan;help;stop'= {
        }
        &'kdt;scan;help;due'= {
        }
        &'kdt;scan;help;help'= {
        }
        &'kdt;webhook'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Serve webhook deliveries for the saved configurations that have a webhook'
            cand rotate-secret 'Replace a configuration''s webhook secret and print the new one once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;webhook;serve'= {
            cand --path 'Source directory packaged for upload-type projects (bound repositories need none)'
            cand --listen 'Address to listen on'
            cand --queue 'Deliveries that may wait for a trigger worker before answers become 503'
            cand --workers 'Trigger workers (scans started at once)'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;webhook;rotate-secret'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;webhook;help'= {
            cand serve 'Serve webhook deliveries for the saved configurations that have a webhook'
            cand rotate-secret 'Replace a configuration''s webhook secret and print the new one once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;webhook;help;serve'= {
        }
        &'kdt;webhook;help;rotate-secret'= {
        }
        &'kdt;webhook;help;help'= {
        }
        &'kdt;sandbox'= {
            cand --listen 'Address to listen on (loopback only is recommended; port 0 picks a free port)'
            cand --org 'Organization name clients must send in `x-ct-organization`'
            cand --token 'Access token to accept (default: 32 random bytes from the OS, printed in the JSON line)'
            cand --user 'User name accepted by `POST /api/signin` (with --password)'
            cand --password 'Password accepted by `POST /api/signin` (with --user)'
            cand --scan-seconds 'How long each scan runs: seconds (`0.5`) or a duration (`250ms`, `2s`); 0 = instant'
            cand --state-dir 'Keep projects and scans in this directory across restarts (default: in memory)'
            cand --fault 'Inject a fault: TARGET:ACTION[:PROBABILITY|Nx], e.g. `status:500:0.3`, `start:503:1x`, `status:reset:0.2`, `start:slow=2s`, `upload:413`, `scan:failure`. Repeatable'
            cand --seed 'Seed for fault decisions (same seed + same requests = same faults)'
            cand --project 'Create a project at start-up: NAME (upload) or NAME:TYPE (github, gitlab, azure, bitbucket, git, jenkins, upload). Repeatable'
            cand --max-upload-bytes 'Largest accepted archive upload; bigger uploads get 413'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand --tls 'Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and localhost'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;demo'= {
            cand --reports 'Where the reports go'
            cand --path 'Source to scan [default: examples/vulnerable-app]'
            cand --scan-seconds 'Seconds the sandbox takes per scan'
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;completions'= {
            cand --config 'Profile file [default: <config dir>/kdt/config.toml]'
            cand --profile 'Named profile inside the file'
            cand -o 'What stdout carries: a human table or stable JSON'
            cand --output 'What stdout carries: a human table or stable JSON'
            cand --color 'When to use colour on stderr'
            cand -q 'Less on stderr: only warnings and errors'
            cand --quiet 'Less on stderr: only warnings and errors'
            cand -v 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --verbose 'More on stderr (-vv traces HTTP calls, tokens redacted)'
            cand --no-progress 'No progress bars or spinners (they are also off when stderr is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kdt;help'= {
            cand integration 'Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat'
            cand scan 'Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results'
            cand webhook 'Receive GitHub/GitLab/Bitbucket webhooks that trigger scans'
            cand sandbox 'Run a CodeThreat-compatible local server (for the demo, tests and experiments)'
            cand demo 'Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kdt;help;integration'= {
            cand list 'The scanner catalog: name, type, scan method, state, instances'
            cand activate 'Activate an integration (the "Activate" button)'
            cand deactivate 'Turn an integration off; its configuration is kept'
            cand config 'Configure an instance: URL, organization, token, insecure TLS; then test the connection'
            cand show 'Show an instance''s configuration (token masked)'
            cand test 'Test the connection to an instance (Test Connection / Retest Connection)'
            cand settings 'Advanced settings: what team leads may do'
            cand remove 'Remove an instance'
        }
        &'kdt;help;integration;list'= {
        }
        &'kdt;help;integration;activate'= {
        }
        &'kdt;help;integration;deactivate'= {
        }
        &'kdt;help;integration;config'= {
        }
        &'kdt;help;integration;show'= {
        }
        &'kdt;help;integration;test'= {
        }
        &'kdt;help;integration;settings'= {
        }
        &'kdt;help;integration;remove'= {
        }
        &'kdt;help;scan'= {
            cand create 'Save a scan configuration (the "Add Code Threat Scanner" drawer)'
            cand edit 'Change a saved configuration (schedule, branch, ...)'
            cand list 'List saved scan configurations'
            cand show 'Show one saved scan configuration'
            cand delete 'Delete a saved scan configuration'
            cand run 'Package, start, wait, print findings, write reports, gate by exit code'
            cand status 'Show a scan''s state on the server'
            cand results 'Fetch a finished scan''s findings and write reports'
            cand stop 'Stop a running scan on the server'
            cand due 'Run every saved scan whose scheduled time has passed (for cron)'
        }
        &'kdt;help;scan;create'= {
        }
        &'kdt;help;scan;edit'= {
        }
        &'kdt;help;scan;list'= {
        }
        &'kdt;help;scan;show'= {
        }
        &'kdt;help;scan;delete'= {
        }
        &'kdt;help;scan;run'= {
        }
        &'kdt;help;scan;status'= {
        }
        &'kdt;help;scan;results'= {
        }
        &'kdt;help;scan;stop'= {
        }
        &'kdt;help;scan;due'= {
        }
        &'kdt;help;webhook'= {
            cand serve 'Serve webhook deliveries for the saved configurations that have a webhook'
            cand rotate-secret 'Replace a configuration''s webhook secret and print the new one once'
        }
        &'kdt;help;webhook;serve'= {
        }
        &'kdt;help;webhook;rotate-secret'= {
        }
        &'kdt;help;sandbox'= {
        }
        &'kdt;help;demo'= {
        }
        &'kdt;help;completions'= {
        }
        &'kdt;help;help'= {
        }
    ]
    $completions[$command]
}
