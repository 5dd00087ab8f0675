//! The photo vault: photo bytes, content-addressed by their SHA-256, in an
//! object store (`object_store`): the local filesystem by default, or any
//! S3-compatible store (`s3://bucket/prefix`, credentials from the usual
//! AWS_* environment variables).
//!
//! Uploads are resumable: a device asks how many bytes of a photo the
//! server holds and sends the rest, appended only at exactly that offset
//! and written as they arrive, so a cut connection keeps every byte that
//! reached the server. The digest grows with the bytes; when the last one
//! arrives only bytes that match their address enter the store, and a photo
//! already there costs nothing to "upload" again.
//!
//! Partial uploads live on this instance's disk (`uploads/`), so several
//! instances behind a load balancer need sticky sessions for uploads.

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tidemark_domain::photo::{PhotoUploadStatus, Sha256Hex};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::error::ServerError;

mod upload;

use upload::Digesting;
pub use upload::{Append, Begun};

/// The largest photo accepted (an upload copy is usually under 2 MB).
pub const MAX_PHOTO_BYTES: u64 = 50 * 1024 * 1024;

const WRITE_BUFFER: usize = 256 * 1024;

/// How long an upload request may go without a byte before the server
/// gives up on it. A link that dies without closing (a boat out of range)
/// would otherwise hold the photo's upload lock, and every resume of that
/// photo would wait on it, until the server restarts.
pub const UPLOAD_STALL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A partial upload untouched this long is abandoned (see `sweep_abandoned`).
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

pub struct PhotoVault {
    objects: Arc<dyn ObjectStore>,
    uploads: PathBuf,
    /// One lock per photo being uploaded, over its running digest: two
    /// devices sending the same photo at once append in turn.
    locks: Mutex<HashMap<Sha256Hex, Arc<Mutex<Digesting>>>>,
    /// The root of a filesystem vault (None for an object store).
    local_root: Option<PathBuf>,
    describe: String,
    stall_timeout: std::time::Duration,
}

impl std::fmt::Debug for PhotoVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe)
    }
}

fn internal(e: impl std::fmt::Display) -> ServerError {
    ServerError::Internal(format!("photo vault: {e}"))
}

fn object_path(sha256: &Sha256Hex) -> ObjectPath {
    let s = sha256.as_str();
    ObjectPath::from(format!("photos/{}/{s}", &s[..2]))
}

impl PhotoVault {
    /// The vault `spec` names: None for the filesystem under `data_dir`,
    /// or an `s3://bucket[/prefix]` URL.
    pub fn open(spec: Option<&str>, data_dir: &Path) -> Result<Self, ServerError> {
        let uploads = data_dir.join("uploads");
        std::fs::create_dir_all(&uploads).map_err(internal)?;
        let mut local_root = None;
        let (objects, describe): (Arc<dyn ObjectStore>, String) = match spec {
            None | Some("") => {
                let root = data_dir.join("photos");
                std::fs::create_dir_all(&root).map_err(internal)?;
                let local = object_store::local::LocalFileSystem::new_with_prefix(&root)
                    .map_err(internal)?;
                local_root = Some(root.clone());
                (Arc::new(local), format!("PhotoVault(file {})", root.display()))
            }
            Some(url) if url.starts_with("s3://") => {
                let s3 = object_store::aws::AmazonS3Builder::from_env()
                    .with_url(url)
                    .build()
                    .map_err(internal)?;
                let store: Arc<dyn ObjectStore> = Arc::new(s3);
                let prefix = url
                    .trim_start_matches("s3://")
                    .split_once('/')
                    .map(|(_, p)| p.trim_matches('/').to_owned())
                    .filter(|p| !p.is_empty());
                let store = match prefix {
                    Some(p) => Arc::new(object_store::prefix::PrefixStore::new(store, p))
                        as Arc<dyn ObjectStore>,
                    None => store,
                };
                (store, format!("PhotoVault({url})"))
            }
            Some(other) => {
                return Err(ServerError::Internal(format!(
                    "photo store {other:?}: expected nothing (files in the data directory) or s3://bucket/prefix"
                )))
            }
        };
        Ok(Self {
            objects,
            uploads,
            locks: Mutex::new(HashMap::new()),
            local_root,
            describe,
            stall_timeout: UPLOAD_STALL_TIMEOUT,
        })
    }

