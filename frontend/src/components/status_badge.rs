//! A cluster's or data center's status as a coloured badge.

use leptos::prelude::*;
use shared::enums::ClusterStatus;

/// How a status reads at a glance (the badge's CSS class).
pub fn tone(status: Option<&ClusterStatus>) -> &'static str {
    use ClusterStatus::*;
    match status {
        Some(Running) => "ok",
        Some(s) if s.is_transitional() => "busy",
        Some(CreateFailed | DeleteFailed) => "failed",
        Some(Deleted) => "gone",
        _ => "unknown",
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<Option<ClusterStatus>>) -> impl IntoView {
    let text = move || status.with(|s| s.as_ref().map_or("Unknown", |s| s.as_str()).to_owned());
    let class = move || status.with(|s| format!("badge {}", tone(s.as_ref())));
    view! { <span class=class>{text}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones() {
        assert_eq!(tone(Some(&ClusterStatus::Running)), "ok");
        assert_eq!(tone(Some(&ClusterStatus::Creating)), "busy");
        assert_eq!(tone(Some(&ClusterStatus::Resizing)), "busy");
        assert_eq!(tone(Some(&ClusterStatus::CreateFailed)), "failed");
        assert_eq!(tone(Some(&ClusterStatus::Deleted)), "gone");
        assert_eq!(
            tone(Some(&ClusterStatus::Other("Migrating".into()))),
            "unknown"
        );
        assert_eq!(tone(None), "unknown");
    }
}
