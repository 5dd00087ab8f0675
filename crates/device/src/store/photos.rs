//! The photo table: staged photos, the record each belongs to, and how far
//! its upload got. A photo leaves the upload queue only when the server
//! says it holds the whole photo with the right digest.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use tidemark_domain::ids::{EventId, RaftId};
use tidemark_domain::photo::{PhotoGps, PhotoMoment, PhotoRef, Sha256Hex};
use ts_rs::TS;

use super::{now_rfc3339, PhotoFiles, Store, WriteTx};
use crate::error::DeviceError;
use crate::photos::PreparedPhoto;

/// Where a photo's upload stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PhotoUploadState {
    /// Staged in a form, not yet in a saved record; or in a record of the
    /// demo dataset, which never leaves this device.
    Staged,
    /// In a saved record, waiting for the next sync.
    Waiting,
    /// Partly on the server; the next sync goes on from there.
    Uploading,
    OnServer,
}

impl PhotoUploadState {
    fn parse(s: &str) -> Self {
        match s {
            "waiting" => Self::Waiting,
            "uploading" => Self::Uploading,
            "on_server" => Self::OnServer,
            _ => Self::Staged,
        }
    }
}

/// A photo waiting for upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPhoto {
    pub sha256: Sha256Hex,
    pub mime_type: String,
    pub size_bytes: u64,
}

/// A photo of a record, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhotoStatus {
    pub sha256: Sha256Hex,
    /// None for a photo another device took (its bytes are on the server).
    pub state: Option<PhotoUploadState>,
    #[ts(type = "number")]
    pub uploaded_bytes: u64,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Why the last attempt to upload it failed (`photo.file_missing`,
    /// `photo.hash_mismatch`, …); None when it did not. The next sync
    /// tries again.
    pub upload_problem: Option<String>,
}

fn sha(text: String) -> Result<Sha256Hex, DeviceError> {
    text.parse()
        .map_err(|_| DeviceError::Corrupt(format!("photo address {text:?}")))
}

