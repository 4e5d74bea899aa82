//! Reads shown as they arrive: "Loading…", the error, or the answer.

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::{self, ApiError, Fetched, Read};
use crate::context::AppContext;

/// Fetch `read` now and again whenever it changes (or on `refetch`). A lost session sends the
/// user to the login page.
pub fn load(read: Signal<Read>) -> LocalResource<Fetched> {
    let resource = LocalResource::new(move || api::fetch(read.get()));
    AppContext::get().watch(resource);
    resource
}

/// Show `resource` as `T`: a note while it loads, the error if it failed.
pub fn loaded<T: DeserializeOwned>(
    resource: LocalResource<Fetched>,
    what: &'static str,
    show: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    move || match resource.get() {
        None => view! { <p class="loading">{format!("Loading {what}…")}</p> }.into_any(),
        Some(fetched) => match api::parse::<T>(&fetched) {
            Ok(value) => show(value),
            Err(error) => load_error(what, &error),
        },
    }
}

/// "Could not load …", with what went wrong.
pub fn load_error(what: &str, error: &ApiError) -> AnyView {
    view! {
        <div class="panel error-text" role="alert">
            {format!("Could not load {what}: {error}")}
        </div>
    }
    .into_any()
}
