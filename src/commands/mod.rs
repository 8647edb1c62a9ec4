//! One file per command: the only place that fetches, filters and renders together.

mod completions;
mod config_check;
mod emulator;
mod get;
mod handles_close;
mod handles_ls;
mod handles_stats;
mod interrupt;
mod ls;
mod man;
mod path_note;
mod places;
mod sessions_close;
mod sessions_ls;
mod shares;
mod sweep;

use anyhow::Result;
use time::OffsetDateTime;

use crate::cli::{
    Command, ConfigCommand, GlobalArgs, HandlesCommand, SessionsCommand, SharesCommand,
};
use crate::error::{ExitStatus, UsageError};
use crate::output::{Format, TableStyle};
use crate::settings::{ConnectionSettings, Settings};
use crate::ui::Ui;
use azfh_client::azure::{AzureFiles, AzureFilesBuilder, Location};
use azfh_client::backend::Backend;
use azfh_client::config::target::Service;
use azfh_client::config::{self, AccessSettings, CredentialChoice};
use azfh_client::qumulo::QumuloClientBuilder;

/// What every command needs: the settings, and the emulator `--emulator` started.
pub(crate) struct Context {
    /// The options as given: `--emulator`, and the resume hint that repeats them.
    pub global: GlobalArgs,
    /// The one reading of the clock: filters and ages are relative to it.
    pub now: OffsetDateTime,
    pub ui: Ui,
    pub format: Format,
    pub table_style: TableStyle,
    /// stdout is a terminal.
    pub stdout_is_terminal: bool,
    pub access: AccessSettings,
    qumulo: config::qumulo::QumuloSettings,
    login: azfh_client::azure::login::LoginSettings,
    connection: ConnectionSettings,
    /// The emulator `--emulator` started, kept alive for the command's duration.
    embedded: Option<azfh_emulator::EmulatorControl>,
}

impl Context {
    pub(crate) fn new(global: GlobalArgs, settings: Settings) -> Self {
        let Settings {
            now,
            ui,
            format,
            table_style,
            stdout_is_terminal,
            access,
            qumulo,
            login,
            connection,
            color: _,
            log_level: _,
        } = settings;
        Self {
            global,
            now,
            ui,
            format,
            table_style,
            stdout_is_terminal,
            access,
            qumulo,
            login,
            connection,
            embedded: None,
        }
    }

    /// Starts the in-process emulator for `--emulator`, with the demo share; its connection
    /// string replaces every other connection setting (the snapshot stays).
    async fn start_embedded_emulator(&mut self) -> Result<()> {
        let mut store = azfh_emulator::Store::default();
        azfh_emulator::load::demo::load(&mut store, self.now);
        let emulator =
            azfh_emulator::Emulator::bind(azfh_emulator::EmulatorConfig::default(), store).await?;
        self.access = AccessSettings {
            connection_string: Some(emulator.connection_string()),
            snapshot: self.access.snapshot.take(),
            ..AccessSettings::default()
        };
        self.embedded = Some(emulator.control());
        tracing::info!("embedded emulator at {}", emulator.endpoint());
        tokio::spawn(emulator.serve_until(std::future::pending()));
        Ok(())
    }

    /// Resolves TARGET and builds the client; usage errors come before any request.
    pub(crate) fn connect(&self, target: &str) -> Result<(AzureFiles, Location)> {
        let named = matches!(
            config::target::parse(target),
            Ok(config::target::TargetSpec::Named { .. })
        );
        if self.embedded.is_some() && named {
            return Err(UsageError::new(
                "--emulator serves its own account: a NAME: TARGET names another",
                "drop --emulator to use the config file's account, or give SHARE[/PATH] for the embedded emulator",
            )
            .into());
        }
        if self.embedded.is_some() && target.contains("://") {
            return Err(UsageError::new(
                "--emulator takes a SHARE[/PATH] TARGET, not a URL",
                "the embedded emulator serves the share 'demo': try `azfh --emulator handles ls demo -r`",
            )
            .into());
        }
        let resolved = config::resolve(&self.access, target, self.now).map_err(UsageError::from)?;
        let client = self.client_for(resolved.endpoint, resolved.credential)?;
        Ok((client, resolved.location))
    }

