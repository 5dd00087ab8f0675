//! The server's SQLite store: the sync state (records, events, the change
//! log, conflicts) and the accounts (users, device tokens, sign-in
//! failures). Every request's work is one transaction on one connection,
//! and nothing lives outside the database between requests.

use rusqlite::Connection;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Mutex;

use crate::error::ServerError;

mod accounts;
mod sync;
mod visibility;

pub use accounts::{Principal, TokenCheck};
pub use sync::MAX_PULL_LIMIT;
pub use visibility::{ward_of_unit, Visibility};

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_accounts.sql"),
];

#[derive(Debug)]
pub struct ServerStore {
    conn: Mutex<Connection>,
}

/// A household or raft as the server holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordState {
    pub fields: Map<String, Value>,
    pub version: u64,
    pub deleted: bool,
}

/// A stored conflict: the losing side of a concurrent edit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConflictRecord {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub kept_value: Value,
    pub lost_value: Value,
}

impl ServerStore {
    pub fn open(path: &Path) -> Result<Self, ServerError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ServerError::Internal(e.to_string()))?;
        }
        Self::init(Connection::open(path)?)
    }

    pub fn open_in_memory() -> Result<Self, ServerError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, ServerError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "busy_timeout", 5000)?;
        let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let applied = usize::try_from(applied).unwrap_or(0);
        if applied > MIGRATIONS.len() {
            return Err(ServerError::Internal(format!(
                "database schema {applied} is newer than this server"
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // Each request's work is one transaction, so a panic elsewhere
        // cannot leave half of it behind: a poisoned lock is safe to take.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether the database answers; for /ready.
    pub fn ping(&self) -> Result<(), ServerError> {
        self.lock().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }
}
