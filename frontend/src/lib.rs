//! cassadmin's browser app: a client-side rendered Leptos app over the panel's REST API.
//!
//! - [`app`]: the router and the app-wide context.
//! - [`route`]: every page and its URL, written once.
//! - [`api`]: the typed REST client.
//! - [`state`]: the logic (forms, filters, messages) as plain structs with native tests.
//! - [`pages`] and [`components`]: the views.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod context;
pub mod pages;
pub mod route;
pub mod state;

/// Mount the app on `<body>` (the wasm entry point calls this).
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
