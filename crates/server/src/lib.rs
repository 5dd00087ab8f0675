//! Tidemark's central server: devices push their outbox and pull the
//! server's change log (DESIGN.md, "Sync protocol").
//!
//! This first slice has the SQLite store and the two sync endpoints. Still
//! to come (issue 3): accounts and device tokens, the PostgreSQL backend
//! behind a storage trait, the OpenAPI document, configuration files.

pub mod api;
pub mod error;
pub mod store;

pub use api::router;
pub use error::ServerError;
pub use store::ServerStore;
