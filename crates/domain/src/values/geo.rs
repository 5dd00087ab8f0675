//! Positions in WGS84, restricted to a box around Vietnam's land and waters.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ParseError;

/// The accuracy of coordinates given without one (typed by hand): a
/// conservative figure rather than pretended precision. The UI says so
/// (ui/src/lib/position.ts, UNSTATED_ACCURACY_M).
pub const UNSTATED_ACCURACY_M: f64 = 50.0;

/// Where a position came from; kept with it as provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PositionSource {
    /// The device's own location service.
    Device,
    /// An NMEA receiver on a serial or USB port.
    Nmea,
    /// Tapped on the map.
    Map,
    /// Typed in by hand.
    Manual,
}

/// A WGS84 position with its accuracy in metres.
///
/// Invariant: latitude 6.0..=23.5 and longitude 102.0..=117.5 (Vietnam's
/// land, coast and sea areas, islands included); accuracy in (0, 10 000] m.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(try_from = "RawPosition")]
#[ts(export)]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: f64,
    pub source: PositionSource,
    /// Set when the raft was not reached: its position was worked out from
    /// the boat's by bearing and distance. Kept as provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub offset: Option<PositionOffset>,
}

/// How a position was taken from a boat nearby: where the boat was, and
/// the bearing and distance from it. `source` of the position is the boat
/// fix's source; its accuracy includes the offset's error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PositionOffset {
    pub boat_lat: f64,
    pub boat_lon: f64,
    pub boat_accuracy_m: f64,
    /// True bearing from the boat, degrees clockwise from north.
    pub bearing_deg: f64,
    pub distance_m: f64,
}

#[derive(Deserialize)]
struct RawPosition {
    lat: f64,
    lon: f64,
    accuracy_m: f64,
    source: PositionSource,
    #[serde(default)]
    offset: Option<PositionOffset>,
}

impl TryFrom<RawPosition> for Position {
    type Error = ParseError;
    fn try_from(raw: RawPosition) -> Result<Self, ParseError> {
        let mut position = Position::new(raw.lat, raw.lon, raw.accuracy_m, raw.source)?;
        position.offset = raw.offset;
        Ok(position)
    }
}

impl Position {
    pub const LAT_RANGE: (f64, f64) = (6.0, 23.5);
    pub const LON_RANGE: (f64, f64) = (102.0, 117.5);
    pub const MAX_ACCURACY_M: f64 = 10_000.0;

    pub fn new(
        lat: f64,
        lon: f64,
        accuracy_m: f64,
        source: PositionSource,
    ) -> Result<Self, ParseError> {
        if !lat.is_finite() || !lon.is_finite() {
            return Err(ParseError::new(
                "position.number",
                "Tọa độ phải là số",
                "Coordinates must be numbers",
            ));
        }
        if !(Self::LAT_RANGE.0..=Self::LAT_RANGE.1).contains(&lat)
            || !(Self::LON_RANGE.0..=Self::LON_RANGE.1).contains(&lon)
        {
            return Err(ParseError::new(
                "position.outside_vietnam",
                format!("Tọa độ {lat}, {lon} nằm ngoài vùng biển Việt Nam"),
                format!("Position {lat}, {lon} lies outside Vietnamese waters"),
            ));
        }
        if !accuracy_m.is_finite() || accuracy_m <= 0.0 || accuracy_m > Self::MAX_ACCURACY_M {
            return Err(ParseError::new(
                "position.accuracy",
                "Độ chính xác phải lớn hơn 0 và không quá 10 000 m",
                "Accuracy must be above 0 and at most 10,000 m",
            ));
        }
        Ok(Self {
            lat,
            lon,
            accuracy_m,
            source,
            offset: None,
        })
    }

    /// Parses a position typed by a person: decimal degrees ("20.9345",
    /// "20,9345" with the Vietnamese decimal comma) or degrees-minutes-
    /// seconds ("20°56'04.2\"N"); see [`super::parse_coordinate`].
    pub fn parse_typed(lat: &str, lon: &str, accuracy_m: &str) -> Result<Self, ParseError> {
        Self::parse_with_source(lat, lon, accuracy_m, PositionSource::Manual)
    }

