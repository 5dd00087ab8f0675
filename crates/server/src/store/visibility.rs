//! Which ward a change belongs to, and which changes a user may pull.
//!
//! A household belongs to the current ward its admin unit rolls up to
//! (an old commune's records count for the ward it merged into); a raft to
//! its household's ward; an event to its raft's. The ward is resolved when
//! the change is logged and stored with it, so a pull filters on a column.

use serde_json::{Map, Value};
use std::sync::OnceLock;
use tidemark_domain::admin::{current_ward_code, quang_yen_units, AdminUnit};
use tidemark_domain::sync::{EntityKind, Mutation, MutationOp};

use super::push::PushTx;
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

fn text_field(fields: &Map<String, Value>, key: &str) -> Option<String> {
    fields.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn household_ward(tx: &mut dyn PushTx, id: &str) -> Result<Option<String>, ServerError> {
    Ok(tx
        .load("household", id)?
        .and_then(|h| text_field(&h.fields, "admin_unit_code"))
        .as_deref()
        .and_then(ward_of_unit))
}

fn raft_ward(tx: &mut dyn PushTx, id: &str) -> Result<Option<String>, ServerError> {
    match tx
        .load("raft", id)?
        .and_then(|r| text_field(&r.fields, "household_id"))
    {
        Some(household) => household_ward(tx, &household),
        None => Ok(None),
    }
}

/// The current ward of the record a mutation touched, read after the
/// mutation was applied in `tx`. `record` is that household or raft as it
/// now stands, when the caller holds it already (it is not read again).
pub(super) fn ward_of(
    tx: &mut dyn PushTx,
    m: &Mutation,
    record: Option<&Map<String, Value>>,
) -> Result<Option<String>, ServerError> {
    let id = m.entity_id.to_string();
    match (m.entity, &m.op, record) {
        (EntityKind::Household, _, Some(fields)) => Ok(text_field(fields, "admin_unit_code")
            .as_deref()
            .and_then(ward_of_unit)),
        (EntityKind::Household, _, None) => household_ward(tx, &id),
        (EntityKind::Raft, _, Some(fields)) => match text_field(fields, "household_id") {
            Some(household) => household_ward(tx, &household),
            None => Ok(None),
        },
        (EntityKind::Raft, _, None) => raft_ward(tx, &id),
        (_, MutationOp::Append { event }, _) => {
            match event.get("raft_id").and_then(Value::as_str) {
                Some(raft) => raft_ward(tx, raft),
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}
