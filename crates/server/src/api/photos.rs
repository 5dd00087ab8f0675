//! Photo uploads: resumable, content-addressed (see `crate::photos`).
//! Any signed-in device uploads; supervisors and admins list the photos
//! still awaited and view photos.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use std::sync::Arc;
use tidemark_domain::photo::Sha256Hex;
use tidemark_domain::reference::Role;

use super::{blocking, now_rfc3339, Authenticated};
use crate::error::ServerError;
use crate::photos::{PhotoUploadStatus, PhotoVault};
use crate::store::{AwaitedPhoto, Storage};

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

/// `bytes START-END/TOTAL` → (START, END inclusive, TOTAL).
fn content_range(headers: &HeaderMap) -> Result<(u64, u64, u64), ServerError> {
    let bad = || ServerError::Invalid {
        field: "content-range",
        code: "photo.content_range",
        message: "send Content-Range: bytes START-END/TOTAL".into(),
    };
    let value = headers
        .get(header::CONTENT_RANGE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(bad)?;
    let (range, total) = value
        .strip_prefix("bytes ")
        .and_then(|r| r.split_once('/'))
        .ok_or_else(bad)?;
    let (start, end) = range.split_once('-').ok_or_else(bad)?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
    let (start, end, total) = (number(start)?, number(end)?, number(total)?);
    if end < start {
        return Err(bad());
    }
    Ok((start, end, total))
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

#[utoipa::path(put, path = "/api/v1/photos/{sha256}", tag = "photos",
    security(("device_token" = [])),
    params(
        ("sha256" = String, Path, description = "The photo's SHA-256, lower-case hex"),
        ("Content-Range" = String, Header, description = "bytes START-END/TOTAL; START must be the offset the server holds"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The chunk's bytes"),
    responses(
        (status = 200, description = "Appended; `complete` once the whole photo matched its SHA-256", body = PhotoUploadStatus),
        (status = 400, description = "Bad address or Content-Range, a chunk past the size, or bytes that do not match the address (`photo.hash_mismatch`: start again from 0)", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
        (status = 409, description = "The chunk does not start where the server's copy ends (`photo.offset`, with `expected_offset`)", body = crate::error::ErrorBody),
    ))]
pub(super) async fn put_chunk(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(_principal): Authenticated,
    Extension(vault): Extension<Arc<PhotoVault>>,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    chunk: Bytes,
) -> Result<Json<PhotoUploadStatus>, ServerError> {
    let sha256 = address(&sha256)?;
    let (start, end, total) = content_range(&headers)?;
    if end - start + 1 != chunk.len() as u64 {
        return Err(ServerError::Invalid {
            field: "content-range",
            code: "photo.content_range",
            message: "the range does not match the body's length".into(),
        });
    }
    let status = vault.put_chunk(&sha256, start, total, &chunk).await?;
    if status.complete {
        let sha = sha256.to_string();
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
