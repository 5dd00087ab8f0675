//! Hủy ghi nhận: voiding an event that was logged by mistake (the wrong
//! raft, a count typed wrong). Events are facts and are never edited or
//! erased, so a mistake is answered by another fact: a void that names the
//! event and says why. The voided event stays in the raft's history, marked,
//! and no longer counts in the float ledger or the ward's progress. A void
//! is itself an append-only event: two devices voiding the same event
//! agree, and nothing conflicts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::entities::RecordMeta;
use crate::ids::{EventId, RaftId};
use crate::values::FieldDate;
use crate::{ParseError, ValidationErrors};

/// The longest reason kept, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// A void of one float replacement, relocation or inspection of a raft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventVoid {
    pub id: EventId,
    /// The raft of the voided event (its history shows the void too).
    pub raft_id: RaftId,
    pub voided_event: EventId,
    /// The day it was voided.
    pub date: FieldDate,
    /// Why, in the inspector's words: required, so that a supervisor
    /// reading the history knows what happened.
    pub reason: String,
    pub meta: RecordMeta,
}

/// The void form: which event, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventVoidInput {
    pub event_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventVoidDraft {
    pub voided_event: EventId,
    pub date: FieldDate,
    pub reason: String,
}

impl EventVoidInput {
    pub fn parse(&self, today: NaiveDate) -> Result<EventVoidDraft, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let voided_event = e.take("event_id", self.event_id.trim().parse::<EventId>());
        let reason = e.take("reason", reason(&self.reason));
        let date = e.take("date", FieldDate::parse(&today.to_string(), today));
        match (voided_event, reason, date) {
            (Some(voided_event), Some(reason), Some(date)) if e.is_empty() => Ok(EventVoidDraft {
                voided_event,
                date,
                reason,
            }),
            _ => Err(e),
        }
    }
}

fn reason(raw: &str) -> Result<String, ParseError> {
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(ParseError::new(
            "void.reason_missing",
            "Cần ghi lý do hủy ghi nhận",
            "Say why the record is voided",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(ParseError::new(
            "text.too_long",
            format!("Nội dung quá dài (tối đa {MAX_REASON_CHARS} ký tự)"),
            format!("Text is too long (at most {MAX_REASON_CHARS} characters)"),
        ));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
    }

    fn codes(input: &EventVoidInput) -> Vec<(String, String)> {
        match input.parse(today()) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.into_iter().map(|f| (f.field, f.code)).collect(),
        }
    }

    #[test]
    fn a_void_needs_an_event_and_a_reason() {
        let id = EventId::new();
        let draft = EventVoidInput {
            event_id: format!(" {id} "),
            reason: "  Nhập nhầm bè  ".into(),
        }
        .parse(today())
        .map_err(|e| e.0)
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(draft.voided_event, id);
        assert_eq!(draft.reason, "Nhập nhầm bè");
        assert_eq!(draft.date.iso(), "2026-11-28");

        let blank = EventVoidInput {
            event_id: "không phải mã".into(),
            reason: " \n ".into(),
        };
        let found = codes(&blank);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1], ("reason".into(), "void.reason_missing".into()));
        assert_eq!(found[0].0, "event_id");

        let long = EventVoidInput {
            event_id: id.to_string(),
            reason: "á".repeat(MAX_REASON_CHARS + 1),
        };
        assert_eq!(
            codes(&long),
            vec![("reason".to_owned(), "text.too_long".to_owned())]
        );
    }
}
