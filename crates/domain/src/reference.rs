//! Reference data the server owns and every device receives: campaign
//! targets and users. Farming zones have a module of their own
//! (`crate::zone`), with their geometry; photos too (`crate::photo`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

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
