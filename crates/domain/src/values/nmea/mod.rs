//! NMEA 0183 from a GNSS receiver on a serial or USB port: one line into a
//! [`Sentence`], and a stream of lines into [`RawFix`]es.
//!
//! Two layers, kept apart on purpose. [`parse_sentence`] checks the framing
//! (`$`, a five-letter address or a proprietary `P...` one, the `*hh`
//! checksum, which GGA and RMC must carry) and reads GGA and RMC; an empty
//! field (no fix yet)
//! reads as `None`, never as an error, and any other sentence type comes back
//! as [`Sentence::Other`]. [`NmeaReader`] groups the GGA and RMC of one epoch
//! (the same UTC time) into a [`RawFix`] in plain WGS84 decimal degrees with
//! no Vietnam box applied; only [`RawFix::to_position`] makes a [`Position`],
//! and it may refuse.
//!
//! Invariants: a `RawFix` has latitude in -90..=90 and longitude in
//! -180..=180, and its epoch had a sentence reporting a fix (GGA quality 1 to
//! 5, or RMC status `A`) and none reporting no fix. A line that does not parse
//! never stops the reader: it is counted in [`ReadStats`] and skipped, since
//! a receiver log always starts with some garbage.

use chrono::{NaiveDate, NaiveTime};

use super::fix::Axis;
use super::geo::{Position, PositionSource};
use crate::error::ParseError;

/// User equivalent range error in metres: the accuracy of a fix is taken as
/// HDOP × UERE. 5 m is a usual one-sigma figure for a single-frequency
/// consumer receiver without corrections.
pub const NMEA_UERE_M: f64 = 5.0;

/// No fix claims better than this: multipath off the water and an antenna on
/// a rocking boat cost a few metres whatever the HDOP says.
pub const NMEA_ACCURACY_FLOOR_M: f64 = 3.0;

/// Accuracy assumed for a fix without HDOP (a receiver sending RMC only):
/// as conservative as a hand-typed position without a stated accuracy.
pub const NMEA_ACCURACY_WITHOUT_HDOP_M: f64 = 50.0;

/// How many skipped lines [`ReadStats::skipped_lines`] keeps as examples; the
/// count in [`ReadStats::skipped`] goes on past it.
pub const NMEA_MAX_SKIPPED_KEPT: usize = 50;

/// Who sent a sentence: the first two letters of its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Talker {
    /// `GP`: GPS alone.
    Gps,
    /// `GL`: GLONASS.
    Glonass,
    /// `GA`: Galileo.
    Galileo,
    /// `BD`, or `GB` as some firmware sends it: BeiDou.
    Beidou,
    /// `GN`: a solution combining several constellations.
    Multi,
    /// Any other two characters (`GQ` for QZSS, `II` for instruments ...).
    Other([char; 2]),
}

impl Talker {
    fn from_code(code: &str) -> Self {
        match code {
            "GP" => Self::Gps,
            "GL" => Self::Glonass,
            "GA" => Self::Galileo,
            "BD" | "GB" => Self::Beidou,
            "GN" => Self::Multi,
            _ => {
                let mut chars = code.chars();
                Self::Other([chars.next().unwrap_or('?'), chars.next().unwrap_or('?')])
            }
        }
    }
}

/// GGA: time, position and fix data.
#[derive(Debug, Clone, PartialEq)]
pub struct Gga {
    pub talker: Talker,
    /// UTC time of the fix.
    pub time: Option<NaiveTime>,
    /// Decimal degrees, south negative.
    pub lat: Option<f64>,
    /// Decimal degrees, west negative.
    pub lon: Option<f64>,
    /// 0 no fix, 1 GPS, 2 differential, 3 PPS, 4 RTK fixed, 5 RTK float,
    /// 6 dead reckoning, 7 manual input, 8 simulator.
    pub quality: Option<u8>,
    pub satellites: Option<u8>,
    pub hdop: Option<f64>,
    /// Above mean sea level, metres.
    pub altitude_m: Option<f64>,
}

