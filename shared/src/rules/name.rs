//! Cluster and data center names.

use std::fmt;

use super::violation::{Rule, Violation, count, describe_char};

/// A cluster name: 2-128 characters, starting with an ASCII letter or a Chinese character,
/// then letters, Chinese characters, digits, `.`, `_` and `-` (CreateCluster's documented rule).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClusterName(String);

/// A data center name. The seed states no rule for DataCenterName; the console shows both
/// names side by side and the cloud generates data center names from cluster names, so we
/// apply the cluster name rule rather than accept anything.
pub type DataCenterName = ClusterName;

impl ClusterName {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, Violation> {
        let chars = input.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars) {
            return Err(Violation::new(
                Rule::NameLength,
                format!(
                    "must be {} to {} characters long; it has {}",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS,
                    count(chars, "character")
                ),
            ));
        }
        let mut rest = input.chars();
        if let Some(first) = rest.next()
            && !(first.is_ascii_alphabetic() || is_chinese(first))
        {
            return Err(Violation::new(
                Rule::NameStart,
                format!(
                    "must start with a letter or a Chinese character, not {}",
                    describe_char(first)
                ),
            ));
        }
        if let Some(bad) = rest.find(|&c| !is_name_char(c)) {
            return Err(Violation::new(
                Rule::NameCharacter,
                format!(
                    "may contain only letters, Chinese characters, digits, `.`, `_` and `-`, \
                     not {}",
                    describe_char(bad)
                ),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for ClusterName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ClusterName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// "Chinese character": the CJK Unified Ideographs block and its Extension A, which hold
/// every character of the common Chinese character sets (GB 2312, GBK, Big5).
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_chinese(c) || matches!(c, '.' | '_' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(input: &str) -> Rule {
        ClusterName::parse(input).unwrap_err().rule
    }

    #[test]
    fn accepts_documented_names() {
        for name in [
            "apitest",
            "Cassandra_test",
            "ab",
            "a1",
            "测试集群",
            "集群-01.prod_a",
            "Z-",
        ] {
            assert_eq!(ClusterName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn length_is_counted_in_characters_at_both_ends() {
        assert_eq!(rule(""), Rule::NameLength);
        assert_eq!(rule("a"), Rule::NameLength);
        assert!(ClusterName::parse("ab").is_ok());
        let max = format!("a{}", "b".repeat(127));
        assert!(ClusterName::parse(&max).is_ok());
        assert_eq!(rule(&format!("{max}c")), Rule::NameLength);
        // 128 Chinese characters are 384 bytes but 128 characters.
        assert!(ClusterName::parse(&"集".repeat(128)).is_ok());
        assert_eq!(rule(&"集".repeat(129)), Rule::NameLength);
        let message = ClusterName::parse("a").unwrap_err().message;
        assert_eq!(
            message,
            "must be 2 to 128 characters long; it has 1 character"
        );
    }

    #[test]
    fn must_start_with_a_letter_or_chinese_character() {
        for name in ["1abc", "_abc", "-abc", ".abc", "éabc", "ゆabc"] {
            assert_eq!(rule(name), Rule::NameStart, "{name}");
        }
        let message = ClusterName::parse("9lives").unwrap_err().message;
        assert!(message.contains("must start with a letter") && message.contains("`9`"));
    }

    #[test]
    fn rejects_other_characters_naming_them() {
        for name in ["ab cd", "ab/cd", "ab@cd", "abé", "ab\tc", "ab，c"] {
            assert_eq!(rule(name), Rule::NameCharacter, "{name}");
        }
        let message = ClusterName::parse("prod cluster").unwrap_err().message;
        assert!(message.ends_with("not a space"), "{message}");
    }

    #[test]
    fn chinese_range_edges() {
        assert!(ClusterName::parse("\u{4E00}a").is_ok());
        assert!(ClusterName::parse("\u{9FFF}a").is_ok());
        assert!(ClusterName::parse("\u{3400}a").is_ok());
        assert_eq!(rule("\u{A000}a"), Rule::NameStart);
        assert_eq!(rule("\u{33FF}a"), Rule::NameStart);
    }
}
