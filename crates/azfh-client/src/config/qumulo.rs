//! Qumulo credentials, from the settings given and `qq`'s own credential files, once.
//!
//! Precedence: `--qumulo-token` (`QUMULO_TOKEN`), then `--qumulo-credentials FILE`, then a
//! login with `QUMULO_USER` and `QUMULO_PASSWORD`, then the file `qq login` wrote for this
//! host and port (`$XDG_CONFIG_HOME/qumulo/credentials/HOST_PORT`, `~/.config/…`, and the
//! legacy `~/.qfsd_cred`). Explicit settings win over the file a past `qq login` left.

use std::path::{Path, PathBuf};

use super::ConfigError;
use super::qumulo_target::QumuloTarget;
use crate::qumulo::QumuloAuth;

/// The Qumulo settings as given: flags, and what only the environment holds (the password,
/// never an option since the command line is visible to other users, and where `qq` keeps its
/// files). The binary reads the environment; this module reads only files at the paths given
/// (the credentials file, and `qq`'s files under the directories given).
#[derive(Clone, Default)]
pub struct QumuloSettings {
    pub token: Option<String>,
    pub credentials_file: Option<PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// `$XDG_CONFIG_HOME` and `$HOME`, where `qq` keeps its credentials.
    pub xdg_config_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// `--qumulo-base`: the API's path prefix, overriding the one the port implies.
    pub base_path: Option<String>,
}

impl std::fmt::Debug for QumuloSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QumuloSettings")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("credentials_file", &self.credentials_file)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

const NO_CREDENTIAL_HINT: &str = "set QUMULO_TOKEN (e.g. an access token from `qq auth_create_access_token`), or QUMULO_USER and QUMULO_PASSWORD, or run `qq --host HOST login` first";

/// Picks the credential for `target`.
pub fn auth_for(
    settings: &QumuloSettings,
    target: &QumuloTarget,
) -> Result<QumuloAuth, ConfigError> {
    if let Some(token) = settings
        .token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return checked_token(token, "--qumulo-token");
    }
    if let Some(file) = &settings.credentials_file {
        return read_credentials_file(file)?.ok_or_else(|| {
            ConfigError::usage(
                format!("--qumulo-credentials {} does not exist", file.display()),
                "give the file `qq login` or `qq auth_create_access_token --file` wrote",
            )
        });
    }
    match (settings.user.as_deref(), settings.password.as_deref()) {
        (Some(user), Some(password)) if !user.trim().is_empty() => {
            return Ok(QumuloAuth::Login {
                user: user.trim().to_owned(),
                password: password.to_owned(),
            });
        }
        (Some(_), None) => {
            return Err(ConfigError::usage(
                "QUMULO_USER is set but QUMULO_PASSWORD is not",
                "set QUMULO_PASSWORD in the environment (it is never taken from the command line)",
            ));
        }
        _ => {}
    }
    for file in qq_store_files(settings, target) {
        if let Some(auth) = read_credentials_file(&file)? {
            return Ok(auth);
        }
    }
    Err(ConfigError::usage(
        format!("no credential for {}", target.display()),
        NO_CREDENTIAL_HINT,
    ))
}

fn checked_token(token: &str, source: &str) -> Result<QumuloAuth, ConfigError> {
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ConfigError::usage(
            format!("the token from {source} contains spaces or control characters"),
            "give the bearer token exactly as Qumulo issued it (session-v1:… or access-v1:…)",
        ));
    }
    Ok(QumuloAuth::Token {
        token: token.to_owned(),
        source: source.to_owned(),
    })
}

/// `qq`'s credential files for this host and port, most specific first.
fn qq_store_files(settings: &QumuloSettings, target: &QumuloTarget) -> Vec<PathBuf> {
    let name = format!("{}_{}", target.host, target.port);
    let mut files = Vec::new();
    if let Some(xdg) = &settings.xdg_config_home {
        files.push(xdg.join("qumulo").join("credentials").join(&name));
    }
    if let Some(home) = &settings.home {
        files.push(
            home.join(".config")
                .join("qumulo")
                .join("credentials")
                .join(&name),
        );
        files.push(home.join(".qfsd_cred"));
    }
    files
}

/// Reads a `qq` credential file (`{"bearer_token": "…", "version": 1}`); `None` if absent.
fn read_credentials_file(file: &Path) -> Result<Option<QumuloAuth>, ConfigError> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(ConfigError::usage(
                format!(
                    "cannot read the Qumulo credentials {}: {err}",
                    file.display()
                ),
                "check the file's permissions",
            ));
        }
    };
    let token = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| value.get("bearer_token")?.as_str().map(str::to_owned))
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            ConfigError::usage(
                format!("{} holds no bearer_token", file.display()),
                "log in again with `qq login`, or give QUMULO_TOKEN",
            )
        })?;
    checked_token(&token, &file.display().to_string()).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> QumuloTarget {
        super::super::qumulo_target::parse("qumulo://nas01/projects").unwrap()
    }

    #[test]
    fn precedence_and_qq_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("xdg/qumulo/credentials");
        std::fs::create_dir_all(&store).unwrap();
        std::fs::write(
            store.join("nas01_8000"),
            r#"{"bearer_token": "session-v1:from-qq", "version": 1}"#,
        )
        .unwrap();
        let mut settings = QumuloSettings {
            xdg_config_home: Some(dir.path().join("xdg")),
            ..QumuloSettings::default()
        };
        let token = |auth: QumuloAuth| match auth {
            QumuloAuth::Token { token, .. } => token,
            QumuloAuth::Login { user, .. } => format!("login {user}"),
        };
        assert_eq!(
            token(auth_for(&settings, &target()).unwrap()),
            "session-v1:from-qq"
        );
        settings.user = Some("admin".into());
        settings.password = Some("pw".into());
        assert_eq!(
            token(auth_for(&settings, &target()).unwrap()),
            "login admin"
        );
        settings.token = Some("access-v1:given".into());
        assert_eq!(
            token(auth_for(&settings, &target()).unwrap()),
            "access-v1:given"
        );
        let debug = format!("{settings:?} {:?}", auth_for(&settings, &target()).unwrap());
        assert!(
            !debug.contains("given") && !debug.contains("pw\""),
            "{debug}"
        );
    }

    #[test]
    fn missing_or_broken_credentials_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        let none = QumuloSettings::default();
        assert!(
            auth_for(&none, &target())
                .unwrap_err()
                .message
                .contains("no credential")
        );
        let half = QumuloSettings {
            user: Some("admin".into()),
            ..QumuloSettings::default()
        };
        assert!(
            auth_for(&half, &target())
                .unwrap_err()
                .message
                .contains("QUMULO_PASSWORD")
        );
        let broken = dir.path().join("cred");
        std::fs::write(&broken, "{}").unwrap();
        let file = QumuloSettings {
            credentials_file: Some(broken),
            ..QumuloSettings::default()
        };
        assert!(
            auth_for(&file, &target())
                .unwrap_err()
                .message
                .contains("no bearer_token")
        );
        let spaced = QumuloSettings {
            token: Some("two words".into()),
            ..QumuloSettings::default()
        };
        assert!(
            auth_for(&spaced, &target())
                .unwrap_err()
                .message
                .contains("spaces")
        );
    }
}
