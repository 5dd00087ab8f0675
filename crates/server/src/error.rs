//! The server's one error type; every error answers `{code, message}` with
//! a 4xx for bad requests and never echoes request bodies (they may hold
//! personal data).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("request body rejected: {reason}")]
    BadBody {
        status: StatusCode,
        code: &'static str,
        reason: String,
    },
    #[error("bad query: {0}")]
    BadQuery(String),
    #[error("protocol version {got} is not supported (this server speaks {supported})")]
    UnsupportedProtocol { got: u32, supported: u32 },
    #[error("schema version {got} is not supported (this server speaks {supported})")]
    UnsupportedSchema { got: u32, supported: u32 },
    #[error("a mutation names another device than the push")]
    WrongDevice,
    #[error("sequence gap: expected {expected}, got {got}")]
    Gap { expected: u64, got: u64 },
    #[error("storage: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("stored data unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("internal: {0}")]
    Internal(String),
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadBody { status, .. } => *status,
            Self::BadQuery(_)
            | Self::UnsupportedProtocol { .. }
            | Self::UnsupportedSchema { .. } => StatusCode::BAD_REQUEST,
            Self::WrongDevice => StatusCode::FORBIDDEN,
            Self::Gap { .. } => StatusCode::CONFLICT,
            Self::Storage(_) | Self::Corrupt(_) | Self::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadBody { code, .. } => code,
            Self::BadQuery(_) => "request.invalid_query",
            Self::UnsupportedProtocol { .. } => "sync.unsupported_protocol",
            Self::UnsupportedSchema { .. } => "sync.unsupported_schema",
            Self::WrongDevice => "sync.wrong_device",
            Self::Gap { .. } => "sync.gap",
            Self::Storage(_) | Self::Corrupt(_) => "storage",
            Self::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "The server could not complete the request; nothing was lost on the device.".to_owned()
        } else {
            self.to_string()
        };
        let mut body = json!({ "code": self.code(), "message": message });
        if let Self::Gap { expected, .. } = self {
            body["expected_seq"] = json!(expected);
        }
        (status, Json(body)).into_response()
    }
}
