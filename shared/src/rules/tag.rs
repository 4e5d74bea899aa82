//! Resource tags (TagResources, UnTagResources).

use std::fmt;

use super::violation::{Rule, Violation, count};

/// At most 20 tags (or tag keys) per request: Alibaba Cloud's documented limit for
/// TagResources / UnTagResources, which the seed does not restate.
pub const MAX_TAGS: usize = 20;
/// At most 50 resources per request: the same documents' limit for `ResourceId.N`.
pub const MAX_RESOURCES: usize = 50;

/// A tag key: 1-128 characters, not starting with `aliyun` or `acs:` (reserved for the
/// cloud's own tags, any case), and not containing `http://` or `https://`, as Alibaba
/// Cloud's tag service requires.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagKey(String);

impl TagKey {
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, Violation> {
        Self::parse_existing(input)?;
        let lower = input.to_ascii_lowercase();
        if let Some(prefix) = ["aliyun", "acs:"]
            .into_iter()
            .find(|p| lower.starts_with(p))
        {
            return Err(Violation::new(
                Rule::TagKeyReserved,
                format!(
                    "may not start with `{prefix}`: that prefix is reserved for Alibaba Cloud's own tags"
                ),
            ));
        }
        if lower.contains("http://") || lower.contains("https://") {
            return Err(Violation::new(
                Rule::TagKeyReserved,
                "may not contain `http://` or `https://`",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// A key as it may already exist on a resource (UnTagResources): only the length rule,
    /// so system tags the cloud shows can still be named.
    pub fn parse_existing(input: &str) -> Result<Self, Violation> {
        let chars = input.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS {
            return Err(Violation::new(
                Rule::TagKeyLength,
                format!(
                    "must be 1 to {} characters long; it has {}",
                    Self::MAX_CHARS,
                    count(chars, "character")
                ),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag value: at most 128 characters; empty is allowed (ListTags returns such tags).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagValue(String);

impl TagValue {
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, Violation> {
        let chars = input.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(Violation::new(
                Rule::TagValueLength,
                format!(
                    "must be at most {} characters long; it has {}",
                    Self::MAX_CHARS,
                    count(chars, "character")
                ),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 1 to `max` items of a repeated parameter (tags, tag keys, resources).
pub(crate) fn check_count(
    items: usize,
    max: usize,
    noun: &str,
    rule: Rule,
) -> Result<(), Violation> {
    if (1..=max).contains(&items) {
        Ok(())
    } else {
        Err(Violation::new(
            rule,
            format!(
                "must list 1 to {max} {noun}s; it lists {}",
                count(items, noun)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_one_to_128_characters() {
        for key in ["k", "env", "环境", &"k".repeat(128), "my-aliyun", "Acs"] {
            assert_eq!(TagKey::parse(key).unwrap().as_str(), key);
        }
        for key in ["", &"k".repeat(129)] {
            let err = TagKey::parse(key).unwrap_err();
            assert_eq!(err.rule, Rule::TagKeyLength);
            assert!(err.message.starts_with("must be 1 to 128 characters long"));
        }
        assert!(TagKey::parse(&"键".repeat(128)).is_ok());
    }

    #[test]
    fn reserved_prefixes_and_urls() {
        for key in [
            "aliyun",
            "aliyunTeam",
            "ALIYUN:x",
            "acs:rm:rgId",
            "ACS:x",
            "see http://x",
            "HTTPS://x",
        ] {
            assert_eq!(
                TagKey::parse(key).unwrap_err().rule,
                Rule::TagKeyReserved,
                "{key}"
            );
        }
        let message = TagKey::parse("acs:x").unwrap_err().message;
        assert!(
            message.starts_with("may not start with `acs:`"),
            "{message}"
        );
        // Existing system keys can still be named for removal.
        assert!(TagKey::parse_existing("acs:rm:rgId").is_ok());
        assert_eq!(
            TagKey::parse_existing("").unwrap_err().rule,
            Rule::TagKeyLength
        );
    }

    #[test]
    fn values_up_to_128_characters_and_may_be_empty() {
        for value in ["", "v", &"v".repeat(128), "aliyun"] {
            assert_eq!(TagValue::parse(value).unwrap().as_str(), value);
        }
        let err = TagValue::parse(&"v".repeat(129)).unwrap_err();
        assert_eq!(err.rule, Rule::TagValueLength);
        assert_eq!(
            err.message,
            "must be at most 128 characters long; it has 129 characters"
        );
    }

    #[test]
    fn counts() {
        assert!(check_count(1, MAX_TAGS, "tag", Rule::TagCount).is_ok());
        assert!(check_count(20, MAX_TAGS, "tag", Rule::TagCount).is_ok());
        for n in [0, 21] {
            let err = check_count(n, MAX_TAGS, "tag", Rule::TagCount).unwrap_err();
            assert_eq!(err.rule, Rule::TagCount);
            assert!(
                err.message.starts_with("must list 1 to 20 tags"),
                "{}",
                err.message
            );
        }
    }
}
