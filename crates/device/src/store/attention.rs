//! The "needs attention" list: mutations the server rejected, and edits
//! that met a concurrent edit. Each item shows the values this device sent
//! beside the values the record holds now, and stays until a person
//! decides: keep what the record holds, or send their own values again.

use rusqlite::params;
use serde_json::{Map, Value};
use tidemark_domain::entities::{Household, Raft};
use tidemark_domain::sync::{EntityKind, Mutation, MutationOp};

use super::{now_rfc3339, Store};
use crate::dto::{AttentionField, AttentionItem};
use crate::error::DeviceError;

struct Row {
    id: i64,
    entity_id: String,
    reason_code: String,
    detail: String,
    created_at: String,
}

fn label(entity: EntityKind, current: Option<&Value>, mine: &Map<String, Value>) -> String {
    let pick = |key: &str| {
        current
            .and_then(|c| c.get(key))
            .or_else(|| mine.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    match entity {
        EntityKind::Household => pick("full_name"),
        EntityKind::Raft => pick("local_tag"),
        _ => None,
    }
    .unwrap_or_default()
}

impl Store {
    fn attention_rows(&self, only: Option<i64>) -> Result<Vec<Row>, DeviceError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, entity_id, reason_code, detail, created_at FROM needs_attention
             WHERE resolved_at IS NULL AND (?1 IS NULL OR id = ?1) ORDER BY id",
        )?;
        let rows = stmt
            .query_map([only], |r| {
                Ok(Row {
                    id: r.get(0)?,
                    entity_id: r.get(1)?,
                    reason_code: r.get(2)?,
                    detail: r.get(3)?,
                    created_at: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Open items, oldest first.
    pub fn needs_attention(&self) -> Result<Vec<AttentionItem>, DeviceError> {
        self.attention_rows(None)?
            .into_iter()
            .map(|row| self.attention_item(row))
            .collect()
    }

    fn attention_item(&self, row: Row) -> Result<AttentionItem, DeviceError> {
        let mutation: Mutation = serde_json::from_str(&row.detail)?;
        let entity = mutation.entity;
        let current = super::document::record_value(self.conn(), entity, &row.entity_id)?;
        let mine = match &mutation.op {
            MutationOp::Upsert { fields } => fields.clone(),
            MutationOp::Append { event } => event.as_object().cloned().unwrap_or_default(),
            MutationOp::Tombstone => Map::from_iter([("_deleted".to_owned(), Value::Bool(true))]),
        };
        let fields = mine
            .iter()
            .filter(|(name, _)| name.as_str() != "meta")
            .map(|(name, value)| AttentionField {
                field: name.clone(),
                mine: value.clone(),
                current: current
                    .as_ref()
                    .and_then(|c| c.get(name))
                    .cloned()
                    .unwrap_or(Value::Null),
            })
            .collect();
        Ok(AttentionItem {
            id: row.id,
            label: label(entity, current.as_ref(), &mine),
            entity,
            entity_id: row.entity_id,
            reason: reason_text(&row.reason_code),
            reason_code: row.reason_code,
            can_send_mine_again: matches!(mutation.op, MutationOp::Upsert { .. })
                && current.is_some()
                && matches!(entity, EntityKind::Household | EntityKind::Raft),
            fields,
            created_at: row.created_at,
        })
    }

    /// Closes an item. With `send_mine_again`, this device's values are
    /// written over the record as a new edit (a new outbox mutation with a
    /// new stamp), in the same transaction that closes the item.
    pub fn resolve_attention(&mut self, id: i64, send_mine_again: bool) -> Result<(), DeviceError> {
        let row = self
            .attention_rows(Some(id))?
            .pop()
            .ok_or_else(|| DeviceError::NotFound {
                entity: "attention",
                id: id.to_string(),
            })?;
        let mutation: Mutation = serde_json::from_str(&row.detail)?;
        let mine = match (&mutation.op, send_mine_again) {
            (MutationOp::Upsert { fields }, true) => Some(fields.clone()),
            (_, true) => return Err(DeviceError::CannotReapply),
            (_, false) => None,
        };
        let current = super::document::record_value(self.conn(), mutation.entity, &row.entity_id)?;
        let units = self.admin_units().to_vec();
        self.write(|tx| {
            if let Some(mine) = &mine {
                let Some(Value::Object(mut merged)) = current.clone() else {
                    return Err(DeviceError::CannotReapply);
                };
                for (k, v) in mine {
                    if k != "meta" {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                let merged = Value::Object(merged);
                match mutation.entity {
                    EntityKind::Household => {
                        let old: Household =
                            serde_json::from_value(current.clone().unwrap_or_default())?;
                        let mut new: Household = serde_json::from_value(merged)?;
                        new.meta = tx.new_meta_for_edit(&old.meta);
                        tx.update_household(&old, &new, &units)?;
                    }
                    EntityKind::Raft => {
                        let old: Raft =
                            serde_json::from_value(current.clone().unwrap_or_default())?;
                        let mut new: Raft = serde_json::from_value(merged)?;
                        new.meta = tx.new_meta_for_edit(&old.meta);
                        tx.update_raft(&old, &new)?;
                    }
                    _ => return Err(DeviceError::CannotReapply),
                }
            }
            tx.tx.execute(
                "UPDATE needs_attention SET resolved_at = ?2 WHERE id = ?1",
                params![row.id, now_rfc3339()],
            )?;
            Ok(())
        })
    }
}

/// Why an item needs attention, in words.
fn reason_text(code: &str) -> tidemark_domain::Text {
    use tidemark_domain::Text;
    match code {
        "field.conflict" => Text::new(
            "Máy khác đã sửa cùng thông tin này trong lúc bạn sửa. Giá trị bị thay thế được lưu lại cho giám sát viên.",
            "Another device edited the same information while you did. The value that lost is kept for a supervisor.",
        ),
        "record.deleted" => Text::new(
            "Bản ghi này đã bị xóa trên máy khác trước khi thay đổi của bạn tới máy chủ.",
            "This record was deleted on another device before your change reached the server.",
        ),
        "record.delete_conflict" => Text::new(
            "Bạn đã xóa một bản ghi mà máy khác vừa sửa.",
            "You deleted a record that another device had just edited.",
        ),
        "record.invalid" => Text::new(
            "Máy chủ từ chối vì dữ liệu không hợp lệ (có thể do phiên bản ứng dụng cũ). Hãy kiểm tra lại thông tin.",
            "The server refused it as invalid (perhaps an older app version). Check the information.",
        ),
        "void.unknown_event" => Text::new(
            "Máy chủ không có ghi nhận mà lần hủy này nhắm tới.",
            "The server does not hold the record this void names.",
        ),
        "void.invalid" => Text::new(
            "Máy chủ từ chối lần hủy này: ghi nhận thuộc bè khác hoặc chính nó là một lần hủy.",
            "The server refused this void: the record belongs to another raft, or is itself a void.",
        ),
        "record.unknown" => Text::new(
            "Máy chủ không biết bản ghi này.",
            "The server does not know this record.",
        ),
        _ => Text::new(
            "Máy chủ đã từ chối thay đổi này.",
            "The server refused this change.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::reason_text;

    #[test]
    fn a_rejected_void_says_why_in_both_languages() {
        let fallback = reason_text("no.such_code");
        for code in ["void.unknown_event", "void.invalid"] {
            let text = reason_text(code);
            assert_ne!(text.vi, fallback.vi, "{code}");
            assert!(text.en.contains("void"), "{code}: {}", text.en);
        }
    }
}
