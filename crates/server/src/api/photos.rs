//! Photo uploads: resumable, content-addressed (see `crate::photos`).
//! Any signed-in device uploads; supervisors and admins list the photos
//! still awaited and view photos.

use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use futures_util::{StreamExt, TryStreamExt};
use http_body_util::BodyExt;
use std::sync::Arc;
use tidemark_domain::photo::{PhotoStatusRequest, PhotoUploadStatus, Sha256Hex, MAX_STATUS_BATCH};
use tidemark_domain::reference::Role;

use super::{bad_body, blocking, now_rfc3339, Authenticated};
use crate::error::ServerError;
use crate::photos::{Begun, PhotoVault};
use crate::store::{AwaitedPhoto, Storage};

/// Status lookups in flight at once for one batch: enough to hide an
/// object store's latency, few enough not to flood it.
const STATUS_LOOKUPS_AT_ONCE: usize = 16;

fn address(raw: &str) -> Result<Sha256Hex, ServerError> {
    raw.parse().map_err(|_| ServerError::Invalid {
        field: "sha256",
        code: "photo.sha256",
        message: "a photo address is 64 lower-case hex digits".into(),
    })
}

fn supervising(principal: &crate::store::Principal) -> Result<(), ServerError> {
    match principal.role {
        Role::Admin | Role::Supervisor => Ok(()),
        Role::Inspector => Err(ServerError::Forbidden),
    }
}

/// What a PUT's Content-Range asks for.
enum Requested {
    /// `bytes START-END/TOTAL`: these bytes (END inclusive) follow.
    Bytes { start: u64, end: u64, total: u64 },
    /// `bytes */TOTAL`, with no body: every byte is already on the server;
    /// check and store the photo.
    Finish { total: u64 },
}

fn content_range(headers: &HeaderMap) -> Result<Requested, ServerError> {
    let bad = || ServerError::Invalid {
        field: "content-range",
        code: "photo.content_range",
        message: "send Content-Range: bytes START-END/TOTAL (or bytes */TOTAL to finish)".into(),
    };
    let value = headers
        .get(header::CONTENT_RANGE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(bad)?;
    let (range, total) = value
        .strip_prefix("bytes ")
        .and_then(|r| r.split_once('/'))
        .ok_or_else(bad)?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
    let total = number(total)?;
    if range.trim() == "*" {
        return Ok(Requested::Finish { total });
    }
    let (start, end) = range.split_once('-').ok_or_else(bad)?;
    let (start, end) = (number(start)?, number(end)?);
    if end < start {
        return Err(bad());
    }
    Ok(Requested::Bytes { start, end, total })
}

#[utoipa::path(get, path = "/api/v1/photos/{sha256}", tag = "photos",
    security(("device_token" = [])),
    params(("sha256" = String, Path, description = "The photo's SHA-256, lower-case hex")),
    responses(
        (status = 200, description = "How many bytes the server holds (the offset to resume at), and whether the photo is complete", body = PhotoUploadStatus),
        (status = 400, description = "Not a SHA-256 address", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
    ))]
pub(super) async fn status(
    Authenticated(_principal): Authenticated,
    Extension(vault): Extension<Arc<PhotoVault>>,
    Path(sha256): Path<String>,
) -> Result<Json<PhotoUploadStatus>, ServerError> {
    Ok(Json(vault.status(&address(&sha256)?).await?))
}

#[utoipa::path(post, path = "/api/v1/photos/status", tag = "photos",
    security(("device_token" = [])),
    request_body = PhotoStatusRequest,
    responses(
        (status = 200, description = "Where each photo's upload stands, in the order asked", body = Vec<PhotoUploadStatus>),
        (status = 400, description = "More than 256 photos in one request (`photo.batch`)", body = crate::error::ErrorBody),
        (status = 422, description = "Not a list of SHA-256 addresses (`request.invalid_fields`)", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
    ))]
pub(super) async fn statuses(
    Authenticated(_principal): Authenticated,
    Extension(vault): Extension<Arc<PhotoVault>>,
    body: Result<Json<PhotoStatusRequest>, JsonRejection>,
) -> Result<Json<Vec<PhotoUploadStatus>>, ServerError> {
    let Json(request) = body.map_err(bad_body)?;
    if request.photos.len() > MAX_STATUS_BATCH {
        return Err(ServerError::Invalid {
            field: "photos",
            code: "photo.batch",
            message: format!("at most {MAX_STATUS_BATCH} photos per status request"),
        });
    }
    // Each status may be a request to an object store (a HEAD per photo on
    // S3): several run at once, and the answers keep the order asked.
    let statuses = futures_util::stream::iter(request.photos)
        .map(|sha256| {
            let vault = Arc::clone(&vault);
            async move { vault.status(&sha256).await }
        })
        .buffered(STATUS_LOOKUPS_AT_ONCE)
        .try_collect::<Vec<_>>()
        .await?;
    Ok(Json(statuses))
}

