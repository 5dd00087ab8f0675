//! Two-way sync of this replica with the central server (DESIGN.md, "Sync
//! protocol"): push the outbox in pages, in sequence order, dropping only
//! what the server acknowledged; then pull the server's change log in pages,
//! each applied together with its cursor. Any step can fail or be cut off:
//! a repeated push is acknowledged without effect, and a page not stored is
//! pulled again. Then the farming zones come down when the server's set
//! changed, and last the photos go up, in resumable chunks.

use tidemark_domain::auth::{Account, SignInRequest};
use tidemark_domain::sync::{Fate, PushRequest, PROTOCOL_VERSION, SCHEMA_VERSION};
use tidemark_domain::Text;

use crate::error::{CommandError, DeviceError};
use crate::replica::Replica;

mod client;
mod photos;
pub mod schedule;
mod status;
mod worker;

pub use worker::SyncWorker;

pub use client::SyncClient;
pub use photos::PHOTO_CHUNK;

/// Mutations per push request.
pub const PUSH_PAGE: u32 = 500;
/// Changes per pull request.
pub const PULL_PAGE: u32 = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No answer: no network, server down, connection cut. Try again later.
    #[error("server unreachable: {0}")]
    Unreachable(String),
    /// The server answered with an error.
    #[error("server refused ({status}, {code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    #[error("not signed in")]
    NotSignedIn,
    #[error("no server address")]
    NoServer,
    #[error("not a server address (http:// or https://)")]
    BadServerUrl,
    #[error(transparent)]
    Device(#[from] DeviceError),
}

impl SyncError {
    /// Whether trying again unchanged cannot help (a refused request, bad
    /// data); transient failures (network, 5xx, 408, 429) are not permanent.
    pub fn is_permanent(&self) -> bool {
        match self {
            Self::Unreachable(_) => false,
            Self::Refused { status, .. } => *status < 500 && *status != 408 && *status != 429,
            Self::NotSignedIn | Self::NoServer | Self::BadServerUrl | Self::Device(_) => true,
        }
    }

    /// Whether the user must sign in (again) before sync can go on.
    pub fn needs_sign_in(&self) -> bool {
        match self {
            Self::NotSignedIn => true,
            Self::Refused { status, .. } => *status == 401,
            _ => false,
        }
    }

    /// A stable code for the UI and the stored sync state.
    pub fn code(&self) -> String {
        match self {
            Self::Unreachable(_) => "sync.offline".into(),
            Self::Refused { status, .. } if *status >= 500 => "sync.server_error".into(),
            Self::Refused { code, .. } => code.clone(),
            Self::NotSignedIn => "auth.not_signed_in".into(),
            Self::NoServer => "sync.no_server".into(),
            Self::BadServerUrl => "sync.bad_server_url".into(),
            Self::Device(e) => e.code().into(),
        }
    }

    /// What a person reads: plain Vietnamese first, and always that the
    /// data on the device is safe.
    pub fn text(&self) -> Text {
        match self {
            Self::Device(e) => e.message(),
            _ => text_for_code(&self.code()),
        }
    }
}

