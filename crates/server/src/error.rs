//! The server's one error type; every error answers `{code, message}` with
//! a 4xx for bad requests and never echoes request bodies (they may hold
//! personal data).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Every error answer's body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable: `sync.gap`, `auth.revoked`, …
    pub code: &'static str,
    /// For people (English); never holds values from the request.
    pub message: String,
    /// The field at fault, for `400` validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// For `409 sync.gap`: the sequence number the server expects next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_seq: Option<u64>,
    /// For `409 photo.offset`: the byte the next chunk must start at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_offset: Option<u64>,
}

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
    #[error("the chunk does not start at the server's offset {expected}")]
    PhotoOffset { expected: u64 },
    #[error("the username or the password is wrong")]
    InvalidCredentials,
    #[error("too many failed sign-ins; try again in {retry_after_s} s")]
    RateLimited { retry_after_s: u64 },
    #[error("this account is disabled")]
    AccountDisabled,
    /// No usable token: the device must sign in (again).
    #[error("{message}")]
    Unauthenticated {
        code: &'static str,
        message: &'static str,
    },
    #[error("this needs the admin role")]
    Forbidden,
    #[error("a user with this name exists")]
    UserExists,
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        code: &'static str,
        message: String,
    },
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
            Self::WrongDevice | Self::AccountDisabled | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::InvalidCredentials | Self::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::UserExists => StatusCode::CONFLICT,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::Invalid { .. } => StatusCode::BAD_REQUEST,
            Self::Gap { .. } | Self::PhotoOffset { .. } => StatusCode::CONFLICT,
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
            Self::PhotoOffset { .. } => "photo.offset",
            Self::InvalidCredentials => "auth.invalid_credentials",
            Self::RateLimited { .. } => "auth.rate_limited",
            Self::AccountDisabled => "auth.disabled",
            Self::Unauthenticated { code, .. } => code,
            Self::Forbidden => "auth.forbidden",
            Self::UserExists => "account.exists",
            Self::NotFound { .. } => "not_found",
            Self::Invalid { code, .. } => code,
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
        let body = ErrorBody {
            code: self.code(),
            message,
            field: match &self {
                Self::Invalid { field, .. } => Some(field),
                _ => None,
            },
            expected_seq: match &self {
                Self::Gap { expected, .. } => Some(*expected),
                _ => None,
            },
            expected_offset: match &self {
                Self::PhotoOffset { expected } => Some(*expected),
                _ => None,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited { retry_after_s } = self {
            if let Ok(value) = retry_after_s.to_string().parse() {
                response.headers_mut().insert("retry-after", value);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                "www-authenticate",
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
