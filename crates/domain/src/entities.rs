//! The mutable records inspectors keep: farming households and their rafts.
//! Only these can conflict between devices; events (events.rs) cannot.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{DeviceId, HouseholdId, RaftId};
use crate::values::{Cccd, Count, Meters, PersonName, PhoneNumber, Position};

/// Who made a record, where and when. Times are RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordMeta {
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
    pub device_id: DeviceId,
}

/// A farming household (hộ nuôi).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Household {
    pub id: HouseholdId,
    pub full_name: PersonName,
    pub cccd: Option<Cccd>,
    pub phone: Option<PhoneNumber>,
    /// Thôn / khu.
    pub village: String,
    /// Code of the admin unit the household was registered in; pre-2025
    /// units stay valid and roll up to their current ward.
    pub admin_unit_code: String,
    /// HTX (hợp tác xã), if any.
    pub cooperative: Option<String>,
    /// Made-up demo data: shown with a "DEMO" label everywhere.
    pub demo: bool,
    pub meta: RecordMeta,
}

/// Kind of farming structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RaftKind {
    /// Bè tre / mảng tre.
    BambooRaft,
    /// Lồng HDPE.
    HdpeCage,
    /// Giàn bè.
    Frame,
    /// Dây treo / dây phao.
    HangingLines,
}

/// Đối tượng nuôi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Species {
    /// Hàu cửa sông: the main species in Quảng Yên.
    EstuarineOyster,
    /// Hàu Thái Bình Dương.
    PacificOyster,
    /// Ngao.
    Clam,
    /// Cá lồng.
    CageFish,
    Other,
}

/// Where a raft stands with respect to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RaftStatus {
    RegisteredInZone,
    OutsideZone,
    MustRelocate,
    Relocating,
    Relocated,
    Dismantled,
}

impl RaftStatus {
    /// Rafts the campaign still has to move.
    pub fn awaits_relocation(self) -> bool {
        matches!(
            self,
            Self::OutsideZone | Self::MustRelocate | Self::Relocating
        )
    }
}

/// Floats on a raft by material, as counted at registration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FloatCounts {
    /// Phao xốp: non-conforming since 1/1/2023 (QCĐP 08:2020/QN).
    pub styrofoam: Count,
    /// Phao nhựa HDPE: conforming.
    pub hdpe: Count,
    /// Other conforming buoyant material.
    pub other_compliant: Count,
}

/// A raft (lồng bè) of a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Raft {
    pub id: RaftId,
    pub household_id: HouseholdId,
    /// The tag painted on the raft or given by the ward.
    pub local_tag: String,
    pub kind: RaftKind,
    pub cell_count: Count,
    pub length_m: Option<Meters>,
    pub width_m: Option<Meters>,
    pub species: Species,
    pub position: Option<Position>,
    pub waterway: Option<String>,
    /// Farming zone (vùng nuôi) name, until zones are reference data.
    pub zone: Option<String>,
    pub status: RaftStatus,
    /// Counts at registration; the current counts add the float-replacement
    /// ledger to these (see ledger.rs).
    pub initial_floats: FloatCounts,
    pub meta: RecordMeta,
}

impl Raft {
    pub fn area_m2(&self) -> Option<f64> {
        Some(self.length_m?.get() * self.width_m?.get())
    }
}
