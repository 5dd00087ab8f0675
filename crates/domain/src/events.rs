//! Facts that happened to a raft: float replacements, relocations and
//! inspections. Append-only: they never conflict between devices, and a
//! raft's history is the union of every device's events.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::entities::{FloatCounts, RecordMeta};
use crate::ids::{EventId, RaftId};
use crate::photo::PhotoRef;
use crate::values::{Count, FieldDate, PersonName, Position, Vnd};
use crate::void::EventVoid;

/// Conforming material installed in place of styrofoam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InstalledMaterial {
    Hdpe,
    OtherCompliant,
}

/// What happened to the styrofoam floats taken off (thu gom, tiêu hủy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Disposal {
    Collected,
    Destroyed,
    KeptByHousehold,
    Other,
}

/// Chuyển đổi phao: styrofoam floats removed, conforming floats installed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FloatReplacement {
    pub id: EventId,
    pub raft_id: RaftId,
    pub date: FieldDate,
    pub styrofoam_removed: Count,
    pub installed: Count,
    pub installed_material: InstalledMaterial,
    pub supplier: Option<String>,
    /// Lot with a declaration of conformity (công bố hợp quy).
    pub batch: Option<String>,
    pub disposal: Disposal,
    pub subsidy_vnd: Vnd,
    pub note: Option<String>,
    /// Photos documenting it, before and after; their bytes sync apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<PhotoRef>>")]
    pub photos: Vec<PhotoRef>,
    pub meta: RecordMeta,
}

/// The steps of a relocation (di dời) or dismantling (tháo dỡ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RelocationState {
    Ordered,
    Started,
    Completed,
    Dismantled,
}

/// One step of moving a raft out of a channel into a planned zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Relocation {
    pub id: EventId,
    pub raft_id: RaftId,
    pub date: FieldDate,
    pub state: RelocationState,
    pub from: Option<Position>,
    pub to: Option<Position>,
    pub target_zone: Option<String>,
    pub deadline: Option<FieldDate>,
    /// Derived from `from` and `to` when both are known.
    pub distance_m: Option<f64>,
    /// Unknown (None) until zone polygons are on the device.
    pub inside_target_zone: Option<bool>,
    pub note: Option<String>,
    /// Photos documenting it, before and after; their bytes sync apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<PhotoRef>>")]
    pub photos: Vec<PhotoRef>,
    pub meta: RecordMeta,
}

/// A violation found during an inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Violation {
    /// e.g. "NĐ 38/2024/NĐ-CP, Điều 17".
    pub decree_ref: String,
    pub description: String,
    pub fine_vnd: Vnd,
}

/// Biên bản kiểm tra.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Inspection {
    pub id: EventId,
    pub raft_id: RaftId,
    /// The record's number as written on paper.
    pub number: String,
    pub date: FieldDate,
    pub position: Option<Position>,
    pub inspectors: Vec<PersonName>,
    pub witnesses: Vec<PersonName>,
    pub findings: String,
    pub floats_seen: Option<FloatCounts>,
    pub violations: Vec<Violation>,
    pub remedy: Option<String>,
    /// Từ chối ký: the household refused to sign.
    pub refused_to_sign: bool,
    /// Photos documenting it, before and after; their bytes sync apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<PhotoRef>>")]
    pub photos: Vec<PhotoRef>,
    pub meta: RecordMeta,
}

/// Any event in a raft's history, newest first when listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "event", rename_all = "snake_case")]
#[ts(export)]
pub enum RaftEvent {
    FloatReplacement(FloatReplacement),
    Relocation(Relocation),
    Inspection(Inspection),
    /// A void of one of the others, logged by mistake (see `crate::void`).
    EventVoid(EventVoid),
}

impl RaftEvent {
    pub fn id(&self) -> EventId {
        match self {
            Self::FloatReplacement(e) => e.id,
            Self::Relocation(e) => e.id,
            Self::Inspection(e) => e.id,
            Self::EventVoid(e) => e.id,
        }
    }

    pub fn raft_id(&self) -> RaftId {
        match self {
            Self::FloatReplacement(e) => e.raft_id,
            Self::Relocation(e) => e.raft_id,
            Self::Inspection(e) => e.raft_id,
            Self::EventVoid(e) => e.raft_id,
        }
    }

    pub fn date(&self) -> FieldDate {
        match self {
            Self::FloatReplacement(e) => e.date,
            Self::Relocation(e) => e.date,
            Self::Inspection(e) => e.date,
            Self::EventVoid(e) => e.date,
        }
    }

    pub fn meta(&self) -> &RecordMeta {
        match self {
            Self::FloatReplacement(e) => &e.meta,
            Self::Relocation(e) => &e.meta,
            Self::Inspection(e) => &e.meta,
            Self::EventVoid(e) => &e.meta,
        }
    }

    /// The photos documenting the event (a void has none).
    pub fn photos(&self) -> &[PhotoRef] {
        match self {
            Self::FloatReplacement(e) => &e.photos,
            Self::Relocation(e) => &e.photos,
            Self::Inspection(e) => &e.photos,
            Self::EventVoid(_) => &[],
        }
    }
}
