//! Security groups bound to a cluster (ModifySecurityGroups).

use std::fmt;

use super::violation::{Rule, Violation};

/// The `SecurityGroupIds` parameter: 1-3 distinct ids, comma-separated, each `sg-` followed by
/// letters and digits (`sg-t4ng4yyc916o81nua6`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroupIds(Vec<String>);

impl SecurityGroupIds {
    pub const MAX: usize = 3;
    /// Real ids are about 22 characters; the cap only stops pasted garbage.
    const MAX_ID_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<Self, Violation> {
        let ids: Vec<&str> = input.split(',').collect();
        if input.is_empty() || ids.len() > Self::MAX {
            let listed = if input.is_empty() { 0 } else { ids.len() };
            return Err(Violation::new(
                Rule::SecurityGroupCount,
                format!(
                    "must list 1 to {} security group ids, comma-separated; it lists {listed}",
                    Self::MAX
                ),
            ));
        }
        let mut seen: Vec<&str> = Vec::with_capacity(ids.len());
        for id in ids {
            if !is_security_group_id(id) {
                let what = if id.is_empty() {
                    "an empty entry".to_owned()
                } else {
                    format!("`{id}`")
                };
                return Err(Violation::new(
                    Rule::SecurityGroupFormat,
                    format!(
                        "has {what}, which is not a security group id (`sg-` followed by letters \
                         and digits, comma-separated without spaces)"
                    ),
                ));
            }
            if seen.contains(&id) {
                return Err(Violation::new(
                    Rule::SecurityGroupDuplicate,
                    format!("lists `{id}` twice"),
                ));
            }
            seen.push(id);
        }
        Ok(Self(seen.into_iter().map(str::to_owned).collect()))
    }

    pub fn ids(&self) -> &[String] {
        &self.0
    }
}

fn is_security_group_id(id: &str) -> bool {
    id.len() <= SecurityGroupIds::MAX_ID_CHARS
        && id
            .strip_prefix("sg-")
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The wire form: ids joined by commas.
impl fmt::Display for SecurityGroupIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_three_ids() {
        for input in [
            "sg-a",
            "sg-t4ng4yyc916o81nua6",
            "sg-1,sg-2",
            "sg-1,sg-2,sg-3",
            "sg-ABC123",
        ] {
            assert_eq!(SecurityGroupIds::parse(input).unwrap().to_string(), input);
        }
        assert_eq!(
            SecurityGroupIds::parse("sg-1,sg-2").unwrap().ids(),
            ["sg-1", "sg-2"]
        );
    }

    #[test]
    fn count_limits() {
        for (input, listed) in [("", 0), ("sg-1,sg-2,sg-3,sg-4", 4)] {
            let err = SecurityGroupIds::parse(input).unwrap_err();
            assert_eq!(err.rule, Rule::SecurityGroupCount);
            assert!(
                err.message.ends_with(&format!("it lists {listed}")),
                "{}",
                err.message
            );
        }
    }

    #[test]
    fn malformed_ids_are_named() {
        for input in [
            "sg-",
            "sg_1",
            "SG-1",
            "1",
            "sg-1,",
            ",sg-1",
            "sg-1, sg-2",
            "sg-a*b",
            "sg-ü",
        ] {
            let err = SecurityGroupIds::parse(input).unwrap_err();
            assert_eq!(err.rule, Rule::SecurityGroupFormat, "{input}");
        }
        let long = format!("sg-{}", "a".repeat(62));
        assert_eq!(
            SecurityGroupIds::parse(&long).unwrap_err().rule,
            Rule::SecurityGroupFormat
        );
        assert!(SecurityGroupIds::parse(&long[..64]).is_ok());
        let message = SecurityGroupIds::parse("sg-1,sg 2").unwrap_err().message;
        assert!(
            message.starts_with("has `sg 2`, which is not a security group id"),
            "{message}"
        );
        let message = SecurityGroupIds::parse("sg-1,").unwrap_err().message;
        assert!(message.starts_with("has an empty entry"), "{message}");
    }

    #[test]
    fn duplicates_are_rejected() {
        let err = SecurityGroupIds::parse("sg-1,sg-2,sg-1").unwrap_err();
        assert_eq!(
            (err.rule, err.message.as_str()),
            (Rule::SecurityGroupDuplicate, "lists `sg-1` twice")
        );
    }
}
