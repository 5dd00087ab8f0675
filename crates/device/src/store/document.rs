//! A household's or a raft's fields as a mutation carries them: all of
//! them for a creation, the ones that changed for an edit.

use rusqlite::{Connection, Params};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use tidemark_domain::sync::EntityKind;

use crate::error::DeviceError;

/// What a create mutation carries: every field but the id, metadata
/// included (who made the record, where and when), so that another replica
/// can rebuild the record whole.
pub(super) fn creation_fields(record: &impl Serialize) -> Result<Map<String, Value>, DeviceError> {
    match serde_json::to_value(record)? {
        Value::Object(mut map) => {
            map.remove("id");
            Ok(map)
        }
        other => Err(DeviceError::Corrupt(format!(
            "record is not an object: {other}"
        ))),
    }
}

/// The fields an edit may carry: everything but the id and the metadata
/// (a new `updated_at` alone is not an edit).
pub(super) fn syncable_fields(record: &impl Serialize) -> Result<Map<String, Value>, DeviceError> {
    match serde_json::to_value(record)? {
        Value::Object(mut map) => {
            map.remove("id");
            map.remove("meta");
            Ok(map)
        }
        other => Err(DeviceError::Corrupt(format!(
            "record is not an object: {other}"
        ))),
    }
}

/// The fields whose values differ between two versions of a record.
pub(super) fn changed_fields(
    old: &impl Serialize,
    new: &impl Serialize,
) -> Result<Map<String, Value>, DeviceError> {
    let old = syncable_fields(old)?;
    Ok(syncable_fields(new)?
        .into_iter()
        .filter(|(k, v)| old.get(k) != Some(v))
        .collect())
}

/// The household or raft with this id (deleted or not) as a JSON object,
/// the form the field-level merge works on; None for another entity or
/// no such record.
pub(super) fn record_value(
    conn: &Connection,
    entity: EntityKind,
    id: &str,
) -> Result<Option<Value>, DeviceError> {
    let record = match entity {
        EntityKind::Household => {
            super::households::get_any(conn, id, true)?.map(serde_json::to_value)
        }
        EntityKind::Raft => super::rafts::get_any(conn, id, true)?.map(serde_json::to_value),
        _ => None,
    };
    Ok(record.transpose()?)
}

/// Every JSON document a query selects (its first column), parsed: events
/// and zones are stored as documents.
pub(crate) fn documents<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
) -> Result<Vec<T>, DeviceError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(serde_json::from_str(&row.get::<_, String>(0)?)?);
    }
    Ok(out)
}
