//! Any URL that is not a page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::route::Page;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <A href=Page::Clusters.path()>"Go to the clusters"</A>
        </main>
    }
}
