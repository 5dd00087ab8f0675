//! The photo vault: photo bytes, content-addressed by their SHA-256, in an
//! object store (`object_store`): the local filesystem by default, or any
//! S3-compatible store (`s3://bucket/prefix`, credentials from the usual
//! AWS_* environment variables).
//!
//! Uploads are resumable: a device asks how many bytes of a photo the
//! server holds and sends the rest in chunks, each appended only at exactly
//! that offset. When the last byte arrives the whole is hashed; only bytes
//! that match their address enter the store, and a photo already there
//! costs nothing to "upload" again.
//!
//! Partial uploads live on this instance's disk (`uploads/`), so several
//! instances behind a load balancer need sticky sessions for uploads.

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tidemark_domain::photo::Sha256Hex;
use tokio::sync::Mutex;

use crate::error::ServerError;

/// The largest photo accepted (an upload copy is usually under 2 MB).
pub const MAX_PHOTO_BYTES: u64 = 50 * 1024 * 1024;

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PhotoUploadStatus {
    pub sha256: String,
    /// Bytes held: the offset the next chunk must start at.
    pub received: u64,
    /// The whole photo is in the store, its digest checked.
    pub complete: bool,
}

pub struct PhotoVault {
    objects: Arc<dyn ObjectStore>,
    uploads: PathBuf,
    /// One lock per photo being uploaded: two devices sending the same
    /// photo at once append in turn.
    locks: Mutex<HashMap<String, Arc<Mutex<()>>>>,
    /// The root of a filesystem vault (None for an object store).
    local_root: Option<PathBuf>,
    describe: String,
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
        })
    }

    fn partial(&self, sha256: &Sha256Hex) -> PathBuf {
        self.uploads.join(format!("{sha256}.part"))
    }

    async fn lock(&self, sha256: &Sha256Hex) -> Arc<Mutex<()>> {
        self.locks
            .lock()
            .await
            .entry(sha256.to_string())
            .or_default()
            .clone()
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
                sha256: sha256.to_string(),
                received: size,
                complete: true,
            });
        }
        let received = std::fs::metadata(self.partial(sha256)).map_or(0, |m| m.len());
        Ok(PhotoUploadStatus {
            sha256: sha256.to_string(),
            received,
            complete: false,
        })
    }

    /// Appends `chunk` at `start` of a photo of `total` bytes. Returns the
    /// new status, complete once the digest of the whole matched.
    pub async fn put_chunk(
        &self,
        sha256: &Sha256Hex,
        start: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<PhotoUploadStatus, ServerError> {
        if total == 0 || total > MAX_PHOTO_BYTES {
            return Err(ServerError::Invalid {
                field: "content-range",
                code: "photo.size",
                message: format!("a photo has 1 to {MAX_PHOTO_BYTES} bytes"),
            });
        }
        let lock = self.lock(sha256).await;
        let _held = lock.lock().await;
        // Mid-upload the partial file answers where it stands: no store
        // request per chunk (a stored photo never has a partial, but for a
        // crash between storing and removing it, which the status request
        // a device makes first still answers as complete).
        let status = match std::fs::metadata(self.partial(sha256)) {
            Ok(partial) => PhotoUploadStatus {
                sha256: sha256.to_string(),
                received: partial.len(),
                complete: false,
            },
            Err(_) => self.status(sha256).await?,
        };
        if status.complete {
            return Ok(status);
        }
        if start != status.received {
            return Err(ServerError::PhotoOffset {
                expected: status.received,
            });
        }
        let end = start + chunk.len() as u64;
        if end > total {
            return Err(ServerError::Invalid {
                field: "content-range",
                code: "photo.size",
                message: "the chunk runs past the photo's size".into(),
            });
        }
        let partial = self.partial(sha256);
        {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&partial)
                .map_err(internal)?;
            // Not synced per chunk: a crash can only shorten or spoil the
            // partial file, and the digest check on the last byte catches
            // either (the device then starts that photo again).
            file.write_all(chunk).map_err(internal)?;
        }
        if end < total {
            return Ok(PhotoUploadStatus {
                sha256: sha256.to_string(),
                received: end,
                complete: false,
            });
        }
        let bytes = std::fs::read(&partial).map_err(internal)?;
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        if Sha256Hex::from_digest(&digest) != *sha256 {
            // Bytes that are not what the record names never enter the
            // store; the device starts this photo again from 0.
            std::fs::remove_file(&partial).map_err(internal)?;
            return Err(ServerError::Invalid {
                field: "body",
                code: "photo.hash_mismatch",
                message: "the bytes received do not have the photo's SHA-256".into(),
            });
        }
        self.objects
            .put(&object_path(sha256), PutPayload::from(bytes))
            .await
            .map_err(internal)?;
        if let Some(root) = &self.local_root {
            // "complete" lets the device drop its original: the stored copy
            // must survive a power cut first (object_store does not sync).
            let stored = root.join(object_path(sha256).as_ref());
            std::fs::File::open(&stored)
                .and_then(|f| f.sync_all())
                .map_err(internal)?;
        }
        std::fs::remove_file(&partial).map_err(internal)?;
        Ok(PhotoUploadStatus {
            sha256: sha256.to_string(),
            received: total,
            complete: true,
        })
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
