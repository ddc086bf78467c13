# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kdt_global_optspecs
    string join \n config= profile= o/output= q/quiet v/verbose no-progress color= h/help V/version
end

function __fish_kdt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kdt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kdt_using_subcommand
    set -l cmd (__fish_kdt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kdt -n "__fish_kdt_needs_command" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_needs_command" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_needs_command" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_needs_command" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_needs_command" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_needs_command" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_needs_command" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_needs_command" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_needs_command" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "integration" -d 'Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "scan" -d 'Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "webhook" -d 'Receive GitHub/GitLab/Bitbucket webhooks that trigger scans'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "sandbox" -d 'Run a CodeThreat-compatible local server (for the demo, tests and experiments)'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "demo" -d 'Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c kdt -n "__fish_kdt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "list" -d 'The scanner catalog: name, type, scan method, state, instances'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "activate" -d 'Activate an integration (the "Activate" button)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "deactivate" -d 'Turn an integration off; its configuration is kept'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "config" -d 'Configure an instance: URL, organization, token, insecure TLS; then test the connection'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "show" -d 'Show an instance\'s configuration (token masked)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "test" -d 'Test the connection to an instance (Test Connection / Retest Connection)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "settings" -d 'Advanced settings: what team leads may do'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "remove" -d 'Remove an instance'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and not __fish_seen_subcommand_from list activate deactivate config show test settings remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from activate" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from deactivate" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l instance -d 'Instance name (several CodeThreat instances: cloud, self-hosted)' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l url -d 'CodeThreat URL, e.g. https://cloud.codethreat.com' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l org -d 'Organization name, exactly as in your CodeThreat account' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l token-stdin -d 'Read the token from standard input (otherwise it is prompted for on a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l insecure -d 'Skip TLS certificate verification for this instance (self-signed certificates)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l no-insecure -d 'Verify TLS certificates for this instance (the default)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l no-test -d 'Save without testing the connection'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from config" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -l instance -d 'Instance name [default: the only instance, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -l instance -d 'Instance name [default: the only instance, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -l allow-team-leads-scan -d 'Allow team leads to scan this integration\'s instances' -r -f -a "on\t''
off\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -l allow-team-leads-create-instances -d 'Allow team leads to create new instances' -r -f -a "on\t''
off\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from settings" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -l instance -d 'Instance to remove' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "list" -d 'The scanner catalog: name, type, scan method, state, instances'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "activate" -d 'Activate an integration (the "Activate" button)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "deactivate" -d 'Turn an integration off; its configuration is kept'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "config" -d 'Configure an instance: URL, organization, token, insecure TLS; then test the connection'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an instance\'s configuration (token masked)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "test" -d 'Test the connection to an instance (Test Connection / Retest Connection)'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "settings" -d 'Advanced settings: what team leads may do'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an instance'
complete -c kdt -n "__fish_kdt_using_subcommand integration; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s p -l project -d 'kdt project name (a saved configuration\'s project, or the CodeThreat project for ad-hoc runs)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s t -l tool -d 'Scanner' -r -f -a "codethreat\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s b -l branch -d 'Branch being scanned' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l path -d 'Source directory to package (upload-type projects)' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l timeout -d 'Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l poll-max -d 'Longest pause between status polls (e.g. 5s)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l instance -d 'CodeThreat instance [default: the configuration\'s, the only one, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l bind-to -d 'CodeThreat project to scan, overriding the configuration\'s binding' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l policy -d 'Scan policy (title or id)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l report -d 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l max-file-size -d 'Skip files larger than this when packaging (bytes; K, M, G suffixes)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l threshold-crit -d 'Fail when critical findings exceed N (0 = none allowed)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l threshold-high -d 'Fail when high findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l threshold-med -d 'Fail when medium findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l threshold-low -d 'Fail when low findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l sca-threshold-crit -d 'Fail when critical SCA findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l sca-threshold-high -d 'Fail when high SCA findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l weakness -d 'Fail when any finding\'s weakness id or title matches (case-insensitive regex)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l async -d 'Start the scan, print its id and exit 0 without waiting'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l create-project -d 'Create the CodeThreat project (upload type) when it does not exist'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l cancel-on-interrupt -d 'On Ctrl-C, stop the scan on the server before exiting'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "create" -d 'Save a scan configuration (the "Add Code Threat Scanner" drawer)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "edit" -d 'Change a saved configuration (schedule, branch, ...)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "list" -d 'List saved scan configurations'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "show" -d 'Show one saved scan configuration'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "delete" -d 'Delete a saved scan configuration'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "run" -d 'Package, start, wait, print findings, write reports, gate by exit code'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "status" -d 'Show a scan\'s state on the server'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "results" -d 'Fetch a finished scan\'s findings and write reports'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "stop" -d 'Stop a running scan on the server'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "due" -d 'Run every saved scan whose scheduled time has passed (for cron)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and not __fish_seen_subcommand_from create edit list show delete run status results stop due help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s p -l project -d 'kdt project name (what pipelines pass as -p)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s t -l tool -d 'Scanner' -r -f -a "codethreat\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l bind-to -d 'The CodeThreat project to bind to (must exist, or pass --create-project)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l instance -d 'CodeThreat instance [default: the only one, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s b -l branch -d 'Branch to scan' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l env -d 'Environment' -r -f -a "production\t''
staging\t''
develop\t''
feature\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s m -l meta -d 'Metadata KEY=VALUE (repeatable)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l scan-tag -d 'Scan tag' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l schedule -d '`now` runs the scan right after saving; an RFC 3339 date-time stores it for `kdt scan due`' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l platform -d 'Webhook platform' -r -f -a "github\t''
gitlab\t''
bitbucket\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l webhook -d 'Trigger this scan from a webhook (needs --platform)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l create-project -d 'Create the CodeThreat project (upload type) when it does not exist'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l schedule -d 'New schedule: an RFC 3339 date-time, `now`, or `none` to clear it' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -s b -l branch -d 'New branch' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l env -d 'New environment' -r -f -a "production\t''
staging\t''
develop\t''
feature\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l scan-tag -d 'New scan tag' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -s p -l project -d 'Only this project\'s configurations' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s p -l project -d 'kdt project name (a saved configuration\'s project, or the CodeThreat project for ad-hoc runs)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s t -l tool -d 'Scanner' -r -f -a "codethreat\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s b -l branch -d 'Branch being scanned' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l path -d 'Source directory to package (upload-type projects)' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l timeout -d 'Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l poll-max -d 'Longest pause between status polls (e.g. 5s)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l instance -d 'CodeThreat instance [default: the configuration\'s, the only one, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l bind-to -d 'CodeThreat project to scan, overriding the configuration\'s binding' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l policy -d 'Scan policy (title or id)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l report -d 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l max-file-size -d 'Skip files larger than this when packaging (bytes; K, M, G suffixes)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l threshold-crit -d 'Fail when critical findings exceed N (0 = none allowed)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l threshold-high -d 'Fail when high findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l threshold-med -d 'Fail when medium findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l threshold-low -d 'Fail when low findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l sca-threshold-crit -d 'Fail when critical SCA findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l sca-threshold-high -d 'Fail when high SCA findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l weakness -d 'Fail when any finding\'s weakness id or title matches (case-insensitive regex)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l async -d 'Start the scan, print its id and exit 0 without waiting'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l create-project -d 'Create the CodeThreat project (upload type) when it does not exist'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l cancel-on-interrupt -d 'On Ctrl-C, stop the scan on the server before exiting'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -l instance -d 'CodeThreat instance [default: the only one, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l instance -d 'CodeThreat instance [default: the only one, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -s p -l project -d 'CodeThreat project name of the scan [default: from the scan\'s tags]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l report -d 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l threshold-crit -d 'Fail when critical findings exceed N (0 = none allowed)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l threshold-high -d 'Fail when high findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l threshold-med -d 'Fail when medium findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l threshold-low -d 'Fail when low findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l sca-threshold-crit -d 'Fail when critical SCA findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l sca-threshold-high -d 'Fail when high SCA findings exceed N' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l weakness -d 'Fail when any finding\'s weakness id or title matches (case-insensitive regex)' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from results" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -l instance -d 'CodeThreat instance [default: the only one, or "default"]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -l timeout -d 'Wait for each scan at most this long (e.g. 30m) [default: no limit]' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -l dry-run -d 'Only list what is due; start nothing'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from due" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "create" -d 'Save a scan configuration (the "Add Code Threat Scanner" drawer)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a saved configuration (schedule, branch, ...)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "list" -d 'List saved scan configurations'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one saved scan configuration'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a saved scan configuration'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "run" -d 'Package, start, wait, print findings, write reports, gate by exit code'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show a scan\'s state on the server'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "results" -d 'Fetch a finished scan\'s findings and write reports'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop a running scan on the server'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "due" -d 'Run every saved scan whose scheduled time has passed (for cron)'
complete -c kdt -n "__fish_kdt_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -f -a "serve" -d 'Serve webhook deliveries for the saved configurations that have a webhook'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -f -a "rotate-secret" -d 'Replace a configuration\'s webhook secret and print the new one once'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and not __fish_seen_subcommand_from serve rotate-secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l path -d 'Source directory packaged for upload-type projects (bound repositories need none)' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on' -r
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l queue -d 'Deliveries that may wait for a trigger worker before answers become 503' -r
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l workers -d 'Trigger workers (scans started at once)' -r
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve webhook deliveries for the saved configurations that have a webhook'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "rotate-secret" -d 'Replace a configuration\'s webhook secret and print the new one once'
complete -c kdt -n "__fish_kdt_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l listen -d 'Address to listen on (loopback only is recommended; port 0 picks a free port)' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l org -d 'Organization name clients must send in `x-ct-organization`' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l token -d 'Access token to accept (default: 32 random bytes from the OS, printed in the JSON line)' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l user -d 'User name accepted by `POST /api/signin` (with --password)' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l password -d 'Password accepted by `POST /api/signin` (with --user)' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l scan-seconds -d 'How long each scan runs: seconds (`0.5`) or a duration (`250ms`, `2s`); 0 = instant' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l state-dir -d 'Keep projects and scans in this directory across restarts (default: in memory)' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l fault -d 'Inject a fault: TARGET:ACTION[:PROBABILITY|Nx], e.g. `status:500:0.3`, `start:503:1x`, `status:reset:0.2`, `start:slow=2s`, `upload:413`, `scan:failure`. Repeatable' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l seed -d 'Seed for fault decisions (same seed + same requests = same faults)' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l project -d 'Create a project at start-up: NAME (upload) or NAME:TYPE (github, gitlab, azure, bitbucket, git, jenkins, upload). Repeatable' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l max-upload-bytes -d 'Largest accepted archive upload; bigger uploads get 413' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l tls -d 'Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and localhost'
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand sandbox" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l reports -d 'Where the reports go' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l path -d 'Source to scan [default: examples/vulnerable-app]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l scan-seconds -d 'Seconds the sandbox takes per scan' -r
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand demo" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand demo" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand demo" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand demo" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand demo" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand demo" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand completions" -l config -d 'Profile file [default: <config dir>/kdt/config.toml]' -r -F
complete -c kdt -n "__fish_kdt_using_subcommand completions" -l profile -d 'Named profile inside the file' -r
complete -c kdt -n "__fish_kdt_using_subcommand completions" -s o -l output -d 'What stdout carries: a human table or stable JSON' -r -f -a "table\t''
json\t''"
complete -c kdt -n "__fish_kdt_using_subcommand completions" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kdt -n "__fish_kdt_using_subcommand completions" -s q -l quiet -d 'Less on stderr: only warnings and errors'
complete -c kdt -n "__fish_kdt_using_subcommand completions" -s v -l verbose -d 'More on stderr (-vv traces HTTP calls, tokens redacted)'
complete -c kdt -n "__fish_kdt_using_subcommand completions" -l no-progress -d 'No progress bars or spinners (they are also off when stderr is not a terminal)'
complete -c kdt -n "__fish_kdt_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kdt -n "__fish_kdt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "integration" -d 'Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "scan" -d 'Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "webhook" -d 'Receive GitHub/GitLab/Bitbucket webhooks that trigger scans'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "sandbox" -d 'Run a CodeThreat-compatible local server (for the demo, tests and experiments)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "demo" -d 'Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "completions" -d 'Print shell completions'
complete -c kdt -n "__fish_kdt_using_subcommand help; and not __fish_seen_subcommand_from integration scan webhook sandbox demo completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "list" -d 'The scanner catalog: name, type, scan method, state, instances'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "activate" -d 'Activate an integration (the "Activate" button)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "deactivate" -d 'Turn an integration off; its configuration is kept'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "config" -d 'Configure an instance: URL, organization, token, insecure TLS; then test the connection'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "show" -d 'Show an instance\'s configuration (token masked)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "test" -d 'Test the connection to an instance (Test Connection / Retest Connection)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "settings" -d 'Advanced settings: what team leads may do'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from integration" -f -a "remove" -d 'Remove an instance'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "create" -d 'Save a scan configuration (the "Add Code Threat Scanner" drawer)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "edit" -d 'Change a saved configuration (schedule, branch, ...)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "list" -d 'List saved scan configurations'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "show" -d 'Show one saved scan configuration'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "delete" -d 'Delete a saved scan configuration'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "run" -d 'Package, start, wait, print findings, write reports, gate by exit code'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "status" -d 'Show a scan\'s state on the server'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "results" -d 'Fetch a finished scan\'s findings and write reports'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "stop" -d 'Stop a running scan on the server'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "due" -d 'Run every saved scan whose scheduled time has passed (for cron)'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "serve" -d 'Serve webhook deliveries for the saved configurations that have a webhook'
complete -c kdt -n "__fish_kdt_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "rotate-secret" -d 'Replace a configuration\'s webhook secret and print the new one once'
