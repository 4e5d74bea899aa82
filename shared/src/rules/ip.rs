//! IP whitelists: entries, lists, IP versions and whitelist group names.

use std::fmt;
use std::net::IpAddr;

use super::violation::{Item, ListError, Rule, Violation, count, describe_char};

/// The IP version of a whitelist group (`IpVersion` 4 or 6 on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpVersion {
    V4,
    V6,
}

impl IpVersion {
    pub fn parse(number: i32) -> Result<Self, Violation> {
        match number {
            4 => Ok(IpVersion::V4),
            6 => Ok(IpVersion::V6),
            other => Err(Violation::new(
                Rule::IpVersion,
                format!("must be 4 or 6, not {other}"),
            )),
        }
    }

    /// The wire value, 4 or 6.
    pub fn number(self) -> i32 {
        match self {
            IpVersion::V4 => 4,
            IpVersion::V6 => 6,
        }
    }

    fn max_prefix(self) -> u8 {
        match self {
            IpVersion::V4 => 32,
            IpVersion::V6 => 128,
        }
    }
}

/// `IPv4` / `IPv6`.
impl fmt::Display for IpVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IpVersion::V4 => "IPv4",
            IpVersion::V6 => "IPv6",
        })
    }
}

/// One whitelist entry: an address (`192.168.0.1`, `2001:db8::1`) or a CIDR block
/// (`10.0.0.0/8`, `2001:db8::/32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpEntry {
    addr: IpAddr,
    prefix: Option<u8>,
}

impl IpEntry {
    pub fn parse(input: &str) -> Result<Self, Violation> {
        let (addr_text, prefix_text) = match input.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (input, None),
        };
        let addr: IpAddr = addr_text.parse().map_err(|_| {
            Violation::new(
                Rule::IpFormat,
                format!(
                    "`{input}` is not an IPv4 or IPv6 address or CIDR block \
                     (e.g. 192.168.0.1, 10.0.0.0/8, 2001:db8::/32)"
                ),
            )
        })?;
        let version = version_of(addr);
        let prefix = match prefix_text {
            None => None,
            Some(text) => Some(parse_prefix(text, version).ok_or_else(|| {
                Violation::new(
                    Rule::IpPrefix,
                    format!(
                        "`{input}` has a bad prefix length: an {version} block takes /0 to /{}",
                        version.max_prefix()
                    ),
                )
            })?),
        };
        Ok(Self { addr, prefix })
    }

    pub fn addr(self) -> IpAddr {
        self.addr
    }

    /// The CIDR prefix length, if the entry is a block.
    pub fn prefix(self) -> Option<u8> {
        self.prefix
    }

    pub fn version(self) -> IpVersion {
        version_of(self.addr)
    }

    /// A /0 block admits every address of its version (`0.0.0.0/0`, `::/0`).
    pub fn is_whole_internet(self) -> bool {
        self.prefix == Some(0)
    }
}

/// The entry in canonical form (`2001:db8::/32`, lower-case, compressed).
impl fmt::Display for IpEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.prefix {
            Some(prefix) => write!(f, "{}/{prefix}", self.addr),
            None => write!(f, "{}", self.addr),
        }
    }
}

fn version_of(addr: IpAddr) -> IpVersion {
    match addr {
        IpAddr::V4(_) => IpVersion::V4,
        IpAddr::V6(_) => IpVersion::V6,
    }
}

/// Plain decimal digits only (`u8::from_str` would also take `+24`).
fn parse_prefix(text: &str, version: IpVersion) -> Option<u8> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u8>()
        .ok()
        .filter(|&p| p <= version.max_prefix())
}

/// A whitelist: the `IpList` of ModifyIpWhitelist and ModifyIpWhitelistGroup.
///
/// Parsed from the wire's comma-separated string or from text with one entry per line (or
/// both). Blank entries are skipped; entries are trimmed. Errors name each bad entry by its
/// position so the browser can mark the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpList(Vec<IpEntry>);

