//! NMEA 0183 from a GNSS receiver on a serial or USB port: one line into a
//! [`Sentence`], and a stream of lines into [`RawFix`]es.
//!
//! Two layers, kept apart on purpose. [`parse_sentence`] checks the framing
//! (`$`, a five-letter address or a proprietary `P...` one, the `*hh`
//! checksum when present) and reads GGA and RMC; an empty field (no fix yet)
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
    let data = match rest.rsplit_once('*') {
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
            data
        }
        None => rest,
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

/// A fix from one epoch of a receiver, before any Vietnam check.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFix {
    /// 1-based line of the first sentence that reported this fix.
    pub line: usize,
    pub time: Option<NaiveTime>,
    /// From RMC, when the epoch had one.
    pub date: Option<NaiveDate>,
    /// Decimal degrees, south negative.
    pub lat: f64,
    /// Decimal degrees, west negative.
    pub lon: f64,
    /// From GGA; `None` when only RMC reported the fix.
    pub quality: Option<u8>,
    pub satellites: Option<u8>,
    pub hdop: Option<f64>,
    pub altitude_m: Option<f64>,
}

impl RawFix {
    /// HDOP × [`NMEA_UERE_M`], at least [`NMEA_ACCURACY_FLOOR_M`];
    /// [`NMEA_ACCURACY_WITHOUT_HDOP_M`] without a positive HDOP.
    pub fn accuracy_m(&self) -> f64 {
        match self.hdop {
            Some(hdop) if hdop > 0.0 => (hdop * NMEA_UERE_M).max(NMEA_ACCURACY_FLOOR_M),
            _ => NMEA_ACCURACY_WITHOUT_HDOP_M,
        }
    }

    /// The fix as a [`Position`] from [`PositionSource::Nmea`]; fails like
    /// [`Position::new`] (outside Vietnam, accuracy over 10 km).
    pub fn to_position(&self) -> Result<Position, ParseError> {
        Position::new(self.lat, self.lon, self.accuracy_m(), PositionSource::Nmea)
    }
}

/// A line the reader could not use: its 1-based number and the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedLine {
    pub line: usize,
    pub code: &'static str,
}

/// What a reader saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Lines fed, blank ones included.
    pub lines: usize,
    /// Lines that parsed as a sentence, of any type.
    pub sentences: usize,
    /// Epochs whose GGA/RMC reported no usable fix.
    pub epochs_without_fix: usize,
    /// Lines that were not a valid sentence (blank lines are not counted).
    pub skipped: usize,
    /// The first [`NMEA_MAX_SKIPPED_KEPT`] of them.
    pub skipped_lines: Vec<SkippedLine>,
}

/// Every fix of a log, and what was skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct NmeaLog {
    pub fixes: Vec<RawFix>,
    pub stats: ReadStats,
}

/// The sentences of one UTC time, until a sentence with another time comes.
#[derive(Debug)]
struct Epoch {
    time: Option<NaiveTime>,
    fix: Option<RawFix>,
    /// Some sentence of the epoch reported no fix.
    void: bool,
}

/// Folds lines into fixes, one per epoch. A fix is returned when the next
/// epoch starts (or at [`NmeaReader::finish`]), since GGA and RMC of one
/// epoch come in either order. Sentences without a time are epochs of their
/// own.
#[derive(Debug, Default)]
pub struct NmeaReader {
    stats: ReadStats,
    epoch: Option<Epoch>,
}

