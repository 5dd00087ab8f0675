//! The `tiles` URI scheme: the map screen asks `tiles://localhost/{z}/{x}/{y}`
//! (`http://tiles.localhost/…` on Windows and Android) and gets the tile
//! from the base map installed in the app-data directory, with no network.
//!
//! Tiles are read on the async runtime's blocking pool, on the base map's
//! own read-only connection, so a map full of tiles never waits on, or
//! holds up, a save.

use std::path::PathBuf;
use std::sync::Mutex;
use tauri::http::{header, Response, StatusCode};
use tidemark_device::basemap::{self, Basemap};

/// The open base map, if one is installed; reopened after a new one is
/// loaded.
#[derive(Debug, Default)]
pub struct TileSource {
    /// The replica's data directory, where the base map is installed (None
    /// for an in-memory replica: no base map).
    data_dir: Option<PathBuf>,
    map: Mutex<Option<Basemap>>,
}

/// `/{z}/{x}/{y}` with an optional extension on `y`.
fn parse_path(path: &str) -> Option<(u8, u32, u32)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let z = parts.next()?.parse().ok()?;
    let x = parts.next()?.parse().ok()?;
    let y = parts.next()?.split('.').next()?.parse().ok()?;
    parts.next().is_none().then_some((z, x, y))
}

fn empty(status: StatusCode) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = status;
    response
}

impl TileSource {
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Self {
            data_dir,
            map: Mutex::new(None),
        }
    }

    /// Forgets the open map, so that the next tile opens the new one.
    pub fn reset(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Basemap>> {
        // Reads only: a panic mid-read leaves nothing inconsistent.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The answer to one tile request. A missing tile is 404 (the map then
    /// shows its plain background there), never an error page.
    pub fn respond(&self, path: &str) -> Response<Vec<u8>> {
        let Some((z, x, y)) = parse_path(path) else {
            return empty(StatusCode::BAD_REQUEST);
        };
        let mut map = self.lock();
        if map.is_none() {
            *map = self
                .data_dir
                .as_deref()
                .and_then(|d| basemap::installed(d).ok().flatten());
        }
        let Some(open) = map.as_ref() else {
            return empty(StatusCode::NOT_FOUND);
        };
        match open.tile(z, x, y) {
            Ok(Some(bytes)) => {
                let mut response = Response::new(bytes);
                let headers = response.headers_mut();
                if let Ok(v) = open.mime_type().parse() {
                    headers.insert(header::CONTENT_TYPE, v);
                }
                if let Ok(v) = "max-age=86400".parse() {
                    headers.insert(header::CACHE_CONTROL, v);
                }
                response
            }
            Ok(None) => empty(StatusCode::NOT_FOUND),
            Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_path;

    #[test]
    fn tile_paths_parse_and_anything_else_does_not() {
        assert_eq!(parse_path("/12/3258/1790.png"), Some((12, 3258, 1790)));
        assert_eq!(parse_path("/0/0/0"), Some((0, 0, 0)));
        for bad in ["/", "/1/2", "/a/b/c", "/1/2/3/4", "/300/0/0", "/1/-2/3"] {
            assert_eq!(parse_path(bad), None, "{bad}");
        }
    }
}