    /// Resolves an ACCOUNT (`None`: the connection options' account) and builds its client;
    /// usage errors come before any request.
    pub(crate) fn connect_account(&self, account: Option<&str>) -> Result<AzureFiles> {
        if self.embedded.is_some() && account.is_some_and(|a| !a.trim().is_empty()) {
            return Err(UsageError::new(
                "--emulator serves its own account: ACCOUNT cannot be given with it",
                "leave ACCOUNT out: `azfh --emulator shares ls`",
            )
            .into());
        }
        let resolved =
            config::resolve_account(&self.access, account, self.now).map_err(UsageError::from)?;
        self.client_for(resolved.endpoint, resolved.credential)
    }

    /// A client for `endpoint`, signing with `credential`, over the connection options.
    fn client_for(
        &self,
        endpoint: azfh_client::azure::ServiceEndpoint,
        credential: CredentialChoice,
    ) -> Result<AzureFiles> {
        let builder = AzureFilesBuilder::new(endpoint);
        let builder = match credential {
            CredentialChoice::SharedKey(key) => builder.with_shared_key(key),
            CredentialChoice::Sas(token) => builder.with_sas(token),
            CredentialChoice::Login => builder.with_login(self.login.clone()),
        };
        Ok(builder
            .with_connection(self.connection.options(self.ui)?)
            .build()?)
    }

    /// Resolves a `handles` TARGET into its backend: Azure Files, or a Qumulo cluster for
    /// `qumulo://`. Usage errors come before any request.
    pub(crate) fn connect_backend(&self, target: &str) -> Result<Backend> {
        if Service::of_target(target) == Service::AzureFiles {
            let (client, location) = self.connect(target)?;
            return Ok(Backend::Azure { client, location });
        }
        let (client, target) = self.connect_qumulo(target)?;
        Ok(Backend::Qumulo {
            client,
            cluster: target.base_url().replacen("https://", "qumulo://", 1),
            path: target.path,
        })
    }

    /// Resolves a `qumulo://` TARGET and builds its client. Usage errors come before any
    /// request.
    pub(crate) fn connect_qumulo(
        &self,
        target: &str,
    ) -> Result<(
        azfh_client::qumulo::QumuloClient,
        config::qumulo_target::QumuloTarget,
    )> {
        if self.embedded.is_some() {
            return Err(UsageError::new(
                "--emulator serves Azure Files, not Qumulo",
                "start `azfh emulator --qumulo` and give the qumulo:// address it prints",
            )
            .into());
        }
        if self.access.snapshot.is_some() {
            return Err(UsageError::new(
                "--snapshot is for Azure Files shares, not Qumulo TARGETs",
                "drop --snapshot",
            )
            .into());
        }
        let mut target = config::qumulo_target::parse(target).map_err(UsageError::from)?;
        if let Some(base) = &self.qumulo.base_path {
            target = target.with_base_path(base).map_err(UsageError::from)?;
        }
        let auth = config::qumulo::auth_for(&self.qumulo, &target).map_err(UsageError::from)?;
        let client = QumuloClientBuilder::new(target.api_url(), auth)
            .with_connection(self.connection.options(self.ui)?)
            .build()?;
        Ok((client, target))
    }
}

/// Says once, on stderr, what the backend could not do but went on without (a Qumulo owner
/// name that could not be looked up).
pub(crate) fn warn_backend_notices(context: &Context, backend: &Backend) {
    for notice in backend.notices() {
        context.ui.warn(&notice);
    }
}

/// Says once, on stderr, what a Qumulo client went on without (owner names that could not be
/// looked up).
pub(crate) fn warn_client_notices(context: &Context, client: &azfh_client::qumulo::QumuloClient) {
    for notice in client.notices() {
        context.ui.warn(&notice);
    }
}

/// The `--columns` given, checked against the output format: json and jsonl have every
/// field, so asking them for some is refused rather than ignored.
pub(crate) fn chosen_columns(
    format: Format,
    given: &[&'static str],
) -> Result<Option<&'static [&'static str]>, UsageError> {
    if !given.is_empty() && matches!(format, Format::Json | Format::Jsonl) {
        return Err(UsageError::new(
            "--columns chooses table and tsv columns; json output always has every field",
            "use -o tsv --columns ..., or pick json fields with jq",
        ));
    }
    Ok(crate::output::columns::chosen(given))
}