impl NmeaReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one line; returns the previous epoch's fix when this line
    /// starts a new epoch.
    pub fn feed(&mut self, line: &str) -> Option<RawFix> {
        self.stats.lines += 1;
        let number = self.stats.lines;
        if line.trim().is_empty() {
            return None;
        }
        let sentence = match parse_sentence(line) {
            Ok(sentence) => sentence,
            Err(error) => {
                self.stats.skipped += 1;
                if self.stats.skipped_lines.len() < NMEA_MAX_SKIPPED_KEPT {
                    self.stats.skipped_lines.push(SkippedLine {
                        line: number,
                        code: error.code,
                    });
                }
                return None;
            }
        };
        self.stats.sentences += 1;
        match sentence {
            Sentence::Gga(gga) => {
                let closed = self.roll(gga.time);
                let usable = matches!(gga.quality, Some(1..=5));
                self.observe(number, gga.time, usable, gga.lat, gga.lon, |fix| {
                    fix.lat = gga.lat.unwrap_or(fix.lat);
                    fix.lon = gga.lon.unwrap_or(fix.lon);
                    fix.quality = gga.quality;
                    fix.satellites = gga.satellites;
                    fix.hdop = gga.hdop;
                    fix.altitude_m = gga.altitude_m;
                });
                closed
            }
            Sentence::Rmc(rmc) => {
                let closed = self.roll(rmc.time);
                let usable = rmc.active && !matches!(rmc.mode, Some('N' | 'E' | 'M' | 'S'));
                self.observe(number, rmc.time, usable, rmc.lat, rmc.lon, |fix| {
                    fix.date = rmc.date;
                });
                closed
            }
            Sentence::Other(_) => None,
        }
    }

    /// Ends the stream: the last epoch's fix, if it had one.
    pub fn finish(&mut self) -> Option<RawFix> {
        self.close()
    }

    pub fn stats(&self) -> &ReadStats {
        &self.stats
    }

    pub fn into_stats(self) -> ReadStats {
        self.stats
    }

    /// Closes the open epoch unless `time` belongs to it.
    fn roll(&mut self, time: Option<NaiveTime>) -> Option<RawFix> {
        if time.is_some() && self.epoch.as_ref().is_some_and(|e| e.time == time) {
            return None;
        }
        let closed = self.close();
        self.epoch = Some(Epoch {
            time,
            fix: None,
            void: false,
        });
        closed
    }

    fn observe(
        &mut self,
        line: usize,
        time: Option<NaiveTime>,
        usable: bool,
        lat: Option<f64>,
        lon: Option<f64>,
        fill: impl FnOnce(&mut RawFix),
    ) {
        let Some(epoch) = self.epoch.as_mut() else {
            return;
        };
        match (usable, lat, lon) {
            (true, Some(lat), Some(lon)) => fill(epoch.fix.get_or_insert(RawFix {
                line,
                time,
                date: None,
                lat,
                lon,
                quality: None,
                satellites: None,
                hdop: None,
                altitude_m: None,
            })),
            _ => epoch.void = true,
        }
    }

    fn close(&mut self) -> Option<RawFix> {
        let epoch = self.epoch.take()?;
        match epoch.fix {
            Some(fix) if !epoch.void => Some(fix),
            _ => {
                self.stats.epochs_without_fix += 1;
                None
            }
        }
    }
}

