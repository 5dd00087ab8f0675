//! Households and rafts are stored as JSON documents; their mutations carry
//! the fields that changed. These helpers turn a record into its syncable
//! fields and keep per-field HLC stamps for the field-level merge.

use serde::Serialize;
use serde_json::{Map, Value};
use tidemark_domain::hlc::Hlc;

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

/// The stamps document of a record just created: one stamp for all fields.
pub(super) fn creation_stamps(hlc: Hlc) -> String {
    format!(r#"{{"*":"{hlc}"}}"#)
}

/// Sets the stamp of every field in `fields` to `hlc` in a stamps document.
pub(super) fn restamp(
    stamps_json: &str,
    fields: &Map<String, Value>,
    hlc: Hlc,
) -> Result<String, DeviceError> {
    let mut stamps: Map<String, Value> = serde_json::from_str(stamps_json)?;
    for field in fields.keys() {
        stamps.insert(field.clone(), Value::String(hlc.to_string()));
    }
    Ok(serde_json::to_string(&stamps)?)
}