/// RMC: the recommended minimum of time, position, speed and course.
#[derive(Debug, Clone, PartialEq)]
pub struct Rmc {
    pub talker: Talker,
    /// UTC time of the fix.
    pub time: Option<NaiveTime>,
    /// Status `A` (active); `V` (void) and an empty status are false.
    pub active: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub speed_knots: Option<f64>,
    /// True course over ground, degrees.
    pub course_deg: Option<f64>,
    /// UTC date; two-digit years 80..=99 are 19xx, the rest 20xx.
    pub date: Option<NaiveDate>,
    /// NMEA 2.3 mode indicator (`A` autonomous, `D` differential, `E`
    /// estimated, `N` not valid ...), when the receiver sends one.
    pub mode: Option<char>,
}

/// One parsed NMEA sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Sentence {
    Gga(Gga),
    Rmc(Rmc),
    /// Any other sentence, by type (`GSV`, `GSA` ...) or, for a proprietary
    /// one, by its whole address (`PSRFEPE`, `PMTK010` ...).
    Other(String),
}

/// XOR of every byte between `$` and `*`.
pub fn checksum(data: &str) -> u8 {
    data.bytes().fold(0, |sum, byte| sum ^ byte)
}

/// Frames a sentence body ("GPGGA,...") as `$body*hh`.
pub fn frame_sentence(body: &str) -> String {
    format!("${body}*{:02X}", checksum(body))
}

/// Parses one line (a trailing CR/LF and surrounding spaces are ignored).
pub fn parse_sentence(line: &str) -> Result<Sentence, ParseError> {
    let line = line.trim();
    if line.is_empty() {
        return Err(ParseError::new("nmea.empty", "Dòng trống", "Empty line"));
    }
    let Some(rest) = line.strip_prefix('$') else {
        return Err(ParseError::new(
            "nmea.start",
            "Câu NMEA phải bắt đầu bằng «$»",
            "An NMEA sentence starts with «$»",
        ));
    };
    let (data, checked) = match rest.rsplit_once('*') {
        Some((data, stated)) => {
            let computed = checksum(data);
            if parse_hex_byte(stated) != Some(computed) {
                return Err(ParseError::new(
                    "nmea.checksum",
                    format!("Sai mã kiểm tra: câu ghi «{stated}», tính ra {computed:02X}"),
                    format!(
                        "Checksum mismatch: the sentence says «{stated}», computed {computed:02X}"
                    ),
                ));
            }
            (data, true)
        }
        None => (rest, false),
    };
    if !data.bytes().all(|b| (0x20..=0x7e).contains(&b)) || data.contains(['$', '!', '*']) {
        return Err(ParseError::new(
            "nmea.format",
            "Câu NMEA có ký tự không hợp lệ",
            "The NMEA sentence has characters it may not contain",
        ));
    }
    let mut parts = data.split(',');
    let address = parts.next().unwrap_or("");
    let fields: Vec<&str> = parts.collect();
    let address_ok = address.len() >= 2
        && address
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !address_ok {
        return Err(address_error(address));
    }
    if address.starts_with('P') {
        return Ok(Sentence::Other(address.to_owned()));
    }
    let (Some(talker), Some(kind)) = (address.get(..2), address.get(2..)) else {
        return Err(address_error(address));
    };
    if kind.len() != 3 {
        return Err(address_error(address));
    }
    // A position is only taken from a sentence whose checksum held: on a
    // noisy serial line a lost or mangled `*` would otherwise let any
    // damage through. (The standard leaves checksums optional for some
    // other sentences, which are only counted.)
    if !checked && matches!(kind, "GGA" | "RMC") {
        return Err(ParseError::new(
            "nmea.no_checksum",
            format!("Câu {kind} không có mã kiểm tra «*hh»: không dùng làm vị trí"),
            format!("{kind} sentence without its «*hh» checksum: not used as a position"),
        ));
    }
    let talker = Talker::from_code(talker);
    match kind {
        "GGA" => parse_gga(talker, &fields).map(Sentence::Gga),
        "RMC" => parse_rmc(talker, &fields).map(Sentence::Rmc),
        other => Ok(Sentence::Other(other.to_owned())),
    }
}

