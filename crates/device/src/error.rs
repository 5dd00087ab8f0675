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
            Self::Storage(e) => match storage_trouble(e) {
                Some(StorageTrouble::Full) => "storage.full",
                Some(StorageTrouble::Busy) => "storage.busy",
                None => "storage",
            },
            Self::Corrupt(_) => "storage.corrupt",
            Self::NewerSchema { .. } => "storage.newer_schema",
            Self::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => "storage.full",
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
            Self::Storage(e) => match storage_trouble(e) {
                Some(StorageTrouble::Full) => disk_full(),
                Some(StorageTrouble::Busy) => Text::new(
                    "Cơ sở dữ liệu đang bận (đồng bộ hoặc lệnh tidemark đang ghi): hãy lưu lại sau giây lát. Chưa có gì bị mất.",
                    "The database is busy (sync or the tidemark command is writing): save again in a moment. Nothing was lost.",
                ),
                None => Text::new(
                    "Lỗi cơ sở dữ liệu trên thiết bị: thao tác này chưa được lưu; các bản ghi đã lưu không bị ảnh hưởng",
                    "Database error on this device: this was not saved; records saved before are not affected",
                ),
            },
            Self::Corrupt(_) => Text::new(
                "Một bản ghi trên thiết bị không đọc được (tệp dữ liệu có thể bị hỏng). Đừng gỡ ứng dụng; hãy báo quản trị viên.",
                "A record on this device cannot be read (the data file may be damaged). Do not uninstall the app; tell the administrator.",
            ),
            Self::NewerSchema { .. } => Text::new(
                "Dữ liệu được tạo bởi phiên bản Tidemark mới hơn: hãy cập nhật ứng dụng",
                "The data was made by a newer Tidemark: please update the app",
            ),
            Self::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => disk_full(),
            // The system's own words are English: they go in the English
            // text only, the Vietnamese says what kind of trouble it is.
            Self::Io(e) => Text::new(
                match e.kind() {
                    std::io::ErrorKind::NotFound => "Lỗi đọc/ghi tệp: không tìm thấy tệp",
                    std::io::ErrorKind::PermissionDenied => {
                        "Lỗi đọc/ghi tệp: ứng dụng không có quyền với tệp này"
                    }
                    _ => "Lỗi đọc/ghi tệp trên thiết bị",
                },
                format!("File error: {e}"),
            ),
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

/// Storage troubles a person can do something about.
enum StorageTrouble {
    Full,
    Busy,
}

fn storage_trouble(e: &rusqlite::Error) -> Option<StorageTrouble> {
    match e.sqlite_error_code()? {
        rusqlite::ErrorCode::DiskFull => Some(StorageTrouble::Full),
        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
            Some(StorageTrouble::Busy)
        }
        _ => None,
    }
}

fn disk_full() -> Text {
    Text::new(
        "Bộ nhớ của máy đã đầy: thao tác này chưa được lưu. Hãy xóa bớt ảnh, video hoặc ứng dụng không dùng rồi lưu lại; các bản ghi đã lưu không bị ảnh hưởng.",
        "This device's storage is full: this was not saved. Delete some photos, videos or unused apps, then save again; records saved before are not affected.",
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> DeviceError {
        DeviceError::Storage(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    #[test]
    fn a_full_disk_and_a_busy_database_say_what_to_do() {
        let full = sqlite(rusqlite::ffi::SQLITE_FULL);
        assert_eq!(full.code(), "storage.full");
        assert!(full.message().vi.contains("Bộ nhớ của máy đã đầy"));
        let io_full = DeviceError::Io(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert_eq!(io_full.code(), "storage.full");
        assert_eq!(io_full.message(), full.message());
        for busy in [rusqlite::ffi::SQLITE_BUSY, rusqlite::ffi::SQLITE_LOCKED] {
            let e = sqlite(busy);
            assert_eq!(e.code(), "storage.busy");
            assert!(e.message().en.contains("save again in a moment"));
        }
        let other = sqlite(rusqlite::ffi::SQLITE_IOERR);
        assert_eq!(other.code(), "storage");
        assert!(other.message().vi.contains("chưa được lưu"));
    }

    #[test]
    fn a_file_error_keeps_the_systems_english_out_of_the_vietnamese() {
        let gone = DeviceError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file or directory (os error 2)",
        ));
        let text = gone.message();
        assert_eq!(text.vi, "Lỗi đọc/ghi tệp: không tìm thấy tệp");
        assert!(text.en.contains("No such file or directory"));
        let corrupt = DeviceError::Corrupt("raft 1".into());
        assert_eq!(corrupt.code(), "storage.corrupt");
        assert!(corrupt.message().vi.contains("báo quản trị viên"));
    }
}
