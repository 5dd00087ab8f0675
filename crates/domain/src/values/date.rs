//! Dates of field events: written as officials write them (dd/mm/yyyy) or in
//! ISO form, and never in the future beyond a day's tolerance (time zones and
//! a device clock a little ahead).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

use crate::error::ParseError;

/// A calendar date of something that happened in the field.
///
/// Invariant: when it was entered it was at most one day after the device's
/// "today". Values read back from storage or the wire are only checked for
/// form: they were valid when entered, and "today" has moved on since.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct FieldDate(NaiveDate);

impl FieldDate {
    pub const FUTURE_TOLERANCE_DAYS: i64 = 1;

    /// Parses `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`, rejecting dates more
    /// than a day after `today` and before 2000.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, ParseError> {
        let date = Self::parse_form(raw)?;
        if (date - today).num_days() > Self::FUTURE_TOLERANCE_DAYS {
            return Err(ParseError::new(
                "date.future",
                format!("Ngày {} ở tương lai", Self(date)),
                format!("Date {} is in the future", Self(date)),
            ));
        }
        Ok(Self(date))
    }

    fn parse_form(raw: &str) -> Result<NaiveDate, ParseError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ParseError::new(
                "date.empty",
                "Chưa nhập ngày",
                "Date is required",
            ));
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
            .map_err(|_| {
                ParseError::new(
                    "date.format",
                    format!("«{raw}» không phải là ngày hợp lệ (dd/mm/yyyy)"),
                    format!("«{raw}» is not a valid date (dd/mm/yyyy)"),
                )
            })?;
        if chrono::Datelike::year(&date) < 2000 {
            return Err(ParseError::new(
                "date.too_old",
                "Ngày phải từ năm 2000 trở đi",
                "Date must be in 2000 or later",
            ));
        }
        Ok(date)
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// ISO form, as stored.
    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for FieldDate {
    /// Vietnamese official form: 27/11/2026.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%d/%m/%Y"))
    }
}

impl fmt::Debug for FieldDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldDate({})", self.iso())
    }
}

impl TryFrom<String> for FieldDate {
    type Error = ParseError;
    fn try_from(raw: String) -> Result<Self, ParseError> {
        Self::parse_form(&raw).map(Self)
    }
}

impl From<FieldDate> for String {
    fn from(d: FieldDate) -> String {
        d.iso()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn both_forms_parse_to_the_same_day() {
        let a = FieldDate::parse("27/11/2026", today()).unwrap();
        let b = FieldDate::parse("2026-11-27", today()).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "27/11/2026");
        assert_eq!(
            FieldDate::parse("5/1/2025", today()).unwrap().iso(),
            "2025-01-05"
        );
    }

    #[test]
    fn tomorrow_is_tolerated_the_day_after_is_not() {
        assert!(FieldDate::parse("28/11/2026", today()).is_ok());
        assert_eq!(
            FieldDate::parse("29/11/2026", today()).unwrap_err().code,
            "date.future"
        );
    }

    #[test]
    fn nonsense_and_impossible_dates_are_rejected() {
        assert_eq!(
            FieldDate::parse("31/02/2026", today()).unwrap_err().code,
            "date.format"
        );
        assert_eq!(
            FieldDate::parse("hôm qua", today()).unwrap_err().code,
            "date.format"
        );
        assert_eq!(
            FieldDate::parse("", today()).unwrap_err().code,
            "date.empty"
        );
        assert_eq!(
            FieldDate::parse("01/01/1999", today()).unwrap_err().code,
            "date.too_old"
        );
    }

    proptest! {
        #[test]
        fn every_accepted_date_is_at_most_a_day_ahead(days in -9000i64..9000) {
            let d = today() + chrono::Duration::days(days);
            let typed = d.format("%d/%m/%Y").to_string();
            match FieldDate::parse(&typed, today()) {
                Ok(fd) => { prop_assert!(days <= 1); prop_assert_eq!(fd.date(), d); }
                Err(e) => prop_assert!(days > 1 || e.code == "date.too_old"),
            }
        }
    }
}