/// The words for a sync error code (see `SyncError::code`).
pub fn text_for_code(code: &str) -> Text {
    let safe_vi = "Dữ liệu vẫn an toàn trên máy này.";
    let safe_en = "The data is safe on this device.";
    let (vi, en) = match code {
        "sync.offline" => (
            "Không kết nối được máy chủ (mất mạng?). Sẽ tự thử lại.",
            "Cannot reach the server (no network?). Will retry by itself.",
        ),
        "sync.server_error" => (
            "Máy chủ đang gặp sự cố. Sẽ tự thử lại.",
            "The server has a problem. Will retry by itself.",
        ),
        "auth.not_signed_in" => (
            "Chưa đăng nhập: vào Cài đặt để đăng nhập.",
            "Not signed in: sign in from Settings.",
        ),
        "auth.invalid_credentials" => (
            "Sai tên đăng nhập hoặc mật khẩu.",
            "Wrong username or password.",
        ),
        "auth.rate_limited" => (
            "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.",
            "Too many failed sign-ins. Try again in 15 minutes.",
        ),
        "auth.disabled" => (
            "Tài khoản đã bị khóa. Hãy liên hệ quản trị viên.",
            "This account is disabled. Contact the administrator.",
        ),
        "auth.revoked" | "auth.invalid_token" | "auth.missing_token" => (
            "Phiên đăng nhập của máy này đã hết hiệu lực: hãy đăng nhập lại.",
            "This device's sign-in is no longer valid: sign in again.",
        ),
        "sync.no_server" => (
            "Chưa có địa chỉ máy chủ: vào Cài đặt để nhập.",
            "No server address yet: enter it in Settings.",
        ),
        "sync.bad_server_url" => (
            "Địa chỉ máy chủ không hợp lệ (ví dụ: http://192.168.1.10:8787).",
            "Not a valid server address (e.g. http://192.168.1.10:8787).",
        ),
        "sync.unsupported_protocol" | "sync.unsupported_schema" => (
            "Phiên bản ứng dụng không khớp với máy chủ: hãy cập nhật ứng dụng.",
            "This app's version does not match the server's: update the app.",
        ),
        "sync.gap" => (
            "Máy chủ thiếu một phần dữ liệu trước đó của máy này. Hãy báo quản trị viên.",
            "The server is missing earlier data from this device. Tell the administrator.",
        ),
        _ => ("Đồng bộ chưa hoàn tất.", "Sync did not complete."),
    };
    Text::new(format!("{vi} {safe_vi}"), format!("{en} {safe_en}"))
}

impl From<SyncError> for CommandError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Device(d) => d.into(),
            other => Self {
                code: other.code(),
                message: other.text(),
                fields: Vec::new(),
            },
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncReport {
    #[ts(type = "number")]
    pub pushed: u64,
    #[ts(type = "number")]
    pub pulled: u64,
    #[ts(type = "number")]
    pub conflicts: u64,
    #[ts(type = "number")]
    pub rejected: u64,
    /// Whether a new set of farming zones came down.
    pub zones_updated: bool,
    /// Photos now complete on the server.
    #[ts(type = "number")]
    pub photos_uploaded: u64,
    /// Photo bytes sent in this sync.
    #[ts(type = "number")]
    pub photo_bytes_sent: u64,
    /// Photos that could not go this time (each photo's status says why);
    /// the records and the other photos went all the same.
    #[ts(type = "number")]
    pub photos_failed: u64,
}

/// Signs this device in to `server_url` and stores the token. The outbox
/// is not touched: what waited before waits for the next sync.
pub fn sign_in(
    replica: &mut Replica,
    server_url: &str,
    username: &str,
    password: &str,
    device_label: &str,
) -> Result<Account, SyncError> {
    let client = SyncClient::new(server_url, None)?;
    let response = client.sign_in(&SignInRequest {
        username: username.trim().to_owned(),
        password: password.to_owned(),
        device_id: replica.store().device_id(),
        device_label: device_label.to_owned(),
    })?;
    replica.store().set_credentials(
        client.base_url(),
        &response.token,
        &response.account.username,
        &response.account.display_name,
    )?;
    Ok(response.account)
}

/// A client for the server this replica signed in to.
pub fn client_for(replica: &Replica) -> Result<SyncClient, SyncError> {
    let state = replica.store().sync_state()?;
    let url = state.server_url.ok_or(SyncError::NoServer)?;
    let token = state.token.ok_or(SyncError::NotSignedIn)?;
    SyncClient::new(&url, Some(&token))
}

