//! The field-evidence side of the replica: farming zones, the map, the
//! base map, and photos.

use std::path::Path;
use tidemark_domain::ids::EventId;
use tidemark_domain::photo::Sha256Hex;
use tidemark_domain::zone::Zone;

use super::{parse_id, Replica};
use crate::basemap::{self, BasemapInfo};
use crate::error::DeviceError;
use crate::photos::{self, StagedPhoto};
use crate::store::{PhotoStatus, PhotoUploadState};

impl Replica {
    /// Rafts, relocations and zones for the map screen.
    pub fn map_features(&self) -> Result<crate::map::MapFeatures, DeviceError> {
        crate::map::features(&self.store)
    }

    /// Checks an MBTiles file and installs it as this device's base map.
    pub fn load_basemap(&self, source: &Path) -> Result<BasemapInfo, DeviceError> {
        let dir = self.data_dir.as_deref().ok_or_else(|| {
            DeviceError::invalid(
                "basemap",
                tidemark_domain::ParseError::new(
                    "basemap.no_data_dir",
                    "Bộ nhớ tạm không giữ được bản đồ",
                    "An in-memory replica cannot keep a base map",
                ),
            )
        })?;
        basemap::install(source, dir)?;
        self.basemap_info()?
            .ok_or_else(|| DeviceError::Corrupt("base map vanished after install".into()))
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
        let prepared = photos::prepare(&dir, bytes, self.store.photo_max_px()?)?;
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
