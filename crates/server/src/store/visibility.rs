//! Which ward a change belongs to, and which changes a user may pull.
//!
//! A household belongs to the current ward its admin unit rolls up to
//! (an old commune's records count for the ward it merged into); a raft to
//! its household's ward; an event to its raft's. The ward is resolved when
//! the change is logged and stored with it, so a pull filters on a column.

use rusqlite::{OptionalExtension, Transaction};
use std::sync::OnceLock;
use tidemark_domain::admin::{current_ward_code, quang_yen_units, AdminUnit};
use tidemark_domain::sync::{EntityKind, Mutation};

use crate::error::ServerError;

/// What a user's pulls return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Admins, and supervisors of the whole campaign.
    Everything,
    /// Changes of these current wards only.
    Wards(Vec<String>),
}

fn units() -> &'static [AdminUnit] {
    static UNITS: OnceLock<Vec<AdminUnit>> = OnceLock::new();
    UNITS.get_or_init(quang_yen_units)
}

/// The current ward of a unit code, or None for a code the server does not
/// know (such a change stays visible to admins only).
pub fn ward_of_unit(code: &str) -> Option<String> {
    current_ward_code(units(), code).map(str::to_owned)
}

/// The current ward the record a mutation touched belongs to, read after
/// the mutation was applied in `tx`.
pub(super) fn ward_of(tx: &Transaction<'_>, m: &Mutation) -> Result<Option<String>, ServerError> {
    let id = m.entity_id.to_string();
    let unit: Option<Option<String>> = match m.entity {
        EntityKind::Household => tx
            .query_row(
                "SELECT json_extract(fields, '$.admin_unit_code') FROM records
                 WHERE entity = 'household' AND id = ?1",
                [&id],
                |r| r.get(0),
            )
            .optional()?,
        EntityKind::Raft => tx
            .query_row(
                "SELECT json_extract(h.fields, '$.admin_unit_code') FROM records r
                 JOIN records h ON h.entity = 'household' AND h.id = json_extract(r.fields, '$.household_id')
                 WHERE r.entity = 'raft' AND r.id = ?1",
                [&id],
                |r| r.get(0),
            )
            .optional()?,
        EntityKind::FloatReplacement | EntityKind::Relocation | EntityKind::Inspection => tx
            .query_row(
                "SELECT json_extract(h.fields, '$.admin_unit_code') FROM events e
                 JOIN records r ON r.entity = 'raft' AND r.id = json_extract(e.body, '$.raft_id')
                 JOIN records h ON h.entity = 'household' AND h.id = json_extract(r.fields, '$.household_id')
                 WHERE e.id = ?1",
                [&id],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(unit.flatten().as_deref().and_then(ward_of_unit))
}
