//! Times of day and weekly schedules: the maintenance window and backup plans.

use std::fmt;

use crate::enums::Weekday;

use super::violation::{FieldError, Rule, Violation};

/// A time of day, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    hour: u8,
    minute: u8,
}

impl ClockTime {
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self { hour, minute })
    }

    /// The request form `HH:mm`, one-digit hours accepted (the seed's example is `2:00`).
    pub fn parse(input: &str) -> Result<Self, Violation> {
        if input.ends_with(['Z', 'z']) {
            return Err(format_violation("HH:mm without a zone, e.g. 02:00", input));
        }
        parse_hh_mm(input).ok_or_else(|| format_violation("HH:mm, e.g. 02:00", input))
    }

    /// The UTC form `HH:mmZ`, one-digit hours accepted (responses say `2:00Z`).
    pub fn parse_utc(input: &str) -> Result<Self, Violation> {
        input
            .strip_suffix('Z')
            .and_then(parse_hh_mm)
            .ok_or_else(|| format_violation("HH:mmZ in UTC, e.g. 00:30Z", input))
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The form DescribeCluster answers with: `H:mmZ`, e.g. `2:00Z` (the emulator writes it).
    pub fn described(self) -> String {
        format!("{}:{:02}Z", self.hour, self.minute)
    }

    /// `HH:mmZ`, e.g. `00:30Z` (the backup plan form).
    pub fn utc(self) -> String {
        format!("{self}Z")
    }
}

/// `HH:mm`, e.g. `02:00`.
impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// `H:mm` or `HH:mm` with hour 0-23 and minute 00-59 (always two digits).
fn parse_hh_mm(input: &str) -> Option<ClockTime> {
    let (hour, minute) = input.split_once(':')?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hour, 1..=2) || !digits(minute, 2..=2) {
        return None;
    }
    ClockTime::new(hour.parse().ok()?, minute.parse().ok()?)
}

fn format_violation(form: &str, input: &str) -> Violation {
    Violation::new(
        Rule::TimeFormat,
        format!("must be a time of day as {form} (hours 0-23, minutes 00-59); not `{input}`"),
    )
}

/// The daily maintenance window (ModifyInstanceMaintainTime). It may cross midnight
/// (`22:00`-`02:00`); it may not be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaintenanceWindow {
    pub start: ClockTime,
    pub end: ClockTime,
}

impl MaintenanceWindow {
    /// The request form (`MaintainStartTime` / `MaintainEndTime`, `HH:mm`).
    pub fn parse(start: &str, end: &str) -> Result<Self, Vec<FieldError>> {
        Self::build(ClockTime::parse(start), ClockTime::parse(end))
    }

    /// The form DescribeCluster reports (`H:mmZ`).
    pub fn parse_described(start: &str, end: &str) -> Result<Self, Vec<FieldError>> {
        Self::build(ClockTime::parse_utc(start), ClockTime::parse_utc(end))
    }

    fn build(
        start: Result<ClockTime, Violation>,
        end: Result<ClockTime, Violation>,
    ) -> Result<Self, Vec<FieldError>> {
        match (start, end) {
            (Ok(start), Ok(end)) if start == end => Err(vec![
                Violation::new(
                    Rule::MaintenanceWindowEmpty,
                    format!("must differ from the start time ({start}): the window would be empty"),
                )
                .at("MaintainEndTime"),
            ]),
            (Ok(start), Ok(end)) => Ok(Self { start, end }),
            (start, end) => Err(start
                .err()
                .map(|v| v.at("MaintainStartTime"))
                .into_iter()
                .chain(end.err().map(|v| v.at("MaintainEndTime")))
                .collect()),
        }
    }

    /// Minutes covered, crossing midnight if the end is before the start.
    pub fn minutes(self) -> u32 {
        let at = |t: ClockTime| u32::from(t.hour) * 60 + u32::from(t.minute);
        (at(self.end) + 24 * 60 - at(self.start)) % (24 * 60)
    }
}

/// When a backup starts each day: `HH:mmZ` in UTC (CreateBackupPlan / ModifyBackupPlan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BackupTime(ClockTime);

impl BackupTime {
    pub fn parse(input: &str) -> Result<Self, Violation> {
        ClockTime::parse_utc(input).map(Self)
    }

    pub fn time(self) -> ClockTime {
        self.0
    }
}

