//! Photo upload: each photo the device holds for a saved record goes up
//! from the offset the server reports. The server writes bytes as they
//! arrive, so a cut connection loses only what was still in flight; a
//! photo the server already has is marked done without sending a byte.
//!
//! Two photos are in flight at once: while the server checks one photo's
//! digest and syncs it to disk, the next one's bytes travel. The uploads
//! run on worker threads; this thread alone touches the store, hearing
//! from them over a channel.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tidemark_domain::photo::{PhotoUploadStatus, Sha256Hex, MAX_STATUS_BATCH};

use super::{SyncClient, SyncError, SyncReport};
use crate::error::DeviceError;
use crate::photos::upload_file;
use crate::replica::Replica;
use crate::store::PendingPhoto;

/// The first request of a sync sends this much of a photo; later ones
/// follow the link (see `Pace`).
pub const PHOTO_CHUNK: usize = 256 * 1024;
const PHOTO_CHUNK_MIN: usize = 64 * 1024;
const PHOTO_CHUNK_MAX: usize = 8 * 1024 * 1024;
/// How long one request should take: long enough that a fast link sends a
/// photo in one request, short enough that progress moves on a slow one
/// and no request nears the client's 60 s timeout.
const CHUNK_SECONDS: f64 = 1.0;
/// Photos in flight at once. More would only split a field link's
/// bandwidth further.
const UPLOADERS: usize = 2;

/// Request sizes that follow the link's measured rate, learned across the
/// photos of one sync.
#[derive(Debug)]
struct Pace {
    chunk: usize,
}

impl Pace {
    fn learn(&mut self, sent: usize, took: Duration) {
        let rate = sent as f64 / took.as_secs_f64().max(1e-4);
        // `as` saturates on overflow; the clamp bounds it either way.
        self.chunk = ((rate * CHUNK_SECONDS) as usize).clamp(PHOTO_CHUNK_MIN, PHOTO_CHUNK_MAX);
    }
}

/// What an upload worker tells the store's thread.
enum Heard {
    Sent {
        sha256: Sha256Hex,
        bytes: u64,
        received: u64,
    },
    Complete(Sha256Hex),
    /// This photo could not go (its file is unreadable, or the server
    /// refused its bytes): the others still go, the photo keeps the reason
    /// and waits for the next sync, and the sync itself succeeds, so that
    /// one bad photo never stops automatic sync of everything else.
    PhotoFailed {
        sha256: Sha256Hex,
        error: SyncError,
    },
    /// The link or the server failed: every worker stops.
    Failed(SyncError),
}

/// Whether `e` concerns one photo only, so the other photos should still
/// go: one damaged or missing file must not hold back every photo after it.
fn concerns_one_photo(e: &SyncError) -> bool {
    match e {
        SyncError::Device(_) => true,
        SyncError::Refused { status, code, .. } => {
            *status != 401 && *status < 500 && code.starts_with("photo.")
        }
        _ => false,
    }
}

/// The code a photo keeps for why it could not go.
fn problem_code(e: &SyncError) -> String {
    match e {
        SyncError::Device(DeviceError::Io(io)) if io.kind() == std::io::ErrorKind::NotFound => {
            "photo.file_missing".into()
        }
        other => other.code(),
    }
}

/// What the workers share.
struct Uploads<'a> {
    client: &'a SyncClient,
    dir: &'a std::path::Path,
    queue: Mutex<VecDeque<(PendingPhoto, PhotoUploadStatus)>>,
    pace: Mutex<Pace>,
    /// Set on the first failure: the other worker stops after its request.
    stop: AtomicBool,
}

