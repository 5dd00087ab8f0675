//! Form drafts: what an inspector has typed into a form not yet saved,
//! one row per form (its key names the form and the record). Written on
//! their own, outside `Store::write`: a draft is not a record, has no
//! outbox entry and no clock stamp.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use tidemark_domain::ParseError;
use ts_rs::TS;

use super::{now_rfc3339, Store};
use crate::error::DeviceError;

/// The longest draft kept, in bytes of JSON: far above any form (an
/// inspection with many violations is a few KB), far below what would
/// slow the store.
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;
const MAX_KEY_CHARS: usize = 160;

/// A draft as it was last kept.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Draft {
    pub key: String,
    /// The form's input, as the form sent it.
    #[ts(type = "Record<string, unknown>")]
    pub body: serde_json::Value,
    /// When it was kept (RFC 3339, UTC).
    pub saved_at: String,
}

/// A form's key: `kind:id` words of ASCII letters, digits, `_`, `-` and `:`
/// (e.g. `float_replacement:0193…`); anything else is refused rather than
/// stored under a name no form would ask for.
fn key(raw: &str) -> Result<&str, DeviceError> {
    let ok = !raw.is_empty()
        && raw.chars().count() <= MAX_KEY_CHARS
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':'));
    if ok {
        Ok(raw)
    } else {
        Err(DeviceError::invalid(
            "key",
            ParseError::new(
                "draft.key",
                "Tên bản nháp không hợp lệ",
                "Not a valid draft name",
            ),
        ))
    }
}

impl Store {
    /// Keeps `body` (a JSON object) as the draft of form `key`, in place of
    /// any earlier one.
    pub fn save_draft(&self, key_text: &str, body: &serde_json::Value) -> Result<(), DeviceError> {
        let key = key(key_text)?;
        if !body.is_object() {
            return Err(DeviceError::invalid(
                "body",
                ParseError::new(
                    "draft.not_object",
                    "Bản nháp phải là nội dung của một biểu mẫu",
                    "A draft must be a form's content",
                ),
            ));
        }
        let text = serde_json::to_string(body)?;
        if text.len() > MAX_DRAFT_BYTES {
            return Err(DeviceError::invalid(
                "body",
                ParseError::new(
                    "draft.too_large",
                    format!("Bản nháp quá lớn (tối đa {} KB)", MAX_DRAFT_BYTES / 1024),
                    format!(
                        "The draft is too large (at most {} KB)",
                        MAX_DRAFT_BYTES / 1024
                    ),
                ),
            ));
        }
        self.conn().execute(
            "INSERT INTO drafts (key, body, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            params![key, text, now_rfc3339()],
        )?;
        Ok(())
    }

    /// The draft of form `key`, if one is kept.
    pub fn draft(&self, key_text: &str) -> Result<Option<Draft>, DeviceError> {
        let key = key(key_text)?;
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT body, saved_at FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(body, saved_at)| {
            Ok(Draft {
                key: key.to_owned(),
                body: serde_json::from_str(&body)?,
                saved_at,
            })
        })
        .transpose()
    }

    /// Removes the draft of form `key` (none kept is fine).
    pub fn discard_draft(&self, key_text: &str) -> Result<(), DeviceError> {
        let key = key(key_text)?;
        self.conn()
            .execute("DELETE FROM drafts WHERE key = ?1", [key])?;
        Ok(())
    }
}
