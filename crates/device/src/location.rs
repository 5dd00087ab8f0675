//! Positions from the device's own location service (a tablet's GPS, as
//! the webview reads it). One fix from a boat is worth little and a tablet's
//! jumps by metres from second to second, so the form keeps listening for a
//! few seconds and has the fixes averaged here, by the same rule as an NMEA
//! receiver's (`tidemark_domain::values::average`).

use serde::{Deserialize, Serialize};
use tidemark_domain::values::{average, AveragedFix, Position, PositionSource};
use ts_rs::TS;

use crate::error::DeviceError;

/// Most fixes one average takes (a form listens for a few seconds).
pub const MAX_DEVICE_FIXES: usize = 60;

/// One fix as the location service reported it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeviceFix {
    pub lat: f64,
    pub lon: f64,
    /// The service's own accuracy estimate, metres.
    pub accuracy_m: f64,
}

/// Averages fixes of the location service; each must be a valid position
/// in Vietnam's waters (the first that is not says why).
pub fn average_device_fixes(fixes: &[DeviceFix]) -> Result<AveragedFix, DeviceError> {
    let too_many = || {
        DeviceError::invalid(
            "fixes",
            tidemark_domain::ParseError::new(
                "fix.too_many",
                format!("Tối đa {MAX_DEVICE_FIXES} lần đo một lần lấy trung bình"),
                format!("At most {MAX_DEVICE_FIXES} fixes per average"),
            ),
        )
    };
    if fixes.len() > MAX_DEVICE_FIXES {
        return Err(too_many());
    }
    let positions = fixes
        .iter()
        .map(|f| Position::new(f.lat, f.lon, f.accuracy_m, PositionSource::Device))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| DeviceError::invalid("fixes", e))?;
    average(&positions).map_err(|e| DeviceError::invalid("fixes", e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fix(lat: f64, lon: f64, accuracy_m: f64) -> DeviceFix {
        DeviceFix {
            lat,
            lon,
            accuracy_m,
        }
    }

    #[test]
    fn fixes_average_to_a_better_position_than_one_of_them() {
        // Five fixes of ±12 m, a few metres apart, around one spot by Hà An.
        let fixes = [
            fix(20.93127, 106.85123, 12.0),
            fix(20.93130, 106.85120, 12.0),
            fix(20.93124, 106.85126, 12.0),
            fix(20.93129, 106.85125, 12.0),
            fix(20.93126, 106.85121, 12.0),
        ];
        let averaged = average_device_fixes(&fixes).unwrap();
        assert_eq!(averaged.count, 5);
        assert_eq!(averaged.position.source, PositionSource::Device);
        assert!((averaged.position.lat - 20.931272).abs() < 1e-5);
        assert!((averaged.position.lon - 106.85123).abs() < 1e-5);
        assert!(averaged.position.accuracy_m < 12.0, "{averaged:?}");
        assert!(!averaged.mixed_sources);
    }

    #[test]
    fn a_fix_outside_vietnam_or_a_bad_accuracy_or_none_is_refused_with_its_reason() {
        let code = |fixes: &[DeviceFix]| match average_device_fixes(fixes).unwrap_err() {
            DeviceError::Validation(errors) => errors.0[0].code.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code(&[]), "fix.none");
        assert_eq!(code(&[fix(48.85, 2.35, 10.0)]), "position.outside_vietnam");
        assert_eq!(code(&[fix(20.93, 106.85, -1.0)]), "position.accuracy");
        assert_eq!(
            code(&[fix(20.70, 106.85, 5.0), fix(21.10, 106.85, 5.0)]),
            "fix.scattered"
        );
        assert_eq!(
            code(&[fix(20.93, 106.85, 5.0); MAX_DEVICE_FIXES + 1]),
            "fix.too_many"
        );
    }
}
