//! The list table every page uses: one shape, so the app carries its rendering code once.

use leptos::prelude::*;

/// A table with `headers` (a leading `#` right-aligns a numeric column) and `rows` (each a
/// `<tr>`), or `empty` when there are none.
pub fn table(headers: &'static [&'static str], rows: Vec<AnyView>, empty: &'static str) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let head = headers
        .iter()
        .map(|h| match h.strip_prefix('#') {
            Some(h) => view! { <th scope="col" class="num">{h}</th> },
            None => view! { <th scope="col" class="">{*h}</th> },
        })
        .collect_view();
    view! {
        <table class="list">
            <thead>
                <tr>{head}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Label/value pairs as a definition list.
pub fn facts(pairs: Vec<(&'static str, String)>) -> AnyView {
    let items = pairs
        .into_iter()
        .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
        .collect_view();
    view! { <dl class="facts">{items}</dl> }.into_any()
}
