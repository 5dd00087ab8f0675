//! Record ids: UUIDv7 made on the device, so that ids never collide across
//! devices working offline and sort by creation time.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::ParseError;

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        #[ts(export, type = "string")]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh UUIDv7 (time-ordered) id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    ParseError::new("id.format", "Mã định danh không hợp lệ", "Invalid id")
                })
            }
        }
    };
}

record_id!(
    /// A farming household (hộ nuôi).
    HouseholdId
);
record_id!(
    /// A raft (lồng bè).
    RaftId
);
record_id!(
    /// A float replacement, relocation or inspection: an event on a raft.
    EventId
);
record_id!(
    /// One outbox mutation; the server deduplicates on it.
    MutationId
);
record_id!(
    /// A device replica (one install of the app or the CLI data directory).
    DeviceId
);
