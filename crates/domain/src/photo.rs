//! Photos as evidence: what a record says about a photo it carries. The
//! bytes travel apart (content-addressed, resumable); a record names each
//! photo by the SHA-256 of the bytes the server will hold, so the server
//! knows which photos it still awaits, and a photo it already has costs
//! nothing to "upload" again.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

use crate::error::ParseError;

/// A SHA-256 digest as 64 lower-case hex digits: the only form photo
/// addresses take, so that a path or a query built from one is safe.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct Sha256Hex(String);

impl Sha256Hex {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digest of `bytes`' hex form, from a 32-byte digest.
    pub fn from_digest(digest: &[u8; 32]) -> Self {
        let mut hex = String::with_capacity(64);
        for b in digest {
            hex.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
            hex.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
        }
        Self(hex)
    }
}

impl FromStr for Sha256Hex {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let s = s.trim();
        if s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(Self(s.to_owned()))
        } else {
            Err(ParseError::new(
                "photo.sha256",
                "Mã ảnh phải là 64 chữ số hex thường (SHA-256)",
                "A photo address must be 64 lower-case hex digits (SHA-256)",
            ))
        }
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl From<Sha256Hex> for String {
    fn from(h: Sha256Hex) -> String {
        h.0
    }
}

impl fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a photo shows the raft before or after the work it documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PhotoMoment {
    Before,
    After,
}

/// Where the camera said it was (EXIF GPS), as recorded: not checked
/// against Vietnam's waters, since a camera's GPS can be stale or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhotoGps {
    pub lat: f64,
    pub lon: f64,
}

/// A photo as the event it documents names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhotoRef {
    /// Of the bytes uploaded (the downscaled copy when the original was
    /// larger than the device's maximum).
    pub sha256: Sha256Hex,
    pub moment: PhotoMoment,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub width: u32,
    pub height: u32,
    /// EXIF DateTimeOriginal as the camera wrote it ("2026:11:20 09:15:02",
    /// local time without a zone).
    pub taken_at: Option<String>,
    pub gps: Option<PhotoGps>,
}

/// Where one photo's upload stands on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoUploadStatus {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sha256: Sha256Hex,
    /// Bytes held: the offset the next bytes must start at.
    pub received: u64,
    /// The whole photo is in the store, its digest checked and its bytes
    /// synced to disk: the device may drop its original.
    pub complete: bool,
}

/// The photos a device is about to upload, asked about in one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoStatusRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub photos: Vec<Sha256Hex>,
}

/// At most this many photos per status request.
pub const MAX_STATUS_BATCH: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lower_case_sha256_hex_is_an_address() {
        let good = "a".repeat(64);
        assert_eq!(good.parse::<Sha256Hex>().unwrap().as_str(), good);
        for bad in [
            "A".repeat(64),
            "a".repeat(63),
            "g".repeat(64),
            "../etc/passwd".into(),
        ] {
            assert_eq!(bad.parse::<Sha256Hex>().unwrap_err().code, "photo.sha256");
        }
        assert!(serde_json::from_str::<Sha256Hex>("\"xyz\"").is_err());
        let digest = [0xab; 32];
        assert_eq!(Sha256Hex::from_digest(&digest).as_str(), "ab".repeat(32));
    }
}
