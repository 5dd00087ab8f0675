//! Parse errors with a stable code and a message in Vietnamese and English.
//!
//! The code is the contract (the UI and tests match on it); the messages are
//! for people. Vietnamese comes first because the users read Vietnamese.

use serde::Serialize;
use ts_rs::TS;

/// A message in both languages the product speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Why one value could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {}", message.en)]
pub struct ParseError {
    /// Stable, machine-readable: `cccd.length`, `phone.format`, ...
    pub code: &'static str,
    pub message: Text,
}

impl ParseError {
    pub fn new(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code,
            message: Text::new(vi, en),
        }
    }
}

/// A parse error tied to the input field it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: Text,
}

/// Every field error of one input, so a form can mark all of them at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{} invalid field(s): {}", .0.len(), .0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>().join(", "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, field: &str, error: ParseError) {
        self.0.push(FieldError {
            field: field.to_owned(),
            code: error.code.to_owned(),
            message: error.message,
        });
    }

    /// Records the error of `result` under `field` and returns its value.
    pub fn take<T>(&mut self, field: &str, result: Result<T, ParseError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(field, error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}