impl IpList {
    /// At most 1000 entries per list. The seed states no limit; 1000 is the per-group limit
    /// ApsaraDB documents for its other engines' whitelists, and it keeps the single
    /// `IpList` parameter (up to ~44 KB of IPv6 blocks) within what gateways accept.
    pub const MAX_ENTRIES: usize = 1000;

    /// Any mix of IPv4 and IPv6 entries (ModifyIpWhitelist).
    pub fn parse(input: &str) -> Result<Self, ListError> {
        Self::parse_entries(input, None)
    }

    /// Entries of one version only (ModifyIpWhitelistGroup with its `IpVersion`).
    pub fn parse_group(input: &str, version: IpVersion) -> Result<Self, ListError> {
        Self::parse_entries(input, Some(version))
    }

    fn parse_entries(input: &str, version: Option<IpVersion>) -> Result<Self, ListError> {
        let pieces: Vec<(usize, &str)> = input
            .split('\n')
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .enumerate()
            .filter(|(_, text)| !text.is_empty())
            .collect();
        if pieces.is_empty() {
            return Err(ListError::List(Violation::new(
                Rule::IpListEmpty,
                "must list at least one IP address or CIDR block",
            )));
        }
        if pieces.len() > Self::MAX_ENTRIES {
            return Err(ListError::List(Violation::new(
                Rule::IpListTooLong,
                format!(
                    "has {} entries; a whitelist holds at most {}",
                    pieces.len(),
                    Self::MAX_ENTRIES
                ),
            )));
        }
        let mut entries = Vec::with_capacity(pieces.len());
        let mut errors = Vec::new();
        for (index, text) in pieces {
            let parsed = IpEntry::parse(text).and_then(|entry| match version {
                Some(version) if entry.version() != version => Err(Violation::new(
                    Rule::IpVersionMismatch,
                    format!(
                        "`{text}` is an {} entry, but this group holds {version} entries \
                         (IpVersion {})",
                        entry.version(),
                        version.number()
                    ),
                )),
                _ => Ok(entry),
            });
            match parsed {
                Ok(entry) => entries.push(entry),
                Err(violation) => errors.push((
                    Item {
                        index,
                        text: text.to_owned(),
                    },
                    violation,
                )),
            }
        }
        if errors.is_empty() {
            Ok(Self(entries))
        } else {
            Err(ListError::Items(errors))
        }
    }

    pub fn entries(&self) -> &[IpEntry] {
        &self.0
    }

    /// True if some entry admits every address (`0.0.0.0/0`, `::/0`): the browser warns.
    pub fn allows_whole_internet(&self) -> bool {
        self.0.iter().any(|entry| entry.is_whole_internet())
    }
}

/// The wire form: canonical entries joined by commas.
impl fmt::Display for IpList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, entry) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{entry}")?;
        }
        Ok(())
    }
}

/// A whitelist group name (ModifyIpWhitelistGroup `GroupName`): 1-32 characters of
/// lower-case letters, digits and `_`, starting with a letter.
///
/// The seed states no rule (its example is `test`). This is our own documented rule, modelled
/// on the group names ApsaraDB's other engines accept, so a name that passes here is one the
/// cloud can store and show without escaping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WhitelistGroupName(String);

impl WhitelistGroupName {
    pub const MAX_CHARS: usize = 32;