    /// As [`Position::parse_typed`], for figures a form filled in from an
    /// instrument, the device's location service or the map.
    pub fn parse_with_source(
        lat: &str,
        lon: &str,
        accuracy_m: &str,
        source: PositionSource,
    ) -> Result<Self, ParseError> {
        let accuracy = if accuracy_m.trim().is_empty() {
            UNSTATED_ACCURACY_M
        } else {
            accuracy_m
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| {
                    ParseError::new(
                        "position.accuracy",
                        format!("«{}» không phải là số mét", accuracy_m.trim()),
                        format!("«{}» is not a number of metres", accuracy_m.trim()),
                    )
                })?
        };
        Self::new(
            super::parse_coordinate(lat, super::Axis::Latitude)?,
            super::parse_coordinate(lon, super::Axis::Longitude)?,
            accuracy,
            source,
        )
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    pub fn distance_m(&self, other: &Position) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_raft_off_quang_yen_is_inside_and_hanoi_to_paris_is_not() {
        assert!(Position::new(20.93, 106.85, 8.0, PositionSource::Device).is_ok());
        let err = Position::new(48.85, 2.35, 8.0, PositionSource::Device).unwrap_err();
        assert_eq!(err.code, "position.outside_vietnam");
    }

    #[test]
    fn typed_positions_accept_a_decimal_comma() {
        let p = Position::parse_typed("20,9345", "106,8512", "").unwrap();
        assert_eq!((p.lat, p.lon, p.accuracy_m), (20.9345, 106.8512, 50.0));
        assert_eq!(
            Position::parse_typed("abc", "106", "5").unwrap_err().code,
            "coordinate.format"
        );
        let dms = Position::parse_typed("20°56'04.2\"N", "106°51'04.3\"E", "5").unwrap();
        assert!((dms.lat - 20.934_5).abs() < 1e-9 && (dms.lon - 106.851_194_4).abs() < 1e-6);
    }

    #[test]
    fn accuracy_must_be_positive_and_bounded() {
        for bad in [0.0, -1.0, 10_001.0, f64::NAN] {
            let err = Position::new(20.9, 106.8, bad, PositionSource::Manual).unwrap_err();
            assert_eq!(err.code, "position.accuracy");
        }
    }

    #[test]
    fn distance_of_one_minute_of_latitude_is_about_a_nautical_mile() {
        let a = Position::new(20.0, 106.8, 5.0, PositionSource::Manual).unwrap();
        let b = Position::new(20.0 + 1.0 / 60.0, 106.8, 5.0, PositionSource::Manual).unwrap();
        let d = a.distance_m(&b);
        assert!((d - 1853.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn an_offset_position_keeps_its_provenance_through_json() {
        let mut p = Position::new(20.93, 106.85, 7.0, PositionSource::Nmea).unwrap();
        p.offset = Some(PositionOffset {
            boat_lat: 20.9299,
            boat_lon: 106.8499,
            boat_accuracy_m: 4.0,
            bearing_deg: 45.0,
            distance_m: 15.0,
        });
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Position>(&json).unwrap(), p);
        // A stored position without an offset reads as before.
        let plain = r#"{"lat":20.9,"lon":106.8,"accuracy_m":5.0,"source":"device"}"#;
        assert_eq!(
            serde_json::from_str::<Position>(plain).unwrap().offset,
            None
        );
    }

    #[test]
    fn deserializing_checks_the_range_too() {
        let json = r#"{"lat":91.0,"lon":106.8,"accuracy_m":5.0,"source":"device"}"#;
        assert!(serde_json::from_str::<Position>(json).is_err());
    }

    proptest! {
        #[test]
        fn any_accepted_position_lies_in_the_box(lat in -90.0f64..90.0, lon in -180.0f64..180.0, acc in -5.0f64..20_000.0) {
            if let Ok(p) = Position::new(lat, lon, acc, PositionSource::Map) {
                prop_assert!((6.0..=23.5).contains(&p.lat));
                prop_assert!((102.0..=117.5).contains(&p.lon));
                prop_assert!(p.accuracy_m > 0.0 && p.accuracy_m <= 10_000.0);
            } else {
                let inside = (6.0..=23.5).contains(&lat) && (102.0..=117.5).contains(&lon) && acc > 0.0 && acc <= 10_000.0;
                prop_assert!(!inside);
            }
        }

        #[test]
        fn distance_is_symmetric_and_non_negative(a in 6.0f64..23.5, b in 102.0f64..117.5, c in 6.0f64..23.5, d in 102.0f64..117.5) {
            let p = Position::new(a, b, 1.0, PositionSource::Map).unwrap();
            let q = Position::new(c, d, 1.0, PositionSource::Map).unwrap();
            prop_assert!(p.distance_m(&q) >= 0.0);
            prop_assert!((p.distance_m(&q) - q.distance_m(&p)).abs() < 1e-6);
        }
    }
}
