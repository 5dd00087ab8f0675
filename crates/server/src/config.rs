//! Server configuration: flags, then environment variables (clap reads
//! both), then a TOML file, then defaults.
//!
//! ```toml
//! # tidemark-server.toml
//! listen = "0.0.0.0:8787"
//! data_dir = "/var/lib/tidemark-server"
//! # PostgreSQL instead of the embedded SQLite database:
//! # database_url = "postgres://tidemark@db.internal/tidemark"
//! # Photos in an S3-compatible store instead of data_dir/photos
//! # (credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT…):
//! # photo_store = "s3://tidemark-photos/quang-yen"
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
pub const DEFAULT_DATA_DIR: &str = "tidemark-server-data";

/// What a configuration file may set. Unknown keys are an error, so a typo
/// does not silently fall back to a default.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub photo_store: Option<String>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The settings `serve` runs with.
#[derive(Clone, PartialEq)]
pub struct ServerConfig {
    pub listen: String,
    pub data_dir: PathBuf,
    /// PostgreSQL URL; None: SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// Where photo bytes go: None for files under `data_dir/photos`, or
    /// `s3://bucket/prefix` for an S3-compatible store.
    pub photo_store: Option<String>,
}

impl std::fmt::Debug for ServerConfig {
    // The database URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field(
                "database",
                &if self.database_url.is_some() {
                    "postgres"
                } else {
                    "sqlite"
                },
            )
            .finish()
    }
}

impl ServerConfig {
    /// `flag_*` are what clap found in flags or the environment.
    pub fn resolve(
        flag_listen: Option<String>,
        flag_data_dir: Option<PathBuf>,
        flag_database_url: Option<String>,
        file: &FileConfig,
    ) -> Self {
        Self {
            photo_store: file.photo_store.clone().filter(|s| !s.trim().is_empty()),
            database_url: flag_database_url
                .or_else(|| file.database_url.clone())
                .filter(|u| !u.trim().is_empty()),
            listen: flag_listen
                .or_else(|| file.listen.clone())
                .unwrap_or_else(|| DEFAULT_LISTEN.to_owned()),
            data_dir: flag_data_dir
                .or_else(|| file.data_dir.clone())
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("tidemark-server.sqlite")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let file: FileConfig =
            toml::from_str("listen = \"0.0.0.0:9000\"\ndata_dir = \"/srv/t\"").unwrap();
        let from_file = ServerConfig::resolve(None, None, None, &file);
        assert_eq!(from_file.listen, "0.0.0.0:9000");
        assert_eq!(from_file.data_dir, PathBuf::from("/srv/t"));
        let flagged = ServerConfig::resolve(Some("127.0.0.1:1".into()), None, None, &file);
        assert_eq!(flagged.listen, "127.0.0.1:1");
        let defaults = ServerConfig::resolve(None, None, None, &FileConfig::default());
        assert_eq!(defaults.listen, DEFAULT_LISTEN);
        assert_eq!(defaults.database_url, None);
        let pg = ServerConfig::resolve(None, None, Some("postgres://u:secret@h/db".into()), &file);
        assert!(!format!("{pg:?}").contains("secret"));
    }

    #[test]
    fn a_misspelt_key_is_an_error() {
        assert!(toml::from_str::<FileConfig>("lisen = \"x\"").is_err());
    }
}
