//! Cluster configuration parameters: DescribeParameters' `AllowedValues` grammar.

use std::fmt;

use super::violation::{FieldError, Rule, Violation};

/// What a parameter accepts, parsed from its `AllowedValues` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedValues {
    /// `R[min, max]`: an integer in the inclusive range (defaults equal to a bound, such as
    /// truncate_request_timeout_in_ms = 60000 with R[1000, 60000], show the bounds are in).
    Range { min: i64, max: i64 },
    /// `G[a|b|...]`: exactly one of the listed values (case-sensitive).
    Choice(Vec<String>),
    /// A form we do not know (or a malformed one), kept verbatim. Any value is accepted: the
    /// cloud still checks it, and refusing would lock users out of a parameter the cloud
    /// added after this code was written.
    Unknown(String),
}

impl AllowedValues {
    /// Never fails: unknown or malformed grammar becomes [`AllowedValues::Unknown`].
    pub fn parse(grammar: &str) -> Self {
        let grammar = grammar.trim();
        let unknown = || AllowedValues::Unknown(grammar.to_owned());
        if let Some(body) = bracketed(grammar, 'R') {
            let Some((min, max)) = body.split_once(',') else {
                return unknown();
            };
            return match (min.trim().parse::<i64>(), max.trim().parse::<i64>()) {
                (Ok(min), Ok(max)) if min <= max => AllowedValues::Range { min, max },
                _ => unknown(),
            };
        }
        if let Some(body) = bracketed(grammar, 'G') {
            let choices: Vec<String> = body.split('|').map(|c| c.trim().to_owned()).collect();
            if choices.iter().any(String::is_empty) {
                return unknown();
            }
            return AllowedValues::Choice(choices);
        }
        unknown()
    }

    /// Check a new value, naming the rule in the message.
    pub fn check(&self, value: &str) -> Result<(), Violation> {
        self.check_for(value, None)
    }

    /// What the values look like, e.g. "an integer between 1000 and 60000" (for forms and
    /// messages); `None` when anything goes.
    pub fn describe(&self) -> Option<String> {
        match self {
            AllowedValues::Range { min, max } => {
                Some(format!("an integer between {min} and {max}"))
            }
            AllowedValues::Choice(choices) => Some(format!("one of {}", choices.join(", "))),
            AllowedValues::Unknown(_) => None,
        }
    }

    fn accepts(&self, value: &str) -> bool {
        match self {
            // `i64::from_str` takes a leading `+`; the cloud's integers do not have one.
            AllowedValues::Range { min, max } => {
                !value.starts_with('+')
                    && value
                        .parse::<i64>()
                        .is_ok_and(|n| (*min..=*max).contains(&n))
            }
            AllowedValues::Choice(choices) => choices.iter().any(|c| c == value),
            AllowedValues::Unknown(_) => true,
        }
    }

    fn check_for(&self, value: &str, parameter: Option<&str>) -> Result<(), Violation> {
        if self.accepts(value) {
            return Ok(());
        }
        let rule = match self {
            AllowedValues::Range { .. } => Rule::ParameterRange,
            _ => Rule::ParameterChoice,
        };
        let what = self.describe().unwrap_or_default();
        let context = parameter
            .map(|name| format!(" for {name}"))
            .unwrap_or_default();
        Err(Violation::new(
            rule,
            format!("must be {what}{context}, not `{value}`"),
        ))
    }
}

/// The grammar form, e.g. `R[1000, 60000]`, `G[true|false]`.
impl fmt::Display for AllowedValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowedValues::Range { min, max } => write!(f, "R[{min}, {max}]"),
            AllowedValues::Choice(choices) => write!(f, "G[{}]", choices.join("|")),
            AllowedValues::Unknown(grammar) => f.write_str(grammar),
        }
    }
}

/// `X[body]` -> `body`.
fn bracketed(grammar: &str, tag: char) -> Option<&str> {
    grammar
        .strip_prefix(tag)?
        .trim_start()
        .strip_prefix('[')?
        .strip_suffix(']')
}

