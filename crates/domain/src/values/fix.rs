//! Position fixes from people and instruments: a coordinate typed in decimal
//! degrees or degrees, minutes and seconds; several fixes taken from a rocking
//! boat averaged into one; a raft placed by bearing and distance from the
//! boat; and a warning when a fix is too coarse to trust.
//!
//! Invariants: [`parse_coordinate`] returns signed decimal degrees within
//! ±90 (latitude) or ±180 (longitude), with minutes and seconds below 60 and a
//! hemisphere letter that fits the axis. [`average`] never claims more
//! precision than the scatter of its fixes shows, and its result lies within
//! the fixes' own latitude and longitude span. [`offset`] takes a bearing in
//! 0..=360° and a distance in 0..=2 000 m, and its raft position is never more
//! accurate than the boat's. Everything here goes through [`Position::new`],
//! so the Vietnam box holds for every result.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::geo::{Position, PositionOffset, PositionSource};
use crate::error::{ParseError, Text};

/// Mean Earth radius (IUGG), the same sphere as [`Position::distance_m`].
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Above this, [`accuracy_warning`] speaks up by default.
pub const DEFAULT_ACCURACY_WARNING_M: f64 = 20.0;

/// Rafts are placed from nearby: a longer offset is a typo or a guess.
pub const MAX_OFFSET_M: f64 = 2_000.0;

/// Error of a bearing-and-distance offset, as a share of the distance: a
/// hand compass read on a boat is good to a few degrees (3° is about 5 % of
/// the distance sideways) and a distance by eye or rangefinder to about 5 %.
pub const OFFSET_ERROR_FRACTION: f64 = 0.05;

/// Error of an offset at any distance, metres: the boat is beside the raft,
/// not on the point that is recorded.
pub const OFFSET_ERROR_BASE_M: f64 = 2.0;

/// Which coordinate a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Latitude,
    Longitude,
}

impl Axis {
    /// 90 for latitude, 180 for longitude.
    pub fn max_degrees(self) -> f64 {
        match self {
            Self::Latitude => 90.0,
            Self::Longitude => 180.0,
        }
    }

    /// (positive, negative) hemisphere letters.
    fn hemispheres(self) -> (char, char) {
        match self {
            Self::Latitude => ('N', 'S'),
            Self::Longitude => ('E', 'W'),
        }
    }

