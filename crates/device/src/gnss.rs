//! Positions from an NMEA 0183 GNSS receiver on a serial or USB port, as
//! field laptops carry them: listen for a few seconds, keep every real fix
//! (see `tidemark_domain::values::NmeaReader`), and average them, since a
//! single fix from a rocking boat is worth little.

use serde::{Deserialize, Serialize};
use std::io::Read;
use std::time::{Duration, Instant};
use tidemark_domain::values::{average, AveragedFix, NmeaReader, RawFix};
use tidemark_domain::ParseError;
use ts_rs::TS;

use crate::error::DeviceError;

/// Baud rates NMEA receivers use; 4800 is the standard's, 9600 the usual.
pub const BAUD_RATES: [u32; 6] = [4_800, 9_600, 19_200, 38_400, 57_600, 115_200];
/// The longest a reading may listen.
pub const MAX_LISTEN_S: u32 = 120;

/// A serial port a receiver may be on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SerialPortEntry {
    /// What to open: `/dev/ttyUSB0`, `COM3`.
    pub path: String,
    /// USB ports name their product where the system knows it.
    pub description: String,
}

/// What listening to a receiver gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GnssReading {
    /// The fixes, averaged; None when there was no usable fix.
    pub averaged: Option<AveragedFix>,
    /// Usable fixes inside Vietnam's waters.
    pub fixes: u32,
    /// Seconds the receiver reported without a fix (no satellites yet).
    pub epochs_without_fix: u32,
    /// Fixes outside Vietnam's waters (a receiver still on an old almanac,
    /// or a test signal): not used.
    pub outside_vietnam: u32,
    /// Lines that were not NMEA or failed their checksum.
    pub bad_lines: u32,
}

fn refused(code: &'static str, vi: String, en: String) -> DeviceError {
    DeviceError::invalid("gnss_port", ParseError::new(code, vi, en))
}

/// Serial ports on this machine (USB receivers first).
pub fn serial_ports() -> Vec<SerialPortEntry> {
    let mut ports: Vec<SerialPortEntry> = serialport::available_ports()
        .unwrap_or_default()
        .into_iter()
        .map(|p| SerialPortEntry {
            description: match &p.port_type {
                serialport::SerialPortType::UsbPort(usb) => usb
                    .product
                    .clone()
                    .unwrap_or_else(|| format!("USB {:04x}:{:04x}", usb.vid, usb.pid)),
                serialport::SerialPortType::BluetoothPort => "Bluetooth".into(),
                _ => String::new(),
            },
            path: p.port_name,
        })
        .collect();
    ports.sort_by_key(|p| (p.description.is_empty(), p.path.clone()));
    ports
}

/// Listens to the receiver on `path` for `seconds` and averages its fixes.
pub fn read_port(path: &str, baud: u32, seconds: u32) -> Result<GnssReading, DeviceError> {
    if !BAUD_RATES.contains(&baud) {
        return Err(refused(
            "gnss.baud",
            format!("Tốc độ {baud} baud không dùng cho máy thu NMEA"),
            format!("{baud} baud is not an NMEA receiver's rate"),
        ));
    }
    if !(1..=MAX_LISTEN_S).contains(&seconds) {
        return Err(refused(
            "gnss.duration",
            format!("Thời gian đo phải từ 1 đến {MAX_LISTEN_S} giây"),
            format!("Listen for 1 to {MAX_LISTEN_S} seconds"),
        ));
    }
    let port = serialport::new(path, baud)
        .timeout(Duration::from_millis(200))
        .open()
        .map_err(|e| {
            refused(
                "gnss.open",
                format!("Không mở được cổng {path}: {e}"),
                format!("Cannot open port {path}: {e}"),
            )
        })?;
    Ok(read_stream(
        port,
        Instant::now() + Duration::from_secs(u64::from(seconds)),
    ))
}

