//! How old the data on screen is, in words.

/// `age_ms` milliseconds as "just now", "42 s ago", "3 min ago", "5 h ago", "2 days ago".
/// A negative age (a clock ahead of the server's) reads as "just now".
pub fn describe_age(age_ms: f64) -> String {
    let secs = (age_ms / 1000.0).floor();
    if !secs.is_finite() || secs < 5.0 {
        return "just now".to_owned();
    }
    // Bounded above by the checks, so the casts cannot overflow in practice.
    let secs = secs.min(1e12) as u64;
    match secs {
        0..60 => format!("{secs} s ago"),
        60..3_600 => format!("{} min ago", secs / 60),
        3_600..86_400 => format!("{} h ago", secs / 3_600),
        86_400..172_800 => "1 day ago".to_owned(),
        _ => format!("{} days ago", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_whole_unit() {
        assert_eq!(describe_age(-3_000.0), "just now");
        assert_eq!(describe_age(4_999.0), "just now");
        assert_eq!(describe_age(42_500.0), "42 s ago");
        assert_eq!(describe_age(60_000.0), "1 min ago");
        assert_eq!(describe_age(3_599_000.0), "59 min ago");
        assert_eq!(describe_age(7_200_000.0), "2 h ago");
        assert_eq!(describe_age(90_000_000.0), "1 day ago");
        assert_eq!(describe_age(3.0 * 86_400_000.0), "3 days ago");
        assert_eq!(describe_age(f64::NAN), "just now");
    }
}
