//! Two-way sync of this replica with the central server (DESIGN.md, "Sync
//! protocol"): push the outbox in pages, in sequence order, dropping only
//! what the server acknowledged; then pull the server's change log in pages,
//! each applied together with its cursor. Any step can fail or be cut off:
//! a repeated push is acknowledged without effect, and a page not stored is
//! pulled again.

use std::time::Duration;
use tidemark_domain::sync::{
    Fate, PullResponse, PushRequest, PushResponse, PROTOCOL_VERSION, SCHEMA_VERSION,
};

use crate::error::DeviceError;
use crate::replica::Replica;

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
    #[error(transparent)]
    Device(#[from] DeviceError),
}

impl SyncError {
    /// Whether trying again unchanged cannot help (a refused request, bad
    /// data); transient failures (network, 5xx, 429) are not permanent.
    pub fn is_permanent(&self) -> bool {
        match self {
            Self::Unreachable(_) => false,
            Self::Refused { status, .. } => *status < 500 && *status != 408 && *status != 429,
            Self::Device(_) => true,
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub pulled: u64,
    pub conflicts: u64,
    pub rejected: u64,
}

/// An HTTP client for one server.
#[derive(Debug)]
pub struct SyncClient {
    base: String,
    http: reqwest::blocking::Client,
}

impl SyncClient {
    pub fn new(base_url: &str) -> Result<Self, SyncError> {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Ok(Self {
            base: base_url.trim_end_matches('/').to_owned(),
            http,
        })
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

    pub fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        let response = self
            .http
            .post(format!("{}/api/v1/sync/push", self.base))
            .json(request)
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }

    pub fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, SyncError> {
        let response = self
            .http
            .get(format!("{}/api/v1/sync/pull", self.base))
            .query(&[("cursor", cursor), ("limit", u64::from(limit))])
            .send()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Self::answer(response)
    }
}

/// Pushes everything waiting, then pulls everything new. `progress` hears
/// the counts as pages complete.
pub fn sync(
    replica: &mut Replica,
    client: &SyncClient,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport, SyncError> {
    let result = run(replica, client, progress);
    let error = result.as_ref().err().map(ToString::to_string);
    replica.store().record_sync_result(error.as_deref())?;
    result
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
    Ok(report)
}
