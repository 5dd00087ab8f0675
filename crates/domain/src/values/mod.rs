//! Values that can be wrong, parsed once at the edge into types that can only
//! hold valid values. Each type deserializes through its parser too, so a
//! value read back from the wire or the database is checked the same way.

mod date;
mod fix;
mod geo;
mod nmea;
mod person;
mod quantity;

pub use date::FieldDate;
pub use fix::{
    accuracy_warning, average, offset, parse_coordinate, AveragedFix, Axis, AVERAGE_FLOOR_FRACTION,
    DEFAULT_ACCURACY_WARNING_M, MAX_OFFSET_M, OFFSET_ERROR_BASE_M, OFFSET_ERROR_FRACTION,
};
pub use geo::{Position, PositionOffset, PositionSource, UNSTATED_ACCURACY_M};
pub use nmea::{
    checksum, frame_sentence, parse_ddmm, parse_sentence, read_log, Gga, NmeaLog, NmeaReader,
    RawFix, ReadStats, Rmc, Sentence, SkippedLine, Talker, NMEA_ACCURACY_FLOOR_M,
    NMEA_ACCURACY_WITHOUT_HDOP_M, NMEA_MAX_SKIPPED_KEPT, NMEA_UERE_M,
};
pub use person::{Cccd, PersonName, PhoneNumber};
pub use quantity::{Count, Meters, Vnd};

/// Keeps only ASCII digits, dropping the separators people type
/// (spaces, dots, dashes).
fn digits_only(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}
