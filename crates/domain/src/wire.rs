//! The names enums go by outside Rust (serde's snake_case names), as plain
//! functions: the device store keeps them in text columns and reads them
//! back on every row, where a trip through serde_json costs an allocation
//! per value. `as_str` matches every variant, so a new variant does not
//! compile until it has a name here; a test checks the names against serde's.

/// Declares `ALL`, `as_str` and `from_wire` for a fieldless enum.
macro_rules! wire_names {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The serde name of this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value with this serde name, if any.
            pub fn from_wire(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

use crate::entities::{RaftKind, RaftStatus, Species};
use crate::values::PositionSource;

wire_names!(RaftKind {
    BambooRaft => "bamboo_raft",
    HdpeCage => "hdpe_cage",
    Frame => "frame",
    HangingLines => "hanging_lines",
});

wire_names!(Species {
    EstuarineOyster => "estuarine_oyster",
    PacificOyster => "pacific_oyster",
    Clam => "clam",
    CageFish => "cage_fish",
    Other => "other",
});

wire_names!(RaftStatus {
    RegisteredInZone => "registered_in_zone",
    OutsideZone => "outside_zone",
    MustRelocate => "must_relocate",
    Relocating => "relocating",
    Relocated => "relocated",
    Dismantled => "dismantled",
});

wire_names!(PositionSource {
    Device => "device",
    Nmea => "nmea",
    Map => "map",
    Manual => "manual",
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn agrees_with_serde<T: Serialize + Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        from_wire: fn(&str) -> Option<T>,
    ) {
        for &value in all {
            let serde_name = serde_json::to_value(value).unwrap();
            assert_eq!(serde_name.as_str(), Some(as_str(value)), "{value:?}");
            assert_eq!(from_wire(as_str(value)), Some(value));
        }
        assert_eq!(from_wire("no_such_name"), None);
    }

    #[test]
    fn every_wire_name_is_the_serde_name() {
        agrees_with_serde(RaftKind::ALL, RaftKind::as_str, RaftKind::from_wire);
        agrees_with_serde(Species::ALL, Species::as_str, Species::from_wire);
        agrees_with_serde(RaftStatus::ALL, RaftStatus::as_str, RaftStatus::from_wire);
        agrees_with_serde(
            PositionSource::ALL,
            PositionSource::as_str,
            PositionSource::from_wire,
        );
    }
}
