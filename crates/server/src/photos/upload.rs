//! One upload request's bytes: appended to the partial file as they
//! arrive, with the photo's digest growing alongside.

use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use tidemark_domain::photo::{PhotoUploadStatus, Sha256Hex};
use tokio::sync::OwnedMutexGuard;

use super::{internal, PhotoVault};
use crate::error::ServerError;

/// A photo's running digest over the first `hashed` bytes of its partial
/// file.
#[derive(Default)]
pub(super) struct Digesting {
    pub(super) hashed: u64,
    hasher: Sha256,
}

impl Digesting {
    pub(super) fn restart_from(&mut self, partial: &Path) -> Result<(), ServerError> {
        *self = Self::default();
        let mut file = match std::fs::File::open(partial) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(internal(e)),
        };
        let mut buffer = vec![0; 256 * 1024];
        loop {
            let n = file.read(&mut buffer).map_err(internal)?;
            if n == 0 {
                return Ok(());
            }
            self.update(buffer.get(..n).unwrap_or_default());
        }
    }

    /// The digest of the bytes so far; the state starts again from none.
    pub(super) fn take_digest(&mut self) -> [u8; 32] {
        std::mem::take(self).hasher.finalize().into()
    }

    fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.hashed += bytes.len() as u64;
    }
}

impl std::fmt::Debug for Digesting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Digesting")
            .field("hashed", &self.hashed)
            .finish_non_exhaustive()
    }
}

/// What `begin` found.
#[derive(Debug)]
pub enum Begun<'v> {
    /// The photo is already stored: nothing to send.
    Complete(PhotoUploadStatus),
    Appending(Append<'v>),
}

/// An upload in progress: bytes are written to the partial file as they
/// arrive, so a cut connection keeps every byte that reached the server.
#[derive(Debug)]
pub struct Append<'v> {
    pub(super) vault: &'v PhotoVault,
    pub(super) sha256: Sha256Hex,
    pub(super) partial: PathBuf,
    pub(super) file: std::io::BufWriter<std::fs::File>,
    pub(super) digesting: OwnedMutexGuard<Digesting>,
    pub(super) end_exclusive: u64,
    pub(super) total: u64,
}

impl Append<'_> {
    /// Appends the next bytes of the declared range.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), ServerError> {
        if self.digesting.hashed.saturating_add(bytes.len() as u64) > self.end_exclusive {
            return Err(ServerError::Invalid {
                field: "content-range",
                code: "photo.content_range",
                message: "the body is longer than its Content-Range".into(),
            });
        }
        // Not synced per write: a crash can only shorten or spoil the
        // partial file, and the digest check on the last byte catches
        // either (the device then starts that photo again).
        match self.file.write_all(bytes) {
            Ok(()) => {
                self.digesting.update(bytes);
                Ok(())
            }
            Err(e) => {
                // Part of `bytes` may be in the file: the digest no longer
                // matches it and is rebuilt from the file next time.
                self.digesting.hashed = u64::MAX;
                Err(internal(e))
            }
        }
    }

    /// Ends the request: the status after it, complete once the last byte
    /// of the photo arrived and its digest matched.
    pub async fn finish(mut self) -> Result<PhotoUploadStatus, ServerError> {
        if let Err(e) = self.file.flush() {
            // Some of the buffer may be in the file: rebuild the digest from
            // the file next time.
            self.digesting.hashed = u64::MAX;
            return Err(internal(e));
        }
        let received = self.digesting.hashed;
        if received != self.end_exclusive {
            return Err(ServerError::Invalid {
                field: "content-range",
                code: "photo.content_range",
                message: "the range does not match the body's length".into(),
            });
        }
        if received < self.total {
            return Ok(PhotoUploadStatus {
                sha256: self.sha256,
                received,
                complete: false,
            });
        }
        let Self {
            vault,
            sha256,
            partial,
            file,
            digesting,
            total,
            ..
        } = self;
        drop(file);
        vault.finish_held(&sha256, &partial, digesting, total).await
    }
}
