//! Tidemark's central server: devices sign in, push their outbox and pull
//! the server's change log (DESIGN.md, "Sync protocol"); admins manage
//! accounts and enrolled devices.
//!
//! `store` is the storage trait with its SQLite and PostgreSQL backends;
//! `photos` the photo vault (files or an S3-compatible object store);
//! `auth` holds the password, token and sign-in rules; `api` is the HTTP
//! surface; `config` reads flags, environment and a TOML file.

pub mod api;
pub mod auth;
pub mod config;
pub mod error;
pub mod photos;
pub mod store;
pub mod testing;

pub use api::router;
pub use error::ServerError;
pub use store::{PostgresStore, SqliteStore, Storage};