/// ModifyParameter's `Value` against the parameter's `AllowedValues` from DescribeParameters
/// (the server and the emulator look that up; a request alone cannot know it).
pub fn check_parameter_value(name: &str, value: &str, allowed: &str) -> Result<(), FieldError> {
    AllowedValues::parse(allowed)
        .check_for(value, Some(name))
        .map_err(|v| v.at("Value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(
            AllowedValues::parse("R[1000, 60000]"),
            AllowedValues::Range {
                min: 1000,
                max: 60000
            }
        );
        assert_eq!(
            AllowedValues::parse("R[1000,60000]"),
            AllowedValues::Range {
                min: 1000,
                max: 60000
            }
        );
        assert_eq!(
            AllowedValues::parse(" R[ -5 ,  5 ] "),
            AllowedValues::Range { min: -5, max: 5 }
        );
        assert_eq!(
            AllowedValues::parse("G[true|false]"),
            AllowedValues::Choice(vec!["true".into(), "false".into()])
        );
        assert_eq!(
            AllowedValues::parse("G[on]"),
            AllowedValues::Choice(vec!["on".into()])
        );
        assert_eq!(
            AllowedValues::parse("R[1000, 60000]").to_string(),
            "R[1000, 60000]"
        );
        assert_eq!(
            AllowedValues::parse("G[true|false]").to_string(),
            "G[true|false]"
        );
    }

    #[test]
    fn unknown_or_malformed_grammar_is_kept_and_accepts_anything() {
        for grammar in [
            "",
            "X[1]",
            "R[1000]",
            "R[a, b]",
            "R[5, 1]",
            "R[1.5, 2.5]",
            "R[1, 2",
            "G[]",
            "G[a||b]",
            "free text",
        ] {
            let allowed = AllowedValues::parse(grammar);
            assert_eq!(
                allowed,
                AllowedValues::Unknown(grammar.trim().to_owned()),
                "{grammar}"
            );
            assert!(allowed.check("anything").is_ok());
            assert_eq!(allowed.describe(), None);
            assert_eq!(allowed.to_string(), grammar.trim());
        }
    }

    #[test]
    fn range_check_at_the_bounds() {
        let allowed = AllowedValues::parse("R[1000, 60000]");
        for value in ["1000", "1001", "59999", "60000"] {
            assert!(allowed.check(value).is_ok(), "{value}");
        }
        for value in [
            "999",
            "60001",
            "-1000",
            "",
            "1e3",
            "1000.0",
            " 1000",
            "+1000",
            "ten",
            "99999999999999999999",
        ] {
            let err = allowed.check(value).unwrap_err();
            assert_eq!(err.rule, Rule::ParameterRange, "{value:?}");
            assert!(
                err.message
                    .starts_with("must be an integer between 1000 and 60000")
            );
        }
    }

    #[test]
    fn choice_check_is_exact() {
        let allowed = AllowedValues::parse("G[true|false]");
        assert!(allowed.check("true").is_ok());
        assert!(allowed.check("false").is_ok());
        for value in ["True", "TRUE", "yes", "", " true"] {
            let err = allowed.check(value).unwrap_err();
            assert_eq!(err.rule, Rule::ParameterChoice);
            assert!(
                err.message.starts_with("must be one of true, false"),
                "{}",
                err.message
            );
        }
    }

    #[test]
    fn parameter_value_errors_name_the_field_and_parameter() {
        assert!(
            check_parameter_value("cas_contention_timeout_in_ms", "2000", "R[1000, 60000]").is_ok()
        );
        let err = check_parameter_value("cas_contention_timeout_in_ms", "100", "R[1000, 60000]")
            .unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.rule),
            ("Value", Rule::ParameterRange)
        );
        assert_eq!(
            err.message,
            "must be an integer between 1000 and 60000 for cas_contention_timeout_in_ms, not `100`"
        );
        let err = check_parameter_value("enable_sasi_indexes", "yes", "G[true|false]").unwrap_err();
        assert_eq!(err.rule, Rule::ParameterChoice);
    }
}
