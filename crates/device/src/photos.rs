//! Photos on the device: staged from a file or the camera, stored by the
//! SHA-256 of their bytes, read for their EXIF time and GPS, downscaled to
//! the upload maximum, with a thumbnail to show.
//!
//! Files (under the data directory's `photos/`):
//! - `<sha256>.jpg|png`: the upload copy, named by its own digest. Kept.
//! - `originals/<sha256>.<ext>`: the original as received, named by its
//!   digest, when the upload copy was downscaled from it; removed once the
//!   server holds the upload copy (the original is the only full-size copy
//!   until then). A photo already within the maximum is its own upload
//!   copy, EXIF and all, and is not kept twice. A smaller copy is turned
//!   upright by its EXIF Orientation, since it carries no EXIF of its own.
//! - `thumbs/<sha256>.jpg`: a thumbnail of at most 320 px.
//!
//! Every file is written to a temporary name, synced and renamed, so a
//! crash never leaves a half photo under a real name.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use tidemark_domain::photo::{PhotoGps, Sha256Hex};
use tidemark_domain::ParseError;
use ts_rs::TS;

use crate::error::DeviceError;

/// Photos larger than this on their long side are downscaled for upload.
pub const DEFAULT_MAX_DIMENSION: u32 = 2_048;
/// The longest accepted original: a phone photo is 3–12 MB.
pub const MAX_PHOTO_BYTES: usize = 40 * 1024 * 1024;
const THUMB_DIMENSION: u32 = 320;
const JPEG_QUALITY: u8 = 85;

/// A photo staged on this device, as a form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StagedPhoto {
    pub sha256: Sha256Hex,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub width: u32,
    pub height: u32,
    /// The original's size, when the upload copy was downscaled from it.
    #[ts(type = "number | null")]
    pub original_bytes: Option<u64>,
    pub taken_at: Option<String>,
    pub gps: Option<PhotoGps>,
    /// A small JPEG as a data: URL.
    pub thumbnail: String,
}

/// What staging learned and wrote; the store records it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedPhoto {
    pub staged: StagedPhoto,
    pub original_sha256: Sha256Hex,
    /// The kept original; None when the upload copy is the original.
    pub original_file: Option<PathBuf>,
}

fn refused(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> DeviceError {
    DeviceError::invalid("photo", ParseError::new(code, vi, en))
}

pub fn sha256_of(bytes: &[u8]) -> Sha256Hex {
    let digest: [u8; 32] = Sha256::digest(bytes).into();
    Sha256Hex::from_digest(&digest)
}

/// The photo directory of a data directory.
pub fn photo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("photos")
}

/// The upload copy of a photo.
pub fn upload_file(data_dir: &Path, sha256: &Sha256Hex, mime_type: &str) -> PathBuf {
    let ext = if mime_type == "image/png" {
        "png"
    } else {
        "jpg"
    };
    photo_dir(data_dir).join(format!("{sha256}.{ext}"))
}

fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), DeviceError> {
    if path.is_file() {
        // Content-addressed: a file of this name already holds these bytes.
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Its own name: photos are staged outside the replica's lock, so the
    // same photo may be written twice at once (the same bytes either way).
    let partial = path.with_extension(format!("{}.partial", uuid::Uuid::now_v7().simple()));
    let mut file = std::fs::File::create(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&partial, path)?;
    // The new name must survive a power cut too: the original may be the
    // only full-size copy. (Windows cannot open a directory to sync it.)
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn rational(v: &exif::Value, i: usize) -> Option<f64> {
    match v {
        exif::Value::Rational(r) => r.get(i).map(exif::Rational::to_f64),
        _ => None,
    }
}

fn exif_of(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
}

/// EXIF DateTimeOriginal and GPS position, where the photo has them.
pub fn read_exif(bytes: &[u8]) -> (Option<String>, Option<PhotoGps>) {
    exif_of(bytes).map_or((None, None), |exif| time_and_place(&exif))
}

/// How the camera was held: the EXIF Orientation (1 to 8) as the image
/// crate applies it; upright when the photo says nothing or nonsense.
/// Tablets and phones store a portrait photo as landscape pixels with
/// Orientation 6 or 8; a copy re-encoded without EXIF must be turned.
fn orientation(exif: Option<&exif::Exif>) -> image::metadata::Orientation {
    exif.and_then(|e| e.get_field(exif::Tag::Orientation, exif::In::PRIMARY))
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .and_then(image::metadata::Orientation::from_exif)
        .unwrap_or(image::metadata::Orientation::NoTransforms)
}

fn time_and_place(exif: &exif::Exif) -> (Option<String>, Option<PhotoGps>) {
    let taken_at = exif
        .get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)
        .or_else(|| exif.get_field(exif::Tag::DateTime, exif::In::PRIMARY))
        .and_then(|f| match &f.value {
            exif::Value::Ascii(parts) => parts
                .first()
                .map(|p| String::from_utf8_lossy(p).trim().to_owned()),
            _ => None,
        })
        .filter(|s| !s.is_empty());
    let degrees = |tag, reference, negative: &[u8]| -> Option<f64> {
        let value = &exif.get_field(tag, exif::In::PRIMARY)?.value;
        let d = rational(value, 0)?
            + rational(value, 1).unwrap_or(0.0) / 60.0
            + rational(value, 2).unwrap_or(0.0) / 3_600.0;
        let sign = match &exif.get_field(reference, exif::In::PRIMARY)?.value {
            exif::Value::Ascii(parts) => {
                let r = parts.first()?.first().copied()?;
                if negative.contains(&r) {
                    -1.0
                } else {
                    1.0
                }
            }
            _ => 1.0,
        };
        d.is_finite().then_some(sign * d)
    };
    let lat = degrees(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b"Ss");
    let lon = degrees(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b"Ww");
    let gps = lat
        .zip(lon)
        .filter(|(lat, lon)| lat.abs() <= 90.0 && lon.abs() <= 180.0 && (*lat, *lon) != (0.0, 0.0))
        .map(|(lat, lon)| PhotoGps { lat, lon });
    (taken_at, gps)
}

fn encode_jpeg(image: &image::DynamicImage) -> Result<Vec<u8>, DeviceError> {
    let mut out = Vec::new();
    let rgb = image.to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| DeviceError::Io(std::io::Error::other(e.to_string())))?;
    Ok(out)
}

