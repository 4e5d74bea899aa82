//! Parsed input: values that have passed `shared::rest::rules`, so code taking them need not
//! check again ("parse, don't validate").

use shared::SecretString;
use shared::rest::{FieldError, Timestamp, rules};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A user name that follows [`rules::username`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(field: &str, name: &str) -> Result<Self, FieldError> {
        rules::username(field, name)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Username {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A new password that follows [`rules::password`] for its user.
#[derive(Debug, Clone)]
pub struct NewPassword(SecretString);

impl NewPassword {
    pub fn parse(field: &str, password: SecretString, username: &str) -> Result<Self, FieldError> {
        rules::password(field, password.expose(), username)?;
        Ok(Self(password))
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

/// A token name that follows [`rules::token_name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub fn parse(field: &str, name: &str) -> Result<Self, FieldError> {
        rules::token_name(field, name)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The REST API's time format: RFC 3339 in UTC.
pub fn timestamp(t: OffsetDateTime) -> Timestamp {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Parses an RFC 3339 time given in `field`.
pub fn parse_timestamp(field: &str, text: &str) -> Result<OffsetDateTime, FieldError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
        FieldError::new(
            field,
            rules::code::TIMESTAMP,
            "must be an RFC 3339 time, e.g. 2026-12-31T23:59:00Z",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_in_utc() {
        let t = parse_timestamp("at", "2026-12-04T16:00:00+02:00").unwrap();
        assert_eq!(timestamp(t), "2026-12-04T14:00:00Z");
        assert_eq!(
            parse_timestamp("at", "yesterday").unwrap_err().rule,
            "timestamp"
        );
    }

    #[test]
    fn new_passwords_are_checked_against_their_user() {
        let ok = NewPassword::parse("password", "a long enough pass".into(), "alice");
        assert!(ok.is_ok());
        let e = NewPassword::parse("password", "alice-in-wonderland".into(), "alice").unwrap_err();
        assert_eq!(e.rule, rules::code::PASSWORD_CONTAINS_USERNAME);
    }
}