/// Reads NMEA from `source` until `deadline` or the end of the stream. Read
/// timeouts (a quiet receiver) are waited out; any other read error ends
/// the reading with what was gathered.
pub fn read_stream(mut source: impl Read, deadline: Instant) -> GnssReading {
    let mut reader = NmeaReader::new();
    let mut raw_fixes: Vec<RawFix> = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut buffer = [0u8; 1024];
    while Instant::now() < deadline {
        match source.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => pending.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => continue,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
        while let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            // A receiver speaks ASCII; anything else is noise on the line.
            let text = String::from_utf8_lossy(&line);
            raw_fixes.extend(reader.feed(text.trim_end()));
        }
        // A line never ends on a port sending garbage: do not grow forever.
        if pending.len() > 4_096 {
            pending.clear();
        }
    }
    raw_fixes.extend(reader.finish());
    let stats = reader.into_stats();
    let mut positions = Vec::with_capacity(raw_fixes.len());
    let mut outside_vietnam = 0u32;
    for fix in &raw_fixes {
        match fix.to_position() {
            Ok(p) => positions.push(p),
            Err(_) => outside_vietnam += 1,
        }
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    GnssReading {
        averaged: average(&positions).ok(),
        fixes: count(positions.len()),
        epochs_without_fix: count(stats.epochs_without_fix),
        outside_vietnam,
        bad_lines: count(stats.skipped),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;
    use tidemark_domain::values::{frame_sentence, PositionSource};

    /// One second of a receiver at lat 20°55.8' N, lon 106°51.0' E (near
    /// Hà An), as GGA then RMC with real checksums.
    fn second(hhmmss: &str, lat_min: &str, hdop: &str) -> String {
        let gga = frame_sentence(&format!(
            "GPGGA,{hhmmss}.00,2055.{lat_min},N,10651.0000,E,1,08,{hdop},3.0,M,-20.0,M,,"
        ));
        let rmc = frame_sentence(&format!(
            "GPRMC,{hhmmss}.00,A,2055.{lat_min},N,10651.0000,E,0.1,0.0,271126,,,A"
        ));
        format!("{gga}\r\n{rmc}\r\n")
    }

    #[test]
    fn a_stream_of_fixes_is_averaged_and_noise_is_counted() {
        let mut log = String::from("garbage from the line\r\n$GPGGA,bad*00\r\n");
        log += &frame_sentence("GPGGA,030000.00,,,,,0,00,,,M,,M,,");
        log += "\r\n";
        log += &second("030001", "7990", "1.0");
        log += &second("030002", "8010", "1.0");
        log += &second("030003", "8000", "1.0");
        let reading = read_stream(log.as_bytes(), Instant::now() + Duration::from_secs(5));
        assert_eq!(reading.fixes, 3);
        assert_eq!(reading.bad_lines, 2);
        assert_eq!(reading.epochs_without_fix, 1);
        let p = reading.averaged.unwrap().position;
        assert_eq!(p.source, PositionSource::Nmea);
        assert!((p.lat - (20.0 + 55.8 / 60.0)).abs() < 1e-6, "{}", p.lat);
        assert!((p.lon - (106.0 + 51.0 / 60.0)).abs() < 1e-9);
    }

    #[test]
    fn a_real_serial_port_is_read_until_the_deadline() {
        // A pseudo-terminal pair: the test plays the receiver on one end,
        // read_port opens the other by its path, as it would /dev/ttyUSB0.
        let (mut receiver, device_end) = serialport::TTYPort::pair().unwrap();
        let path = serialport::SerialPort::name(&device_end).unwrap();
        let writer = std::thread::spawn(move || {
            for (i, minutes) in ["7990", "8010", "8000", "8000"].iter().enumerate() {
                let hhmmss = format!("03000{i}");
                receiver
                    .write_all(second(&hhmmss, minutes, "0.9").as_bytes())
                    .unwrap();
                std::thread::sleep(Duration::from_millis(150));
            }
            receiver
        });
        let reading = read_port(&path, 9_600, 2).unwrap();
        drop(writer.join().unwrap());
        // The last second may still be open when the deadline falls; the
        // reader closes it at the end, so all four count.
        assert_eq!(reading.fixes, 4, "{reading:?}");
        // Four fixes of 0.9 HDOP × 5 m: the average is better than one fix,
        // but claims no better than half of it.
        let accuracy = reading.averaged.unwrap().position.accuracy_m;
        assert!((2.25..4.5).contains(&accuracy), "{accuracy}");
        drop(device_end);
    }

    #[test]
    fn bad_settings_and_missing_ports_are_refused_with_a_reason() {
        let code = |e: DeviceError| match e {
            DeviceError::Validation(v) => v.0[0].code.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(read_port("/dev/null", 1_234, 5).unwrap_err()),
            "gnss.baud"
        );
        assert_eq!(
            code(read_port("/dev/null", 4_800, 0).unwrap_err()),
            "gnss.duration"
        );
        assert_eq!(
            code(read_port("/dev/ttyNOPE9", 4_800, 1).unwrap_err()),
            "gnss.open"
        );
    }
}