#[utoipa::path(put, path = "/api/v1/photos/{sha256}", tag = "photos",
    security(("device_token" = [])),
    params(
        ("sha256" = String, Path, description = "The photo's SHA-256, lower-case hex"),
        ("Content-Range" = String, Header, description = "bytes START-END/TOTAL, START being the offset the server holds; or bytes */TOTAL with no body when the server already holds all TOTAL bytes (a request cut after its last byte): the photo is then checked and stored"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The bytes START..=END; written as they arrive, so a cut request keeps what reached the server"),
    responses(
        (status = 200, description = "Appended; `complete` once the whole photo matched its SHA-256 and is synced to disk", body = PhotoUploadStatus),
        (status = 400, description = "Bad address or Content-Range, a body longer or shorter than its range, a body that stopped arriving for 30 s (`photo.stalled`: resume from the offset the server holds), or bytes that do not match the address (`photo.hash_mismatch`: start again from 0)", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
        (status = 409, description = "The bytes do not start where the server's copy ends (`photo.offset`, with `expected_offset`)", body = crate::error::ErrorBody),
    ))]
pub(super) async fn put_chunk(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(_principal): Authenticated,
    Extension(vault): Extension<Arc<PhotoVault>>,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<PhotoUploadStatus>, ServerError> {
    let sha256 = address(&sha256)?;
    let (start, end, total) = match content_range(&headers)? {
        Requested::Bytes { start, end, total } => (start, end, total),
        Requested::Finish { total } => {
            let status = vault.complete_partial(&sha256, total).await?;
            return received(store, status, total).await;
        }
    };
    let mut append = match vault.begin(&sha256, start, end, total).await? {
        Begun::Complete(status) => return Ok(Json(status)),
        Begun::Appending(append) => append,
    };
    let mut body = body;
    loop {
        // A link that goes silent without closing ends here too, so that
        // the photo's lock is let go (see `UPLOAD_STALL_TIMEOUT`).
        let Ok(next) = tokio::time::timeout(vault.stall_timeout(), body.frame()).await else {
            return Err(ServerError::Invalid {
                field: "body",
                code: "photo.stalled",
                message: format!(
                    "no bytes arrived for {} s: send the rest from the offset the server holds",
                    vault.stall_timeout().as_secs()
                ),
            });
        };
        let Some(frame) = next else { break };
        // A cut connection ends here; what was written stays, and the
        // device resumes from it.
        let frame = frame.map_err(|e| ServerError::Invalid {
            field: "body",
            code: "photo.body",
            message: format!("the upload stopped: {e}"),
        })?;
        if let Ok(bytes) = frame.into_data() {
            append.write(&bytes)?;
        }
    }
    let status = append.finish().await?;
    received(store, status, total).await
}

/// Records a completed photo as received (what the server no longer awaits).
async fn received(
    store: Arc<dyn Storage>,
    status: PhotoUploadStatus,
    total: u64,
) -> Result<Json<PhotoUploadStatus>, ServerError> {
    if status.complete {
        let sha = status.sha256.to_string();
        blocking(move || store.photo_received(&sha, total, &now_rfc3339())).await?;
    }
    Ok(Json(status))
}

#[utoipa::path(get, path = "/api/v1/photos/{sha256}/content", tag = "photos",
    security(("device_token" = [])),
    params(("sha256" = String, Path, description = "The photo's SHA-256, lower-case hex")),
    responses(
        (status = 200, description = "The photo's bytes", content_type = "application/octet-stream"),
        (status = 403, description = "Only supervisors and admins view photos on the server", body = crate::error::ErrorBody),
        (status = 404, description = "Not (yet) on the server", body = crate::error::ErrorBody),
    ))]
pub(super) async fn content(
    Authenticated(principal): Authenticated,
    Extension(vault): Extension<Arc<PhotoVault>>,
    Path(sha256): Path<String>,
) -> Result<Response, ServerError> {
    supervising(&principal)?;
    let bytes = vault
        .get(&address(&sha256)?)
        .await?
        .ok_or(ServerError::NotFound { what: "photo" })?;
    let mime = match bytes.as_slice() {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        _ => "image/jpeg",
    };
    Ok(([(header::CONTENT_TYPE, mime)], bytes).into_response())
}

#[utoipa::path(get, path = "/api/v1/photos/awaited", tag = "photos",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Photos records name whose bytes have not arrived", body = Vec<AwaitedPhoto>),
        (status = 403, description = "Only supervisors and admins", body = crate::error::ErrorBody),
    ))]
pub(super) async fn awaited(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(principal): Authenticated,
) -> Result<Json<Vec<AwaitedPhoto>>, ServerError> {
    supervising(&principal)?;
    Ok(Json(blocking(move || store.awaited_photos()).await?))
}
