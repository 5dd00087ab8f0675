//! The PostgreSQL backend: for several server instances behind a load
//! balancer on one database. Each instance holds one connection; every
//! request's work is one transaction on it.

use postgres::{Client, NoTls};
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
    include_str!("../../../migrations/postgres/0001_init.sql"),
    include_str!("../../../migrations/postgres/0002_restamped.sql"),
    include_str!("../../../migrations/postgres/0003_zones.sql"),
    include_str!("../../../migrations/postgres/0004_photos.sql"),
];

/// Taken while migrating, so that instances starting together migrate once.
const MIGRATION_LOCK: i64 = 0x7469_6465_6d61_726b; // "tidemark"

pub struct PostgresStore {
    client: Mutex<Client>,
}

impl std::fmt::Debug for PostgresStore {
    // The connection string may hold a password: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresStore")
    }
}

impl From<postgres::Error> for ServerError {
    fn from(e: postgres::Error) -> Self {
        ServerError::Internal(format!("postgres: {e}"))
    }
}

impl PostgresStore {
    /// Connects and migrates. Blocks: call it outside an async runtime.
    pub fn connect(url: &str) -> Result<Self, ServerError> {
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)",
        )?;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let applied: i32 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )?
            .get(0);
        let applied = usize::try_from(applied).unwrap_or(0);
        if applied > MIGRATIONS.len() {
            return Err(ServerError::Internal(format!(
                "database schema {applied} is newer than this server"
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
            tx.batch_execute(sql)?;
            let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES ($1)",
                &[&version],
            )?;
        }
        tx.commit()?;
        Ok(Self {
            client: Mutex::new(client),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Client> {
        // Work is transactional: a panic elsewhere leaves nothing half done.
        self.client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Storage for PostgresStore {
    fn ping(&self) -> Result<(), ServerError> {
        self.lock().simple_query("SELECT 1")?;
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
        sync::record(&mut self.lock(), entity, id)
    }

    fn conflicts(&self, entity_id: &str) -> Result<Vec<ConflictRecord>, ServerError> {
        sync::conflicts(&mut self.lock(), entity_id)
    }

    fn event_count(&self) -> Result<u64, ServerError> {
        sync::event_count(&mut self.lock())
    }

    fn user_count(&self) -> Result<u64, ServerError> {
        accounts::user_count(&mut self.lock())
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
            &mut self.lock(),
            username,
            display_name,
            role,
            wards,
            password_hash,
            now,
        )
    }

    fn users(&self) -> Result<Vec<Account>, ServerError> {
        accounts::users(&mut self.lock())
    }

    fn user(&self, username: &str) -> Result<Option<Account>, ServerError> {
        accounts::user(&mut self.lock(), username)
    }

    fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, ServerError> {
        accounts::set_disabled(&mut self.lock(), username, disabled)
    }

    fn credentials(&self, username: &str) -> Result<Option<(String, bool)>, ServerError> {
        accounts::credentials(&mut self.lock(), username)
    }

    fn failures_since(&self, username: &str, since_ms: i64) -> Result<u32, ServerError> {
        accounts::failures_since(&mut self.lock(), username, since_ms)
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
        accounts::clear_failures(&mut self.lock(), username)
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
        accounts::check_token(&mut self.lock(), token_sha256)
    }

    fn revoke_device(&self, device_id: DeviceId, now: &str) -> Result<usize, ServerError> {
        accounts::revoke_device(&mut self.lock(), device_id, now)
    }

    fn devices(&self) -> Result<Vec<EnrolledDevice>, ServerError> {
        accounts::devices(&mut self.lock())
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
        zones::zones(&mut self.lock(), known_version)
    }

    fn photo_received(&self, sha256: &str, size_bytes: u64, now: &str) -> Result<(), ServerError> {
        self.lock().execute(
            "INSERT INTO photos_received (sha256, size_bytes, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&sha256, &i64::try_from(size_bytes).unwrap_or(i64::MAX), &now],
        )?;
        Ok(())
    }

    fn awaited_photos(&self) -> Result<Vec<AwaitedPhoto>, ServerError> {
        Ok(self
            .lock()
            .query(
                "SELECT r.sha256, r.event_id FROM photo_refs r
                 LEFT JOIN photos_received p ON p.sha256 = r.sha256
                 WHERE p.sha256 IS NULL ORDER BY r.event_id, r.sha256",
                &[],
            )?
            .iter()
            .map(|r| AwaitedPhoto {
                sha256: r.get(0),
                event_id: r.get(1),
            })
            .collect())
    }
}
