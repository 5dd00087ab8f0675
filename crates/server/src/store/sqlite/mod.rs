//! The SQLite backend: one connection in WAL mode with synchronous=FULL,
//! each request's work one transaction on it.

use rusqlite::Connection;
use std::path::Path;
use std::sync::Mutex;
use tidemark_domain::auth::{Account, EnrolledDevice, Username};
use tidemark_domain::ids::DeviceId;
use tidemark_domain::reference::Role;
use tidemark_domain::sync::{PullResponse, PushRequest, PushResponse};
use tidemark_domain::zone::{Zone, ZoneSet};

use super::{
    AwaitedPhoto, ConflictRecord, RecordState, Storage, TokenCheck, Visibility, ZoneImport,
};
use crate::error::ServerError;

mod accounts;
mod sync;
mod zones;

const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/sqlite/0001_init.sql"),
    include_str!("../../../migrations/sqlite/0002_accounts.sql"),
    include_str!("../../../migrations/sqlite/0003_restamped.sql"),
    include_str!("../../../migrations/sqlite/0004_zones.sql"),
    include_str!("../../../migrations/sqlite/0005_photos.sql"),
];

#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
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
}

impl Storage for SqliteStore {
    fn ping(&self) -> Result<(), ServerError> {
        self.lock().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn push(&self, request: &PushRequest) -> Result<PushResponse, ServerError> {
        sync::push(&mut self.lock(), request)
    }

    fn pull(
        &self,
        cursor: u64,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<PullResponse, ServerError> {
        sync::pull(&mut self.lock(), cursor, limit, visibility)
    }

    fn record(&self, entity: &str, id: &str) -> Result<Option<RecordState>, ServerError> {
        sync::record(&self.lock(), entity, id)
    }

    fn conflicts(&self, entity_id: &str) -> Result<Vec<ConflictRecord>, ServerError> {
        sync::conflicts(&self.lock(), entity_id)
    }

    fn event_count(&self) -> Result<u64, ServerError> {
        sync::event_count(&self.lock())
    }

    fn user_count(&self) -> Result<u64, ServerError> {
        accounts::user_count(&self.lock())
    }

    fn create_user(
        &self,
        username: &Username,
        display_name: &str,
        role: Role,
        wards: &[String],
        password_hash: &str,
        now: &str,
    ) -> Result<Account, ServerError> {
        accounts::create_user(
            &self.lock(),
            username,
            display_name,
            role,
            wards,
            password_hash,
            now,
        )
    }

    fn users(&self) -> Result<Vec<Account>, ServerError> {
        accounts::users(&self.lock())
    }

    fn user(&self, username: &str) -> Result<Option<Account>, ServerError> {
        accounts::user(&self.lock(), username)
    }

    fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, ServerError> {
        accounts::set_disabled(&self.lock(), username, disabled)
    }

    fn credentials(&self, username: &str) -> Result<Option<(String, bool)>, ServerError> {
        accounts::credentials(&self.lock(), username)
    }

    fn failures_since(&self, username: &str, since_ms: i64) -> Result<u32, ServerError> {
        accounts::failures_since(&self.lock(), username, since_ms)
    }

    fn record_failure(
        &self,
        username: &str,
        now_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), ServerError> {
        accounts::record_failure(&mut self.lock(), username, now_ms, forget_before_ms)
    }

    fn clear_failures(&self, username: &str) -> Result<(), ServerError> {
        accounts::clear_failures(&self.lock(), username)
    }

    fn enrol(
        &self,
        token_sha256: &str,
        device_id: DeviceId,
        username: &str,
        label: &str,
        now: &str,
    ) -> Result<(), ServerError> {
        accounts::enrol(
            &mut self.lock(),
            token_sha256,
            device_id,
            username,
            label,
            now,
        )
    }

    fn check_token(&self, token_sha256: &str) -> Result<TokenCheck, ServerError> {
        accounts::check_token(&self.lock(), token_sha256)
    }

    fn revoke_device(&self, device_id: DeviceId, now: &str) -> Result<usize, ServerError> {
        accounts::revoke_device(&self.lock(), device_id, now)
    }

    fn devices(&self) -> Result<Vec<EnrolledDevice>, ServerError> {
        accounts::devices(&self.lock())
    }

    fn import_zones(
        &self,
        zones: &[Zone],
        replace_all: bool,
        now: &str,
    ) -> Result<ZoneImport, ServerError> {
        zones::import(&mut self.lock(), zones, replace_all, now)
    }

    fn zones(&self, known_version: Option<u64>) -> Result<ZoneSet, ServerError> {
        zones::zones(&self.lock(), known_version)
    }

    fn photo_received(&self, sha256: &str, size_bytes: u64, now: &str) -> Result<(), ServerError> {
        self.lock().execute(
            "INSERT OR IGNORE INTO photos_received (sha256, size_bytes, received_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![sha256, i64::try_from(size_bytes).unwrap_or(i64::MAX), now],
        )?;
        Ok(())
    }

    fn awaited_photos(&self) -> Result<Vec<AwaitedPhoto>, ServerError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT r.sha256, r.event_id FROM photo_refs r
             LEFT JOIN photos_received p ON p.sha256 = r.sha256
             WHERE p.sha256 IS NULL ORDER BY r.event_id, r.sha256",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AwaitedPhoto {
                    sha256: r.get(0)?,
                    event_id: r.get(1)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
