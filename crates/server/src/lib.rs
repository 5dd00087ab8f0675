//! Tidemark's central server: devices sign in, push their outbox and pull
//! the server's change log (DESIGN.md, "Sync protocol"); admins manage
//! accounts and enrolled devices.
//!
//! `store` is the SQLite store; `auth` holds the password, token and
//! sign-in rules; `api` is the HTTP surface. Still to come (issue 3): the
//! PostgreSQL backend behind a storage trait and the OpenAPI document.

pub mod api;
pub mod auth;
pub mod config;
pub mod error;
pub mod store;

pub use api::router;
pub use error::ServerError;
pub use store::ServerStore;
