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

/// An epoch-milliseconds time (nodetool jobs, parameter history) as `2026-12-04 10:00:00 UTC`.
pub fn format_epoch_ms(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let iso = String::from(date.to_iso_string());
    // `2026-12-04T10:00:00.000Z`
    match (iso.get(..10), iso.get(11..19)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => iso,
    }
}

/// A `datetime-local` input's value (`2026-12-04T10:00`, the user's local time) as an RFC 3339
/// UTC timestamp; `None` when empty or not a time.
pub fn local_to_utc(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return None;
    }
    // A date-time without an offset is local time in JavaScript's `Date`.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
    date.get_time()
        .is_finite()
        .then(|| String::from(date.to_iso_string()))
}
