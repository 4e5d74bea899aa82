//! Pages whose content is still being built: they exist in the router and the navigation so
//! links and role checks are in place, and say plainly what is missing.

use leptos::prelude::*;

#[component]
pub fn Placeholder(title: &'static str, what: &'static str) -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>{title}</h1>
        </div>
        <p class="muted">{what} " is not built yet in this version of the panel."</p>
    }
}