impl Store {
    /// The long side photos are downscaled to before upload.
    pub fn photo_max_px(&self) -> Result<u32, DeviceError> {
        Ok(self.conn().query_row(
            "SELECT photo_max_px FROM device WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// Sets it (from 320 px, a thumbnail, to 8192 px).
    pub fn set_photo_max_px(&self, px: u32) -> Result<(), DeviceError> {
        if !(320..=8_192).contains(&px) {
            return Err(DeviceError::invalid(
                "photo_max_px",
                tidemark_domain::ParseError::new(
                    "photo.max_px",
                    "Kích thước tối đa phải từ 320 đến 8192 điểm ảnh",
                    "The maximum must be 320 to 8,192 pixels",
                ),
            ));
        }
        self.conn().execute(
            "UPDATE device SET photo_max_px = ?1 WHERE singleton = 1",
            [px],
        )?;
        Ok(())
    }

    /// Records a staged photo (again: staging the same bytes twice is one
    /// photo). Returns the photo's state, which is `OnServer` when these
    /// bytes were uploaded before.
    pub fn stage_photo(&self, photo: &PreparedPhoto) -> Result<PhotoUploadState, DeviceError> {
        let s = &photo.staged;
        self.conn().execute(
            "INSERT INTO photos (sha256, original_sha256, original_file, mime_type, size_bytes, width, height,
                                 taken_at, gps_lat, gps_lon, staged_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(sha256) DO NOTHING",
            params![
                s.sha256.as_str(),
                photo.original_sha256.as_str(),
                // '' when the upload copy is the original (the column was
                // released NOT NULL).
                photo
                    .original_file
                    .as_deref()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                s.mime_type,
                i64::try_from(s.size_bytes).unwrap_or(i64::MAX),
                s.width,
                s.height,
                s.taken_at,
                s.gps.map(|g| g.lat),
                s.gps.map(|g| g.lon),
                now_rfc3339(),
            ],
        )?;
        let state: String = self.conn().query_row(
            "SELECT state FROM photos WHERE sha256 = ?1",
            [s.sha256.as_str()],
            |r| r.get(0),
        )?;
        Ok(PhotoUploadState::parse(&state))
    }

    /// What staging recorded of a photo this device holds (for a form that
    /// puts a draft's photos back), without its thumbnail; None when the
    /// device never held it.
    pub fn staged_photo(
        &self,
        sha256: &Sha256Hex,
    ) -> Result<Option<crate::photos::StagedPhoto>, DeviceError> {
        self.conn()
            .query_row(
                "SELECT mime_type, size_bytes, width, height, taken_at, gps_lat, gps_lon, original_file
                 FROM photos WHERE sha256 = ?1",
                [sha256.as_str()],
                |r| {
                    let original: String = r.get(7)?;
                    let gps = match (r.get::<_, Option<f64>>(5)?, r.get::<_, Option<f64>>(6)?) {
                        (Some(lat), Some(lon)) => Some(PhotoGps { lat, lon }),
                        _ => None,
                    };
                    Ok(crate::photos::StagedPhoto {
                        sha256: sha256.clone(),
                        mime_type: r.get(0)?,
                        size_bytes: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                        width: r.get(2)?,
                        height: r.get(3)?,
                        // The original's size while it is kept.
                        original_bytes: (!original.is_empty())
                            .then(|| std::fs::metadata(&original).ok().map(|m| m.len()))
                            .flatten(),
                        taken_at: r.get(4)?,
                        gps,
                        thumbnail: String::new(),
                    })
                },
            )
            .optional()
            .map_err(DeviceError::from)
    }

    /// Forgets photos staged in a form before `cutoff` (RFC 3339) that no
    /// record and no draft names: a form left without saving. Returns their
    /// files to remove; an original another photo still uses is not listed.
    pub fn forget_abandoned_photos(
        &mut self,
        cutoff: &str,
    ) -> Result<Vec<PhotoFiles>, DeviceError> {
        let tx = self.conn.transaction()?;
        let abandoned = "SELECT sha256 FROM photos
             WHERE event_id IS NULL AND state = 'staged' AND staged_at < ?1
               AND sha256 NOT IN (
                 SELECT json_extract(p.value, '$.sha256')
                 FROM drafts, json_each(drafts.body, '$.photos') AS p
                 WHERE json_valid(drafts.body))";
        let mut photos = {
            let mut stmt = tx.prepare(&format!(
                "SELECT sha256, mime_type, original_file FROM photos WHERE sha256 IN ({abandoned})"
            ))?;
            let rows = stmt
                .query_map([cutoff], PhotoFiles::from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        tx.execute(
            &format!("DELETE FROM photos WHERE sha256 IN ({abandoned})"),
            [cutoff],
        )?;
        for photo in &mut photos {
            let shared: bool = match &photo.original_file {
                Some(original) => tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM photos WHERE original_file = ?1)",
                    [original],
                    |r| r.get(0),
                )?,
                None => false,
            };
            if shared {
                photo.original_file = None;
            }
        }
        tx.commit()?;
        Ok(photos)
    }

    /// Photos whose bytes still have to reach the server, oldest first.
    pub fn photos_to_upload(&self) -> Result<Vec<PendingPhoto>, DeviceError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT sha256, mime_type, size_bytes FROM photos
             WHERE state IN ('waiting', 'uploading') ORDER BY staged_at, sha256",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(s, mime_type, size)| {
                Ok(PendingPhoto {
                    sha256: sha(s)?,
                    mime_type,
                    size_bytes: u64::try_from(size).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Notes how many bytes the server confirmed.
    pub fn photo_progress(&self, sha256: &Sha256Hex, uploaded: u64) -> Result<(), DeviceError> {
        self.conn().execute(
            "UPDATE photos SET uploaded_bytes = ?2, state = 'uploading', upload_problem = NULL
             WHERE sha256 = ?1 AND state != 'on_server'",
            params![sha256.as_str(), i64::try_from(uploaded).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Notes why an attempt to upload a photo failed; it stays in the
    /// queue.
    pub fn photo_upload_failed(&self, sha256: &Sha256Hex, code: &str) -> Result<(), DeviceError> {
        self.conn().execute(
            "UPDATE photos SET upload_problem = ?2 WHERE sha256 = ?1 AND state != 'on_server'",
            params![sha256.as_str(), code],
        )?;
        Ok(())
    }

    /// The server holds these photos: they leave the queue, in one
    /// transaction. Returns the originals to delete (the upload copies stay
    /// for showing).
    pub fn photos_on_server(&mut self, done: &[Sha256Hex]) -> Result<Vec<String>, DeviceError> {
        if done.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.conn.transaction()?;
        let mut originals = Vec::with_capacity(done.len());
        for sha256 in done {
            let file: Option<String> = tx
                .query_row(
                    "UPDATE photos SET state = 'on_server', uploaded_bytes = size_bytes, upload_problem = NULL
                     WHERE sha256 = ?1 RETURNING original_file",
                    [sha256.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            originals.extend(file.filter(|f| !f.is_empty()));
        }
        tx.commit()?;
        Ok(originals)
    }

    /// The upload state of each photo a record names.
    pub fn photo_statuses(&self, refs: &[PhotoRef]) -> Result<Vec<PhotoStatus>, DeviceError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT state, uploaded_bytes, upload_problem FROM photos WHERE sha256 = ?1",
        )?;
        refs.iter()
            .map(|r| {
                let row: Option<(String, i64, Option<String>)> = stmt
                    .query_row([r.sha256.as_str()], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })
                    .optional()?;
                Ok(PhotoStatus {
                    sha256: r.sha256.clone(),
                    state: row.as_ref().map(|(s, _, _)| PhotoUploadState::parse(s)),
                    uploaded_bytes: row
                        .as_ref()
                        .map_or(0, |(_, b, _)| u64::try_from(*b).unwrap_or(0)),
                    size_bytes: r.size_bytes,
                    upload_problem: row.and_then(|(_, _, p)| p),
                })
            })
            .collect()
    }
}

/// mime type, size, width, height, taken_at, GPS latitude and longitude.
type StagedRow = (
    String,
    i64,
    u32,
    u32,
    Option<String>,
    Option<f64>,
    Option<f64>,
);

impl WriteTx<'_> {
    /// Attaches staged photos to an event of `raft_id` being saved in this
    /// transaction: they join the upload queue with it, unless the raft is
    /// demo (its photos stay on this device, as it does). An address that
    /// was never staged here is refused.
    pub fn attach_photos(
        &mut self,
        raft_id: RaftId,
        event_id: EventId,
        photos: &[(Sha256Hex, PhotoMoment)],
    ) -> Result<Vec<PhotoRef>, DeviceError> {
        let queued = if self.is_demo_raft(raft_id)? {
            "staged"
        } else {
            "waiting"
        };
        let mut refs = Vec::with_capacity(photos.len());
        for (sha256, moment) in photos {
            let row: Option<StagedRow> = self
                .tx
                .query_row(
                    "SELECT mime_type, size_bytes, width, height, taken_at, gps_lat, gps_lon FROM photos WHERE sha256 = ?1",
                    [sha256.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
                )
                .optional()?;
            let Some((mime_type, size, width, height, taken_at, lat, lon)) = row else {
                return Err(DeviceError::invalid(
                    "photos",
                    tidemark_domain::ParseError::new(
                        "photo.not_staged",
                        "Ảnh không có trên máy này: hãy chọn lại ảnh",
                        "The photo is not on this device: attach it again",
                    ),
                ));
            };
            self.tx.execute(
                "UPDATE photos SET event_id = ?2, state = CASE WHEN state = 'staged' THEN ?3 ELSE state END
                 WHERE sha256 = ?1",
                params![sha256.as_str(), event_id.to_string(), queued],
            )?;
            refs.push(PhotoRef {
                sha256: sha256.clone(),
                moment: *moment,
                mime_type,
                size_bytes: u64::try_from(size).unwrap_or(0),
                width,
                height,
                taken_at,
                gps: lat.zip(lon).map(|(lat, lon)| PhotoGps { lat, lon }),
            });
        }
        Ok(refs)
    }
}