    /// (Vietnamese, English) name.
    fn name(self) -> (&'static str, &'static str) {
        match self {
            Self::Latitude => ("Vĩ độ", "Latitude"),
            Self::Longitude => ("Kinh độ", "Longitude"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Degrees,
    Minutes,
    Seconds,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Number(String),
    Mark(Mark),
    Hemisphere(char),
}

/// Splits typed text into numbers (a decimal comma read as a point), unit
/// marks and hemisphere letters; `None` on any other character.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' || c == ',' {
            number.push(if c == ',' { '.' } else { c });
            continue;
        }
        if !number.is_empty() {
            tokens.push(Token::Number(std::mem::take(&mut number)));
        }
        match c {
            '°' | 'º' | '˚' => tokens.push(Token::Mark(Mark::Degrees)),
            // Two single quotes typed for a double one are seconds.
            '\'' | '′' | '’' | '‘' | '´' => {
                if tokens.last() == Some(&Token::Mark(Mark::Minutes)) {
                    tokens.pop();
                    tokens.push(Token::Mark(Mark::Seconds));
                } else {
                    tokens.push(Token::Mark(Mark::Minutes));
                }
            }
            '"' | '″' | '”' | '“' => tokens.push(Token::Mark(Mark::Seconds)),
            'N' | 'S' | 'E' | 'W' | 'n' | 's' | 'e' | 'w' => {
                tokens.push(Token::Hemisphere(c.to_ascii_uppercase()));
            }
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    if !number.is_empty() {
        tokens.push(Token::Number(number));
    }
    Some(tokens)
}

/// `text` as a number when it is only digits with at most one '.'.
fn plain_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    let dots = bytes.iter().filter(|&&b| b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != bytes.len() {
        return None;
    }
    text.parse().ok()
}

/// Parses a coordinate as people type it: decimal degrees ("20.9345",
/// "20,9345", "-20.9345"), degrees and decimal minutes ("N 20°56.070'"), or
/// degrees, minutes and seconds ("20°56'04.2\"N", "20° 56' 4.2\" N",
/// "20 56 4.2 N", with ′ ″ ’ ” too). Numbers without marks are degrees,
/// minutes, seconds in that order; only the last may have decimals. The
/// hemisphere letter goes first or last; S and W make the value negative.
/// Only N, S, E, W are read (in Vietnamese "N" would be Nam, south, so the
/// error message spells the letters out).
pub fn parse_coordinate(text: &str, axis: Axis) -> Result<f64, ParseError> {
    let trimmed = text.trim();
    let format_error = || {
        ParseError::new(
            "coordinate.format",
            format!("Không đọc được tọa độ «{trimmed}». Ví dụ: 20,9345 hoặc 20°56'04.2\"N"),
            format!("Cannot read the coordinate «{trimmed}». Examples: 20.9345 or 20°56'04.2\"N"),
        )
    };
    let (negative, body) = match trimmed.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    // Plain decimal degrees (what spreadsheets and receivers write, and
    // most of what an import reads) need no tokens.
    let ([degrees, minutes, seconds], hemisphere) = match plain_decimal(body) {
        Some(degrees) => ([degrees, 0.0, 0.0], None),
        None => marked_parts(body, negative, &format_error)?,
    };
    let (positive, negative_letter) = axis.hemispheres();
    let south_or_west = match hemisphere {
        None => negative,
        Some(h) if h == positive => false,
        Some(h) if h == negative_letter => true,
        Some(h) => {
            let (name_vi, name_en) = axis.name();
            let (vi, en) = match axis {
                Axis::Latitude => ("N (bắc) hoặc S (nam)", "N or S"),
                Axis::Longitude => ("E (đông) hoặc W (tây)", "E or W"),
            };
            return Err(ParseError::new(
                "coordinate.hemisphere",
                format!("{name_vi} dùng {vi}, không dùng «{h}»"),
                format!("{name_en} takes {en}, not «{h}»"),
            ));
        }
    };
    let magnitude = degrees + minutes / 60.0 + seconds / 3600.0;
    let max = axis.max_degrees();
    if !magnitude.is_finite() || magnitude > max {
        let (name_vi, name_en) = axis.name();
        return Err(ParseError::new(
            "coordinate.range",
            format!("{name_vi} phải từ -{max} đến {max} độ"),
            format!("{name_en} must be between -{max} and {max} degrees"),
        ));
    }
    Ok(if south_or_west { -magnitude } else { magnitude })
}

/// Degrees, minutes and seconds, and the hemisphere letter, of a coordinate
/// typed with marks or spaces (`parse_coordinate`'s general case); `body`
/// has no sign, `negative` says whether it had one.
fn marked_parts(
    body: &str,
    negative: bool,
    format_error: &dyn Fn() -> ParseError,
) -> Result<([f64; 3], Option<char>), ParseError> {
    let tokens = tokenize(body).ok_or_else(format_error)?;

    let mut parts: &[Token] = &tokens;
    let mut hemisphere = None;
    if let Some((Token::Hemisphere(h), rest)) = parts.split_first() {
        hemisphere = Some(*h);
        parts = rest;
    }
    if let Some((Token::Hemisphere(h), rest)) = parts.split_last() {
        if hemisphere.is_some() {
            return Err(format_error());
        }
        hemisphere = Some(*h);
        parts = rest;
    }
    if hemisphere.is_some() && negative {
        return Err(format_error());
    }

    // Each number in turn is degrees, minutes, seconds; a mark after a number
    // must agree with its place.
    let mut numbers: Vec<&str> = Vec::new();
    let mut after_number = false;
    for token in parts {
        match token {
            Token::Number(n) => {
                numbers.push(n);
                after_number = true;
            }
            Token::Mark(mark) => {
                let expected = match numbers.len() {
                    1 => Mark::Degrees,
                    2 => Mark::Minutes,
                    3 => Mark::Seconds,
                    _ => return Err(format_error()),
                };
                if !after_number || *mark != expected {
                    return Err(format_error());
                }
                after_number = false;
            }
            Token::Hemisphere(_) => return Err(format_error()),
        }
    }
    let Some((_, leading)) = numbers.split_last() else {
        return Err(format_error());
    };
    if numbers.len() > 3 || leading.iter().any(|n| n.contains('.')) {
        return Err(format_error());
    }
    let mut values = [0.0_f64; 3];
    for (slot, n) in values.iter_mut().zip(&numbers) {
        if n.matches('.').count() > 1 || !n.bytes().any(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }
        *slot = n.parse::<f64>().map_err(|_| format_error())?;
    }
    let [_, minutes, seconds] = values;
    if minutes >= 60.0 {
        return Err(ParseError::new(
            "coordinate.minutes",
            format!("Số phút phải nhỏ hơn 60 (đang là {minutes})"),
            format!("Minutes must be below 60 (got {minutes})"),
        ));
    }
    if seconds >= 60.0 {
        return Err(ParseError::new(
            "coordinate.seconds",
            format!("Số giây phải nhỏ hơn 60 (đang là {seconds})"),
            format!("Seconds must be below 60 (got {seconds})"),
        ));
    }

    Ok((values, hemisphere))
}

/// Fixes seconds apart from one receiver share most of their error (the
/// same satellites, the same atmosphere, the same reflections off the
/// water): averaging removes jitter, not that bias. So an average never
/// claims better than this share of its best fix's accuracy.
pub const AVERAGE_FLOOR_FRACTION: f64 = 0.5;

/// Several fixes combined into one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AveragedFix {
    /// Its accuracy is the largest of `standard_error_m`, `spread_m` and
    /// [`AVERAGE_FLOOR_FRACTION`] of the best fix's accuracy.
    pub position: Position,
    /// Fixes used: all of them.
    pub count: u32,
    /// What the fixes' own accuracies promise together, metres.
    pub standard_error_m: f64,
    /// Root mean square distance of the fixes from the mean, metres.
    pub spread_m: f64,
    /// The fixes came from more than one source; `position.source` is then
    /// the one carrying the most weight.
    pub mixed_sources: bool,
}

/// Averages fixes taken from one spot (a boat tied to or drifting by a raft).
///
/// Inverse-variance weights (1 / accuracy²) for latitude and longitude. The
/// result's accuracy is the larger of the combined standard error
/// (1 / √Σweights) and the observed spread (RMS distance of the fixes from
/// the mean), so a scattered set does not claim a precision it has not got.
/// The source is the common one, or with mixed sources the source with the
/// largest total weight (flagged in [`AveragedFix::mixed_sources`]); the
/// result is still a measurement of that kind, not something typed.
///
/// Errors: `fix.none` for no fixes, `fix.scattered` when the spread exceeds
/// the largest accuracy a [`Position`] may have.
pub fn average(fixes: &[Position]) -> Result<AveragedFix, ParseError> {
    let Some(first) = fixes.first() else {
        return Err(ParseError::new(
            "fix.none",
            "Chưa có lần đo vị trí nào để lấy trung bình",
            "There are no position fixes to average",
        ));
    };
    // Weights relative to the best fix, (best / accuracy)² in (0, 1], so that
    // a tiny accuracy cannot overflow; offsets from the first fix, so that
    // identical fixes average to exactly themselves.
    let best = fixes
        .iter()
        .map(|p| p.accuracy_m)
        .fold(f64::INFINITY, f64::min);
    let (mut total, mut d_lat, mut d_lon) = (0.0, 0.0, 0.0);
    let mut by_source: Vec<(PositionSource, f64)> = Vec::new();
    let (mut lat_min, mut lat_max) = (first.lat, first.lat);
    let (mut lon_min, mut lon_max) = (first.lon, first.lon);
    for p in fixes {
        let w = (best / p.accuracy_m).powi(2);
        total += w;
        d_lat += w * (p.lat - first.lat);
        d_lon += w * (p.lon - first.lon);
        match by_source.iter_mut().find(|(s, _)| *s == p.source) {
            Some(entry) => entry.1 += w,
            None => by_source.push((p.source, w)),
        }
        (lat_min, lat_max) = (lat_min.min(p.lat), lat_max.max(p.lat));
        (lon_min, lon_max) = (lon_min.min(p.lon), lon_max.max(p.lon));
    }
    let lat = (first.lat + d_lat / total).clamp(lat_min, lat_max);
    let lon = (first.lon + d_lon / total).clamp(lon_min, lon_max);
    let source = by_source
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(first.source, |(s, _)| s);
    let standard_error_m = (best / total.sqrt()).max(best * AVERAGE_FLOOR_FRACTION);

    let centre = Position::new(lat, lon, standard_error_m, source)?;
    let n = fixes.len() as f64;
    let spread_m = (fixes
        .iter()
        .map(|p| centre.distance_m(p).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    if spread_m > Position::MAX_ACCURACY_M {
        return Err(ParseError::new(
            "fix.scattered",
            format!("Các lần đo cách nhau quá xa (khoảng {spread_m:.0} m) để lấy trung bình"),
            format!("The fixes are too far apart (about {spread_m:.0} m) to average"),
        ));
    }
    Ok(AveragedFix {
        position: Position::new(lat, lon, standard_error_m.max(spread_m), source)?,
        count: u32::try_from(fixes.len()).unwrap_or(u32::MAX),
        standard_error_m,
        spread_m,
        mixed_sources: by_source.len() > 1,
    })
}

fn check_bearing(bearing_deg: f64) -> Result<(), ParseError> {
    // 360 is accepted: compasses print north as 360 as often as 0.
    if !(0.0..=360.0).contains(&bearing_deg) {
        return Err(ParseError::new(
            "offset.bearing",
            "Hướng phải từ 0 đến 360 độ",
            "The bearing must be from 0 to 360 degrees",
        ));
    }
    Ok(())
}

fn check_distance(distance_m: f64) -> Result<(), ParseError> {
    if !(0.0..=MAX_OFFSET_M).contains(&distance_m) {
        return Err(ParseError::new(
            "offset.distance",
            "Khoảng cách phải từ 0 đến 2 000 m",
            "The distance must be from 0 to 2,000 m",
        ));
    }
    Ok(())
}

/// The raft's position from the boat's, a true bearing (0..=360°) and a
/// distance (0..=2 000 m), by the spherical destination-point formula on the
/// sphere of [`Position::distance_m`]. The result keeps the boat's source,
/// and the boat fix, bearing and distance as its `offset` provenance; its
/// accuracy = boat accuracy + [`OFFSET_ERROR_FRACTION`] × distance +
/// [`OFFSET_ERROR_BASE_M`]. Errors: `offset.bearing`, `offset.distance`,
/// and those of [`Position::new`] (a raft outside the box, an accuracy over
/// 10 km).
pub fn offset(from: &Position, bearing_deg: f64, distance_m: f64) -> Result<Position, ParseError> {
    check_bearing(bearing_deg)?;
    check_distance(distance_m)?;
    let phi1 = from.lat.to_radians();
    let theta = bearing_deg.to_radians();
    let delta = distance_m / EARTH_RADIUS_M;
    let sin_phi2 =
        (phi1.sin() * delta.cos() + phi1.cos() * delta.sin() * theta.cos()).clamp(-1.0, 1.0);
    let d_lambda =
        (theta.sin() * delta.sin() * phi1.cos()).atan2(delta.cos() - phi1.sin() * sin_phi2);
    let accuracy = from.accuracy_m + OFFSET_ERROR_FRACTION * distance_m + OFFSET_ERROR_BASE_M;
    let mut raft = Position::new(
        sin_phi2.asin().to_degrees(),
        from.lon + d_lambda.to_degrees(),
        accuracy,
        from.source,
    )?;
    raft.offset = Some(PositionOffset {
        boat_lat: from.lat,
        boat_lon: from.lon,
        boat_accuracy_m: from.accuracy_m,
        bearing_deg,
        distance_m,
    });
    Ok(raft)
}

/// A warning in both languages when `p` is less accurate than `threshold_m`
/// (see [`DEFAULT_ACCURACY_WARNING_M`]); `None` when it is good enough.
pub fn accuracy_warning(p: &Position, threshold_m: f64) -> Option<Text> {
    let (accuracy, threshold) = (p.accuracy_m, threshold_m);
    (accuracy > threshold).then(|| {
        Text::new(
            format!(
                "Vị trí chỉ chính xác khoảng {accuracy:.0} m, kém hơn mức {threshold:.0} m. \
                 Hãy đo lại ở chỗ thoáng hoặc lấy trung bình nhiều lần đo."
            ),
            format!(
                "This position is only accurate to about {accuracy:.0} m, worse than \
                 {threshold:.0} m. Take it again in the open or average several fixes."
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(lat: f64, lon: f64, accuracy_m: f64) -> Position {
        Position::new(lat, lon, accuracy_m, PositionSource::Device).unwrap()
    }

    #[test]
    fn typed_coordinates_in_every_usual_form() {
        // 20°56'04.2" = 20 + 56/60 + 4.2/3600 = 20.934500
        let dms = 20.0 + 56.0 / 60.0 + 4.2 / 3600.0;
        for text in [
            "20°56'04.2\"N",
            "20° 56' 4.2\" N",
            "20 56 4.2 N",
            "20 56 4,2",
            "20°56′04.2″N",
            "20°56’04.2”N",
            "20°56'04.2''N",
            "n 20°56'4.2\"",
        ] {
            let v = parse_coordinate(text, Axis::Latitude).unwrap();
            assert!((v - dms).abs() < 1e-9, "{text}: {v}");
        }
        assert_eq!(
            parse_coordinate(" 20.9345 ", Axis::Latitude).unwrap(),
            20.9345
        );
        assert_eq!(
            parse_coordinate("20,9345", Axis::Latitude).unwrap(),
            20.9345
        );
        assert_eq!(parse_coordinate("-20.5", Axis::Latitude).unwrap(), -20.5);
        let dm = parse_coordinate("N 20°56.070'", Axis::Latitude).unwrap();
        assert!((dm - (20.0 + 56.07 / 60.0)).abs() < 1e-12);
        let lon = parse_coordinate("106°51'04.3\"E", Axis::Longitude).unwrap();
        assert!((lon - (106.0 + 51.0 / 60.0 + 4.3 / 3600.0)).abs() < 1e-12);
        assert!(parse_coordinate("33°52'S", Axis::Latitude).unwrap() < 0.0);
        assert!(parse_coordinate("70 W", Axis::Longitude).unwrap() < 0.0);
    }

    #[test]
    fn typed_coordinates_fail_with_their_own_codes() {
        for (text, axis, code) in [
            ("", Axis::Latitude, "coordinate.format"),
            ("abc", Axis::Latitude, "coordinate.format"),
            ("20.5.1", Axis::Latitude, "coordinate.format"),
            ("20.5 30", Axis::Latitude, "coordinate.format"),
            ("20 56 4 1", Axis::Latitude, "coordinate.format"),
            ("N 20 56 S", Axis::Latitude, "coordinate.format"),
            ("20 N 56", Axis::Latitude, "coordinate.format"),
            ("-20 S", Axis::Latitude, "coordinate.format"),
            ("20'56°", Axis::Latitude, "coordinate.format"),
            ("20°61'", Axis::Latitude, "coordinate.minutes"),
            ("20°56'60\"", Axis::Latitude, "coordinate.seconds"),
            ("20°56'04\"E", Axis::Latitude, "coordinate.hemisphere"),
            ("106°51'N", Axis::Longitude, "coordinate.hemisphere"),
            ("91", Axis::Latitude, "coordinate.range"),
            ("181 E", Axis::Longitude, "coordinate.range"),
        ] {
            let err = parse_coordinate(text, axis).unwrap_err();
            assert_eq!(err.code, code, "{text}");
        }
    }

    #[test]
    fn averaging_identical_fixes_gives_the_fix() {
        let p = at(20.9345, 106.8512, 8.0);
        let avg = average(&[p, p, p, p]).unwrap();
        assert_eq!((avg.position.lat, avg.position.lon), (p.lat, p.lon));
        assert_eq!(avg.count, 4);
        assert_eq!(avg.spread_m, 0.0);
        // Four equal fixes of 8 m: 8 / √4 = 4 m.
        assert!((avg.position.accuracy_m - 4.0).abs() < 1e-9);
        assert_eq!(avg.position.source, PositionSource::Device);
        assert!(!avg.mixed_sources);
    }

    #[test]
    fn weights_favour_the_better_fix_and_spread_raises_accuracy() {
        // About 111 m apart north-south, 5 m and 20 m fixes: weights 16 : 1.
        let good = at(20.9300, 106.85, 5.0);
        let poor = at(20.9310, 106.85, 20.0);
        let avg = average(&[good, poor]).unwrap();
        assert!((avg.position.lat - (20.9300 + 0.0010 / 17.0)).abs() < 1e-12);
        // Standard error 5 / √(1 + 1/16) ≈ 4.85 m; the spread is far larger.
        assert!((avg.standard_error_m - 5.0 / (1.0f64 + 1.0 / 16.0).sqrt()).abs() < 1e-9);
        assert!(avg.spread_m > 40.0);
        assert_eq!(avg.position.accuracy_m, avg.spread_m);
        let tight = average(&[good, at(20.93001, 106.85, 5.0)]).unwrap();
        assert!(tight.position.accuracy_m < avg.position.accuracy_m);
    }

    #[test]
    fn averaging_needs_fixes_and_reports_mixed_sources() {
        assert_eq!(average(&[]).unwrap_err().code, "fix.none");
        let gps = at(20.93, 106.85, 4.0);
        let map = Position::new(20.93, 106.85, 30.0, PositionSource::Map).unwrap();
        let avg = average(&[gps, map, map]).unwrap();
        assert!(avg.mixed_sources);
        assert_eq!(avg.position.source, PositionSource::Device);
        let far = average(&[at(8.0, 104.0, 5.0), at(23.0, 117.0, 5.0)]);
        assert_eq!(far.unwrap_err().code, "fix.scattered");
    }

    #[test]
    fn an_offset_north_raises_latitude_and_keeps_provenance() {
        let boat = at(20.93, 106.85, 6.0);
        let raft = offset(&boat, 0.0, 100.0).unwrap();
        assert!(raft.lat > boat.lat);
        assert!((raft.lon - boat.lon).abs() < 1e-12);
        // 100 m north is 100 / 6 371 008.8 rad = 0.000 899 3° of latitude.
        let north = (100.0 / EARTH_RADIUS_M).to_degrees();
        assert!((raft.lat - boat.lat - north).abs() < 1e-12);
        let how = raft.offset.unwrap();
        assert_eq!(
            (how.boat_lat, how.boat_lon, how.boat_accuracy_m),
            (boat.lat, boat.lon, 6.0)
        );
        assert_eq!((how.bearing_deg, how.distance_m), (0.0, 100.0));
        // 6 m + 5 % of 100 m + 2 m.
        assert!((raft.accuracy_m - 13.0).abs() < 1e-12);
        assert_eq!(raft.source, boat.source);
        let east = offset(&boat, 90.0, 100.0).unwrap();
        assert!(east.lon > boat.lon);
        let south = offset(&boat, 180.0, 100.0).unwrap();
        assert!(south.lat < boat.lat);
    }

    #[test]
    fn offsets_check_their_ranges() {
        let boat = at(20.93, 106.85, 6.0);
        for bad in [-1.0, 360.5, f64::NAN] {
            assert_eq!(offset(&boat, bad, 10.0).unwrap_err().code, "offset.bearing");
        }
        for bad in [-0.5, 2_000.5, f64::INFINITY] {
            assert_eq!(
                offset(&boat, 10.0, bad).unwrap_err().code,
                "offset.distance"
            );
        }
        assert!(offset(&boat, 360.0, 2_000.0).is_ok());
        let edge = at(23.5, 106.85, 6.0);
        let err = offset(&edge, 0.0, 500.0).unwrap_err();
        assert_eq!(err.code, "position.outside_vietnam");
    }

    #[test]
    fn a_coarse_fix_gets_a_warning_in_both_languages() {
        let fine = at(20.93, 106.85, 8.0);
        assert_eq!(accuracy_warning(&fine, DEFAULT_ACCURACY_WARNING_M), None);
        let coarse = at(20.93, 106.85, 35.0);
        let warning = accuracy_warning(&coarse, DEFAULT_ACCURACY_WARNING_M).unwrap();
        assert!(warning.vi.contains("35 m") && warning.vi.contains("20 m"));
        assert!(warning.en.contains("35 m") && warning.en.contains("20 m"));
    }

    /// Degrees as a person would write them in DMS, to 0.0001″.
    fn to_dms(value: f64, axis: Axis) -> String {
        let (positive, negative) = axis.hemispheres();
        let letter = if value < 0.0 { negative } else { positive };
        // Whole units of 0.0001″, so that rounding carries into minutes.
        let units = (value.abs() * 3600.0 * 10_000.0).round() as u64;
        let (degrees, rest) = (units / 36_000_000, units % 36_000_000);
        let (minutes, rest) = (rest / 600_000, rest % 600_000);
        let (seconds, fraction) = (rest / 10_000, rest % 10_000);
        format!("{degrees}°{minutes:02}'{seconds:02}.{fraction:04}\"{letter}")
    }

    proptest! {
        #[test]
        fn dms_and_decimal_agree(lat in -90.0f64..90.0, lon in -180.0f64..180.0) {
            for (value, axis) in [(lat, Axis::Latitude), (lon, Axis::Longitude)] {
                let text = to_dms(value, axis);
                let parsed = parse_coordinate(&text, axis).unwrap();
                prop_assert!((parsed - value).abs() < 1e-6, "{text}: {parsed} vs {value}");
                let decimal = format!("{value:.9}").replace('.', ",");
                let parsed = parse_coordinate(&decimal, axis).unwrap();
                prop_assert!((parsed - value).abs() < 1e-6, "{decimal}");
            }
        }

        /// "20.9345" takes the plain-decimal path and "20,9345" the
        /// tokenizer: the two must read every value alike, signs, bounds
        /// and errors included.
        #[test]
        fn the_plain_decimal_path_reads_what_the_tokenizer_reads(
            value in -200.0f64..200.0, digits in 0usize..10, lead in 0usize..2,
        ) {
            for axis in [Axis::Latitude, Axis::Longitude] {
                let dotted = format!("{}{value:.digits$}", if lead == 1 { " " } else { "" });
                let comma = dotted.replace('.', ",");
                let (fast, general) = (parse_coordinate(&dotted, axis), parse_coordinate(&comma, axis));
                match (&fast, &general) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(a.to_bits(), b.to_bits(), "{}", dotted),
                    (Err(a), Err(b)) => prop_assert_eq!(&a.code, &b.code, "{}", dotted),
                    _ => prop_assert!(false, "{dotted}: {fast:?} vs {general:?}"),
                }
            }
        }

        #[test]
        fn offset_then_distance_back_is_the_distance(
            lat in 7.0f64..22.5, lon in 103.0f64..116.5, bearing in 0.0f64..360.0, distance in 0.0f64..=2_000.0,
        ) {
            let boat = at(lat, lon, 5.0);
            let raft = offset(&boat, bearing, distance).unwrap();
            prop_assert!((boat.distance_m(&raft) - distance).abs() < 0.5);
            prop_assert!(raft.accuracy_m >= boat.accuracy_m);
        }

        #[test]
        fn an_average_lies_within_its_fixes(
            points in proptest::collection::vec((6.0f64..23.5, 102.0f64..117.5, 1.0f64..100.0), 1..8),
        ) {
            let fixes: Vec<Position> = points.iter().map(|&(lat, lon, acc)| at(lat, lon, acc)).collect();
            match average(&fixes) {
                Ok(avg) => {
                    let lat_min = fixes.iter().map(|p| p.lat).fold(f64::INFINITY, f64::min);
                    let lat_max = fixes.iter().map(|p| p.lat).fold(f64::NEG_INFINITY, f64::max);
                    prop_assert!((lat_min..=lat_max).contains(&avg.position.lat));
                    prop_assert!(avg.position.accuracy_m >= avg.spread_m);
                    prop_assert!(avg.position.accuracy_m >= avg.standard_error_m);
                }
                Err(e) => prop_assert_eq!(e.code, "fix.scattered"),
            }
        }
    }
}
