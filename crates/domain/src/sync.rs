//! Sync wire types: what a device's outbox holds and pushes.
//!
//! A mutation is written in the same SQLite transaction as the change it
//! describes, so the outbox always matches the records exactly.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;
use uuid::Uuid;

use crate::hlc::Hlc;
use crate::ids::{DeviceId, MutationId};

/// Version of the sync protocol; bumped on any incompatible wire change.
pub const PROTOCOL_VERSION: u32 = 1;

/// The kinds of record that sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntityKind {
    Household,
    Raft,
    FloatReplacement,
    Relocation,
    Inspection,
    /// A void of an event logged by mistake (`crate::void`).
    EventVoid,
}

impl EntityKind {
    pub const ALL: [EntityKind; 6] = [
        Self::Household,
        Self::Raft,
        Self::FloatReplacement,
        Self::Relocation,
        Self::Inspection,
        Self::EventVoid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Household => "household",
            Self::Raft => "raft",
            Self::FloatReplacement => "float_replacement",
            Self::Relocation => "relocation",
            Self::Inspection => "inspection",
            Self::EventVoid => "event_void",
        }
    }

    /// Events are append-only and never conflict.
    pub fn is_event(self) -> bool {
        matches!(
            self,
            Self::FloatReplacement | Self::Relocation | Self::Inspection | Self::EventVoid
        )
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown entity kind {s:?}"))
    }
}

/// What a mutation does to its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
#[ts(export)]
pub enum MutationOp {
    /// Sets these fields of a household or raft (a create sets all of them).
    /// Each field carries the mutation's HLC stamp for field-level merge.
    Upsert {
        #[ts(type = "Record<string, unknown>")]
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        fields: serde_json::Map<String, serde_json::Value>,
    },
    /// Appends an event; the whole event travels.
    Append {
        #[ts(type = "unknown")]
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        event: serde_json::Value,
    },
    /// Deletes a household or raft: a tombstone, never a hard delete.
    Tombstone,
}

/// One entry of a device's outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct Mutation {
    /// Per-device sequence number: 1, 2, 3, ... with no gaps.
    #[ts(type = "number")]
    pub device_seq: u64,
    pub mutation_id: MutationId,
    pub device_id: DeviceId,
    pub entity: EntityKind,
    #[ts(type = "string")]
    pub entity_id: Uuid,
    pub hlc: Hlc,
    /// The server version of the record this edit was based on; None for a
    /// record the server has not acknowledged yet.
    #[ts(type = "number | null")]
    pub base_version: Option<u64>,
    #[serde(flatten)]
    pub op: MutationOp,
}

/// Version of the record schema the device speaks; bumped with migrations
/// that change synced fields or kinds. 2: voids (`EntityKind::EventVoid`),
/// which a device of schema 1 could not read in a pull, so the server tells
/// it to update before it pushes or pulls (its outbox stays whole).
pub const SCHEMA_VERSION: u32 = 2;

/// `POST /api/v1/sync/push`: a device's outbox entries, in sequence order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PushRequest {
    pub protocol_version: u32,
    pub schema_version: u32,
    pub device_id: DeviceId,
    pub mutations: Vec<Mutation>,
}

/// What became of one pushed mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Fate {
    Applied,
    /// Applied, and a concurrent edit lost (or this one lost): the losing
    /// value is kept in a conflict record for a supervisor.
    AppliedWithConflict,
    /// At or below the device's high-water mark: applied by an earlier push.
    AlreadyApplied,
    /// Not applied; `code` says why. The device keeps it in "needs attention".
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct MutationFate {
    #[ts(type = "number")]
    pub device_seq: u64,
    pub mutation_id: MutationId,
    pub fate: Fate,
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct PushResponse {
    /// Every outbox entry up to this sequence number may leave the device.
    #[ts(type = "number")]
    pub acknowledged_seq: u64,
    pub fates: Vec<MutationFate>,
}

/// One entry of the server's change log, as a pull returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct Change {
    /// Server-assigned, only grows; never device time.
    #[ts(type = "number")]
    pub cursor: u64,
    /// The record's server version after this change.
    #[ts(type = "number")]
    pub version: u64,
    /// The mutation as the server applied it (for an upsert, only the
    /// fields that won).
    pub mutation: Mutation,
}

/// `GET /api/v1/sync/pull?cursor=N&limit=M`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    #[ts(type = "number")]
    pub next_cursor: u64,
    pub has_more: bool,
}
