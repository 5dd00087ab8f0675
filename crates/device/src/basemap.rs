//! Offline base maps: an MBTiles file (an SQLite database of raster map
//! tiles, <https://github.com/mapbox/mbtiles-spec>) that the user loads
//! once; the app then serves its tiles to the map screen with no network.
//!
//! A loaded file is copied into the data directory (so it survives the USB
//! stick it came on) under a temporary name and renamed into place only
//! once complete: a cut copy never replaces a working map.

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tidemark_domain::ParseError;
use ts_rs::TS;

use crate::error::DeviceError;

/// File name of the loaded base map inside a device data directory.
pub const BASEMAP_FILE: &str = "basemap.mbtiles";

/// What the map screen needs to know about the loaded base map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BasemapInfo {
    pub name: String,
    /// png, jpg or webp.
    pub format: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// [west, south, east, north] in degrees, when the file says.
    pub bounds: Option<[f64; 4]>,
    #[ts(type = "number")]
    pub tile_count: u64,
    pub attribution: Option<String>,
}

/// An open base map, read-only.
#[derive(Debug)]
pub struct Basemap {
    conn: Connection,
    info: BasemapInfo,
}

fn refused(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> DeviceError {
    DeviceError::invalid("basemap", ParseError::new(code, vi, en))
}

fn not_mbtiles() -> DeviceError {
    refused(
        "basemap.not_mbtiles",
        "Tệp không phải bản đồ MBTiles (cần bảng tiles và metadata)",
        "The file is not an MBTiles map (it needs the tiles and metadata tables)",
    )
}

impl Basemap {
    /// Opens and checks an MBTiles file: raster tiles, readable metadata.
    pub fn open(path: &Path) -> Result<Self, DeviceError> {
        if !path.is_file() {
            return Err(refused(
                "basemap.missing",
                format!("Không tìm thấy tệp {}", path.display()),
                format!("No file at {}", path.display()),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|_| not_mbtiles())?;
        let metadata = |key: &str| -> Result<Option<String>, DeviceError> {
            conn.query_row("SELECT value FROM metadata WHERE name = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map_err(|_| not_mbtiles())
        };
        let format = metadata("format")?.unwrap_or_else(|| "png".into());
        let format = format.trim().to_ascii_lowercase();
        let format = if format == "jpeg" {
            "jpg".to_owned()
        } else {
            format
        };
        if format == "pbf" || format == "mvt" {
            return Err(refused(
                "basemap.vector",
                "Bản đồ vector (pbf) chưa được hỗ trợ: hãy dùng MBTiles ảnh (png/jpg)",
                "Vector maps (pbf) are not supported yet: use a raster MBTiles (png/jpg)",
            ));
        }
        if !matches!(format.as_str(), "png" | "jpg" | "webp") {
            return Err(refused(
                "basemap.format",
                format!("Định dạng ô bản đồ «{format}» không được hỗ trợ"),
                format!("Tile format «{format}» is not supported"),
            ));
        }
        let (tile_count, min_zoom, max_zoom): (i64, Option<i64>, Option<i64>) = conn
            .query_row(
                "SELECT COUNT(*), MIN(zoom_level), MAX(zoom_level) FROM tiles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|_| not_mbtiles())?;
        if tile_count == 0 {
            return Err(refused(
                "basemap.empty",
                "Tệp bản đồ không có ô nào",
                "The map file holds no tiles",
            ));
        }
        let zoom = |z: Option<i64>| u8::try_from(z.unwrap_or(0).clamp(0, 24)).unwrap_or(0);
        let bounds = metadata("bounds")?.and_then(|b| {
            let v: Vec<f64> = b.split(',').filter_map(|n| n.trim().parse().ok()).collect();
            <[f64; 4]>::try_from(v).ok()
        });
        let info = BasemapInfo {
            name: metadata("name")?.unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
            format,
            min_zoom: zoom(min_zoom),
            max_zoom: zoom(max_zoom),
            bounds,
            tile_count: u64::try_from(tile_count).unwrap_or(0),
            attribution: metadata("attribution")?,
        };
        Ok(Self { conn, info })
    }

    pub fn info(&self) -> &BasemapInfo {
        &self.info
    }

    /// The tile at zoom `z`, column `x`, row `y` in the XYZ scheme the map
    /// asks in (MBTiles stores rows bottom-up, TMS); None where the file
    /// has no tile.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, DeviceError> {
        if z > 24 {
            return Ok(None);
        }
        let rows = 1u64 << z;
        if u64::from(x) >= rows || u64::from(y) >= rows {
            return Ok(None);
        }
        let tms_row = rows - 1 - u64::from(y);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            )?
            .query_row(
                rusqlite::params![z, x, i64::try_from(tms_row).unwrap_or(0)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The MIME type of this map's tiles.
    pub fn mime_type(&self) -> &'static str {
        match self.info.format.as_str() {
            "jpg" => "image/jpeg",
            "webp" => "image/webp",
            _ => "image/png",
        }
    }
}

/// Checks `source`, then copies it into `data_dir` as the base map,
/// replacing the previous one only once the copy is complete.
pub fn install(source: &Path, data_dir: &Path) -> Result<PathBuf, DeviceError> {
    Basemap::open(source)?;
    let target = data_dir.join(BASEMAP_FILE);
    // Its own name: an install runs outside the replica's lock, so two may
    // overlap; the last rename wins, whole.
    let partial = data_dir.join(format!(
        "{BASEMAP_FILE}.{}.partial",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::copy(source, &partial)?;
    std::fs::File::open(&partial)?.sync_all()?;
    // Checked again after the copy: a file cut short must not replace a
    // working map.
    if let Err(e) = Basemap::open(&partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &target)?;
    Ok(target)
}

/// Installs `source` (see `install`) and describes what is now installed.
pub fn install_described(source: &Path, data_dir: &Path) -> Result<BasemapInfo, DeviceError> {
    install(source, data_dir)?;
    installed(data_dir)?
        .map(|m| m.info().clone())
        .ok_or_else(|| DeviceError::Corrupt("base map vanished after install".into()))
}

/// The base map installed in `data_dir`, if any.
pub fn installed(data_dir: &Path) -> Result<Option<Basemap>, DeviceError> {
    let path = data_dir.join(BASEMAP_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    Basemap::open(&path).map(Some)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A real MBTiles file: the schema of the spec, two tiles at zoom 1.
    fn mbtiles(path: &Path, format: &str) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(
            "CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
             CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);",
        )
        .unwrap();
        for (k, v) in [
            ("name", "Quảng Yên"),
            ("format", format),
            ("bounds", "106.7,20.8,107.0,21.0"),
        ] {
            conn.execute("INSERT INTO metadata VALUES (?1, ?2)", [k, v])
                .unwrap();
        }
        // TMS row 1 at zoom 1 is the top row, XYZ y = 0.
        conn.execute("INSERT INTO tiles VALUES (1, 1, 1, x'89504E47')", [])
            .unwrap();
        conn.execute("INSERT INTO tiles VALUES (1, 1, 0, x'00')", [])
            .unwrap();
    }

    #[test]
    fn tiles_are_served_in_xyz_rows_from_tms_storage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qy.mbtiles");
        mbtiles(&path, "png");
        let map = Basemap::open(&path).unwrap();
        assert_eq!(map.info().name, "Quảng Yên");
        assert_eq!((map.info().min_zoom, map.info().max_zoom), (1, 1));
        assert_eq!(map.info().bounds, Some([106.7, 20.8, 107.0, 21.0]));
        assert_eq!(
            map.tile(1, 1, 0).unwrap(),
            Some(vec![0x89, 0x50, 0x4E, 0x47])
        );
        assert_eq!(map.tile(1, 1, 1).unwrap(), Some(vec![0]));
        assert_eq!(map.tile(1, 0, 0).unwrap(), None);
        assert_eq!(map.tile(1, 2, 0).unwrap(), None, "outside the zoom's grid");
        assert_eq!(map.tile(30, 0, 0).unwrap(), None);
        assert_eq!(map.mime_type(), "image/png");
    }

    #[test]
    fn vector_maps_and_other_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let code = |e: DeviceError| match e {
            DeviceError::Validation(v) => v.0[0].code.clone(),
            other => panic!("{other:?}"),
        };
        let vector = dir.path().join("v.mbtiles");
        mbtiles(&vector, "pbf");
        assert_eq!(code(Basemap::open(&vector).unwrap_err()), "basemap.vector");
        let text = dir.path().join("notes.mbtiles");
        std::fs::write(&text, "not a database at all, just some words").unwrap();
        assert_eq!(
            code(Basemap::open(&text).unwrap_err()),
            "basemap.not_mbtiles"
        );
        let other_db = dir.path().join("other.sqlite");
        Connection::open(&other_db)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert_eq!(
            code(Basemap::open(&other_db).unwrap_err()),
            "basemap.not_mbtiles"
        );
        assert_eq!(
            code(Basemap::open(&dir.path().join("absent.mbtiles")).unwrap_err()),
            "basemap.missing"
        );
    }

    #[test]
    fn installing_copies_into_the_data_directory_and_keeps_the_old_map_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        assert!(installed(&data).unwrap().is_none());
        let source = dir.path().join("qy.mbtiles");
        mbtiles(&source, "jpg");
        install(&source, &data).unwrap();
        std::fs::remove_file(&source).unwrap();
        let map = installed(&data).unwrap().unwrap();
        assert_eq!(map.mime_type(), "image/jpeg");

        let bad = dir.path().join("bad.mbtiles");
        std::fs::write(&bad, "garbage").unwrap();
        assert!(install(&bad, &data).is_err());
        assert_eq!(installed(&data).unwrap().unwrap().info().format, "jpg");
        assert!(!data.join(format!("{BASEMAP_FILE}.partial")).exists());
    }
}
