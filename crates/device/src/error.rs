//! The device's one error type, and its IPC form `{code, message, fields}`.
//!
//! Codes are stable and matched by the UI and tests; messages come in
//! Vietnamese and English. Storage details stay in the error's Display (for
//! logs) and out of the message shown to people.

use serde::{Deserialize, Serialize};
use tidemark_domain::{FieldError, ParseError, Text, ValidationErrors};
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    #[error("validation failed: {0}")]
    Validation(ValidationErrors),
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    #[error("household still has rafts")]
    HouseholdHasRafts,
    #[error("database error: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("stored record is unreadable: {0}")]
    Corrupt(String),
    #[error("database schema {found} is newer than this app supports ({supported})")]
    NewerSchema { found: usize, supported: usize },
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("CSV error: {0}")]
    Csv(String),
    /// An all-or-nothing import found invalid rows and wrote nothing.
    #[error("import rejected: {rows} invalid row(s)")]
    ImportRejected { rows: usize },
    /// Sync (or sign-in) did not complete; nothing on the device was lost.
    /// The text says why in words; `detail` is for logs.
    #[error("sync failed: {detail}")]
    Sync { text: Text, detail: String },
    /// Only an edit of a household or raft that still exists can be sent
    /// again from the "needs attention" list.
    #[error("this item cannot be sent again")]
    CannotReapply,
    /// Some lines of a batch were not saved (each was answered on its line).
    #[error("{lines} batch line(s) not saved")]
    BatchFailed { lines: usize },
}

impl From<serde_json::Error> for DeviceError {
    fn from(e: serde_json::Error) -> Self {
        // Writing JSON out can fail on the output (a full disk, a closed
        // pipe); only a failure to read a stored document is corruption.
        if e.is_io() {
            return Self::Io(e.into());
        }
        Self::Corrupt(e.to_string())
    }
}

impl From<ValidationErrors> for DeviceError {
    fn from(e: ValidationErrors) -> Self {
        Self::Validation(e)
    }
}

impl From<csv::Error> for DeviceError {
    fn from(e: csv::Error) -> Self {
        if e.is_io_error() {
            if let csv::ErrorKind::Io(io) = e.into_kind() {
                return Self::Io(io);
            }
            return Self::Csv("I/O error".into());
        }
        Self::Csv(e.to_string())
    }
}

impl DeviceError {
    /// A single-field validation error.
    pub fn invalid(field: &str, error: ParseError) -> Self {
        let mut errors = ValidationErrors::default();
        errors.push(field, error);
        Self::Validation(errors)
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::NotFound { .. } => "not_found",
            Self::HouseholdHasRafts => "household.has_rafts",
            Self::Storage(_) => "storage",
            Self::Corrupt(_) => "storage.corrupt",
            Self::NewerSchema { .. } => "storage.newer_schema",
            Self::Io(_) => "io",
            Self::Csv(_) => "csv",
            Self::ImportRejected { .. } => "import.rejected",
            Self::BatchFailed { .. } => "batch.failed",
            Self::Sync { .. } => "sync.failed",
            Self::CannotReapply => "attention.cannot_reapply",
        }
    }

    pub fn message(&self) -> Text {
        match self {
            Self::Validation(e) => Text::new(
                format!("Có {} trường chưa hợp lệ, vui lòng kiểm tra lại", e.0.len()),
                format!("{} field(s) are not valid, please check", e.0.len()),
            ),
            Self::NotFound { entity, .. } => Text::new(
                format!("Không tìm thấy bản ghi ({entity})"),
                format!("Record not found ({entity})"),
            ),
            Self::HouseholdHasRafts => Text::new(
                "Hộ nuôi còn lồng bè: hãy xóa lồng bè trước",
                "The household still has rafts: delete them first",
            ),
            Self::Storage(_) | Self::Corrupt(_) => Text::new(
                "Lỗi cơ sở dữ liệu trên thiết bị; dữ liệu đã lưu không bị ảnh hưởng",
                "Database error on this device; saved data is not affected",
            ),
            Self::NewerSchema { .. } => Text::new(
                "Dữ liệu được tạo bởi phiên bản Tidemark mới hơn: hãy cập nhật ứng dụng",
                "The data was made by a newer Tidemark: please update the app",
            ),
            Self::Io(e) => Text::new(format!("Lỗi đọc/ghi tệp: {e}"), format!("File error: {e}")),
            Self::Csv(e) => Text::new(
                format!("Tệp CSV không đọc được: {e}"),
                format!("Cannot read the CSV file: {e}"),
            ),
            Self::Sync { text, .. } => text.clone(),
            Self::CannotReapply => Text::new(
                "Không thể gửi lại mục này: chỉ gửi lại được thay đổi của hộ hoặc lồng bè còn tồn tại.",
                "This item cannot be sent again: only edits of a household or raft that still exists can.",
            ),
            Self::BatchFailed { lines } => Text::new(
                format!("{lines} dòng không được lưu"),
                format!("{lines} line(s) were not saved"),
            ),
            Self::ImportRejected { rows } => Text::new(
                format!("{rows} dòng không hợp lệ: chưa nhập dòng nào"),
                format!("{rows} invalid row(s): nothing was imported"),
            ),
        }
    }
}

/// How every error crosses IPC: never a bare string to match on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: String,
    pub message: Text,
    pub fields: Vec<FieldError>,
}

impl From<DeviceError> for CommandError {
    fn from(e: DeviceError) -> Self {
        let code = e.code().to_owned();
        let message = e.message();
        let fields = match e {
            DeviceError::Validation(v) => v.0,
            _ => Vec::new(),
        };
        Self {
            code,
            message,
            fields,
        }
    }
}
