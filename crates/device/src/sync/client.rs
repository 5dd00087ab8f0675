//! The HTTP client for one server, signed in or not.

use std::time::Duration;
use tidemark_domain::auth::{SignInRequest, SignInResponse};
use tidemark_domain::sync::{
    PullResponse, PushRequest, PushResponse, PROTOCOL_VERSION, SCHEMA_VERSION,
};

use tidemark_domain::photo::{PhotoStatusRequest, PhotoUploadStatus, Sha256Hex};
use tidemark_domain::zone::ZoneSet;

use super::SyncError;

#[derive(Debug)]
pub struct SyncClient {
    base: String,
    /// The device token; None before sign-in.
    token: Option<String>,
    http: reqwest::blocking::Client,
}

impl SyncClient {
    /// A client for `base_url`, which must be an http(s) address.
    pub fn new(base_url: &str, token: Option<&str>) -> Result<Self, SyncError> {
        let base = base_url.trim().trim_end_matches('/');
        let valid = reqwest::Url::parse(base)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !valid {
            return Err(SyncError::BadServerUrl);
        }
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Ok(Self {
            base: base.to_owned(),
            token: token.map(str::to_owned),
            http,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn answer<T: serde::de::DeserializeOwned>(
        response: reqwest::blocking::Response,
    ) -> Result<T, SyncError> {
        let status = response.status();
        if status.is_success() {
            return response
                .json()
                .map_err(|e| SyncError::Unreachable(format!("answer cut off: {e}")));
        }
        let body: serde_json::Value = response.json().unwrap_or_default();
        Err(SyncError::Refused {
            status: status.as_u16(),
            code: body["code"].as_str().unwrap_or("http").to_owned(),
            message: body["message"].as_str().unwrap_or_default().to_owned(),
        })
    }

    fn authorized(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> Result<reqwest::blocking::RequestBuilder, SyncError> {
        let token = self.token.as_deref().ok_or(SyncError::NotSignedIn)?;
        Ok(request.bearer_auth(token))
    }

    /// Enrols this device; the answer carries its token.
    pub fn sign_in(&self, request: &SignInRequest) -> Result<SignInResponse, SyncError> {
        let response = self
            .http
            .post(format!("{}/api/v1/auth/sign-in", self.base))
            .json(request)
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    pub fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        let response = self
            .authorized(self.http.post(format!("{}/api/v1/sync/push", self.base)))?
            .json(request)
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    pub fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, SyncError> {
        let response = self
            .authorized(self.http.get(format!("{}/api/v1/sync/pull", self.base)))?
            .query(&[
                ("cursor", cursor),
                ("limit", u64::from(limit)),
                ("protocol_version", u64::from(PROTOCOL_VERSION)),
                ("schema_version", u64::from(SCHEMA_VERSION)),
            ])
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    /// The server's farming zones, left out when `known_version` is current.
    pub fn zones(&self, known_version: u64) -> Result<ZoneSet, SyncError> {
        let response = self
            .authorized(
                self.http
                    .get(format!("{}/api/v1/reference/zones", self.base)),
            )?
            .query(&[("known_version", known_version)])
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    /// How much of each photo the server holds (at most
    /// `MAX_STATUS_BATCH` photos), in the order asked.
    pub fn photo_statuses(
        &self,
        photos: &[Sha256Hex],
    ) -> Result<Vec<PhotoUploadStatus>, SyncError> {
        let response = self
            .authorized(
                self.http
                    .post(format!("{}/api/v1/photos/status", self.base)),
            )?
            .json(&PhotoStatusRequest {
                photos: photos.to_vec(),
            })
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    /// Asks the server to check and store a photo it already holds every
    /// byte of (an earlier request was cut after its last byte).
    pub fn finish_photo(&self, sha256: &str, total: u64) -> Result<PhotoUploadStatus, SyncError> {
        let response = self
            .authorized(
                self.http
                    .put(format!("{}/api/v1/photos/{sha256}", self.base)),
            )?
            .header("Content-Range", format!("bytes */{total}"))
            .header("Content-Type", "application/octet-stream")
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    /// Sends bytes `start..start + chunk.len()` of a photo of `total` bytes.
    pub fn put_photo_chunk(
        &self,
        sha256: &str,
        start: u64,
        total: u64,
        chunk: bytes::Bytes,
    ) -> Result<PhotoUploadStatus, SyncError> {
        let end = start + chunk.len() as u64 - 1;
        let response = self
            .authorized(
                self.http
                    .put(format!("{}/api/v1/photos/{sha256}", self.base)),
            )?
            .header("Content-Range", format!("bytes {start}-{end}/{total}"))
            .header("Content-Type", "application/octet-stream")
            .body(chunk)
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }
}
