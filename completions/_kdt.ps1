
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kdt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kdt'
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
        'kdt' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('integration', 'integration', [CompletionResultType]::ParameterValue, 'Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Receive GitHub/GitLab/Bitbucket webhooks that trigger scans')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run a CodeThreat-compatible local server (for the demo, tests and experiments)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;integration' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The scanner catalog: name, type, scan method, state, instances')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Activate an integration (the "Activate" button)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Turn an integration off; its configuration is kept')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Configure an instance: URL, organization, token, insecure TLS; then test the connection')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an instance''s configuration (token masked)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Test the connection to an instance (Test Connection / Retest Connection)')
            [CompletionResult]::new('settings', 'settings', [CompletionResultType]::ParameterValue, 'Advanced settings: what team leads may do')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an instance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;integration;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;activate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;deactivate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;config' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance name (several CodeThreat instances: cloud, self-hosted)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CodeThreat URL, e.g. https://cloud.codethreat.com')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organization name, exactly as in your CodeThreat account')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input (otherwise it is prompted for on a terminal)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification for this instance (self-signed certificates)')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify TLS certificates for this instance (the default)')
            [CompletionResult]::new('--no-test', '--no-test', [CompletionResultType]::ParameterName, 'Save without testing the connection')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;show' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance name [default: the only instance, or "default"]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;test' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance name [default: the only instance, or "default"]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;settings' {
            [CompletionResult]::new('--allow-team-leads-scan', '--allow-team-leads-scan', [CompletionResultType]::ParameterName, 'Allow team leads to scan this integration''s instances')
            [CompletionResult]::new('--allow-team-leads-create-instances', '--allow-team-leads-create-instances', [CompletionResultType]::ParameterName, 'Allow team leads to create new instances')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;remove' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance to remove')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;integration;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The scanner catalog: name, type, scan method, state, instances')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Activate an integration (the "Activate" button)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Turn an integration off; its configuration is kept')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Configure an instance: URL, organization, token, insecure TLS; then test the connection')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an instance''s configuration (token masked)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Test the connection to an instance (Test Connection / Retest Connection)')
            [CompletionResult]::new('settings', 'settings', [CompletionResultType]::ParameterValue, 'Advanced settings: what team leads may do')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an instance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;integration;help;list' {
            break
        }
        'kdt;integration;help;activate' {
            break
        }
        'kdt;integration;help;deactivate' {
            break
        }
        'kdt;integration;help;config' {
            break
        }
        'kdt;integration;help;show' {
            break
        }
        'kdt;integration;help;test' {
            break
        }
        'kdt;integration;help;settings' {
            break
        }
        'kdt;integration;help;remove' {
            break
        }
        'kdt;integration;help;help' {
            break
        }
        'kdt;scan' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Scanner')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Scanner')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Branch being scanned')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Branch being scanned')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Source directory to package (upload-type projects)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on')
            [CompletionResult]::new('--poll-max', '--poll-max', [CompletionResultType]::ParameterName, 'Longest pause between status polls (e.g. 5s)')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'CodeThreat instance [default: the configuration''s, the only one, or "default"]')
            [CompletionResult]::new('--bind-to', '--bind-to', [CompletionResultType]::ParameterName, 'CodeThreat project to scan, overriding the configuration''s binding')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Scan policy (title or id)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Skip files larger than this when packaging (bytes; K, M, G suffixes)')
            [CompletionResult]::new('--threshold-crit', '--threshold-crit', [CompletionResultType]::ParameterName, 'Fail when critical findings exceed N (0 = none allowed)')
            [CompletionResult]::new('--threshold-high', '--threshold-high', [CompletionResultType]::ParameterName, 'Fail when high findings exceed N')
            [CompletionResult]::new('--threshold-med', '--threshold-med', [CompletionResultType]::ParameterName, 'Fail when medium findings exceed N')
            [CompletionResult]::new('--threshold-low', '--threshold-low', [CompletionResultType]::ParameterName, 'Fail when low findings exceed N')
            [CompletionResult]::new('--sca-threshold-crit', '--sca-threshold-crit', [CompletionResultType]::ParameterName, 'Fail when critical SCA findings exceed N')
            [CompletionResult]::new('--sca-threshold-high', '--sca-threshold-high', [CompletionResultType]::ParameterName, 'Fail when high SCA findings exceed N')
            [CompletionResult]::new('--weakness', '--weakness', [CompletionResultType]::ParameterName, 'Fail when any finding''s weakness id or title matches (case-insensitive regex)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--async', '--async', [CompletionResultType]::ParameterName, 'Start the scan, print its id and exit 0 without waiting')
            [CompletionResult]::new('--create-project', '--create-project', [CompletionResultType]::ParameterName, 'Create the CodeThreat project (upload type) when it does not exist')
            [CompletionResult]::new('--cancel-on-interrupt', '--cancel-on-interrupt', [CompletionResultType]::ParameterName, 'On Ctrl-C, stop the scan on the server before exiting')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Save a scan configuration (the "Add Code Threat Scanner" drawer)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a saved configuration (schedule, branch, ...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List saved scan configurations')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one saved scan configuration')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a saved scan configuration')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Package, start, wait, print findings, write reports, gate by exit code')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a scan''s state on the server')
            [CompletionResult]::new('results', 'results', [CompletionResultType]::ParameterValue, 'Fetch a finished scan''s findings and write reports')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a running scan on the server')
            [CompletionResult]::new('due', 'due', [CompletionResultType]::ParameterValue, 'Run every saved scan whose scheduled time has passed (for cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;scan;create' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'kdt project name (what pipelines pass as -p)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'kdt project name (what pipelines pass as -p)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Scanner')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Scanner')
            [CompletionResult]::new('--bind-to', '--bind-to', [CompletionResultType]::ParameterName, 'The CodeThreat project to bind to (must exist, or pass --create-project)')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'CodeThreat instance [default: the only one, or "default"]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Branch to scan')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Branch to scan')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Metadata KEY=VALUE (repeatable)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Metadata KEY=VALUE (repeatable)')
            [CompletionResult]::new('--scan-tag', '--scan-tag', [CompletionResultType]::ParameterName, 'Scan tag')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, '`now` runs the scan right after saving; an RFC 3339 date-time stores it for `kdt scan due`')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Webhook platform')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Trigger this scan from a webhook (needs --platform)')
            [CompletionResult]::new('--create-project', '--create-project', [CompletionResultType]::ParameterName, 'Create the CodeThreat project (upload type) when it does not exist')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;edit' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'New schedule: an RFC 3339 date-time, `now`, or `none` to clear it')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'New branch')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'New branch')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'New environment')
            [CompletionResult]::new('--scan-tag', '--scan-tag', [CompletionResultType]::ParameterName, 'New scan tag')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this project''s configurations')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Only this project''s configurations')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;delete' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;run' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'kdt project name (a saved configuration''s project, or the CodeThreat project for ad-hoc runs)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Scanner')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Scanner')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Branch being scanned')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Branch being scanned')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Source directory to package (upload-type projects)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on')
            [CompletionResult]::new('--poll-max', '--poll-max', [CompletionResultType]::ParameterName, 'Longest pause between status polls (e.g. 5s)')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'CodeThreat instance [default: the configuration''s, the only one, or "default"]')
            [CompletionResult]::new('--bind-to', '--bind-to', [CompletionResultType]::ParameterName, 'CodeThreat project to scan, overriding the configuration''s binding')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Scan policy (title or id)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Skip files larger than this when packaging (bytes; K, M, G suffixes)')
            [CompletionResult]::new('--threshold-crit', '--threshold-crit', [CompletionResultType]::ParameterName, 'Fail when critical findings exceed N (0 = none allowed)')
            [CompletionResult]::new('--threshold-high', '--threshold-high', [CompletionResultType]::ParameterName, 'Fail when high findings exceed N')
            [CompletionResult]::new('--threshold-med', '--threshold-med', [CompletionResultType]::ParameterName, 'Fail when medium findings exceed N')
            [CompletionResult]::new('--threshold-low', '--threshold-low', [CompletionResultType]::ParameterName, 'Fail when low findings exceed N')
            [CompletionResult]::new('--sca-threshold-crit', '--sca-threshold-crit', [CompletionResultType]::ParameterName, 'Fail when critical SCA findings exceed N')
            [CompletionResult]::new('--sca-threshold-high', '--sca-threshold-high', [CompletionResultType]::ParameterName, 'Fail when high SCA findings exceed N')
            [CompletionResult]::new('--weakness', '--weakness', [CompletionResultType]::ParameterName, 'Fail when any finding''s weakness id or title matches (case-insensitive regex)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--async', '--async', [CompletionResultType]::ParameterName, 'Start the scan, print its id and exit 0 without waiting')
            [CompletionResult]::new('--create-project', '--create-project', [CompletionResultType]::ParameterName, 'Create the CodeThreat project (upload type) when it does not exist')
            [CompletionResult]::new('--cancel-on-interrupt', '--cancel-on-interrupt', [CompletionResultType]::ParameterName, 'On Ctrl-C, stop the scan on the server before exiting')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;status' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'CodeThreat instance [default: the only one, or "default"]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;results' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'CodeThreat instance [default: the only one, or "default"]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'CodeThreat project name of the scan [default: from the scan''s tags]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'CodeThreat project name of the scan [default: from the scan''s tags]')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)')
            [CompletionResult]::new('--threshold-crit', '--threshold-crit', [CompletionResultType]::ParameterName, 'Fail when critical findings exceed N (0 = none allowed)')
            [CompletionResult]::new('--threshold-high', '--threshold-high', [CompletionResultType]::ParameterName, 'Fail when high findings exceed N')
            [CompletionResult]::new('--threshold-med', '--threshold-med', [CompletionResultType]::ParameterName, 'Fail when medium findings exceed N')
            [CompletionResult]::new('--threshold-low', '--threshold-low', [CompletionResultType]::ParameterName, 'Fail when low findings exceed N')
            [CompletionResult]::new('--sca-threshold-crit', '--sca-threshold-crit', [CompletionResultType]::ParameterName, 'Fail when critical SCA findings exceed N')
            [CompletionResult]::new('--sca-threshold-high', '--sca-threshold-high', [CompletionResultType]::ParameterName, 'Fail when high SCA findings exceed N')
            [CompletionResult]::new('--weakness', '--weakness', [CompletionResultType]::ParameterName, 'Fail when any finding''s weakness id or title matches (case-insensitive regex)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;stop' {
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'CodeThreat instance [default: the only one, or "default"]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;due' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Wait for each scan at most this long (e.g. 30m) [default: no limit]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list what is due; start nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;scan;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Save a scan configuration (the "Add Code Threat Scanner" drawer)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a saved configuration (schedule, branch, ...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List saved scan configurations')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one saved scan configuration')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a saved scan configuration')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Package, start, wait, print findings, write reports, gate by exit code')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a scan''s state on the server')
            [CompletionResult]::new('results', 'results', [CompletionResultType]::ParameterValue, 'Fetch a finished scan''s findings and write reports')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a running scan on the server')
            [CompletionResult]::new('due', 'due', [CompletionResultType]::ParameterValue, 'Run every saved scan whose scheduled time has passed (for cron)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;scan;help;create' {
            break
        }
        'kdt;scan;help;edit' {
            break
        }
        'kdt;scan;help;list' {
            break
        }
        'kdt;scan;help;show' {
            break
        }
        'kdt;scan;help;delete' {
            break
        }
        'kdt;scan;help;run' {
            break
        }
        'kdt;scan;help;status' {
            break
        }
        'kdt;scan;help;results' {
            break
        }
        'kdt;scan;help;stop' {
            break
        }
        'kdt;scan;help;due' {
            break
        }
        'kdt;scan;help;help' {
            break
        }
        'kdt;webhook' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve webhook deliveries for the saved configurations that have a webhook')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Replace a configuration''s webhook secret and print the new one once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;webhook;serve' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Source directory packaged for upload-type projects (bound repositories need none)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Deliveries that may wait for a trigger worker before answers become 503')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Trigger workers (scans started at once)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;webhook;rotate-secret' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;webhook;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve webhook deliveries for the saved configurations that have a webhook')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Replace a configuration''s webhook secret and print the new one once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;webhook;help;serve' {
            break
        }
        'kdt;webhook;help;rotate-secret' {
            break
        }
        'kdt;webhook;help;help' {
            break
        }
        'kdt;sandbox' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (loopback only is recommended; port 0 picks a free port)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organization name clients must send in `x-ct-organization`')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Access token to accept (default: 32 random bytes from the OS, printed in the JSON line)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name accepted by `POST /api/signin` (with --password)')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password accepted by `POST /api/signin` (with --user)')
            [CompletionResult]::new('--scan-seconds', '--scan-seconds', [CompletionResultType]::ParameterName, 'How long each scan runs: seconds (`0.5`) or a duration (`250ms`, `2s`); 0 = instant')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Keep projects and scans in this directory across restarts (default: in memory)')
            [CompletionResult]::new('--fault', '--fault', [CompletionResultType]::ParameterName, 'Inject a fault: TARGET:ACTION[:PROBABILITY|Nx], e.g. `status:500:0.3`, `start:503:1x`, `status:reset:0.2`, `start:slow=2s`, `upload:413`, `scan:failure`. Repeatable')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for fault decisions (same seed + same requests = same faults)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Create a project at start-up: NAME (upload) or NAME:TYPE (github, gitlab, azure, bitbucket, git, jenkins, upload). Repeatable')
            [CompletionResult]::new('--max-upload-bytes', '--max-upload-bytes', [CompletionResultType]::ParameterName, 'Largest accepted archive upload; bigger uploads get 413')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and localhost')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;demo' {
            [CompletionResult]::new('--reports', '--reports', [CompletionResultType]::ParameterName, 'Where the reports go')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Source to scan [default: examples/vulnerable-app]')
            [CompletionResult]::new('--scan-seconds', '--scan-seconds', [CompletionResultType]::ParameterName, 'Seconds the sandbox takes per scan')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profile file [default: <config dir>/kdt/config.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile inside the file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What stdout carries: a human table or stable JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr: only warnings and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv traces HTTP calls, tokens redacted)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars or spinners (they are also off when stderr is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kdt;help' {
            [CompletionResult]::new('integration', 'integration', [CompletionResultType]::ParameterValue, 'Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Receive GitHub/GitLab/Bitbucket webhooks that trigger scans')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run a CodeThreat-compatible local server (for the demo, tests and experiments)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kdt;help;integration' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The scanner catalog: name, type, scan method, state, instances')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Activate an integration (the "Activate" button)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Turn an integration off; its configuration is kept')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Configure an instance: URL, organization, token, insecure TLS; then test the connection')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an instance''s configuration (token masked)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Test the connection to an instance (Test Connection / Retest Connection)')
            [CompletionResult]::new('settings', 'settings', [CompletionResultType]::ParameterValue, 'Advanced settings: what team leads may do')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an instance')
            break
        }
        'kdt;help;integration;list' {
            break
        }
        'kdt;help;integration;activate' {
            break
        }
        'kdt;help;integration;deactivate' {
            break
        }
        'kdt;help;integration;config' {
            break
        }
        'kdt;help;integration;show' {
            break
        }
        'kdt;help;integration;test' {
            break
        }
        'kdt;help;integration;settings' {
            break
        }
        'kdt;help;integration;remove' {
            break
        }
        'kdt;help;scan' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Save a scan configuration (the "Add Code Threat Scanner" drawer)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a saved configuration (schedule, branch, ...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List saved scan configurations')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one saved scan configuration')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a saved scan configuration')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Package, start, wait, print findings, write reports, gate by exit code')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a scan''s state on the server')
            [CompletionResult]::new('results', 'results', [CompletionResultType]::ParameterValue, 'Fetch a finished scan''s findings and write reports')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a running scan on the server')
            [CompletionResult]::new('due', 'due', [CompletionResultType]::ParameterValue, 'Run every saved scan whose scheduled time has passed (for cron)')
            break
        }
        'kdt;help;scan;create' {
            break
        }
        'kdt;help;scan;edit' {
            break
        }
        'kdt;help;scan;list' {
            break
        }
        'kdt;help;scan;show' {
            break
        }
        'kdt;help;scan;delete' {
            break
        }
        'kdt;help;scan;run' {
            break
        }
        'kdt;help;scan;status' {
            break
        }
        'kdt;help;scan;results' {
            break
        }
        'kdt;help;scan;stop' {
            break
        }
        'kdt;help;scan;due' {
            break
        }
        'kdt;help;webhook' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve webhook deliveries for the saved configurations that have a webhook')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Replace a configuration''s webhook secret and print the new one once')
            break
        }
        'kdt;help;webhook;serve' {
            break
        }
        'kdt;help;webhook;rotate-secret' {
            break
        }
        'kdt;help;sandbox' {
            break
        }
        'kdt;help;demo' {
            break
        }
        'kdt;help;completions' {
            break
        }
        'kdt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