/// Checks, hashes and files a photo, and prepares its upload copy (at most
/// `max_dimension` px on its long side) and its thumbnail.
pub fn prepare(
    data_dir: &Path,
    bytes: &[u8],
    max_dimension: u32,
) -> Result<PreparedPhoto, DeviceError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(refused(
            "photo.too_large",
            format!("Ảnh quá lớn (tối đa {} MB)", MAX_PHOTO_BYTES / 1024 / 1024),
            format!(
                "The photo is too large (at most {} MB)",
                MAX_PHOTO_BYTES / 1024 / 1024
            ),
        ));
    }
    let (mime_type, ext, format) = match bytes {
        [0xFF, 0xD8, 0xFF, ..] => ("image/jpeg", "jpg", image::ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', ..] => ("image/png", "png", image::ImageFormat::Png),
        _ => {
            return Err(refused(
                "photo.format",
                "Chỉ nhận ảnh JPEG hoặc PNG",
                "Only JPEG or PNG photos are accepted",
            ))
        }
    };
    let mut decoded = image::load_from_memory_with_format(bytes, format).map_err(|_| {
        refused(
            "photo.unreadable",
            "Không đọc được ảnh (tệp hỏng?)",
            "The photo cannot be read (a damaged file?)",
        )
    })?;
    let exif = exif_of(bytes);
    let (taken_at, gps) = exif.as_ref().map_or((None, None), time_and_place);
    // Upright pixels from here on: the smaller copy and the thumbnail are
    // re-encoded without EXIF, and width and height are as people see it.
    decoded.apply_orientation(orientation(exif.as_ref()));
    let original_sha256 = sha256_of(bytes);
    let dir = photo_dir(data_dir);

    let long_side = decoded.width().max(decoded.height());
    let max_dimension = max_dimension.max(THUMB_DIMENSION);
    let downscaled = long_side > max_dimension;
    let original_file = if downscaled {
        // Written before the smaller copy: until the server holds that one,
        // this is the only full-size copy.
        let file = dir
            .join("originals")
            .join(format!("{original_sha256}.{ext}"));
        write_durably(&file, bytes)?;
        Some(file)
    } else {
        None
    };
    let (upload, upload_mime, width, height, original_bytes) = if downscaled {
        let smaller = decoded.resize(
            max_dimension,
            max_dimension,
            image::imageops::FilterType::Triangle,
        );
        let (w, h) = (smaller.width(), smaller.height());
        (
            encode_jpeg(&smaller)?,
            "image/jpeg",
            w,
            h,
            Some(bytes.len() as u64),
        )
    } else {
        (
            bytes.to_vec(),
            mime_type,
            decoded.width(),
            decoded.height(),
            None,
        )
    };
    let sha256 = sha256_of(&upload);
    write_durably(&upload_file(data_dir, &sha256, upload_mime), &upload)?;
    let thumb = encode_jpeg(&decoded.thumbnail(THUMB_DIMENSION, THUMB_DIMENSION))?;
    write_durably(&dir.join("thumbs").join(format!("{sha256}.jpg")), &thumb)?;
    Ok(PreparedPhoto {
        staged: StagedPhoto {
            thumbnail: thumbnail_url(&thumb),
            mime_type: upload_mime.to_owned(),
            size_bytes: upload.len() as u64,
            width,
            height,
            original_bytes,
            taken_at,
            gps,
            sha256,
        },
        original_sha256,
        original_file,
    })
}

pub fn thumbnail_url(jpeg: &[u8]) -> String {
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    )
}

/// A staged photo's thumbnail, as a data: URL; None if the file is gone.
pub fn thumbnail(data_dir: &Path, sha256: &Sha256Hex) -> Option<String> {
    std::fs::read(
        photo_dir(data_dir)
            .join("thumbs")
            .join(format!("{sha256}.jpg")),
    )
    .ok()
    .map(|b| thumbnail_url(&b))
}
