//! A string that must never be printed: passwords travel in request types as this.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret value (a password). `Debug` and `Display` never show it; serde passes it through,
/// because the wire and the REST API must carry it.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself: call only where it must leave the process (signing, hashing).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = SecretString::new("Pa55word!");
        assert!(!format!("{s:?} {s}").contains("Pa55word"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Pa55word!\"");
    }
}
