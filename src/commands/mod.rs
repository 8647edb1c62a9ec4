//! One file per command: the only place that fetches, filters and renders together.

mod completions;
mod emulator;
mod get;
mod handles_close;
mod handles_ls;
mod interrupt;
mod ls;
mod resume_hint;
pub(crate) mod walk;

use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Result;
use time::OffsetDateTime;

use crate::azure::credential::Credential;
use crate::azure::login::LoginTokenSource;
use crate::azure::{AzureFiles, Location, Transport, TransportOptions};
use crate::backend::Backend;
use crate::cli::{AuthModeArg, Cli, ColorArg, Command, GlobalArgs, HandlesCommand};
use crate::config::{self, AccessSettings, AuthMode, CredentialChoice};
use crate::error::{ExitStatus, UsageError};
use crate::net::retry::RetryPolicy;
use crate::net::tls::TlsSettings;
use crate::output::{Format, TableStyle};
use crate::ui::Ui;

/// What every command needs, decided once.
pub struct Context {
    pub global: GlobalArgs,
    /// The one reading of the clock: filters and ages are relative to it.
    pub now: OffsetDateTime,
    pub ui: Ui,
    pub format: Format,
    pub table_style: TableStyle,
    /// The emulator `--emulator` started, kept alive for the command's duration.
    embedded: Option<crate::emulator::EmulatorControl>,
    embedded_connection_string: Option<String>,
}

impl Context {
    pub fn new(global: GlobalArgs, now: OffsetDateTime) -> Self {
        let stdout_terminal = std::io::stdout().is_terminal();
        let color = match global.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                stdout_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Self {
            ui: Ui::new(global.quiet, global.no_progress),
            format: global
                .output
                .map_or_else(|| Format::default_for(stdout_terminal), Format::from),
            table_style: TableStyle {
                color,
                terminal: stdout_terminal,
            },
            now,
            global,
            embedded: None,
            embedded_connection_string: None,
        }
    }

    /// Starts the in-process emulator for `--emulator`, with the demo share.
    async fn start_embedded_emulator(&mut self) -> Result<()> {
        let mut store = crate::emulator::Store::default();
        crate::emulator::demo::load(&mut store, self.now);
        let emulator =
            crate::emulator::Emulator::bind(crate::emulator::EmulatorConfig::default(), store)
                .await?;
        self.embedded_connection_string = Some(emulator.connection_string());
        self.embedded = Some(emulator.control());
        tracing::info!("embedded emulator at {}", emulator.endpoint());
        tokio::spawn(emulator.serve_until(std::future::pending()));
        Ok(())
    }

    fn access_settings(&self) -> AccessSettings {
        let global = &self.global;
        if let Some(connection_string) = &self.embedded_connection_string {
            // --emulator replaces every other connection setting.
            return AccessSettings {
                connection_string: Some(connection_string.clone()),
                snapshot: global.snapshot.clone(),
                ..AccessSettings::default()
            };
        }
        AccessSettings {
            account: global.account.clone(),
            account_key: global.account_key.clone(),
            sas_token: global.sas_token.clone(),
            connection_string: global.connection_string.clone(),
            endpoint: global.endpoint.clone(),
            auth_mode: global.auth_mode.map(|mode| match mode {
                AuthModeArg::Key => AuthMode::Key,
                AuthModeArg::Sas => AuthMode::Sas,
                AuthModeArg::Login => AuthMode::Login,
            }),
            snapshot: global.snapshot.clone(),
            allow_http: global.allow_http,
        }
    }

    /// Resolves TARGET and builds the client; usage errors come before any request.
    pub fn connect(&self, target: &str) -> Result<(AzureFiles, Location)> {
        if self.embedded.is_some() && target.contains("://") {
            return Err(UsageError::new(
                "--emulator takes a SHARE[/PATH] TARGET, not a URL",
                "the embedded emulator serves the share 'demo': try `azfh --emulator handles ls demo -r`",
            )
            .into());
        }
        let resolved =
            config::resolve(&self.access_settings(), target, self.now).map_err(UsageError::from)?;
        let credential = match resolved.credential {
            CredentialChoice::SharedKey(key) => Credential::SharedKey {
                account: resolved.endpoint.account().to_owned(),
                key,
            },
            CredentialChoice::Sas(token) => Credential::Sas(token),
            CredentialChoice::Login => {
                Credential::Bearer(Arc::new(LoginTokenSource::from_environment()))
            }
        };
        let options = TransportOptions {
            timeout: self.global.timeout,
            retry: self.retry_policy(),
            tls: self.tls_settings()?,
        };
        let transport = Transport::new(resolved.endpoint, credential, options)?;
        Ok((AzureFiles::new(transport), resolved.location))
    }

    fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_retries: self.global.retries,
            deadline: RetryPolicy::default().deadline.max(self.global.timeout * 2),
            ..RetryPolicy::default()
        }
    }

    /// `--ca-cert` and `--insecure`, checked before any request.
    fn tls_settings(&self) -> Result<TlsSettings> {
        if let Some(path) = &self.global.ca_cert
            && !path.is_file()
        {
            return Err(UsageError::new(
                format!("--ca-cert {} is not a file", path.display()),
                "give the PEM file of the certificate to trust (e.g. the cluster's, exported from its web UI)",
            )
            .into());
        }
        if self.global.insecure {
            self.ui.warn(
                "--insecure: the server's certificate is not verified; anyone on the path can read the token",
            );
        }
        // A file that holds no certificate is bad input, found before any request.
        TlsSettings::load(self.global.ca_cert.as_deref(), self.global.insecure).map_err(|err| {
            UsageError::new(err.0, "give a PEM file (-----BEGIN CERTIFICATE-----)").into()
        })
    }

    /// Resolves a `handles` TARGET into its backend: Azure Files, or a Qumulo cluster for
    /// `qumulo://`. Usage errors come before any request.
    pub fn connect_backend(&self, target: &str) -> Result<Backend> {
        if !config::qumulo_target::is_qumulo(target) {
            let (client, location) = self.connect(target)?;
            return Ok(Backend::Azure { client, location });
        }
        if self.embedded.is_some() {
            return Err(UsageError::new(
                "--emulator serves Azure Files, not Qumulo",
                "start `azfh emulator --qumulo` and give the qumulo:// address it prints",
            )
            .into());
        }
        if self.global.snapshot.is_some() {
            return Err(UsageError::new(
                "--snapshot is for Azure Files shares, not Qumulo TARGETs",
                "drop --snapshot",
            )
            .into());
        }
        let target = config::qumulo_target::parse(target).map_err(UsageError::from)?;
        let settings = config::qumulo::QumuloSettings::with_environment(
            self.global.qumulo_token.clone(),
            self.global.qumulo_credentials.clone(),
            self.global.qumulo_user.clone(),
        );
        let auth = config::qumulo::auth_for(&settings, &target).map_err(UsageError::from)?;
        let options = crate::qumulo::TransportOptions {
            timeout: self.global.timeout,
            retry: self.retry_policy(),
            tls: self.tls_settings()?,
        };
        let transport = crate::qumulo::QumuloTransport::new(&target.base_url(), auth, options)?;
        let cluster = target.base_url().replacen("https://", "qumulo://", 1);
        Ok(Backend::Qumulo {
            client: crate::qumulo::QumuloClient::new(transport),
            cluster,
            path: target.path,
        })
    }
}

/// Refuses, before any request, the filters and grouping the backend's handles cannot
/// answer: a filter that silently matched nothing would be worse than none.
pub fn check_backend_can_filter(
    backend: &Backend,
    filters: &crate::handles::Filters,
    group_by: Option<crate::handles::grouping::GroupKey>,
) -> Result<()> {
    use crate::handles::grouping::GroupKey;
    let capabilities = backend.capabilities();
    let supported = if capabilities.owner {
        "--path, --access and --owner"
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
        Some(GroupKey::ClientIp) if !capabilities.client_ip => Some("client-ip"),
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

/// Runs the parsed command line. Every command that talks to a service watches SIGINT and
/// SIGTERM through one [`interrupt::Interrupt`]: it stops starting work, lets what is in
/// flight finish briefly, flushes what it printed, and ends with exit status 130.
pub async fn run(cli: Cli, now: OffsetDateTime) -> Result<ExitStatus> {
    let mut context = Context::new(cli.global, now);
    match cli.command {
        Command::Completions(args) => completions::run(&args),
        Command::Emulator(args) => emulator::run(&context, &args).await,
        Command::Get(args) => {
            let interrupt = interrupt::listen();
            if context.global.emulator {
                context.start_embedded_emulator().await?;
            }
            get::run(&context, &args, &interrupt).await
        }
        Command::Ls(args) => {
            let interrupt = interrupt::listen();
            if context.global.emulator {
                context.start_embedded_emulator().await?;
            }
            ls::run(&context, &args, &interrupt).await
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
            }
        }
    }
}
