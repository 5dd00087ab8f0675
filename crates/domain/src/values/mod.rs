//! Values that can be wrong, parsed once at the edge into types that can only
//! hold valid values. Each type deserializes through its parser too, so a
//! value read back from the wire or the database is checked the same way.

mod date;
mod geo;
mod person;
mod quantity;

pub use date::FieldDate;
pub use geo::{Position, PositionSource};
pub use person::{Cccd, PersonName, PhoneNumber};
pub use quantity::{Count, Meters, Vnd};

/// Keeps only ASCII digits, dropping the separators people type
/// (spaces, dots, dashes).
fn digits_only(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}