fn parse_hex_byte(text: &str) -> Option<u8> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        u8::from_str_radix(text, 16).ok()
    } else {
        None
    }
}

fn address_error(address: &str) -> ParseError {
    ParseError::new(
        "nmea.address",
        format!("Không nhận ra địa chỉ câu NMEA «{address}»"),
        format!("Unrecognised NMEA address «{address}»"),
    )
}

fn require_fields(fields: &[&str], needed: usize, kind: &str) -> Result<(), ParseError> {
    let have = fields.len();
    if have < needed {
        return Err(ParseError::new(
            "nmea.fields",
            format!("Câu {kind} thiếu trường: có {have}, cần ít nhất {needed}"),
            format!("{kind} sentence is short of fields: {have}, needs at least {needed}"),
        ));
    }
    Ok(())
}

fn parse_gga(talker: Talker, fields: &[&str]) -> Result<Gga, ParseError> {
    // Up to HDOP; altitude and the rest may be cut off by older receivers.
    require_fields(fields, 8, "GGA")?;
    let field = |i: usize| fields.get(i).copied().unwrap_or("");
    Ok(Gga {
        talker,
        time: parse_time(field(0))?,
        lat: parse_ddmm(field(1), field(2), Axis::Latitude)?,
        lon: parse_ddmm(field(3), field(4), Axis::Longitude)?,
        quality: parse_u8(field(5))?,
        satellites: parse_u8(field(6))?,
        hdop: parse_f64(field(7))?,
        altitude_m: parse_f64(field(8))?,
    })
}

fn parse_rmc(talker: Talker, fields: &[&str]) -> Result<Rmc, ParseError> {
    require_fields(fields, 9, "RMC")?;
    let field = |i: usize| fields.get(i).copied().unwrap_or("");
    let active = match field(1) {
        "A" => true,
        "V" | "" => false,
        other => {
            return Err(ParseError::new(
                "nmea.status",
                format!("Trạng thái «{other}» không hợp lệ (A hoặc V)"),
                format!("Invalid status «{other}» (A or V)"),
            ))
        }
    };
    Ok(Rmc {
        talker,
        time: parse_time(field(0))?,
        active,
        lat: parse_ddmm(field(2), field(3), Axis::Latitude)?,
        lon: parse_ddmm(field(4), field(5), Axis::Longitude)?,
        speed_knots: parse_f64(field(6))?,
        course_deg: parse_f64(field(7))?,
        date: parse_date(field(8))?,
        mode: field(11).chars().next(),
    })
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

fn number_error(text: &str) -> ParseError {
    ParseError::new(
        "nmea.number",
        format!("Trường «{text}» không phải là số"),
        format!("Field «{text}» is not a number"),
    )
}

fn parse_f64(text: &str) -> Result<Option<f64>, ParseError> {
    if text.is_empty() {
        return Ok(None);
    }
    // Only plain decimals: Rust would also take "inf", "NaN" and "1e5".
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
        && text.bytes().any(|b| b.is_ascii_digit());
    match text.parse::<f64>() {
        Ok(value) if plain && value.is_finite() => Ok(Some(value)),
        _ => Err(number_error(text)),
    }
}

fn parse_u8(text: &str) -> Result<Option<u8>, ParseError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !all_digits(text) {
        return Err(number_error(text));
    }
    text.parse::<u8>().map(Some).map_err(|_| number_error(text))
}

