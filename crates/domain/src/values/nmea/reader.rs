//! From a stream of sentences to fixes: one fix per receiver epoch (the
//! GGA and RMC of one second merged), lines that are not NMEA counted and
//! skipped.

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::error::ParseError;

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
