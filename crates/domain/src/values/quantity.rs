//! Counts, lengths and money: non-negative, with a sane maximum so that a
//! slipped finger (an extra zero or three) is caught at entry.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ParseError;

/// `whole`: the quantity is a whole number, so "1.200" reads as 1200 (the
/// Vietnamese thousands dot). For lengths the dot is a decimal point.
fn parse_number(
    raw: &str,
    whole: bool,
    code: &'static str,
    what_vi: &str,
    what_en: &str,
) -> Result<f64, ParseError> {
    // People type "1.200" (Vietnamese thousands dot), "1 200" or "1,5" (decimal comma).
    let cleaned: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let normalised = if cleaned.contains(',') {
        cleaned.replace('.', "").replace(',', ".")
    } else if whole
        && cleaned.contains('.')
        && cleaned.split('.').skip(1).all(|group| group.len() == 3)
    {
        // "1.200" and "2.500.000" use the Vietnamese thousands dot.
        cleaned.replace('.', "")
    } else {
        cleaned
    };
    normalised.parse::<f64>().map_err(|_| {
        ParseError::new(
            code,
            format!("{what_vi}: «{}» không phải là số", raw.trim()),
            format!("{what_en}: «{}» is not a number", raw.trim()),
        )
    })
}

/// A count of floats, cells or similar: a whole number from 0 to 100 000.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS,
)]
#[serde(try_from = "u32", into = "u32")]
#[ts(export, type = "number")]
pub struct Count(u32);

impl Count {
    pub const MAX: u32 = 100_000;
    pub const ZERO: Count = Count(0);

    pub fn new(n: u32) -> Result<Self, ParseError> {
        if n > Self::MAX {
            return Err(ParseError::new(
                "count.too_large",
                format!("Số lượng {n} quá lớn (tối đa {})", Self::MAX),
                format!("Count {n} is too large (at most {})", Self::MAX),
            ));
        }
        Ok(Self(n))
    }

    /// Parses what a person typed; empty means zero.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if raw.trim().is_empty() {
            return Ok(Self(0));
        }
        let n = parse_number(raw, true, "count.number", "Số lượng", "Count")?;
        if n < 0.0 {
            return Err(ParseError::new(
                "count.negative",
                "Số lượng không được âm",
                "A count cannot be negative",
            ));
        }
        if n.fract() != 0.0 {
            return Err(ParseError::new(
                "count.whole",
                "Số lượng phải là số nguyên",
                "A count must be a whole number",
            ));
        }
        if n > f64::from(Self::MAX) {
            return Err(ParseError::new(
                "count.too_large",
                format!("Số lượng {n} quá lớn (tối đa {})", Self::MAX),
                format!("Count {n} is too large (at most {})", Self::MAX),
            ));
        }
        Self::new(n as u32)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Count {
    type Error = ParseError;
    fn try_from(n: u32) -> Result<Self, ParseError> {
        Self::new(n)
    }
}

impl From<Count> for u32 {
    fn from(c: Count) -> u32 {
        c.0
    }
}

/// A length in metres, from 0 (exclusive) to 1 000.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize, TS)]
#[serde(try_from = "f64", into = "f64")]
#[ts(export, type = "number")]
pub struct Meters(f64);

impl Meters {
    pub const MAX: f64 = 1_000.0;

    pub fn new(m: f64) -> Result<Self, ParseError> {
        if !m.is_finite() || m <= 0.0 || m > Self::MAX {
            return Err(ParseError::new(
                "length.range",
                "Kích thước phải lớn hơn 0 và không quá 1 000 m",
                "A length must be above 0 and at most 1,000 m",
            ));
        }
        Ok(Self(m))
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        Self::new(parse_number(
            raw,
            false,
            "length.number",
            "Kích thước",
            "Length",
        )?)
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Meters {
    type Error = ParseError;
    fn try_from(m: f64) -> Result<Self, ParseError> {
        Self::new(m)
    }
}

impl From<Meters> for f64 {
    fn from(m: Meters) -> f64 {
        m.0
    }
}

/// An amount of money in Vietnamese đồng: whole, from 0 to 10 billion.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS,
)]
#[serde(try_from = "i64", into = "i64")]
#[ts(export, type = "number")]
pub struct Vnd(i64);

impl Vnd {
    pub const MAX: i64 = 10_000_000_000;

