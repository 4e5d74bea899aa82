//! Sign in.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::SecretString;
use shared::rest::{ErrorCode, LoginRequest};

use crate::api::{self, ApiError};
use crate::components::field::TextField;
use crate::components::layout::SandboxBanner;
use crate::context::{AppContext, Auth};
use crate::route::Page;

#[component]
pub fn LoginPage() -> impl IntoView {
    let context = AppContext::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        async move { api::login(&request).await }
    });

    // Signed in (now, or already when the page opened): go where the user was headed.
    Effect::new(move |_| {
        if let Some(Ok(info)) = login.value().get() {
            context.auth.set(Auth::SignedIn(info.into()));
        }
        if matches!(context.auth.get(), Auth::SignedIn(_)) {
            let next = query.with_untracked(|query| query.get("next"));
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&Page::after_login(next.as_deref()), options);
        }
    });

    let error = move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| login_error(&e))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if login.pending().get_untracked() {
            return;
        }
        login.dispatch(LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: SecretString::new(password.get_untracked()),
        });
    };

    view! {
        <SandboxBanner />
        <main class="login">
            <form class="card" on:submit=submit>
                <h1>"Sign in to cassadmin"</h1>
                <TextField
                    id="username"
                    label="User name"
                    value=username
                    on_input=move |v| username.set(v)
                    autocomplete="username"
                    required=true
                    autofocus=true
                />
                <TextField
                    id="password"
                    label="Password"
                    input_type="password"
                    value=password
                    on_input=move |v| password.set(v)
                    autocomplete="current-password"
                    required=true
                />
                <p class="error-text" role="alert">{error}</p>
                <button type="submit" class="primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}

/// What to tell someone whose sign-in failed. Never says whether the user exists.
fn login_error(error: &ApiError) -> String {
    match error.code() {
        Some(ErrorCode::Unauthenticated) => "Wrong user name or password.".to_owned(),
        Some(ErrorCode::TooManyRequests) => {
            "Too many failed sign-ins. Wait a few minutes, then try again.".to_owned()
        }
        _ if error.is_unauthenticated() => "Wrong user name or password.".to_owned(),
        _ => format!("Could not sign in: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, code: &str) -> ApiError {
        let body = format!(r#"{{"error":{{"code":"{code}","message":"m","request_id":null}}}}"#);
        ApiError::from_response(status, &body)
    }

    #[test]
    fn explains_failed_sign_ins() {
        assert_eq!(
            login_error(&error(401, "unauthenticated")),
            "Wrong user name or password."
        );
        assert!(login_error(&error(429, "too_many_requests")).starts_with("Too many"));
        let down = login_error(&ApiError::Network("offline".into()));
        assert!(down.starts_with("Could not sign in") && down.contains("offline"));
    }
}
