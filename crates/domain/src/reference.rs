//! Reference data the server owns and every device receives: farming zones,
//! campaign targets, users; and photo metadata, which devices create.
//! The device stores and shows these once sync brings them (issues 3 and 4);
//! the types are here so that the whole data model has one definition.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::EventId;
use crate::values::Position;

/// A planned farming zone (vùng nuôi quy hoạch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Zone {
    #[ts(type = "string")]
    pub id: Uuid,
    pub name: String,
    /// GeoJSON Polygon or MultiPolygon geometry, WGS84.
    #[ts(type = "unknown")]
    pub polygon: serde_json::Value,
    pub admin_unit_code: String,
    pub planned_area_ha: Option<f64>,
    pub allowed_species: Vec<crate::entities::Species>,
    /// Số quyết định quy hoạch.
    pub planning_decision: Option<String>,
}

/// What a ward should reach in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Target {
    pub admin_unit_code: String,
    /// ISO dates, inclusive.
    pub period_start: String,
    pub period_end: String,
    pub floats_to_convert: u32,
    pub rafts_to_relocate: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Inspector,
    Supervisor,
    Admin,
}

/// A person who signs in. Never carries a password or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct User {
    #[ts(type = "string")]
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    /// The admin units this user covers.
    pub admin_unit_codes: Vec<String>,
}

/// Whether a photo shows a raft before or after the work it documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PhotoMoment {
    Before,
    After,
}

/// A photo's metadata; the bytes travel apart, addressed by their SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Photo {
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// The event it documents.
    pub event_id: EventId,
    pub moment: PhotoMoment,
    /// From EXIF where present; RFC 3339.
    pub taken_at: Option<String>,
    pub position: Option<Position>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub mime_type: String,
}
