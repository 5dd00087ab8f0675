//! The server's storage: one trait, two backends. SQLite (the default,
//! embedded, in a data directory) and PostgreSQL (for several server
//! instances behind a load balancer). Each backend has its own embedded
//! migrations; the push logic is shared ([`push`]), so both merge alike.
//!
//! Every request's work is one transaction, and nothing lives outside the
//! database between requests.

use serde_json::{Map, Value};
use std::sync::Arc;
use tidemark_domain::auth::{Account, EnrolledDevice, Username};
use tidemark_domain::ids::DeviceId;
use tidemark_domain::reference::Role;
use tidemark_domain::sync::{PullResponse, PushRequest, PushResponse};
use tidemark_domain::zone::{Zone, ZoneSet};

use crate::error::ServerError;

pub mod postgres;
pub mod push;
pub mod sqlite;
mod visibility;

pub use postgres::PostgresStore;
pub use push::MAX_PULL_LIMIT;
pub use sqlite::SqliteStore;
pub use visibility::{ward_of_unit, Visibility};

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

/// What a zone import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ZoneImport {
    /// The zone set's version after the import: the same as before when
    /// nothing changed, so that no device downloads the zones again.
    pub version: u64,
    pub added: u64,
    pub replaced: u64,
    pub removed: u64,
    /// Zones in the file exactly as the server already held them.
    pub unchanged: u64,
}

impl ZoneImport {
    pub fn changed(&self) -> bool {
        self.added + self.replaced + self.removed > 0
    }
}

/// A photo a record names whose bytes have not arrived.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct AwaitedPhoto {
    pub sha256: String,
    pub event_id: String,
}

/// Who is behind an authenticated request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub username: String,
    pub role: Role,
    pub wards: Vec<String>,
    /// The device the token was issued to: the only device it may push as.
    pub device_id: DeviceId,
}

impl Principal {
    /// Admins see every ward; a supervisor without wards follows the whole
    /// campaign; everyone else sees the wards they cover.
    pub fn visibility(&self) -> Visibility {
        match self.role {
            Role::Admin => Visibility::Everything,
            Role::Supervisor if self.wards.is_empty() => Visibility::Everything,
            _ => Visibility::Wards(self.wards.clone()),
        }
    }
}

/// What a presented token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    Valid(Principal),
    /// An admin revoked this device, or it signed in again since.
    Revoked,
    /// The account behind the token is disabled.
    Disabled,
    Unknown,
}

/// Everything the server keeps. Methods block; the API calls them off the
/// async threads.
pub trait Storage: Send + Sync + std::fmt::Debug + 'static {
    /// Whether the database answers; for /ready.
    fn ping(&self) -> Result<(), ServerError>;

    // Sync.
    fn push(&self, request: &PushRequest) -> Result<PushResponse, ServerError>;
    fn pull(
        &self,
        cursor: u64,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<PullResponse, ServerError>;
    /// The current fields of a household or raft.
    fn record(&self, entity: &str, id: &str) -> Result<Option<RecordState>, ServerError>;
    /// Open conflicts of a record.
    fn conflicts(&self, entity_id: &str) -> Result<Vec<ConflictRecord>, ServerError>;
    /// How many events are stored (each once, however often pushed).
    fn event_count(&self) -> Result<u64, ServerError>;

    // Accounts.
    fn user_count(&self) -> Result<u64, ServerError>;
    /// Adds an account; `ServerError::UserExists` when the name is taken.
    fn create_user(
        &self,
        username: &Username,
        display_name: &str,
        role: Role,
        wards: &[String],
        password_hash: &str,
        now: &str,
    ) -> Result<Account, ServerError>;
    fn users(&self) -> Result<Vec<Account>, ServerError>;
    fn user(&self, username: &str) -> Result<Option<Account>, ServerError>;
    /// False when there is no such user. A disabled account's tokens stop
    /// working at once.
    fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, ServerError>;
    /// The stored password hash and whether the account is disabled.
    fn credentials(&self, username: &str) -> Result<Option<(String, bool)>, ServerError>;
    fn failures_since(&self, username: &str, since_ms: i64) -> Result<u32, ServerError>;
    /// Records a failed sign-in, forgetting those older than `forget_before_ms`.
    fn record_failure(
        &self,
        username: &str,
        now_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), ServerError>;
    fn clear_failures(&self, username: &str) -> Result<(), ServerError>;
    /// Enrols a device under a new token (stored as its SHA-256); the
    /// device's earlier tokens stop working.
    fn enrol(
        &self,
        token_sha256: &str,
        device_id: DeviceId,
        username: &str,
        label: &str,
        now: &str,
    ) -> Result<(), ServerError>;
    fn check_token(&self, token_sha256: &str) -> Result<TokenCheck, ServerError>;
    /// Revokes every live token of a device; how many there were.
    fn revoke_device(&self, device_id: DeviceId, now: &str) -> Result<usize, ServerError>;
    /// Every enrolment, newest first.
    fn devices(&self) -> Result<Vec<EnrolledDevice>, ServerError>;

    // Reference data.
    /// Stores validated zones in one transaction: a known code is replaced,
    /// a new one added; with `replace_all`, zones missing from `zones` are
    /// removed. The zone set's version grows by one.
    fn import_zones(
        &self,
        zones: &[Zone],
        replace_all: bool,
        now: &str,
    ) -> Result<ZoneImport, ServerError>;
    /// The zone set, its zones left out when `known_version` is current.
    fn zones(&self, known_version: Option<u64>) -> Result<ZoneSet, ServerError>;

    // Photos (their bytes live in the photo vault, not here).
    /// Records that a photo's bytes arrived and matched their digest.
    fn photo_received(&self, sha256: &str, size_bytes: u64, now: &str) -> Result<(), ServerError>;
    /// Photos records name whose bytes have not arrived, by event.
    fn awaited_photos(&self) -> Result<Vec<AwaitedPhoto>, ServerError>;
}

/// The store a server runs on: PostgreSQL when a URL is given, else SQLite
/// in the data directory.
pub fn open(
    database_url: Option<&str>,
    sqlite_path: &std::path::Path,
) -> Result<Arc<dyn Storage>, ServerError> {
    Ok(match database_url {
        Some(url) => Arc::new(PostgresStore::connect(url)?),
        None => Arc::new(SqliteStore::open(sqlite_path)?),
    })
}

fn role_text(role: Role) -> &'static str {
    match role {
        Role::Inspector => "inspector",
        Role::Supervisor => "supervisor",
        Role::Admin => "admin",
    }
}

fn parse_role(text: &str) -> Result<Role, ServerError> {
    match text {
        "inspector" => Ok(Role::Inspector),
        "supervisor" => Ok(Role::Supervisor),
        "admin" => Ok(Role::Admin),
        other => Err(ServerError::Internal(format!("unknown role {other:?}"))),
    }
}

fn parse_device(text: &str) -> Result<DeviceId, ServerError> {
    text.parse()
        .map_err(|_| ServerError::Internal(format!("stored device id {text:?}")))
}
