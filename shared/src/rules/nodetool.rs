//! nodetool commands the panel lets operators run (ExecuteNodeTool).

use std::fmt;

use super::violation::{Rule, Violation, count, describe_char};

/// Commands an operator may run, alphabetical. Read-only reports plus routine maintenance
/// (flush, repair, cleanup, compaction, timeouts and throughput). Left out on purpose: commands
/// that change ring membership or stop services (decommission, removenode, assassinate, move,
/// drain, stopdaemon, disable*), which the cloud's own actions own, and anything that reads
/// or writes files on the node (snapshot, import, rebuild_index).
pub const SAFE_COMMANDS: &[&str] = &[
    "cfhistograms",
    "cfstats",
    "cleanup",
    "compact",
    "compactionstats",
    "describecluster",
    "describering",
    "flush",
    "garbagecollect",
    "getcompactionthroughput",
    "gettimeout",
    "gossipinfo",
    "info",
    "netstats",
    "proxyhistograms",
    "repair",
    "ring",
    "setcompactionthroughput",
    "settimeout",
    "status",
    "tablehistograms",
    "tablestats",
    "tpstats",
    "version",
];

/// At most 256 characters for Command, and again for Arguments.
pub const MAX_CHARS: usize = 256;

/// Letters, digits, spaces and `- _ . , = : /`: enough for keyspace.table names, options
/// (`-pr`, `--full`, `-st 123`) and timeout kinds, and nothing a shell would interpret. The
/// cloud runs the text on the node; we do not trust it to quote.
fn is_safe_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '=' | ':' | '/')
}

fn check_text(input: &str) -> Result<(), Violation> {
    let chars = input.chars().count();
    if chars > MAX_CHARS {
        return Err(Violation::new(
            Rule::NodetoolLength,
            format!(
                "must be at most {MAX_CHARS} characters; it has {}",
                count(chars, "character")
            ),
        ));
    }
    if let Some(bad) = input.chars().find(|&c| !is_safe_char(c)) {
        return Err(Violation::new(
            Rule::NodetoolCharacter,
            format!(
                "may contain only letters, digits, spaces and - _ . , = : /; {} is not allowed",
                describe_char(bad)
            ),
        ));
    }
    Ok(())
}

/// The `Command` of ExecuteNodeTool: the text after `nodetool`, e.g. `settimeout misc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodetoolCommand(String);

impl NodetoolCommand {
    pub fn parse(input: &str) -> Result<Self, Violation> {
        let Some(command) = input.split(' ').find(|word| !word.is_empty()) else {
            return Err(Violation::new(
                Rule::Required,
                "is required: name a nodetool command, e.g. status",
            ));
        };
        check_text(input)?;
        if !SAFE_COMMANDS.contains(&command) {
            let hint = if SAFE_COMMANDS.contains(&command.to_ascii_lowercase().as_str()) {
                format!(
                    "; commands are lower case: `{}`",
                    command.to_ascii_lowercase()
                )
            } else {
                format!("; allowed: {}", SAFE_COMMANDS.join(", "))
            };
            return Err(Violation::new(
                Rule::NodetoolCommand,
                format!("`{command}` is not a nodetool command the panel allows{hint}"),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// The command word, e.g. `settimeout`.
    pub fn command(&self) -> &str {
        self.0
            .split(' ')
            .find(|word| !word.is_empty())
            .unwrap_or_default()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodetoolCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The optional `Arguments` of ExecuteNodeTool, e.g. `10056`: the same length and character
/// rule as the command; may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodetoolArguments(String);

impl NodetoolArguments {
    pub fn parse(input: &str) -> Result<Self, Violation> {
        check_text(input)?;
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_safe_commands_with_options() {
        for input in [
            "status",
            "settimeout misc",
            "tablestats ks.table",
            "repair -pr --full ks",
            "flush ks t1 t2",
        ] {
            assert_eq!(NodetoolCommand::parse(input).unwrap().as_str(), input);
        }
        for command in SAFE_COMMANDS {
            assert_eq!(NodetoolCommand::parse(command).unwrap().command(), *command);
        }
        assert_eq!(
            NodetoolCommand::parse(" settimeout misc")
                .unwrap()
                .command(),
            "settimeout"
        );
    }

    #[test]
    fn rejects_empty() {
        for input in ["", " ", "   "] {
            assert_eq!(
                NodetoolCommand::parse(input).unwrap_err().rule,
                Rule::Required,
                "{input:?}"
            );
        }
    }

    #[test]
    fn rejects_unlisted_commands() {
        for input in [
            "decommission",
            "removenode abc",
            "drain",
            "stopdaemon",
            "snapshot",
            "statuses",
            "nodetool status",
        ] {
            let err = NodetoolCommand::parse(input).unwrap_err();
            assert_eq!(err.rule, Rule::NodetoolCommand, "{input}");
            assert!(
                err.message.contains("allowed: cfhistograms"),
                "{}",
                err.message
            );
        }
        let err = NodetoolCommand::parse("Status").unwrap_err();
        assert!(
            err.message.ends_with("commands are lower case: `status`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn rejects_shell_metacharacters() {
        for input in [
            "status; rm -rf /",
            "status && reboot",
            "status | tee x",
            "status `id`",
            "status $(id)",
            "status > /tmp/x",
            "status\nreboot",
            "status\tx",
            "status 'x'",
            "status \"x\"",
            "status *",
            "status ~",
            "status \\",
            "status #",
            "status !",
            "status ü",
        ] {
            let err = NodetoolCommand::parse(input).unwrap_err();
            assert_eq!(err.rule, Rule::NodetoolCharacter, "{input:?}");
        }
        let message = NodetoolCommand::parse("status;id").unwrap_err().message;
        assert!(message.ends_with("`;` is not allowed"), "{message}");
    }

    #[test]
    fn length_limit() {
        let at_limit = format!("status {}", "a".repeat(MAX_CHARS - 7));
        assert!(NodetoolCommand::parse(&at_limit).is_ok());
        let over = format!("{at_limit}a");
        assert_eq!(
            NodetoolCommand::parse(&over).unwrap_err().rule,
            Rule::NodetoolLength
        );
        assert_eq!(
            NodetoolArguments::parse(&"1".repeat(257)).unwrap_err().rule,
            Rule::NodetoolLength
        );
    }

    #[test]
    fn arguments_follow_the_character_rule() {
        for input in ["", "10056", "-pr ks", "ks.table"] {
            assert_eq!(NodetoolArguments::parse(input).unwrap().as_str(), input);
        }
        assert_eq!(
            NodetoolArguments::parse("1; reboot").unwrap_err().rule,
            Rule::NodetoolCharacter
        );
    }
}
