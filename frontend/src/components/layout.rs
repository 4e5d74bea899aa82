//! The frame of every signed-in page: sandbox banner, navigation with the user and role, and
//! the page itself. Signed-out visitors are sent to the login page.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};
use shared::Role;

use crate::api;
use crate::components::operation::OpHost;
use crate::context::{AppContext, Auth, Session};
use crate::route::Page;

/// The parent route of every page but the login page.
#[component]
pub fn Shell() -> impl IntoView {
    let context = AppContext::get();
    let location = use_location();
    move || match context.auth.get() {
        Auth::Checking => view! { <p class="loading">"Loading…"</p> }.into_any(),
        Auth::SignedOut => {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let next = String::from(js_sys::encode_uri_component(&here));
            view! { <Redirect path=format!("{}?next={next}", Page::Login.path()) /> }.into_any()
        }
        Auth::Unreachable(error) => view! {
            <main class="page narrow">
                <h1>"The panel did not answer"</h1>
                <p class="error-text">{error.to_string()}</p>
                <button type="button" on:click=move |_| context.check_session()>
                    "Try again"
                </button>
            </main>
        }
        .into_any(),
        Auth::SignedIn(session) => view! {
            <SandboxBanner />
            <Nav session />
            <main class="page">
                <Outlet />
            </main>
            <OpHost />
        }
        .into_any(),
    }
}

/// Says plainly that nothing here touches a real cloud.
#[component]
pub fn SandboxBanner() -> impl IntoView {
    let context = AppContext::get();
    view! {
        <Show when=move || context.sandbox()>
            <div class="sandbox-banner" role="note">
                <strong>"Sandbox"</strong>
                " — this panel runs against the built-in emulator; no real clusters are touched."
            </div>
        </Show>
    }
}

#[component]
fn Nav(session: Session) -> impl IntoView {
    let context = AppContext::get();
    let navigate = use_navigate();
    let sign_out = Action::new_local(move |_: &()| async move { api::logout().await });
    Effect::new(move |_| {
        if let Some(result) = sign_out.value().get() {
            if let Err(error) = &result {
                // The cookies may still be valid: say so rather than pretend.
                context.error("Sign out", error);
                return;
            }
            context.auth.set(Auth::SignedOut);
            navigate(&Page::Login.path(), Default::default());
        }
    });
    // Links to pages the role does not open are left out (the server refuses them anyway).
    let role = session.role;
    let link = move |page: Page, text: &'static str| {
        (role >= page.min_role()).then(|| view! { <A href=page.path()>{text}</A> })
    };
    let role_class = match session.role {
        Role::Admin => "role admin",
        Role::Operator => "role operator",
        Role::Viewer => "role viewer",
    };
    view! {
        <header class="topbar">
            <a class="brand" href=Page::Clusters.path()>"cassadmin"</a>
            <nav aria-label="Main">
                {link(Page::Clusters, "Clusters")}
                {link(Page::RecycleBin, "Recycle bin")}
                {link(Page::Audit, "Audit log")}
                {link(Page::Users, "Users")}
                {link(Page::Tokens, "API tokens")}
            </nav>
            <div class="whoami">
                <A href=Page::Account.path()>{session.user.username.clone()}</A>
                <span class=role_class title="Your role">{session.role.as_str()}</span>
                <button
                    type="button"
                    class="link"
                    disabled=move || sign_out.pending().get()
                    on:click=move |_| {
                        sign_out.dispatch(());
                    }
                >
                    "Sign out"
                </button>
            </div>
        </header>
    }
}