/// `HH:mmZ`, e.g. `00:30Z`.
impl fmt::Display for BackupTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Z", self.0)
    }
}

/// The weekdays backups run on: a non-empty, comma-separated list without repeats, exactly as
/// the wire spells them (`Monday,Thursday`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPeriod(Vec<Weekday>);

impl BackupPeriod {
    pub fn parse(input: &str) -> Result<Self, Violation> {
        if input.trim().is_empty() {
            return Err(Violation::new(
                Rule::BackupPeriodEmpty,
                "must name at least one weekday, e.g. Monday,Thursday",
            ));
        }
        let mut days: Vec<Weekday> = Vec::new();
        for entry in input.split(',') {
            let day = parse_weekday(entry)?;
            if days.contains(&day) {
                return Err(Violation::new(
                    Rule::BackupPeriodDuplicate,
                    format!("lists {day} twice"),
                ));
            }
            days.push(day);
        }
        Ok(Self(days))
    }

    pub fn days(&self) -> &[Weekday] {
        &self.0
    }
}

/// The wire form, e.g. `Monday,Thursday`.
impl fmt::Display for BackupPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, day) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(day.as_str())?;
        }
        Ok(())
    }
}

fn parse_weekday(entry: &str) -> Result<Weekday, Violation> {
    match Weekday::from(entry) {
        Weekday::Other(_) => {}
        day => return Ok(day),
    }
    let hint = Weekday::KNOWN
        .iter()
        .find(|day| day.as_str().eq_ignore_ascii_case(entry.trim()))
        .map(|day| format!("; write it as `{day}`, comma-separated without spaces"))
        .unwrap_or_else(|| {
            "; use Monday, Tuesday, Wednesday, Thursday, Friday, Saturday or Sunday".to_owned()
        });
    let what = if entry.is_empty() {
        "an empty entry".to_owned()
    } else {
        format!("`{entry}`")
    };
    Err(Violation::new(
        Rule::BackupPeriodWeekday,
        format!("has {what}, which is not a weekday{hint}"),
    ))
}

/// How long backups are kept: 1-7 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RetentionPeriod(u8);

impl RetentionPeriod {
    pub const MIN_DAYS: i32 = 1;
    pub const MAX_DAYS: i32 = 7;

    pub fn parse(days: i32) -> Result<Self, Violation> {
        if (Self::MIN_DAYS..=Self::MAX_DAYS).contains(&days) {
            // 1..=7 fits in u8.
            Ok(Self(days as u8))
        } else {
            Err(Violation::new(
                Rule::RetentionPeriod,
                format!(
                    "must be between {} and {} days, not {days}",
                    Self::MIN_DAYS,
                    Self::MAX_DAYS
                ),
            ))
        }
    }