    pub fn parse(input: &str) -> Result<Self, Violation> {
        let rule = |detail: String| {
            Violation::new(
                Rule::WhitelistGroupName,
                format!(
                    "must be 1 to 32 lower-case letters, digits or `_`, starting with a letter; \
                     {detail}"
                ),
            )
        };
        let chars = input.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS {
            return Err(rule(format!("it has {}", count(chars, "character"))));
        }
        if let Some(first) = input.chars().next()
            && !first.is_ascii_lowercase()
        {
            return Err(rule(format!("it starts with {}", describe_char(first))));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        if let Some(bad) = input.chars().find(|&c| !allowed(c)) {
            return Err(rule(format!("{} is not allowed", describe_char(bad))));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WhitelistGroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(err: ListError) -> Vec<(usize, String, Rule)> {
        match err {
            ListError::Items(items) => items
                .into_iter()
                .map(|(item, v)| (item.index, item.text, v.rule))
                .collect(),
            ListError::List(v) => panic!("expected item errors, got {v:?}"),
        }
    }

    fn list_rule(err: ListError) -> Rule {
        match err {
            ListError::List(v) => v.rule,
            ListError::Items(items) => panic!("expected a list error, got {items:?}"),
        }
    }

    #[test]
    fn entries_of_every_kind() {
        for (input, version, prefix) in [
            ("192.168.0.1", IpVersion::V4, None),
            ("0.0.0.0", IpVersion::V4, None),
            ("10.0.0.0/8", IpVersion::V4, Some(8)),
            ("0.0.0.0/0", IpVersion::V4, Some(0)),
            ("1.2.3.4/32", IpVersion::V4, Some(32)),
            ("2001:db8::1", IpVersion::V6, None),
            ("::1", IpVersion::V6, None),
            ("2001:db8::/32", IpVersion::V6, Some(32)),
            ("::/0", IpVersion::V6, Some(0)),
            ("2001:db8::1/128", IpVersion::V6, Some(128)),
            ("::ffff:1.2.3.4", IpVersion::V6, None),
        ] {
            let entry = IpEntry::parse(input).unwrap();
            assert_eq!(
                (entry.version(), entry.prefix()),
                (version, prefix),
                "{input}"
            );
        }
        assert_eq!(
            IpEntry::parse("2001:DB8:0::/32").unwrap().to_string(),
            "2001:db8::/32"
        );
    }

    #[test]
    fn bad_entries_name_the_rule() {
        for input in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "01.2.3.4",
            "192.***.0.23",
            "host",
            "1.2.3.4 ",
            "fe80::1%eth0",
            ":::1",
        ] {
            let err = IpEntry::parse(input).unwrap_err();
            assert_eq!(err.rule, Rule::IpFormat, "{input:?}");
            assert!(
                err.message
                    .contains("is not an IPv4 or IPv6 address or CIDR block")
            );
        }
        for input in [
            "1.2.3.4/33",
            "1.2.3.4/",
            "1.2.3.4/-1",
            "1.2.3.4/+8",
            "1.2.3.4/8/8",
            "::/129",
            "::/1000",
            "1.2.3.4/a",
        ] {
            assert_eq!(
                IpEntry::parse(input).unwrap_err().rule,
                Rule::IpPrefix,
                "{input}"
            );
        }
        let message = IpEntry::parse("::/129").unwrap_err().message;
        assert!(
            message.contains("an IPv6 block takes /0 to /128"),
            "{message}"
        );
        let message = IpEntry::parse("1.2.3.4/33").unwrap_err().message;
        assert!(
            message.contains("an IPv4 block takes /0 to /32"),
            "{message}"
        );
    }

    #[test]
    fn lists_from_commas_or_lines() {
        let list = IpList::parse("192.168.0.1,10.0.0.0/8").unwrap();
        assert_eq!(list.entries().len(), 2);
        assert_eq!(list.to_string(), "192.168.0.1,10.0.0.0/8");
        let text = "192.168.0.1\r\n\n  10.0.0.0/8  \n2001:db8::/32\n";
        assert_eq!(
            IpList::parse(text).unwrap().to_string(),
            "192.168.0.1,10.0.0.0/8,2001:db8::/32"
        );
        assert!(!IpList::parse(text).unwrap().allows_whole_internet());
        assert!(
            IpList::parse("1.2.3.4,0.0.0.0/0")
                .unwrap()
                .allows_whole_internet()
        );
        assert!(IpList::parse("::/0").unwrap().allows_whole_internet());
    }

    #[test]
    fn item_errors_point_at_lines() {
        // Index 1 is the blank line: indexes count lines as typed.
        let text = "192.168.0.1\n\n300.1.1.1\n10.0.0.0/8\nnot-an-ip";
        assert_eq!(
            items(IpList::parse(text).unwrap_err()),
            [
                (2, "300.1.1.1".to_owned(), Rule::IpFormat),
                (4, "not-an-ip".to_owned(), Rule::IpFormat)
            ]
        );
        let errors = IpList::parse(text).unwrap_err().at("IpList");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "IpList");
        assert_eq!(
            errors[0].item,
            Some(Item {
                index: 2,
                text: "300.1.1.1".into()
            })
        );
    }

    #[test]
    fn groups_hold_one_version() {
        assert!(IpList::parse_group("1.2.3.4,10.0.0.0/8", IpVersion::V4).is_ok());
        assert!(IpList::parse_group("2001:db8::1,::/0", IpVersion::V6).is_ok());
        assert_eq!(
            items(IpList::parse_group("1.2.3.4,2001:db8::1,5.6.7.8", IpVersion::V4).unwrap_err()),
            [(1, "2001:db8::1".to_owned(), Rule::IpVersionMismatch)]
        );
        let err = IpList::parse_group("1.2.3.4", IpVersion::V6)
            .unwrap_err()
            .at("IpList");
        assert!(
            err[0]
                .message
                .contains("is an IPv4 entry, but this group holds IPv6 entries")
        );
        // A mixed whitelist is fine outside a group.
        assert!(IpList::parse("1.2.3.4,2001:db8::1").is_ok());
    }

    #[test]
    fn list_size_limits() {
        for input in ["", " ", ",", "\n\n", " , \n"] {
            assert_eq!(
                list_rule(IpList::parse(input).unwrap_err()),
                Rule::IpListEmpty,
                "{input:?}"
            );
        }
        let at_limit: Vec<String> = (0..1000)
            .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
            .collect();
        assert_eq!(
            IpList::parse(&at_limit.join(",")).unwrap().entries().len(),
            1000
        );
        let over = format!("{},10.9.9.9", at_limit.join(","));
        let err = IpList::parse(&over).unwrap_err().at("IpList");
        assert_eq!(err[0].rule, Rule::IpListTooLong);
        assert_eq!(
            err[0].message,
            "has 1001 entries; a whitelist holds at most 1000"
        );
    }

    #[test]
    fn ip_version_is_four_or_six() {
        assert_eq!(IpVersion::parse(4).unwrap(), IpVersion::V4);
        assert_eq!(IpVersion::parse(6).unwrap().number(), 6);
        for n in [0, 5, 7, 46, -4] {
            assert_eq!(IpVersion::parse(n).unwrap_err().rule, Rule::IpVersion);
        }
    }

    #[test]
    fn whitelist_group_names() {
        for name in [
            "a",
            "test",
            "default",
            "group_1",
            &format!("g{}", "x".repeat(31)),
        ] {
            assert_eq!(WhitelistGroupName::parse(name).unwrap().as_str(), name);
        }
        for (name, detail) in [
            ("", "it has 0 characters"),
            (&*format!("g{}", "x".repeat(32)), "it has 33 characters"),
            ("1group", "it starts with `1`"),
            ("_group", "it starts with `_`"),
            ("Group", "it starts with `G`"),
            ("my-group", "`-` is not allowed"),
            ("myGroup", "`G` is not allowed"),
            ("my group", "a space is not allowed"),
        ] {
            let err = WhitelistGroupName::parse(name).unwrap_err();
            assert_eq!(err.rule, Rule::WhitelistGroupName, "{name}");
            assert!(err.message.ends_with(detail), "{name}: {}", err.message);
        }
    }
}
