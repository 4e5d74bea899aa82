//! The browser's clock, for "data from 12 s ago" and the refresh timers.

use std::time::Duration;

use leptos::prelude::*;

/// Milliseconds since the epoch, now.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// An RFC 3339 timestamp in milliseconds since the epoch; `None` if it does not parse.
pub fn parse_ms(timestamp: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(timestamp);
    ms.is_finite().then_some(ms)
}

/// The time, updated every `every` while the calling component lives.
pub fn use_now(every: Duration) -> ReadSignal<f64> {
    let (now, set_now) = signal(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_ms()), every) {
        on_cleanup(move || handle.clear());
    }
    now
}

/// Call `refetch` after `delay` (the pages poll this way while something is in progress).
pub fn after(delay: Duration, refetch: impl FnOnce() + 'static) {
    set_timeout(refetch, delay);
}
