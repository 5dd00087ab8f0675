//! Personal values: names, CCCD numbers and phone numbers. These are personal
//! data: their `Debug` output is masked so they never reach a log whole.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

use super::digits_only;
use crate::error::ParseError;

/// A person's full name: 2 to 100 characters after trimming, letters,
/// spaces and a few marks; whitespace runs collapsed.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let mut name = String::with_capacity(raw.len());
        for word in raw.split_whitespace() {
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(word);
        }
        let len = name.chars().count();
        if len == 0 {
            return Err(ParseError::new(
                "name.empty",
                "Chưa nhập họ và tên",
                "Full name is required",
            ));
        }
        if !(2..=Self::MAX_CHARS).contains(&len) {
            return Err(ParseError::new(
                "name.length",
                format!("Họ và tên phải dài từ 2 đến {} ký tự", Self::MAX_CHARS),
                format!("Full name must be 2 to {} characters", Self::MAX_CHARS),
            ));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_alphabetic() || *c == ' ' || *c == '.' || *c == '-' || *c == '\''))
        {
            return Err(ParseError::new(
                "name.characters",
                format!("Họ và tên có ký tự không hợp lệ: «{bad}»"),
                format!("Full name has an invalid character: «{bad}»"),
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Initials only: enough to tell records apart in a log.
        let initials: String = self.0.split(' ').filter_map(|w| w.chars().next()).collect();
        write!(f, "PersonName({initials}…)")
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = ParseError;
    fn try_from(raw: String) -> Result<Self, ParseError> {
        Self::parse(&raw)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

/// A citizen ID card number (căn cước công dân): exactly 12 digits, the
/// first three a province code from 001 to 096.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct Cccd(String);

impl Cccd {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if trimmed.chars().any(|c| !c.is_ascii_digit()) {
            return Err(ParseError::new(
                "cccd.digits",
                "Số CCCD chỉ gồm chữ số",
                "A CCCD number has digits only",
            ));
        }
        if trimmed.len() != 12 {
            return Err(ParseError::new(
                "cccd.length",
                format!("Số CCCD phải có đúng 12 chữ số (đã nhập {})", trimmed.len()),
                format!(
                    "A CCCD number has exactly 12 digits ({} entered)",
                    trimmed.len()
                ),
            ));
        }
        let province: u32 = trimmed[..3].parse().unwrap_or(0);
        if !(1..=96).contains(&province) {
            return Err(ParseError::new(
                "cccd.province",
                format!("Mã tỉnh {} trong số CCCD không tồn tại", &trimmed[..3]),
                format!(
                    "Province code {} in the CCCD number does not exist",
                    &trimmed[..3]
                ),
            ));
        }
        Ok(Self(trimmed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form safe to show in lists and logs: the last four digits.
    pub fn masked(&self) -> String {
        format!("••••••••{}", &self.0[8..])
    }
}

impl fmt::Debug for Cccd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cccd({})", self.masked())
    }
}

impl TryFrom<String> for Cccd {
    type Error = ParseError;
    fn try_from(raw: String) -> Result<Self, ParseError> {
        Self::parse(&raw)
    }
}

impl From<Cccd> for String {
    fn from(value: Cccd) -> Self {
        value.0
    }
}

/// A Vietnamese phone number, stored in national form starting with 0.
///
/// Mobile: 10 digits, 03/05/07/08/09 prefixes. Landline: 11 digits, 02 then
/// a three-digit area code (0203 is Quảng Ninh). `+84` and `84` prefixes are
/// accepted and normalised.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        if trimmed
            .chars()
            .any(|c| !(c.is_ascii_digit() || " .-()+".contains(c)))
        {
            return Err(ParseError::new(
                "phone.characters",
                "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm hoặc gạch ngang",
                "A phone number has digits, spaces, dots or dashes only",
            ));
        }
        let digits = digits_only(trimmed);
        let national =
            if trimmed.starts_with('+') || (digits.starts_with("84") && digits.len() >= 11) {
                match digits.strip_prefix("84") {
                    Some(rest) => format!("0{rest}"),
                    None => {
                        return Err(ParseError::new(
                            "phone.country",
                            "Chỉ nhận số điện thoại Việt Nam (+84)",
                            "Only Vietnamese phone numbers (+84) are accepted",
                        ))
                    }
                }
            } else {
                digits
            };
        let ok = match national.as_bytes() {
            [b'0', b'3' | b'5' | b'7' | b'8' | b'9', ..] => national.len() == 10,
            [b'0', b'2', ..] => national.len() == 11,
            _ => false,
        };
        if !ok {
            return Err(ParseError::new(
                "phone.format",
                "Số điện thoại không đúng: di động 10 số (03, 05, 07, 08, 09), cố định 11 số (02…)",
                "Invalid phone number: mobile has 10 digits (03, 05, 07, 08, 09), landline 11 (02…)",
            ));
        }
        Ok(Self(national))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        self.0.len() == 10
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber(…{})", &self.0[self.0.len() - 3..])
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = ParseError;
    fn try_from(raw: String) -> Result<Self, ParseError> {
        Self::parse(&raw)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cccd_takes_twelve_digits_with_a_real_province() {
        assert_eq!(
            Cccd::parse("022 186 001 234").unwrap().as_str(),
            "022186001234"
        );
        assert_eq!(Cccd::parse("02218600123").unwrap_err().code, "cccd.length");
        assert_eq!(Cccd::parse("02218600123a").unwrap_err().code, "cccd.digits");
        assert_eq!(
            Cccd::parse("099186001234").unwrap_err().code,
            "cccd.province"
        );
        assert_eq!(
            Cccd::parse("000186001234").unwrap_err().code,
            "cccd.province"
        );
    }

    #[test]
    fn cccd_debug_never_shows_the_whole_number() {
        let c = Cccd::parse("022186001234").unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("022186"), "{shown}");
        assert!(shown.ends_with("1234)"));
    }

    #[test]
    fn phones_normalise_to_national_form() {
        assert_eq!(
            PhoneNumber::parse("+84 912 345 678").unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(
            PhoneNumber::parse("84912345678").unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(
            PhoneNumber::parse("0912.345.678").unwrap().as_str(),
            "0912345678"
        );
        let landline = PhoneNumber::parse("0203 3875 123").unwrap();
        assert_eq!(landline.as_str(), "02033875123");
        assert!(!landline.is_mobile());
    }

    #[test]
    fn bad_phones_say_why() {
        assert_eq!(
            PhoneNumber::parse("0112345678").unwrap_err().code,
            "phone.format"
        );
        assert_eq!(
            PhoneNumber::parse("091234567").unwrap_err().code,
            "phone.format"
        );
        assert_eq!(
            PhoneNumber::parse("+1 415 555 0100").unwrap_err().code,
            "phone.country"
        );
        assert_eq!(
            PhoneNumber::parse("09x2345678").unwrap_err().code,
            "phone.characters"
        );
    }

    #[test]
    fn names_keep_vietnamese_letters_and_collapse_spaces() {
        let n = PersonName::parse("  Nguyễn   Văn  Đức ").unwrap();
        assert_eq!(n.as_str(), "Nguyễn Văn Đức");
        assert_eq!(format!("{n:?}"), "PersonName(NVĐ…)");
        assert_eq!(PersonName::parse(" ").unwrap_err().code, "name.empty");
        assert_eq!(PersonName::parse("A1").unwrap_err().code, "name.characters");
    }

    proptest! {
        #[test]
        fn every_accepted_cccd_is_twelve_digits(s in "[0-9 ]{0,16}") {
            if let Ok(c) = Cccd::parse(&s) {
                prop_assert_eq!(c.as_str().len(), 12);
                prop_assert!(c.as_str().chars().all(|ch| ch.is_ascii_digit()));
            }
        }

        #[test]
        fn valid_mobiles_roundtrip_through_every_prefix_form(prefix in prop::sample::select(vec!["03","05","07","08","09"]), rest in "[0-9]{8}") {
            let national = format!("{prefix}{rest}");
            let international = format!("+84 {}", &national[1..]);
            prop_assert_eq!(String::from(PhoneNumber::parse(&national).unwrap()), national.clone());
            prop_assert_eq!(String::from(PhoneNumber::parse(&international).unwrap()), national.clone());
        }

        #[test]
        fn accepted_names_are_trimmed_collapsed_and_bounded(s in "\\PC{0,120}") {
            if let Ok(n) = PersonName::parse(&s) {
                let len = n.as_str().chars().count();
                prop_assert!((2..=PersonName::MAX_CHARS).contains(&len));
                prop_assert_eq!(n.as_str().trim(), n.as_str());
                prop_assert!(!n.as_str().contains("  "));
                prop_assert_eq!(PersonName::parse(n.as_str()).unwrap(), n.clone());
            }
        }

        #[test]
        fn phone_parse_never_panics(s in "\\PC{0,20}") {
            let _ = PhoneNumber::parse(&s);
        }

        #[test]
        fn accepted_phones_are_ten_or_eleven_digits_starting_with_zero(s in "[+0-9 .-]{0,16}") {
            if let Ok(p) = PhoneNumber::parse(&s) {
                prop_assert!(p.as_str().starts_with('0'));
                prop_assert!(matches!(p.as_str().len(), 10 | 11));
            }
        }
    }
}
