//! Images for the tests: a small but real MBTiles base map for the map
//! tests (raster PNG tiles of water, with a grid every 32 px so that tiles
//! are visibly drawn, over Quảng Yên, in the spec's schema with TMS rows),
//! and photos of seeded noise for the upload tests.

use rusqlite::{params, Connection};
use std::path::Path;

/// The XYZ tile holding (lat, lon) at zoom `z`.
pub fn tile_of(lat: f64, lon: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor();
    let lat_r = lat.to_radians();
    let y =
        ((1.0 - (lat_r.tan() + 1.0 / lat_r.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor();
    (x as u32, y as u32)
}

fn tile_png(tint: u8) -> Vec<u8> {
    const SIZE: u32 = 256;
    let mut pixels = Vec::with_capacity((SIZE * SIZE * 3) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let grid = x % 32 == 0 || y % 32 == 0;
            let edge = x == 0 || y == 0;
            let (r, g, b) = if edge {
                (90, 130, 160)
            } else if grid {
                (150, 190, 215)
            } else {
                (200, 225 - tint, 240)
            };
            pixels.extend_from_slice(&[r, g, b]);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, SIZE, SIZE);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .unwrap_or_else(|e| panic!("png header: {e}"));
        writer
            .write_image_data(&pixels)
            .unwrap_or_else(|e| panic!("png data: {e}"));
    }
    out
}

/// Writes an MBTiles file covering lat 20.80–21.05, lon 106.70–107.00 at
/// zooms 10 to 14; returns how many tiles it holds.
pub fn write_quang_yen(path: &Path) -> u64 {
    let conn = Connection::open(path).unwrap_or_else(|e| panic!("mbtiles: {e}"));
    conn.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
         CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
         INSERT INTO metadata VALUES ('name', 'Quảng Yên (thử nghiệm)'), ('format', 'png'),
           ('bounds', '106.70,20.80,107.00,21.05'), ('minzoom', '10'), ('maxzoom', '14'),
           ('attribution', 'Tidemark test tiles');",
    )
    .unwrap_or_else(|e| panic!("mbtiles schema: {e}"));
    let tiles = [tile_png(0), tile_png(20)];
    let mut count = 0;
    for z in 10u8..=14 {
        let (x0, y0) = tile_of(21.05, 106.70, z);
        let (x1, y1) = tile_of(20.80, 107.00, z);
        for x in x0..=x1 {
            for y in y0..=y1 {
                let tms_row = (1u32 << z) - 1 - y;
                conn.execute(
                    "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
                    params![z, x, tms_row, tiles[((x + y) % 2) as usize]],
                )
                .unwrap_or_else(|e| panic!("mbtiles tile: {e}"));
                count += 1;
            }
        }
    }
    count
}

/// A PNG of seeded noise: incompressible, so an upload of it takes several
/// chunks (side 600: about 1 MB).
pub fn noise_png(side: u32, dice: &mut crate::dice::Dice) -> Vec<u8> {
    let pixels: Vec<u8> = (0..side * side * 3)
        .map(|_| u8::try_from(dice.roll(256)).unwrap_or(0))
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&pixels))
        .unwrap_or_else(|e| panic!("png: {e}"));
    out
}
