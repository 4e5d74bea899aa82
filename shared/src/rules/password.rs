//! Database account passwords (CreateCluster, ModifyAccountPassword).

use crate::SecretString;

use super::violation::{Rule, Violation, count, describe_char};

/// A password that meets the documented rule: 8-32 characters, at least three of the four
/// kinds (upper-case, lower-case, digit, special), specials only from `!@#$%^&*()_+-=`.
///
/// Holds a [`SecretString`], so `Debug` never shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Password(SecretString);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 32;
    /// The only special characters the cloud accepts.
    pub const SPECIALS: &'static str = "!@#$%^&*()_+-=";

    /// Messages never repeat the password. A character outside the allowed set is named,
    /// because the user cannot fix it otherwise; a password holding it is never valid.
    pub fn parse(input: &str) -> Result<Self, Violation> {
        let chars = input.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars) {
            return Err(Violation::new(
                Rule::PasswordLength,
                format!(
                    "must be {} to {} characters long; it has {}",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS,
                    count(chars, "character")
                ),
            ));
        }
        let mut present = [false; 4];
        for c in input.chars() {
            match Kind::of(c) {
                Some(kind) => present[kind as usize] = true,
                None => {
                    return Err(Violation::new(
                        Rule::PasswordCharacter,
                        format!(
                            "may contain only letters, digits and the special characters {}; \
                             {} is not allowed",
                            Self::SPECIALS,
                            describe_char(c)
                        ),
                    ));
                }
            }
        }
        let kinds = present.iter().filter(|&&p| p).count();
        if kinds < 3 {
            let missing: Vec<&str> = Kind::ALL
                .iter()
                .filter(|k| !present[**k as usize])
                .map(|k| k.name())
                .collect();
            return Err(Violation::new(
                Rule::PasswordClasses,
                format!(
                    "must contain at least three of: upper-case letters, lower-case letters, \
                     digits, special characters; add {}",
                    join_or(&missing)
                ),
            ));
        }
        Ok(Self(SecretString::new(input)))
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Upper,
    Lower,
    Digit,
    Special,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Upper, Kind::Lower, Kind::Digit, Kind::Special];

    fn of(c: char) -> Option<Kind> {
        match c {
            'A'..='Z' => Some(Kind::Upper),
            'a'..='z' => Some(Kind::Lower),
            '0'..='9' => Some(Kind::Digit),
            c if Password::SPECIALS.contains(c) => Some(Kind::Special),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Upper => "an upper-case letter",
            Kind::Lower => "a lower-case letter",
            Kind::Digit => "a digit",
            Kind::Special => "a special character",
        }
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(input: &str) -> Rule {
        Password::parse(input).unwrap_err().rule
    }

    #[test]
    fn accepts_three_or_four_kinds() {
        for password in [
            "Abcdefg1",
            "abcdef1!",
            "ABCDEF1!",
            "Abcdefg!",
            "Aa1!Aa1!",
            "Pa55-w0rd=+",
        ] {
            let parsed = Password::parse(password).unwrap();
            assert_eq!(parsed.secret().expose(), password);
        }
        // Every documented special character counts as one.
        for special in Password::SPECIALS.chars() {
            assert!(
                Password::parse(&format!("abcdef1{special}")).is_ok(),
                "{special}"
            );
        }
    }

    #[test]
    fn length_boundaries() {
        assert_eq!(rule(""), Rule::PasswordLength);
        assert_eq!(rule("Abcde1!"), Rule::PasswordLength); // 7
        assert!(Password::parse("Abcdef1!").is_ok()); // 8
        let thirty_two = format!("Aa1!{}", "x".repeat(28));
        assert!(Password::parse(&thirty_two).is_ok());
        assert_eq!(rule(&format!("{thirty_two}x")), Rule::PasswordLength); // 33
        let message = Password::parse("Ab1!").unwrap_err().message;
        assert_eq!(
            message,
            "must be 8 to 32 characters long; it has 4 characters"
        );
    }

    #[test]
    fn rejects_two_kinds_naming_what_to_add() {
        assert_eq!(rule("abcdefgh"), Rule::PasswordClasses);
        assert_eq!(rule("abcdefg1"), Rule::PasswordClasses);
        assert_eq!(rule("ABCDEFG!"), Rule::PasswordClasses);
        assert_eq!(rule("12345678"), Rule::PasswordClasses);
        let message = Password::parse("abcdefg1").unwrap_err().message;
        assert!(
            message.ends_with("add an upper-case letter or a special character"),
            "{message}"
        );
        let message = Password::parse("abcdefgh").unwrap_err().message;
        assert!(message.ends_with("add an upper-case letter, a digit or a special character"));
    }

    #[test]
    fn rejects_other_characters_naming_them() {
        // The seed's own example uses the full-width yuan sign, which the rule excludes.
        let err = Password::parse("Alibaba@#￥**").unwrap_err();
        assert_eq!(err.rule, Rule::PasswordCharacter);
        assert!(
            err.message.contains("`￥` is not allowed"),
            "{}",
            err.message
        );
        assert_eq!(rule("Abcdef1 !"), Rule::PasswordCharacter);
        assert_eq!(rule("Abcdef1!~"), Rule::PasswordCharacter);
        assert_eq!(rule("Abcdef1!."), Rule::PasswordCharacter);
        assert_eq!(rule("Äbcdef1!x"), Rule::PasswordCharacter);
        let message = Password::parse("Abcdef1\t!").unwrap_err().message;
        assert!(message.contains("U+0009 is not allowed"), "{message}");
    }

    #[test]
    fn never_shows_the_password() {
        let password = Password::parse("Secret#Pass1").unwrap();
        assert!(!format!("{password:?}").contains("Secret"));
        for bad in ["Secret#", "secretpass", "Secret#Pass1{"] {
            let message = Password::parse(bad).unwrap_err().message;
            assert!(!message.contains("ecret"), "{message}");
        }
    }
}
