//! Idempotency tokens.

use std::fmt;

use super::violation::{Rule, Violation, count, describe_char};

/// A ClientToken: 1-64 visible ASCII characters, case-sensitive.
///
/// The seed says "at most 64 ASCII characters". We also refuse spaces and control
/// characters: the seed's own examples carry stray spaces after `=`, and a token that differs
/// only by an invisible character would silently start a second, non-idempotent request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientToken(String);

impl ClientToken {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<Self, Violation> {
        let chars = input.chars().count();
        if input.is_empty() || chars > Self::MAX_CHARS {
            return Err(Violation::new(
                Rule::ClientToken,
                format!(
                    "must be 1 to {} characters long; it has {}",
                    Self::MAX_CHARS,
                    count(chars, "character")
                ),
            ));
        }
        if let Some(bad) = input.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(Violation::new(
                Rule::ClientToken,
                format!(
                    "may contain only visible ASCII characters (no spaces), not {}",
                    describe_char(bad)
                ),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_sixty_four_visible_ascii() {
        for token in ["a", "ETnLKlblzczshOTUbOCzxxxxxxxxxx", "!~", &"x".repeat(64)] {
            assert_eq!(ClientToken::parse(token).unwrap().as_str(), token);
        }
        // Case-sensitive: distinct tokens stay distinct.
        assert_ne!(
            ClientToken::parse("Ab").unwrap(),
            ClientToken::parse("ab").unwrap()
        );
    }

    #[test]
    fn rejects_empty_and_too_long() {
        for token in ["", &"x".repeat(65)] {
            let err = ClientToken::parse(token).unwrap_err();
            assert_eq!(err.rule, Rule::ClientToken);
            assert!(err.message.starts_with("must be 1 to 64 characters long"));
        }
    }

    #[test]
    fn rejects_spaces_controls_and_non_ascii() {
        for token in [" abc", "ab c", "abc\n", "tökén", "\u{7f}"] {
            let err = ClientToken::parse(token).unwrap_err();
            assert_eq!(err.rule, Rule::ClientToken, "{token:?}");
            assert!(err.message.contains("visible ASCII"));
        }
        assert!(
            ClientToken::parse("ab c")
                .unwrap_err()
                .message
                .ends_with("not a space")
        );
    }
}
