//! What the app's screens and the CLI's `--json` output receive. These types
//! are the IPC contract: ts-rs generates their TypeScript twins into
//! ui/src/bindings, and CI fails when the committed copies drift.

use serde::{Deserialize, Serialize};
use tidemark_domain::entities::{Household, Raft, RaftKind, RaftStatus, Species};
use tidemark_domain::events::RaftEvent;
use tidemark_domain::ids::{HouseholdId, RaftId};
use tidemark_domain::ledger::FloatTotals;
use tidemark_domain::zone::ZoneCheck;
use tidemark_domain::Text;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub device_id: String,
    pub data_dir: String,
    pub version: String,
    pub demo_loaded: bool,
    pub pending_sync: u32,
    pub needs_attention: u32,
}

/// A household as a list row. The CCCD is masked: lists show the least.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HouseholdSummary {
    pub id: HouseholdId,
    pub full_name: String,
    pub village: String,
    pub admin_unit_code: String,
    pub admin_unit_name: String,
    pub cccd_masked: Option<String>,
    pub raft_count: u32,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HouseholdDetail {
    pub household: Household,
    pub admin_unit_name: String,
    pub rafts: Vec<RaftSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RaftSummary {
    pub id: RaftId,
    pub household_id: HouseholdId,
    pub household_name: String,
    pub local_tag: String,
    pub kind: RaftKind,
    pub species: Species,
    pub status: RaftStatus,
    pub floats: FloatTotals,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RaftDetail {
    pub raft: Raft,
    pub household_name: String,
    pub admin_unit_name: String,
    pub floats: FloatTotals,
    /// Newest first.
    pub history: Vec<RaftEvent>,
    pub demo: bool,
    /// Where the raft lies against the farming zones on this device; a
    /// raft outside every zone is flagged on its page.
    pub zone_check: ZoneCheck,
}

/// The answer to every save: the record's id and how many mutations now
/// wait to sync (the header shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Saved {
    pub id: String,
    pub pending_sync: u32,
}

/// Progress of the campaign in one current ward; pre-2025 units roll up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WardProgress {
    pub ward_code: String,
    pub ward_name: String,
    pub households: u32,
    pub rafts: u32,
    #[ts(type = "number")]
    pub styrofoam_initial: u64,
    #[ts(type = "number")]
    pub styrofoam_remaining: u64,
    #[ts(type = "number")]
    pub hdpe_installed: u64,
    pub rafts_relocated: u32,
    pub rafts_to_relocate: u32,
    /// Rafts of the demo dataset among `rafts` (made up, on this device
    /// only): shown with the figures, so that nobody reads them as real.
    pub demo_rafts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemoLoaded {
    pub households: u32,
    pub rafts: u32,
    pub events: u32,
}

/// Where sync stands, for the app header and the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub server_url: Option<String>,
    /// A device token is stored (it may still turn out refused).
    pub signed_in: bool,
    pub account_username: Option<String>,
    pub account_name: Option<String>,
    /// Mutations waiting to be pushed.
    pub pending: u32,
    /// Conflicts and rejected mutations waiting for a person.
    pub needs_attention: u32,
    pub last_sync_at: Option<String>,
    pub last_attempt_at: Option<String>,
    /// Whether the last attempt reached the server; None before any.
    pub online: Option<bool>,
    /// How the last attempt failed, in words; None after a success.
    pub last_error: Option<SyncProblem>,
    /// Sync is paused until the user signs in (again).
    pub needs_sign_in: bool,
}

/// A sync failure as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProblem {
    pub code: String,
    pub message: Text,
}

/// One item of the "needs attention" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttentionItem {
    #[ts(type = "number")]
    pub id: i64,
    pub entity: tidemark_domain::sync::EntityKind,
    pub entity_id: String,
    /// The household's name or the raft's tag, to recognise the record.
    pub label: String,
    pub reason_code: String,
    pub reason: Text,
    /// This device's values beside the record's current ones.
    pub fields: Vec<AttentionField>,
    /// Whether "send my values again" is offered.
    pub can_send_mine_again: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttentionField {
    pub field: String,
    #[ts(type = "unknown")]
    pub mine: serde_json::Value,
    #[ts(type = "unknown")]
    pub current: serde_json::Value,
}