/// Reads a whole log (LF or CRLF lines).
pub fn read_log(text: &str) -> NmeaLog {
    let mut reader = NmeaReader::new();
    let mut fixes: Vec<RawFix> = text.lines().filter_map(|line| reader.feed(line)).collect();
    fixes.extend(reader.finish());
    NmeaLog {
        fixes,
        stats: reader.into_stats(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The worked example of the NMEA 0183 documentation.
    const GGA: &str = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";

    fn gga(line: &str) -> Gga {
        match parse_sentence(line).unwrap() {
            Sentence::Gga(gga) => gga,
            other => panic!("not GGA: {other:?}"),
        }
    }

    #[test]
    fn the_textbook_gga_reads_field_by_field() {
        let g = gga(GGA);
        assert_eq!(g.talker, Talker::Gps);
        assert_eq!(g.time, NaiveTime::from_hms_opt(12, 35, 19));
        // 48° 07.038' = 48 + 7.038 / 60 = 48.1173; 11° 31.000' = 11.516667.
        assert!((g.lat.unwrap() - 48.1173).abs() < 1e-9);
        assert!((g.lon.unwrap() - (11.0 + 31.0 / 60.0)).abs() < 1e-9);
        assert_eq!((g.quality, g.satellites), (Some(1), Some(8)));
        assert_eq!((g.hdop, g.altitude_m), (Some(0.9), Some(545.4)));
    }

    #[test]
    fn ddmm_converts_with_hemisphere_signs() {
        let lat = parse_ddmm("2056.0700", "N", Axis::Latitude)
            .unwrap()
            .unwrap();
        assert!((lat - (20.0 + 56.07 / 60.0)).abs() < 1e-12);
        let lon = parse_ddmm("10651.0717", "E", Axis::Longitude)
            .unwrap()
            .unwrap();
        assert!((lon - (106.0 + 51.0717 / 60.0)).abs() < 1e-12);
        let south = parse_ddmm("3345.500", "S", Axis::Latitude)
            .unwrap()
            .unwrap();
        assert!((south + 33.758_333_333).abs() < 1e-9);
        let west = parse_ddmm("08011.3892", "W", Axis::Longitude)
            .unwrap()
            .unwrap();
        assert!((west + 80.18982).abs() < 1e-9);
        assert_eq!(parse_ddmm("", "", Axis::Latitude).unwrap(), None);
        for (value, hemi, axis, code) in [
            ("2060.0000", "N", Axis::Latitude, "nmea.coordinate"),
            ("9100.0000", "N", Axis::Latitude, "nmea.coordinate"),
            ("10651.0717", "N", Axis::Latitude, "nmea.coordinate"),
            ("2056.07", "E", Axis::Latitude, "nmea.hemisphere"),
            ("2056.07", "", Axis::Latitude, "nmea.hemisphere"),
            ("20x6.07", "N", Axis::Latitude, "nmea.coordinate"),
        ] {
            assert_eq!(
                parse_ddmm(value, hemi, axis).unwrap_err().code,
                code,
                "{value}"
            );
        }
    }

    #[test]
    fn empty_fields_mean_no_fix_not_an_error() {
        let g = gga("$GPGGA,053229.438,,,,,0,00,,,M,0.0,M,,0000*56");
        assert_eq!(
            (g.lat, g.lon, g.hdop, g.altitude_m),
            (None, None, None, None)
        );
        assert_eq!(g.quality, Some(0));
        let Sentence::Rmc(r) = parse_sentence("$GNRMC,053229.438,V,,,,,,,020315,,,N*56").unwrap()
        else {
            panic!("not RMC");
        };
        assert!(!r.active);
        assert_eq!((r.lat, r.speed_knots, r.mode), (None, None, Some('N')));
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2015, 3, 2));
        assert_eq!(r.talker, Talker::Multi);
    }

    #[test]
    fn talkers_and_other_sentences() {
        for (code, talker) in [
            ("GP", Talker::Gps),
            ("GN", Talker::Multi),
            ("GL", Talker::Glonass),
            ("GA", Talker::Galileo),
            ("BD", Talker::Beidou),
            ("GB", Talker::Beidou),
            ("GQ", Talker::Other(['G', 'Q'])),
        ] {
            let line = frame_sentence(&format!("{code}GGA,010203,,,,,0,,,,,,,,"));
            assert_eq!(gga(&line).talker, talker);
        }
        assert_eq!(
            parse_sentence("$GNGSA,A,1,,,,,,,,,,,,,,,*00").unwrap(),
            Sentence::Other("GSA".into())
        );
        assert_eq!(
            parse_sentence("$POLYN,EPH,0,00000000").unwrap(),
            Sentence::Other("POLYN".into())
        );
        for (line, code) in [
            ("", "nmea.empty"),
            ("# comment", "nmea.start"),
            ("$SkyTraq,Venus6", "nmea.address"),
            ("$GPGGA,123519,4807.038,N*7", "nmea.checksum"),
            ("$GPGGA,123519,4807.038,N", "nmea.fields"),
            (
                "$GPGGA,123519,4807.038,N,01131.000,E,1,08,abc,545.4",
                "nmea.number",
            ),
            ("$GPGGA,126519,,,,,0,00,,", "nmea.time"),
            ("$GPRMC,123519,X,,,,,,,230394", "nmea.status"),
            ("$GPRMC,123519,A,,,,,,,320394", "nmea.date"),
        ] {
            assert_eq!(parse_sentence(line).unwrap_err().code, code, "{line}");
        }
    }

    #[test]
    fn times_keep_their_fraction() {
        let g = gga("$GPGGA,053232.438,3114.8789,N,12135.2442,E,1,06,1.2,153.8,M,8.3,M,,0000*6A");
        assert_eq!(g.time, NaiveTime::from_hms_milli_opt(5, 32, 32, 438));
    }

    #[test]
    fn a_log_skips_garbage_and_merges_gga_with_rmc() {
        let log = [
            "\u{0}\u{7f}garbage at 4800 baud".to_owned(),
            "$GPGGA,012519.563,4131.7353,N,09336.8150,W,0,00,50.0,280.2,M,-31.6,M,0.0,0000*7D"
                .to_owned(),
            "$GPRMC,012519.563,V,4131.7353,N,09336.8150,W,0.00,,050405,,*14".to_owned(),
            String::new(),
            frame_sentence("GPRMC,030000.00,A,2056.0700,N,10651.0717,E,0.1,12.0,010625,,,A"),
            frame_sentence("GPGGA,030000.00,2056.0700,N,10651.0717,E,1,09,0.8,3.0,M,-20.0,M,,"),
            "$GPGGA,030001.00,2056.0702,N,10651.0719,E,1,09,0.8,3.0,M,-20.0,M,,*00".to_owned(),
            frame_sentence("GPRMC,030002.00,A,2056.0704,N,10651.0721,E,0.1,12.0,010625,,,A"),
        ]
        .join("\r\n");
        let read = read_log(&log);
        assert_eq!(read.stats.lines, 8);
        assert_eq!(read.stats.skipped, 2);
        let codes: Vec<_> = read
            .stats
            .skipped_lines
            .iter()
            .map(|s| (s.line, s.code))
            .collect();
        assert_eq!(codes, [(1, "nmea.start"), (7, "nmea.checksum")]);
        assert_eq!(read.stats.epochs_without_fix, 1);
        assert_eq!(read.fixes.len(), 2);
        let first = &read.fixes[0];
        assert_eq!(first.line, 5);
        assert_eq!((first.hdop, first.quality), (Some(0.8), Some(1)));
        assert_eq!(first.date, NaiveDate::from_ymd_opt(2025, 6, 1));
        // HDOP 0.8 × 5 m = 4 m.
        let p = first.to_position().unwrap();
        assert_eq!((p.accuracy_m, p.source), (4.0, PositionSource::Nmea));
        // RMC alone: no HDOP, so the conservative default.
        assert_eq!(read.fixes[1].accuracy_m(), NMEA_ACCURACY_WITHOUT_HDOP_M);
    }

    #[test]
    fn accuracy_has_a_floor_and_the_vietnam_box_applies_only_to_positions() {
        let mut fix = RawFix {
            line: 1,
            time: None,
            date: None,
            lat: 48.1173,
            lon: 11.5167,
            quality: Some(2),
            satellites: Some(12),
            hdop: Some(0.3),
            altitude_m: None,
        };
        assert_eq!(fix.accuracy_m(), NMEA_ACCURACY_FLOOR_M);
        assert_eq!(
            fix.to_position().unwrap_err().code,
            "position.outside_vietnam"
        );
        fix.lat = 20.93;
        fix.lon = 106.85;
        fix.hdop = Some(2001.0);
        assert_eq!(fix.to_position().unwrap_err().code, "position.accuracy");
    }

    #[test]
    fn a_fix_contradicted_in_its_epoch_is_dropped() {
        let log = [
            frame_sentence("GPGGA,030000.00,2056.0700,N,10651.0717,E,1,09,0.8,3.0,M,,M,,"),
            frame_sentence("GPRMC,030000.00,V,2056.0700,N,10651.0717,E,,,010625,,,N"),
            frame_sentence("GPGGA,030001.00,2056.0700,N,10651.0717,E,6,09,0.8,3.0,M,,M,,"),
        ]
        .join("\n");
        let read = read_log(&log);
        assert!(read.fixes.is_empty());
        assert_eq!(read.stats.epochs_without_fix, 2);
    }

    proptest! {
        #[test]
        fn checksum_round_trip(payload in "[A-Z0-9,.]{0,60}", flip in 0usize..60) {
            let body = format!("GPXYZ,{payload}");
            let line = frame_sentence(&body);
            prop_assert_eq!(parse_sentence(&line).unwrap(), Sentence::Other("XYZ".into()));
            prop_assert_eq!(parse_sentence(&format!("{line}\r\n")).unwrap(), Sentence::Other("XYZ".into()));
            // Change one character of the payload: the checksum must catch it.
            if !payload.is_empty() {
                let at = 7 + flip % payload.len();
                let mut bytes = line.into_bytes();
                bytes[at] = if bytes[at] == b'Q' { b'R' } else { b'Q' };
                let corrupted = String::from_utf8(bytes).unwrap();
                prop_assert_eq!(parse_sentence(&corrupted).unwrap_err().code, "nmea.checksum");
            }
        }

        #[test]
        fn ddmm_agrees_with_degrees_and_minutes(deg in 0u32..180, minutes in 0.0f64..59.9999) {
            let text = format!("{deg:03}{minutes:07.4}");
            let parsed = parse_ddmm(&text, "W", Axis::Longitude).unwrap().unwrap();
            let rounded: f64 = format!("{minutes:.4}").parse().unwrap();
            prop_assert!((parsed + (f64::from(deg) + rounded / 60.0)).abs() < 1e-9, "{text}");
        }
    }
}