/// `hhmmss` with any number of decimals of a second.
fn parse_time(text: &str) -> Result<Option<NaiveTime>, ParseError> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        ParseError::new(
            "nmea.time",
            format!("Giờ UTC «{text}» không hợp lệ"),
            format!("Invalid UTC time «{text}»"),
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.len() != 6 || !all_digits(whole) || !all_digits(fraction) {
        return Err(bad());
    }
    let two = |at: usize| {
        whole
            .get(at..at + 2)
            .and_then(|d| d.parse::<u32>().ok())
            .ok_or_else(bad)
    };
    let padded = format!("{fraction:0<9}");
    let nanos = padded
        .get(..9)
        .and_then(|d| d.parse::<u32>().ok())
        .ok_or_else(bad)?;
    NaiveTime::from_hms_nano_opt(two(0)?, two(2)?, two(4)?, nanos)
        .map(Some)
        .ok_or_else(bad)
}

/// `ddmmyy`.
fn parse_date(text: &str) -> Result<Option<NaiveDate>, ParseError> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        ParseError::new(
            "nmea.date",
            format!("Ngày «{text}» không hợp lệ"),
            format!("Invalid date «{text}»"),
        )
    };
    if text.len() != 6 || !all_digits(text) {
        return Err(bad());
    }
    let two = |at: usize| {
        text.get(at..at + 2)
            .and_then(|d| d.parse::<u32>().ok())
            .ok_or_else(bad)
    };
    let (day, month, yy) = (two(0)?, two(2)?, two(4)?);
    let year = if yy >= 80 { 1900 + yy } else { 2000 + yy };
    let year = i32::try_from(year).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, month, day)
        .map(Some)
        .ok_or_else(bad)
}

/// `ddmm.mmmm` (latitude) or `dddmm.mmmm` (longitude) with its hemisphere
/// letter, to signed decimal degrees. Both empty: no position yet.
pub fn parse_ddmm(value: &str, hemisphere: &str, axis: Axis) -> Result<Option<f64>, ParseError> {
    if value.is_empty() && hemisphere.is_empty() {
        return Ok(None);
    }
    let bad = || {
        ParseError::new(
            "nmea.coordinate",
            format!("Tọa độ NMEA «{value},{hemisphere}» không hợp lệ"),
            format!("Invalid NMEA coordinate «{value},{hemisphere}»"),
        )
    };
    let sign = match (axis, hemisphere) {
        (Axis::Latitude, "N") | (Axis::Longitude, "E") => 1.0,
        (Axis::Latitude, "S") | (Axis::Longitude, "W") => -1.0,
        _ => {
            return Err(ParseError::new(
                "nmea.hemisphere",
                format!("Bán cầu «{hemisphere}» không hợp lệ"),
                format!("Invalid hemisphere «{hemisphere}»"),
            ))
        }
    };
    let degree_digits = match axis {
        Axis::Latitude => 2,
        Axis::Longitude => 3,
    };
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if !(3..=degree_digits + 2).contains(&whole.len())
        || !all_digits(whole)
        || !all_digits(fraction)
    {
        return Err(bad());
    }
    let split = whole.len() - 2;
    let degrees = whole
        .get(..split)
        .and_then(|d| d.parse::<f64>().ok())
        .ok_or_else(bad)?;
    let minutes_text = match (whole.get(split..), fraction) {
        (Some(mm), "") => mm.to_owned(),
        (Some(mm), decimals) => format!("{mm}.{decimals}"),
        (None, _) => return Err(bad()),
    };
    let minutes = minutes_text.parse::<f64>().map_err(|_| bad())?;
    let magnitude = degrees + minutes / 60.0;
    if minutes >= 60.0 || magnitude > axis.max_degrees() {
        return Err(bad());
    }
    Ok(Some(sign * magnitude))
}

mod reader;
#[cfg(test)]
mod tests;

pub use reader::{read_log, NmeaLog, NmeaReader, RawFix, ReadStats, SkippedLine};