pub(super) fn upload(
    replica: &mut Replica,
    client: &SyncClient,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<(), SyncError> {
    let Some(dir) = replica.data_dir().map(std::path::Path::to_owned) else {
        return Ok(());
    };
    let uploads = Uploads {
        client,
        dir: &dir,
        queue: Mutex::new(VecDeque::new()),
        pace: Mutex::new(Pace { chunk: PHOTO_CHUNK }),
        stop: AtomicBool::new(false),
    };
    let waiting = replica.store().photos_to_upload()?;
    for page in waiting.chunks(MAX_STATUS_BATCH) {
        let addresses: Vec<Sha256Hex> = page.iter().map(|p| p.sha256.clone()).collect();
        let statuses = client.photo_statuses(&addresses)?;
        if statuses.len() != page.len()
            || statuses.iter().zip(page).any(|(s, p)| s.sha256 != p.sha256)
        {
            return Err(SyncError::Unreachable(
                "the server answered about other photos than asked".into(),
            ));
        }
        let mut held = Vec::new();
        {
            let mut queue = uploads.queue.lock().unwrap_or_else(|e| e.into_inner());
            for (photo, status) in page.iter().zip(statuses) {
                if status.complete {
                    held.push(photo.sha256.clone());
                } else {
                    queue.push_back((photo.clone(), status));
                }
            }
        }
        // Already on the server (sent by another device, or before a crash
        // cut the mark): nothing to send.
        report.photos_uploaded += held.len() as u64;
        mark_on_server(replica, &held)?;
        std::thread::scope(|scope| {
            let (tell, heard) = channel();
            for _ in 0..UPLOADERS {
                let tell = tell.clone();
                let uploads = &uploads;
                scope.spawn(move || uploads.work(&tell));
            }
            drop(tell);
            listen(replica, &uploads.stop, heard.iter(), report, progress)
        })?;
    }
    Ok(())
}

/// The store's side of an upload round: progress, marks, the first error.
/// Returns once every worker has stopped.
fn listen(
    replica: &mut Replica,
    stop: &AtomicBool,
    heard: impl Iterator<Item = Heard>,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<(), SyncError> {
    let mut failure = None;
    // Progress is for people: written at most every quarter second (each
    // write is a durable transaction), and at the end.
    let mut noted = Instant::now();
    for news in heard {
        let step = match news {
            Heard::Sent {
                sha256,
                bytes,
                received,
            } => {
                report.photo_bytes_sent += bytes;
                if noted.elapsed() >= Duration::from_millis(250) {
                    noted = Instant::now();
                    replica
                        .store()
                        .photo_progress(&sha256, received)
                        .map_err(SyncError::from)
                } else {
                    Ok(())
                }
            }
            Heard::Complete(sha256) => {
                report.photos_uploaded += 1;
                // One small transaction per photo, made while the next
                // photos travel.
                mark_on_server(replica, std::slice::from_ref(&sha256))
            }
            Heard::PhotoFailed { sha256, error } => {
                report.photos_failed += 1;
                replica
                    .store()
                    .photo_upload_failed(&sha256, &problem_code(&error))
                    .map_err(SyncError::from)
            }
            Heard::Failed(e) => Err(e),
        };
        match step {
            Ok(()) => progress(report),
            Err(e) => {
                stop.store(true, Ordering::Relaxed);
                failure.get_or_insert(e);
            }
        }
    }
    failure.map_or(Ok(()), Err)
}

impl Uploads<'_> {
    /// One worker: takes photos off the queue until it is empty or another
    /// worker failed.
    fn work(&self, tell: &Sender<Heard>) {
        while !self.stop.load(Ordering::Relaxed) {
            let next = self
                .queue
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop_front();
            let Some((photo, status)) = next else { return };
            match self.send_rest(&photo, status, tell) {
                Ok(true) => {
                    let _ = tell.send(Heard::Complete(photo.sha256));
                }
                Ok(false) => {}
                Err(error) if concerns_one_photo(&error) => {
                    let _ = tell.send(Heard::PhotoFailed {
                        sha256: photo.sha256,
                        error,
                    });
                }
                Err(e) => {
                    let _ = tell.send(Heard::Failed(e));
                    return;
                }
            }
        }
    }

    /// Sends a photo from the offset the server holds to its end; true when
    /// the server then holds all of it.
    fn send_rest(
        &self,
        photo: &PendingPhoto,
        mut status: PhotoUploadStatus,
        tell: &Sender<Heard>,
    ) -> Result<bool, SyncError> {
        // Requests share this one buffer (Bytes slices): no copy per request.
        let bytes = bytes::Bytes::from(
            std::fs::read(upload_file(self.dir, &photo.sha256, &photo.mime_type))
                .map_err(DeviceError::from)?,
        );
        let total = bytes.len() as u64;
        if status.received > total {
            return Err(SyncError::Refused {
                status: 200,
                code: "photo.offset".into(),
                message: format!("the server holds {} of {total} bytes", status.received),
            });
        }
        if !status.complete && status.received == total {
            // Every byte arrived before, but the request that carried the
            // last one never finished: the server checks and stores it now.
            status = self.client.finish_photo(photo.sha256.as_str(), total)?;
        }
        while !status.complete && !self.stop.load(Ordering::Relaxed) {
            let start = usize::try_from(status.received).unwrap_or(usize::MAX);
            let chunk = self.pace.lock().unwrap_or_else(|e| e.into_inner()).chunk;
            let end = bytes.len().min(start.saturating_add(chunk));
            let chunk = bytes.slice(start.min(end)..end);
            if chunk.is_empty() {
                break;
            }
            let sent = chunk.len();
            let began = Instant::now();
            status = self.client.put_photo_chunk(
                photo.sha256.as_str(),
                status.received,
                total,
                chunk,
            )?;
            self.pace
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .learn(sent, began.elapsed());
            let _ = tell.send(Heard::Sent {
                sha256: photo.sha256.clone(),
                bytes: sent as u64,
                received: status.received,
            });
        }
        Ok(status.complete)
    }
}

/// Marks photos the server holds, in one durable transaction, and removes
/// their originals. A crash before the mark costs only a status request
/// next time (the server answers "complete" and nothing is sent).
fn mark_on_server(replica: &mut Replica, held: &[Sha256Hex]) -> Result<(), SyncError> {
    for original in replica.store_mut().photos_on_server(held)? {
        // The server holds the upload copy: the original was only kept
        // until then. A file already gone is fine.
        let _ = std::fs::remove_file(original);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_follow_the_link_within_bounds() {
        let mut pace = Pace { chunk: PHOTO_CHUNK };
        // 256 KiB in 2 s: 128 KiB/s, so about 128 KiB per request.
        pace.learn(256 * 1024, Duration::from_secs(2));
        assert_eq!(pace.chunk, 128 * 1024);
        // A crawl never goes below the floor...
        pace.learn(1_000, Duration::from_secs(10));
        assert_eq!(pace.chunk, PHOTO_CHUNK_MIN);
        // ...and loopback never above the ceiling, even timed at zero.
        pace.learn(PHOTO_CHUNK, Duration::ZERO);
        assert_eq!(pace.chunk, PHOTO_CHUNK_MAX);
    }
}