    pub fn new(amount: i64) -> Result<Self, ParseError> {
        if !(0..=Self::MAX).contains(&amount) {
            return Err(ParseError::new(
                "money.range",
                "Số tiền phải từ 0 đến 10 tỷ đồng",
                "An amount must be from 0 to 10 billion VND",
            ));
        }
        Ok(Self(amount))
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if raw.trim().is_empty() {
            return Ok(Self(0));
        }
        let n = parse_number(
            raw.trim_end_matches(['đ', 'd', ' ']),
            true,
            "money.number",
            "Số tiền",
            "Amount",
        )?;
        if n.fract() != 0.0 || n < 0.0 || n > Self::MAX as f64 {
            return Self::new(-1);
        }
        Self::new(n as i64)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Vnd {
    type Error = ParseError;
    fn try_from(n: i64) -> Result<Self, ParseError> {
        Self::new(n)
    }
}

impl From<Vnd> for i64 {
    fn from(v: Vnd) -> i64 {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_read_the_way_people_type_them() {
        assert_eq!(Count::parse("1.200").unwrap().get(), 1200);
        assert_eq!(Count::parse(" 350 ").unwrap().get(), 350);
        assert_eq!(Count::parse("").unwrap().get(), 0);
        assert_eq!(Count::parse("-3").unwrap_err().code, "count.negative");
        assert_eq!(Count::parse("2,5").unwrap_err().code, "count.whole");
        assert_eq!(Count::parse("abc").unwrap_err().code, "count.number");
        let too_large = Count::parse("1000000").unwrap_err();
        assert_eq!(too_large.code, "count.too_large");
        assert!(
            too_large.message.en.contains("1000000"),
            "{}",
            too_large.message.en
        );
    }

    #[test]
    fn money_accepts_dong_suffix_and_thousand_dots() {
        assert_eq!(Vnd::parse("2.500.000đ").unwrap().get(), 2_500_000);
        assert_eq!(Vnd::parse("-5").unwrap_err().code, "money.range");
    }

    #[test]
    fn lengths_take_a_decimal_comma() {
        assert_eq!(Meters::parse("12,5").unwrap().get(), 12.5);
        // A dot in a length is a decimal point, never a thousands dot.
        assert_eq!(Meters::parse("12.125").unwrap().get(), 12.125);
        assert_eq!(Meters::parse("0.125").unwrap().get(), 0.125);
        assert_eq!(Meters::parse("0").unwrap_err().code, "length.range");
    }

    proptest! {
        #[test]
        fn count_parse_roundtrips_every_valid_count(n in 0u32..=100_000) {
            prop_assert_eq!(Count::parse(&n.to_string()).unwrap().get(), n);
        }

        #[test]
        fn count_never_holds_more_than_max(n in any::<u32>()) {
            match Count::new(n) {
                Ok(c) => prop_assert!(c.get() <= Count::MAX),
                Err(e) => prop_assert_eq!(e.code, "count.too_large"),
            }
        }

        #[test]
        fn count_parse_never_panics(s in "\\PC{0,12}") {
            let _ = Count::parse(&s);
        }

        #[test]
        fn every_accepted_length_is_in_range_and_decimals_roundtrip(s in "[0-9.,]{0,8}", m in 0.01f64..1000.0) {
            if let Ok(len) = Meters::parse(&s) {
                prop_assert!(len.get() > 0.0 && len.get() <= Meters::MAX);
            }
            let typed = format!("{m:.2}");
            let back = Meters::parse(&typed).unwrap().get();
            prop_assert!((back - typed.parse::<f64>().unwrap()).abs() < 1e-9);
            prop_assert_eq!(Meters::parse(&typed.replace('.', ",")).unwrap().get(), back);
        }

        #[test]
        fn money_roundtrips_with_thousand_dots(n in 0i64..=10_000_000_000) {
            let plain = n.to_string();
            let mut dotted = String::new();
            for (i, ch) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 {
                    dotted.push('.');
                }
                dotted.push(ch);
            }
            prop_assert_eq!(Vnd::parse(&plain).unwrap().get(), n);
            prop_assert_eq!(Vnd::parse(&format!("{dotted}đ")).unwrap().get(), n);
        }

        #[test]
        fn money_never_holds_a_negative_or_huge_amount(s in "[-0-9.,đ ]{0,16}") {
            if let Ok(v) = Vnd::parse(&s) {
                prop_assert!((0..=Vnd::MAX).contains(&v.get()));
            }
        }
    }
}
