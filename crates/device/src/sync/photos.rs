//! Photo upload: each photo the device holds for a saved record goes up in
//! chunks, resuming at the offset the server reports. A cut connection
//! loses at most the chunk in flight; a photo the server already has is
//! marked done without sending a byte.

use tidemark_domain::photo::Sha256Hex;

use super::{SyncClient, SyncError, SyncReport};
use crate::error::DeviceError;
use crate::photos::upload_file;
use crate::replica::Replica;

/// Bytes per upload request: large enough that a photo is a few requests,
/// small enough that a cut on a weak link wastes little.
pub const PHOTO_CHUNK: usize = 512 * 1024;

pub(super) fn upload(
    replica: &mut Replica,
    client: &SyncClient,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<(), SyncError> {
    let Some(dir) = replica.data_dir().map(std::path::Path::to_owned) else {
        return Ok(());
    };
    let mut done: Vec<Sha256Hex> = Vec::new();
    for photo in replica.store().photos_to_upload()? {
        let sha = photo.sha256.as_str();
        let mut status = client.photo_status(sha)?;
        if !status.complete {
            let bytes = std::fs::read(upload_file(&dir, &photo.sha256, &photo.mime_type))
                .map_err(DeviceError::from)?;
            let total = bytes.len() as u64;
            if status.received > total {
                return Err(SyncError::Refused {
                    status: 200,
                    code: "photo.offset".into(),
                    message: format!("the server holds {} of {total} bytes", status.received),
                });
            }
            // Progress is for people: written at most every quarter second
            // (each write is a durable transaction), and at the end.
            let mut noted = std::time::Instant::now();
            while !status.complete {
                let start = usize::try_from(status.received).unwrap_or(usize::MAX);
                let end = bytes.len().min(start.saturating_add(PHOTO_CHUNK));
                let chunk = bytes.get(start..end).unwrap_or_default().to_vec();
                if chunk.is_empty() {
                    break;
                }
                report.photo_bytes_sent += chunk.len() as u64;
                status = client.put_photo_chunk(sha, status.received, total, chunk)?;
                if !status.complete && noted.elapsed() >= std::time::Duration::from_millis(250) {
                    replica
                        .store()
                        .photo_progress(&photo.sha256, status.received)?;
                    noted = std::time::Instant::now();
                }
                progress(report);
            }
        }
        if status.complete {
            done.push(photo.sha256.clone());
            report.photos_uploaded += 1;
            progress(report);
            if done.len() >= MARK_EVERY {
                mark_on_server(replica, &mut done)?;
            }
        }
    }
    mark_on_server(replica, &mut done)
}

/// Completed photos are marked in batches, one durable transaction each: a
/// crash before the mark costs only a status request next time (the server
/// answers "complete" and nothing is sent).
const MARK_EVERY: usize = 32;

fn mark_on_server(replica: &mut Replica, done: &mut Vec<Sha256Hex>) -> Result<(), SyncError> {
    for original in replica.store_mut().photos_on_server(done)? {
        // The server holds the upload copy: the original was only kept
        // until then. A file already gone is fine.
        let _ = std::fs::remove_file(original);
    }
    done.clear();
    Ok(())
}
