//! The `Timestamp` parameter: `YYYY-MM-DDThh:mm:ssZ` in UTC, optionally with a fractional
//! second, within a window around the emulator's clock (protocol sections 7.5 and 8).

use std::time::Duration;

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::error::ApiError;

const WHOLE_SECONDS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const FRACTIONAL_SECONDS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]Z");

/// A request's `Timestamp`, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// `InvalidTimeStamp.Format` unless `value` is `YYYY-MM-DDThh:mm:ss[.f]Z`.
    pub(crate) fn parse(value: &str) -> Result<Self, ApiError> {
        PrimitiveDateTime::parse(value, WHOLE_SECONDS)
            .or_else(|_| PrimitiveDateTime::parse(value, FRACTIONAL_SECONDS))
            .map(|at| Self(at.assume_utc()))
            .map_err(|_| ApiError::timestamp_format())
    }

    /// `InvalidTimeStamp.Expired` when further than `window` from `now`, on either side.
    pub(crate) fn check_window(
        self,
        now: OffsetDateTime,
        window: Duration,
    ) -> Result<(), ApiError> {
        if (now - self.0).unsigned_abs() <= window {
            Ok(())
        } else {
            Err(ApiError::timestamp_expired())
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn accepts_whole_and_fractional_seconds_in_utc_only() {
        assert_eq!(
            Timestamp::parse("2024-01-15T08:30:00Z"),
            Ok(Timestamp(datetime!(2024-01-15 08:30:00 UTC)))
        );
        assert_eq!(
            Timestamp::parse("2024-01-15T08:30:00.250Z"),
            Ok(Timestamp(datetime!(2024-01-15 08:30:00.25 UTC)))
        );
        for bad in [
            "",
            "2024-01-15 08:30:00Z",
            "2024-01-15T08:30:00",
            "2024-01-15T08:30:00+08:00",
            "2024-01-15T08:30Z",
            "2024-1-15T08:30:00Z",
            "2024-01-15T08:30:00.Z",
            "2024-02-30T08:30:00Z",
            "2024-01-15T24:00:00Z",
            "2024-01-15t08:30:00z",
            "1705307400",
        ] {
            assert_eq!(
                Timestamp::parse(bad),
                Err(ApiError::timestamp_format()),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_window_is_inclusive_on_both_sides() {
        let ts = Timestamp(datetime!(2024-01-15 08:30:00 UTC));
        let window = Duration::from_secs(15 * 60);
        for now in [
            datetime!(2024-01-15 08:30:00 UTC),
            datetime!(2024-01-15 08:45:00 UTC),
            datetime!(2024-01-15 08:15:00 UTC),
        ] {
            assert_eq!(ts.check_window(now, window), Ok(()), "{now}");
        }
        for now in [
            datetime!(2024-01-15 08:45:00.001 UTC),
            datetime!(2024-01-15 08:14:59.999 UTC),
        ] {
            assert_eq!(
                ts.check_window(now, window),
                Err(ApiError::timestamp_expired()),
                "{now}"
            );
        }
    }
}