    pub fn days(self) -> i32 {
        i32::from(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_times_accept_one_or_two_digit_hours() {
        assert_eq!(
            ClockTime::parse("2:00").unwrap(),
            ClockTime::new(2, 0).unwrap()
        );
        assert_eq!(ClockTime::parse("02:00").unwrap().to_string(), "02:00");
        for (input, hour, minute) in [
            ("0:00", 0, 0),
            ("00:00", 0, 0),
            ("23:59", 23, 59),
            ("9:05", 9, 5),
        ] {
            let time = ClockTime::parse(input).unwrap();
            assert_eq!((time.hour(), time.minute()), (hour, minute), "{input}");
        }
    }

    #[test]
    fn request_times_reject_everything_else() {
        for input in [
            "", "24:00", "23:60", "2:0", "2:000", "002:00", "-1:00", "2", "2.00", " 2:00", "+2:00",
            "２:00",
        ] {
            let err = ClockTime::parse(input).unwrap_err();
            assert_eq!(err.rule, Rule::TimeFormat, "{input:?}");
            assert!(err.message.contains("HH:mm"), "{}", err.message);
        }
        let zoned = ClockTime::parse("02:00Z").unwrap_err();
        assert!(
            zoned.message.contains("without a zone"),
            "{}",
            zoned.message
        );
    }

    #[test]
    fn utc_times_need_the_z() {
        assert_eq!(
            ClockTime::parse_utc("2:00Z").unwrap(),
            ClockTime::new(2, 0).unwrap()
        );
        assert_eq!(
            ClockTime::parse_utc("00:30Z").unwrap(),
            ClockTime::new(0, 30).unwrap()
        );
        for input in ["00:30", "00:30z", "24:00Z", "00:60Z", "Z", "00:30ZZ"] {
            assert_eq!(
                ClockTime::parse_utc(input).unwrap_err().rule,
                Rule::TimeFormat,
                "{input}"
            );
        }
        let time = ClockTime::new(4, 0).unwrap();
        assert_eq!(
            (time.described(), time.utc()),
            ("4:00Z".to_owned(), "04:00Z".to_owned())
        );
    }

    #[test]
    fn maintenance_window_reports_each_field() {
        let window = MaintenanceWindow::parse("2:00", "4:00").unwrap();
        assert_eq!(window.minutes(), 120);
        assert_eq!(
            MaintenanceWindow::parse("22:00", "02:00")
                .unwrap()
                .minutes(),
            240
        );
        assert_eq!(
            MaintenanceWindow::parse("02:00", "02:01")
                .unwrap()
                .minutes(),
            1
        );

        let same = MaintenanceWindow::parse("2:00", "02:00").unwrap_err();
        assert_eq!(same.len(), 1);
        assert_eq!(
            (same[0].field.as_str(), same[0].rule),
            ("MaintainEndTime", Rule::MaintenanceWindowEmpty)
        );

        let both = MaintenanceWindow::parse("25:00", "4pm").unwrap_err();
        let fields: Vec<&str> = both.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["MaintainStartTime", "MaintainEndTime"]);
        assert!(both.iter().all(|e| e.rule == Rule::TimeFormat));

        let described = MaintenanceWindow::parse_described("2:00Z", "4:00Z").unwrap();
        assert_eq!(described, window);
    }

    #[test]
    fn backup_time_is_utc() {
        assert_eq!(BackupTime::parse("00:30Z").unwrap().to_string(), "00:30Z");
        assert_eq!(BackupTime::parse("0:30Z").unwrap().to_string(), "00:30Z");
        for input in ["00:30", "24:00Z", "", "00:30 Z"] {
            assert_eq!(
                BackupTime::parse(input).unwrap_err().rule,
                Rule::TimeFormat,
                "{input}"
            );
        }
    }

    #[test]
    fn backup_period_lists_distinct_weekdays() {
        assert_eq!(
            BackupPeriod::parse("Monday").unwrap().days(),
            [Weekday::Monday]
        );
        let all = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday";
        let parsed = BackupPeriod::parse(all).unwrap();
        assert_eq!(parsed.days().len(), 7);
        assert_eq!(parsed.to_string(), all);
    }

    #[test]
    fn backup_period_errors_name_the_entry() {
        assert_eq!(
            BackupPeriod::parse("").unwrap_err().rule,
            Rule::BackupPeriodEmpty
        );
        assert_eq!(
            BackupPeriod::parse("  ").unwrap_err().rule,
            Rule::BackupPeriodEmpty
        );

        let dup = BackupPeriod::parse("Monday,Friday,Monday").unwrap_err();
        assert_eq!(
            (dup.rule, dup.message.as_str()),
            (Rule::BackupPeriodDuplicate, "lists Monday twice")
        );

        let odd = BackupPeriod::parse("Monday,Funday").unwrap_err();
        assert_eq!(odd.rule, Rule::BackupPeriodWeekday);
        assert!(odd.message.contains("`Funday`") && odd.message.contains("use Monday"));

        let lower = BackupPeriod::parse("monday").unwrap_err();
        assert!(
            lower.message.contains("write it as `Monday`"),
            "{}",
            lower.message
        );
        let spaced = BackupPeriod::parse("Monday, Tuesday").unwrap_err();
        assert!(
            spaced.message.contains("write it as `Tuesday`"),
            "{}",
            spaced.message
        );

        let trailing = BackupPeriod::parse("Monday,").unwrap_err();
        assert!(
            trailing.message.contains("an empty entry"),
            "{}",
            trailing.message
        );
    }

    #[test]
    fn retention_is_one_to_seven_days() {
        for days in 1..=7 {
            assert_eq!(RetentionPeriod::parse(days).unwrap().days(), days);
        }
        for days in [i32::MIN, -1, 0, 8, 30] {
            let err = RetentionPeriod::parse(days).unwrap_err();
            assert_eq!(err.rule, Rule::RetentionPeriod);
            assert_eq!(
                err.message,
                format!("must be between 1 and 7 days, not {days}")
            );
        }
    }
}
