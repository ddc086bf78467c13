//! `kdt demo`: the whole flow on an embedded sandbox, for newcomers. A throwaway profile in a
//! temp dir, the sandbox in-process; activates and configures CodeThreat, tests the
//! connection, saves a scan configuration and runs it over `examples/vulnerable-app/`, writing
//! the reports to `./kdt-demo-reports/`. It leaves nothing else behind.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{
    CreateArgs, DemoArgs, Environment, GlobalArgs, InstanceArgs, IntegrationCmd, ReportSpec,
    RunArgs, ScanSub, Tool, ToolArg,
};
use crate::commands::{integration, scan};
use crate::exit::{ExitStatus, Failure};
use crate::output::Printer;
use crate::profile::Instance;
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::secret::Secret;
use crate::settings::{Context, EnvOverrides};

const PROJECT: &str = "vulnerable-app";

fn source_dir(args: &DemoArgs) -> anyhow::Result<PathBuf> {
    if let Some(p) = &args.path {
        return Ok(p.clone());
    }
    // From the repository root (`cargo run -- demo`), else where this binary was built from.
    let candidates = [
        PathBuf::from("examples/vulnerable-app"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/vulnerable-app"),
    ];
    candidates.into_iter().find(|p| p.is_dir()).ok_or_else(|| {
        Failure::usage("cannot find examples/vulnerable-app")
            .hint("run the demo from the kdt repository, or pass --path DIR")
            .into()
    })
}

pub async fn run(
    global: GlobalArgs,
    printer: Printer,
    args: DemoArgs,
) -> anyhow::Result<ExitStatus> {
    let source = source_dir(&args)?;
    let profile_dir = tempfile::tempdir()?;
    let sandbox = Sandbox::start(SandboxConfig {
        scan_duration: Duration::from_secs_f64(args.scan_seconds.max(0.0)),
        ..SandboxConfig::default()
    })
    .await?;

    let step = |n: u32, what: &str| printer.status(&printer.bold(&format!("\n[{n}/5] {what}")));
    printer.status(&format!(
        "kdt demo: an embedded CodeThreat sandbox at {} (organization {}), a throwaway profile in {}",
        sandbox.base_url(),
        sandbox.org(),
        profile_dir.path().display()
    ));

    let mut g = global.clone();
    g.config = Some(profile_dir.path().join("config.toml"));
    g.profile = "default".into();
    // Intermediate steps print to stdout only in table mode: `-o json` gets one document.
    let step_printer = if printer.is_json() {
        printer.without_data()
    } else {
        printer.clone()
    };
    let mut ctx = Context::new(g.clone(), step_printer)?;
    // The demo talks to its own sandbox, whatever CODETHREAT_* the shell has.
    ctx.env = EnvOverrides::default();

    step(1, "kdt integration activate codethreat");
    integration::run(
        &ctx,
        IntegrationCmd::Activate(ToolArg {
            tool: Tool::Codethreat,
        }),
    )
    .await?;

    step(
        2,
        "kdt integration config codethreat --url ... --org ... --token-stdin",
    );
    let token = Secret::new(sandbox.token());
    ctx.printer.add_secret(token.expose());
    ctx.update_profile(|p| {
        p.integrations.codethreat.instances.insert(
            "default".into(),
            Instance {
                url: sandbox.base_url().to_string(),
                organization: sandbox.org().to_string(),
                token: Some(token.clone()),
                token_set_at: Some(jiff::Timestamp::now()),
                ..Instance::default()
            },
        );
        Ok(())
    })?;
    integration::run(
        &ctx,
        IntegrationCmd::Test(InstanceArgs {
            tool: Tool::Codethreat,
            instance: None,
        }),
    )
    .await?;

    step(
        3,
        "kdt scan create -p vulnerable-app -t codethreat --bind-to vulnerable-app --create-project",
    );
    scan::run(
        &ctx,
        ScanSub::Create(CreateArgs {
            project: PROJECT.into(),
            tool: Tool::Codethreat,
            bind_to: PROJECT.into(),
            instance: None,
            branch: Some("main".into()),
            environment: Some(Environment::Develop),
            meta: vec![("owner".into(), "demo".into())],
            scan_tag: Some("demo".into()),
            schedule: None,
            webhook: false,
            platform: None,
            create_project: true,
        }),
    )
    .await?;

    step(
        4,
        "kdt scan -p vulnerable-app -t codethreat -b main --report ...",
    );
    std::fs::create_dir_all(&args.reports)?;
    let reports = [
        ("sarif", "codethreat.sarif"),
        ("junit", "junit.xml"),
        ("gitlab-sast", "gl-sast-report.json"),
        ("json", "scan.json"),
    ]
    .iter()
    .map(|(f, name)| ReportSpec {
        format: f.to_string(),
        path: args.reports.join(name),
    })
    .collect();
    // The final step prints to the real stdout, in the format the user asked for.
    let mut final_ctx = Context::new(g, printer.clone())?;
    final_ctx.env = EnvOverrides::default();
    let status = scan::run(
        &final_ctx,
        ScanSub::Run(RunArgs {
            project: Some(PROJECT.into()),
            tool: Some(Tool::Codethreat),
            branch: Some("main".into()),
            path: source,
            async_: false,
            timeout: Some(Duration::from_secs(600)),
            poll_max: None,
            instance: None,
            bind_to: None,
            policy: None,
            report: reports,
            create_project: false,
            cancel_on_interrupt: false,
            max_file_size: None,
            gate: Default::default(),
        }),
    )
    .await?;

    step(5, "done");
    printer.status(&format!(
        "reports in {}/ (SARIF for GitHub code scanning, JUnit, GitLab SAST, JSON).\n\
         In CI you would add gates, e.g. --threshold-crit 0 --threshold-high 5, and kdt exits 1 when they break.",
        args.reports.display()
    ));
    sandbox.shutdown().await;
    Ok(status)
}