/// Refuses, before any request, the filters and grouping the backend's handles cannot
/// answer: a filter that silently matched nothing would be worse than none.
pub(crate) fn check_backend_can_filter(
    backend: &Backend,
    filters: &azfh_client::handles::Filters,
    group_by: Option<azfh_client::handles::grouping::GroupKey>,
) -> Result<()> {
    use azfh_client::handles::grouping::GroupKey;
    let capabilities = backend.capabilities();
    let supported = if capabilities.owner {
        "--path, --access, --owner and --client-ip"
    } else {
        "every filter but --owner"
    };
    if let Some((flags, why)) = capabilities.refused_filter(filters) {
        return Err(UsageError::new(
            format!("{flags} cannot be used on {}: {why}", capabilities.name),
            format!("{} TARGETs take {supported}", capabilities.name),
        )
        .into());
    }
    let refused_group = match group_by {
        Some(GroupKey::ClientIp) if !capabilities.client_ip_exact => Some("client-ip"),
        Some(GroupKey::ClientName) if !capabilities.client_name => Some("client-name"),
        Some(GroupKey::Session) if !capabilities.session => Some("session"),
        Some(GroupKey::Owner) if !capabilities.owner => Some("owner"),
        _ => None,
    };
    if let Some(key) = refused_group {
        return Err(UsageError::new(
            format!(
                "--group-by {key} cannot be used on {}: its handles do not carry it",
                capabilities.name
            ),
            if capabilities.owner {
                "group Qumulo handles by path or owner"
            } else {
                "group Azure Files handles by client-ip, client-name, session or path"
            },
        )
        .into());
    }
    Ok(())
}

/// `-o prometheus` is metrics, which only `handles stats` has: every other command that prints
/// results refuses it before it does anything, rather than print something else.
fn refuse_prometheus(command: &Command, format: Format) -> Result<(), UsageError> {
    let prints_rows = matches!(
        command,
        Command::Ls(_)
            | Command::Get(_)
            | Command::Shares(_)
            | Command::Config(_)
            | Command::Sessions(_)
            | Command::Handles(HandlesCommand::Ls(_) | HandlesCommand::Close(_))
    );
    if format == Format::Prometheus && prints_rows {
        return Err(UsageError::new(
            "-o prometheus is the output of `azfh handles stats` only",
            "use -o table, tsv, json or jsonl here (or unset AZFH_OUTPUT)",
        ));
    }
    Ok(())
}

/// Runs the parsed command line. Every command that talks to a service watches SIGINT and
/// SIGTERM through one [`interrupt::Interrupt`]: it stops starting work, lets what is in
/// flight finish briefly, flushes what it printed, and ends with exit status 130.
pub(crate) async fn run(
    command: Command,
    global: GlobalArgs,
    settings: Settings,
) -> Result<ExitStatus> {
    let mut context = Context::new(global, settings);
    refuse_prometheus(&command, context.format)?;
    match command {
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Config(ConfigCommand::Check) => config_check::run(&context),
        Command::Emulator(args) => emulator::run(&context, &args).await,
        Command::Get(args) => {
            let interrupt = interrupt::listen();
            if context.global.emulator {
                context.start_embedded_emulator().await?;
            }
            get::run(&context, &args, &interrupt).await
        }
        Command::Shares(SharesCommand::Ls(args)) => {
            let interrupt = interrupt::listen();
            if context.global.emulator {
                context.start_embedded_emulator().await?;
            }
            shares::run(&context, &args, &interrupt).await
        }
        Command::Ls(args) => {
            let interrupt = interrupt::listen();
            if context.global.emulator {
                context.start_embedded_emulator().await?;
            }
            ls::run(&context, &args, &interrupt).await
        }
        Command::Sessions(command) => {
            let interrupt = interrupt::listen();
            match command {
                SessionsCommand::Ls(args) => sessions_ls::run(&context, &args, &interrupt).await,
                SessionsCommand::Close(args) => {
                    sessions_close::run(&context, &args, &interrupt).await
                }
            }
        }
        Command::Handles(command) => {
            let interrupt = interrupt::listen();
            if context.global.emulator {
                context.start_embedded_emulator().await?;
            }
            match command {
                HandlesCommand::Ls(args) => handles_ls::run(&context, &args, &interrupt).await,
                HandlesCommand::Close(args) => {
                    handles_close::run(&context, &args, &interrupt).await
                }
                HandlesCommand::Stats(args) => {
                    handles_stats::run(&context, &args, &interrupt).await
                }
            }
        }
    }
}