/// Syncs with the server this replica signed in to, and records the
/// outcome. A refused token is dropped (the user must sign in again);
/// the outbox never is.
pub fn sync_signed_in(
    replica: &mut Replica,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport, SyncError> {
    let result = client_for(replica).and_then(|client| run(replica, &client, progress));
    finish(replica, result)
}

/// The HTTP client a long-lived caller (the sync thread) keeps between
/// rounds: building one loads the system's root certificates, 60–90 ms of
/// CPU measured here, which a round every few minutes need not pay again.
/// Rebuilt when the server or the token changes.
#[derive(Debug, Default)]
pub struct ClientCache {
    held: Option<(String, String, SyncClient)>,
}

impl ClientCache {
    fn client_for(&mut self, replica: &Replica) -> Result<&SyncClient, SyncError> {
        let state = replica.store().sync_state()?;
        let url = state.server_url.ok_or(SyncError::NoServer)?;
        let token = state.token.ok_or(SyncError::NotSignedIn)?;
        let current = matches!(&self.held, Some((u, t, _)) if *u == url && *t == token);
        if !current {
            let client = SyncClient::new(&url, Some(&token))?;
            self.held = Some((url, token, client));
        }
        match &self.held {
            Some((_, _, client)) => Ok(client),
            None => Err(SyncError::NotSignedIn),
        }
    }
}

/// `sync_signed_in` with a client kept in `cache` between calls.
pub fn sync_signed_in_with(
    replica: &mut Replica,
    cache: &mut ClientCache,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport, SyncError> {
    let result = cache
        .client_for(replica)
        .and_then(|client| run(replica, client, progress));
    finish(replica, result)
}

fn finish(
    replica: &mut Replica,
    result: Result<SyncReport, SyncError>,
) -> Result<SyncReport, SyncError> {
    match &result {
        Ok(_) => replica.store().record_sync_result(None)?,
        Err(e) => {
            if matches!(e, SyncError::Refused { status: 401, .. }) {
                replica.store().forget_token()?;
            }
            replica
                .store()
                .record_sync_result(Some((&e.code(), &e.to_string())))?;
        }
    }
    result
}

/// Pushes everything waiting, then pulls everything new, with `client`.
/// `progress` hears the counts as pages complete.
pub fn sync(
    replica: &mut Replica,
    client: &SyncClient,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport, SyncError> {
    let result = run(replica, client, progress);
    finish(replica, result)
}

fn run(
    replica: &mut Replica,
    client: &SyncClient,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let device_id = replica.store().device_id();
    loop {
        let entries = replica.store().outbox(0, PUSH_PAGE)?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            break;
        };
        let request = PushRequest {
            protocol_version: PROTOCOL_VERSION,
            schema_version: SCHEMA_VERSION,
            device_id,
            mutations: entries.into_iter().map(|e| e.mutation).collect(),
        };
        let response = client.push(&request)?;
        replica.store_mut().acknowledge(&response)?;
        for f in &response.fates {
            match f.fate {
                Fate::AppliedWithConflict => report.conflicts += 1,
                Fate::Rejected => report.rejected += 1,
                _ => {}
            }
        }
        report.pushed += response.fates.len() as u64;
        progress(&report);
        if response.acknowledged_seq < last {
            return Err(SyncError::Refused {
                status: 200,
                code: "sync.not_acknowledged".into(),
                message: format!(
                    "the server acknowledged up to {} of {last}",
                    response.acknowledged_seq
                ),
            });
        }
    }
    loop {
        let cursor = replica.store().sync_state()?.pull_cursor;
        let page = client.pull(cursor, PULL_PAGE)?;
        replica.store_mut().apply_pulled(&page)?;
        report.pulled += page.changes.len() as u64;
        progress(&report);
        if !page.has_more || page.changes.is_empty() {
            break;
        }
    }
    // Reference data last: records matter more, and a device that cannot
    // get the zones keeps checking against the ones it has.
    let known = replica.store().zones_version()?;
    let zones = client.zones(known)?;
    report.zones_updated = replica.store_mut().replace_zones(&zones)?;
    // Photos after the records that name them, so the server knows what it
    // awaits before the bytes come.
    photos::upload(replica, client, &mut report, progress)?;
    Ok(report)
}