    /// A vault over any object store (an S3 client built by the caller),
    /// with partial uploads under `uploads`.
    pub fn with_object_store(
        objects: Arc<dyn ObjectStore>,
        uploads: PathBuf,
    ) -> Result<Self, ServerError> {
        std::fs::create_dir_all(&uploads).map_err(internal)?;
        Ok(Self {
            describe: format!("PhotoVault({objects})"),
            objects,
            uploads,
            locks: Mutex::new(HashMap::new()),
            local_root: None,
            stall_timeout: UPLOAD_STALL_TIMEOUT,
        })
    }

    /// The same vault, giving up on an upload request after `timeout`
    /// without a byte (`UPLOAD_STALL_TIMEOUT` unless set).
    pub fn with_stall_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.stall_timeout = timeout;
        self
    }

    pub fn stall_timeout(&self) -> std::time::Duration {
        self.stall_timeout
    }

    /// Removes partial uploads untouched for `older_than`: a device that
    /// never came back, or one that resumes so late that it may send the
    /// photo again from its first byte (it keeps the bytes until the
    /// server holds them). Meant for start-up, before uploads are served.
    /// Returns how many were removed.
    pub fn sweep_abandoned(&self, older_than: std::time::Duration) -> Result<usize, ServerError> {
        let now = std::time::SystemTime::now();
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.uploads).map_err(internal)? {
            let entry = entry.map_err(internal)?;
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "part") {
                continue;
            }
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .map_err(internal)?;
            if now
                .duration_since(modified)
                .is_ok_and(|age| age > older_than)
            {
                std::fs::remove_file(&path).map_err(internal)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn partial(&self, sha256: &Sha256Hex) -> PathBuf {
        self.uploads.join(format!("{sha256}.part"))
    }

    async fn in_store(&self, sha256: &Sha256Hex) -> Result<Option<u64>, ServerError> {
        match self.objects.head(&object_path(sha256)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(internal(e)),
        }
    }

    pub async fn status(&self, sha256: &Sha256Hex) -> Result<PhotoUploadStatus, ServerError> {
        if let Some(size) = self.in_store(sha256).await? {
            return Ok(PhotoUploadStatus {
                sha256: sha256.clone(),
                received: size,
                complete: true,
            });
        }
        let received = std::fs::metadata(self.partial(sha256)).map_or(0, |m| m.len());
        Ok(PhotoUploadStatus {
            sha256: sha256.clone(),
            received,
            complete: false,
        })
    }

    /// Starts appending the bytes `start..=end` of a photo of `total` bytes.
    /// A photo already stored answers `Complete` (its bytes need not be
    /// read); otherwise `start` must be where the server's copy ends.
    pub async fn begin(
        &self,
        sha256: &Sha256Hex,
        start: u64,
        end: u64,
        total: u64,
    ) -> Result<Begun<'_>, ServerError> {
        if end < start || end >= total {
            return Err(ServerError::Invalid {
                field: "content-range",
                code: "photo.size",
                message: "the range runs past the photo's size".into(),
            });
        }
        let (partial, digesting) = match self.hold(sha256, total).await? {
            Held::Complete(status) => return Ok(Begun::Complete(status)),
            Held::At { partial, digesting } => (partial, digesting),
        };
        if start != digesting.hashed {
            return Err(ServerError::PhotoOffset {
                expected: digesting.hashed,
            });
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)
            .map_err(internal)?;
        // Frames arrive in pieces of a few KiB: written in larger runs. The
        // buffer is flushed when the request ends, cut or not.
        let file = std::io::BufWriter::with_capacity(WRITE_BUFFER, file);
        Ok(Begun::Appending(Append {
            vault: self,
            sha256: sha256.clone(),
            partial,
            file,
            digesting,
            end_exclusive: end + 1,
            total,
        }))
    }

    /// Stores a photo whose every byte is already in its partial file: a
    /// request cut after its last byte arrived, or a crash between the last
    /// write and the store. Without this a device would hold a photo the
    /// server has all of and never be able to finish it.
    pub async fn complete_partial(
        &self,
        sha256: &Sha256Hex,
        total: u64,
    ) -> Result<PhotoUploadStatus, ServerError> {
        let (partial, digesting) = match self.hold(sha256, total).await? {
            Held::Complete(status) => return Ok(status),
            Held::At { partial, digesting } => (partial, digesting),
        };
        if digesting.hashed != total {
            return Err(ServerError::PhotoOffset {
                expected: digesting.hashed,
            });
        }
        self.finish_held(sha256, &partial, digesting, total).await
    }

    /// Takes a photo's upload lock and finds where its bytes stand: already
    /// stored, or held in its partial file with the digest caught up to
    /// every byte in it (`digesting.hashed` is then the partial's length).
    async fn hold(&self, sha256: &Sha256Hex, total: u64) -> Result<Held, ServerError> {
        if total == 0 || total > MAX_PHOTO_BYTES {
            return Err(ServerError::Invalid {
                field: "content-range",
                code: "photo.size",
                message: format!("a photo has 1 to {MAX_PHOTO_BYTES} bytes"),
            });
        }
        let lock = self
            .locks
            .lock()
            .await
            .entry(sha256.clone())
            .or_default()
            .clone();
        let mut digesting = lock.lock_owned().await;
        // Mid-upload the partial file answers where it stands: no store
        // request per chunk (a stored photo has no partial, except after a
        // crash between storing and removing it; the status request a
        // device makes first answers that one as complete).
        let partial = self.partial(sha256);
        let received = match std::fs::metadata(&partial) {
            Ok(meta) => meta.len(),
            Err(_) => {
                let status = self.status(sha256).await?;
                if status.complete {
                    return Ok(Held::Complete(status));
                }
                status.received
            }
        };
        if digesting.hashed != received {
            // Another instance, a restart or a failed write left the digest
            // behind the file: read the file again from its first byte.
            digesting.restart_from(&partial)?;
        }
        Ok(Held::At { partial, digesting })
    }

    /// Checks the whole photo's digest, stores it and lets its lock go.
    async fn finish_held(
        &self,
        sha256: &Sha256Hex,
        partial: &Path,
        mut digesting: OwnedMutexGuard<Digesting>,
        total: u64,
    ) -> Result<PhotoUploadStatus, ServerError> {
        let digest = digesting.take_digest();
        self.store(sha256, partial, digest).await?;
        drop(digesting);
        self.locks.lock().await.remove(sha256);
        Ok(PhotoUploadStatus {
            sha256: sha256.clone(),
            received: total,
            complete: true,
        })
    }

    /// Appends `chunk` at `start` of a photo of `total` bytes in one call.
    pub async fn put_chunk(
        &self,
        sha256: &Sha256Hex,
        start: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<PhotoUploadStatus, ServerError> {
        let end = (start + chunk.len() as u64).saturating_sub(1);
        match self.begin(sha256, start, end, total).await? {
            Begun::Complete(status) => Ok(status),
            Begun::Appending(mut append) => {
                append.write(chunk)?;
                append.finish().await
            }
        }
    }

    /// Verifies the whole photo and moves it into the store. The digest was
    /// computed as the bytes came; the file is synced before "complete" is
    /// answered, since that lets the device drop its original.
    async fn store(
        &self,
        sha256: &Sha256Hex,
        partial: &Path,
        digest: [u8; 32],
    ) -> Result<(), ServerError> {
        if Sha256Hex::from_digest(&digest) != *sha256 {
            // Bytes that are not what the record names never enter the
            // store; the device starts this photo again from 0.
            std::fs::remove_file(partial).map_err(internal)?;
            return Err(ServerError::Invalid {
                field: "body",
                code: "photo.hash_mismatch",
                message: "the bytes received do not have the photo's SHA-256".into(),
            });
        }
        match &self.local_root {
            Some(root) => {
                // On the filesystem the checked file itself becomes the
                // stored one: synced, renamed, and its directory synced so
                // the new name survives a power cut too.
                let stored = root.join(object_path(sha256).as_ref());
                let dir = stored.parent().ok_or_else(|| internal("no parent"))?;
                std::fs::create_dir_all(dir).map_err(internal)?;
                std::fs::File::open(partial)
                    .and_then(|f| f.sync_all())
                    .map_err(internal)?;
                std::fs::rename(partial, &stored).map_err(internal)?;
                std::fs::File::open(dir)
                    .and_then(|d| d.sync_all())
                    .map_err(internal)?;
            }
            None => {
                let bytes = std::fs::read(partial).map_err(internal)?;
                self.objects
                    .put(&object_path(sha256), PutPayload::from(bytes))
                    .await
                    .map_err(internal)?;
                std::fs::remove_file(partial).map_err(internal)?;
            }
        }
        Ok(())
    }

    /// The bytes of a stored photo.
    pub async fn get(&self, sha256: &Sha256Hex) -> Result<Option<Vec<u8>>, ServerError> {
        match self.objects.get(&object_path(sha256)).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(internal)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(internal(e)),
        }
    }
}

/// Where a photo stands once its upload lock is held.
enum Held {
    Complete(PhotoUploadStatus),
    At {
        partial: PathBuf,
        /// Caught up to every byte of the partial file.
        digesting: OwnedMutexGuard<Digesting>,
    },
}
