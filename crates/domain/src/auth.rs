//! Accounts on the wire: who signs in, with what, and what comes back.
//!
//! Usernames and passwords are parsed here so that the server, the CLI and
//! the app reject the same bad input with the same code and message.
//! Passwords never appear in Debug output.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

use crate::ids::DeviceId;
use crate::reference::Role;
use crate::ParseError;

/// A sign-in name: 3–32 characters, lower-case ASCII letters, digits, `.`,
/// `_` or `-`, starting with a letter. Stored and compared lower-cased, so
/// "Lan.NT" and "lan.nt" are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let name = raw.trim().to_ascii_lowercase();
        if name.len() < 3 || name.len() > 32 {
            return Err(ParseError::new(
                "username.length",
                "Tên đăng nhập phải có từ 3 đến 32 ký tự",
                "A username has 3 to 32 characters",
            ));
        }
        let valid_chars = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if !valid_chars || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(ParseError::new(
                "username.format",
                "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang và bắt đầu bằng chữ",
                "A username holds only letters without diacritics, digits, '.', '_' or '-', and starts with a letter",
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: at least 10 characters, at most 256 (argon2 input stays
/// bounded). Debug never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(ParseError::new(
                "password.too_short",
                format!("Mật khẩu phải có ít nhất {} ký tự", Self::MIN_CHARS),
                format!("A password has at least {} characters", Self::MIN_CHARS),
            ));
        }
        if chars > 256 {
            return Err(ParseError::new(
                "password.too_long",
                "Mật khẩu dài quá 256 ký tự",
                "A password has at most 256 characters",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// `POST /api/v1/auth/sign-in`: enrols the device and returns its token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
    pub device_id: DeviceId,
    /// What the device calls itself ("Máy tính bảng tổ 2"), for the admin's
    /// device list.
    #[serde(default)]
    pub device_label: String,
}

impl fmt::Debug for SignInRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInRequest")
            .field("username", &self.username)
            .field("password", &"***")
            .field("device_id", &self.device_id)
            .finish_non_exhaustive()
    }
}

/// An account as the API shows it; never a password or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The current wards this account covers; an admin sees every ward.
    pub wards: Vec<String>,
    pub disabled: bool,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct SignInResponse {
    /// The device's bearer token; shown once, stored on the device only.
    pub token: String,
    pub account: Account,
}

impl fmt::Debug for SignInResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInResponse")
            .field("token", &"***")
            .field("account", &self.account)
            .finish()
    }
}

/// `POST /api/v1/users` (admins only).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub wards: Vec<String>,
    pub password: String,
}

impl fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewAccount")
            .field("username", &self.username)
            .field("role", &self.role)
            .field("wards", &self.wards)
            .finish_non_exhaustive()
    }
}

/// An enrolled device as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct EnrolledDevice {
    pub device_id: DeviceId,
    pub username: String,
    pub label: String,
    pub enrolled_at: String,
    pub revoked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usernames_are_lower_cased_and_checked() {
        assert_eq!(Username::parse(" Lan.NT ").unwrap().as_str(), "lan.nt");
        assert_eq!(Username::parse("ab").unwrap_err().code, "username.length");
        assert_eq!(
            Username::parse("lân.nt").unwrap_err().code,
            "username.format"
        );
        assert_eq!(Username::parse("1lan").unwrap_err().code, "username.format");
        assert_eq!(
            Username::parse("lan nt").unwrap_err().code,
            "username.format"
        );
    }

    #[test]
    fn passwords_have_bounds_and_never_show() {
        assert_eq!(
            NewPassword::parse("short").unwrap_err().code,
            "password.too_short"
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(257)).unwrap_err().code,
            "password.too_long"
        );
        let p = NewPassword::parse("Mật khẩu đủ dài").unwrap();
        assert!(!format!("{p:?}").contains("khẩu"));
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let request = SignInRequest {
            username: "lan".into(),
            password: "bí-mật-0123".into(),
            device_id: DeviceId::new(),
            device_label: String::new(),
        };
        assert!(!format!("{request:?}").contains("bí-mật"));
    }

    proptest! {
        #[test]
        fn a_parsed_username_parses_again_to_itself(raw in "[A-Za-z][A-Za-z0-9._-]{2,31}") {
            let once = Username::parse(&raw).unwrap();
            prop_assert_eq!(Username::parse(once.as_str()).unwrap(), once);
        }
    }
}
