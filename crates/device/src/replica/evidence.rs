//! The field-evidence side of the replica: farming zones, the map, the
//! base map, and photos.

use std::path::{Path, PathBuf};
use tidemark_domain::ids::EventId;
use tidemark_domain::photo::Sha256Hex;
use tidemark_domain::zone::Zone;

use super::{parse_id, Replica};
use crate::basemap::{self, BasemapInfo};
use crate::error::DeviceError;
use crate::photos::{self, PreparedPhoto, StagedPhoto};
use crate::store::{PhotoFiles, PhotoStatus, PhotoUploadState};

/// How long a photo staged in a form and never saved is kept.
pub const ABANDONED_PHOTO_DAYS: i64 = 7;

/// Where a photo is staged and how large its upload copy may be.
#[derive(Debug, Clone)]
pub struct PhotoStaging {
    dir: PathBuf,
    max_px: u32,
}

impl PhotoStaging {
    /// Checks, hashes and files the photo's copies (photos::prepare).
    pub fn prepare(&self, bytes: &[u8]) -> Result<PreparedPhoto, DeviceError> {
        photos::prepare(&self.dir, bytes, self.max_px)
    }
}

impl Replica {
    /// Rafts, relocations and zones for the map screen.
    pub fn map_features(&self) -> Result<crate::map::MapFeatures, DeviceError> {
        crate::map::features(&self.store)
    }

    /// Checks an MBTiles file and installs it as this device's base map.
    pub fn load_basemap(&self, source: &Path) -> Result<BasemapInfo, DeviceError> {
        basemap::install_described(source, &self.basemap_dir()?)
    }

    /// Where the base map goes. Installing copies the whole file, so the
    /// app does it without holding the replica (`basemap::install_described`).
    pub fn basemap_dir(&self) -> Result<PathBuf, DeviceError> {
        self.data_dir.clone().ok_or_else(|| {
            DeviceError::invalid(
                "basemap",
                tidemark_domain::ParseError::new(
                    "basemap.no_data_dir",
                    "Bộ nhớ tạm không giữ được bản đồ",
                    "An in-memory replica cannot keep a base map",
                ),
            )
        })
    }

    /// The installed base map, if any.
    pub fn basemap_info(&self) -> Result<Option<BasemapInfo>, DeviceError> {
        match self.data_dir.as_deref() {
            Some(dir) => Ok(basemap::installed(dir)?.map(|m| m.info().clone())),
            None => Ok(None),
        }
    }

    /// The data directory (None for an in-memory replica).
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// Stages a photo from its bytes: filed by its SHA-256, EXIF read, an
    /// upload copy at most the device's maximum in pixels, a thumbnail.
    /// A form then attaches it by its address.
    pub fn stage_photo(&mut self, bytes: &[u8]) -> Result<StagedPhoto, DeviceError> {
        let prepared = self.photo_staging()?.prepare(bytes)?;
        self.record_staged_photo(prepared)
    }

    /// What staging needs from the replica. The slow part (decoding and
    /// downscaling a large photo takes seconds on a tablet) then runs
    /// without the replica, so that the app stays responsive meanwhile.
    pub fn photo_staging(&self) -> Result<PhotoStaging, DeviceError> {
        let dir = self.data_dir.clone().ok_or_else(|| {
            DeviceError::invalid(
                "photo",
                tidemark_domain::ParseError::new(
                    "photo.no_data_dir",
                    "Bộ nhớ tạm không giữ được ảnh",
                    "An in-memory replica cannot keep photos",
                ),
            )
        })?;
        Ok(PhotoStaging {
            dir,
            max_px: self.store.photo_max_px()?,
        })
    }

    /// Records a photo prepared by `PhotoStaging::prepare`.
    pub fn record_staged_photo(
        &mut self,
        prepared: PreparedPhoto,
    ) -> Result<StagedPhoto, DeviceError> {
        if self.store.stage_photo(&prepared)? == PhotoUploadState::OnServer {
            // Uploaded before: the server has it, so no original is kept.
            if let Some(original) = &prepared.original_file {
                let _ = std::fs::remove_file(original);
            }
        }
        Ok(prepared.staged)
    }

    /// A photo's thumbnail as a data: URL; None when this device never
    /// held the photo (another device took it).
    pub fn photo_thumbnail(&self, sha256: &str) -> Result<Option<String>, DeviceError> {
        let sha: Sha256Hex = parse_id("sha256", sha256)?;
        Ok(self
            .data_dir
            .as_deref()
            .and_then(|dir| photos::thumbnail(dir, &sha)))
    }

    /// A photo staged on this device, with its thumbnail, as staging first
    /// answered it: a form putting back a draft shows its photos again.
    /// None when this device does not hold it.
    pub fn staged_photo(&self, sha256: &str) -> Result<Option<StagedPhoto>, DeviceError> {
        let sha: Sha256Hex = parse_id("sha256", sha256)?;
        let Some(mut staged) = self.store.staged_photo(&sha)? else {
            return Ok(None);
        };
        staged.thumbnail = self
            .data_dir
            .as_deref()
            .and_then(|dir| photos::thumbnail(dir, &sha))
            .unwrap_or_default();
        Ok(Some(staged))
    }

    /// Forgets photos staged in a form more than `ABANDONED_PHOTO_DAYS`
    /// ago that no record and no draft names (the form was left without
    /// saving), with their files: an original is kept until upload, so each
    /// such photo would hold megabytes of a tablet's storage for good.
    /// Returns how many went.
    pub fn sweep_abandoned_photos(&mut self) -> Result<usize, DeviceError> {
        let cutoff = (chrono::Utc::now() - chrono::Duration::days(ABANDONED_PHOTO_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let photos = self.store.forget_abandoned_photos(&cutoff)?;
        self.remove_photo_files(&photos);
        Ok(photos.len())
    }

    /// Removes the files of photos whose rows are gone. Best effort: a file
    /// already gone is fine, and the records are what counts.
    pub(super) fn remove_photo_files(&self, photos: &[PhotoFiles]) {
        let Some(dir) = self.data_dir.as_deref() else {
            return;
        };
        for photo in photos {
            let Ok(sha) = photo.sha256.parse::<Sha256Hex>() else {
                continue;
            };
            let _ = std::fs::remove_file(photos::upload_file(dir, &sha, &photo.mime_type));
            let _ = std::fs::remove_file(
                photos::photo_dir(dir)
                    .join("thumbs")
                    .join(format!("{sha}.jpg")),
            );
            if let Some(original) = &photo.original_file {
                let _ = std::fs::remove_file(original);
            }
        }
    }

    /// The upload state of each photo of an event.
    pub fn photo_statuses(&self, event_id: &str) -> Result<Vec<PhotoStatus>, DeviceError> {
        let id: EventId = parse_id("event_id", event_id)?;
        let refs = self
            .store
            .event(id)?
            .map(|e| e.photos().to_vec())
            .unwrap_or_default();
        self.store.photo_statuses(&refs)
    }

    /// The farming zones on this device (synced from the server).
    pub fn zones(&self) -> Result<Vec<Zone>, DeviceError> {
        self.store.zones()
    }
}
