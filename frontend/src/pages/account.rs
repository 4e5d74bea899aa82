//! Your account: who you are, and changing your password (which signs out your other sessions).

use leptos::prelude::*;

use crate::api::{self, FieldIssue};
use crate::components::field::TextField;
use crate::components::table::facts;
use crate::context::{AppContext, Auth};
use crate::state::panel_forms::{PasswordForm, message_for};

#[component]
pub fn AccountPage() -> impl IntoView {
    let context = AppContext::get();
    let session = move || match context.auth.get() {
        Auth::SignedIn(session) => Some(session),
        _ => None,
    };
    let about = move || {
        session().map(|s| {
            facts(vec![
                ("User name", s.user.username.clone()),
                ("Role", s.role.as_str().to_owned()),
                (
                    "Last sign-in",
                    s.user
                        .last_login_at
                        .clone()
                        .unwrap_or_else(|| "—".to_owned()),
                ),
                ("Member since", s.user.created_at.clone()),
            ])
        })
    };

    let form = RwSignal::new(PasswordForm::default());
    let issues = RwSignal::new(Vec::<FieldIssue>::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let username = session().map(|s| s.user.username).unwrap_or_default();
        let change = match form.with_untracked(|f| f.request(&username)) {
            Ok(change) => change,
            Err(found) => {
                issues.set(found);
                return;
            }
        };
        issues.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::change_password(&change).await;
            busy.set(false);
            match result {
                Ok(info) => {
                    form.set(PasswordForm::default());
                    // A fresh session replaces the ended ones (the cookies changed).
                    context.auth.set(Auth::SignedIn(info.into()));
                    context.success("Password changed; your other sessions were signed out");
                }
                Err(error) => {
                    issues.set(error.field_errors().to_vec());
                    context.error("Change password", &error);
                }
            }
        });
    };
    let error =
        move |field: &'static str| Signal::derive(move || issues.with(|i| message_for(i, field)));
    let input = move |id: &'static str,
                      label: &'static str,
                      autocomplete: &'static str,
                      get: fn(&PasswordForm) -> String,
                      set: fn(&mut PasswordForm, String),
                      field: &'static str| {
        view! {
            <TextField
                id
                label
                input_type="password"
                autocomplete
                value=Signal::derive(move || form.with(get))
                on_input=move |v| form.update(|f| set(f, v))
                error=error(field)
            />
        }
    };
    view! {
        <div class="page-head">
            <h1>"Your account"</h1>
        </div>
        <section class="panel">{about}</section>
        <form class="panel narrow-form" on:submit=submit novalidate=true>
            <h2>"Change your password"</h2>
            {input("current-password", "Current password", "current-password",
                |f| f.current.clone(), |f, v| f.current = v, "current_password")}
            {input("new-password", "New password", "new-password",
                |f| f.new.clone(), |f, v| f.new = v, "new_password")}
            {input("new-password-again", "New password again", "new-password",
                |f| f.new_again.clone(), |f, v| f.new_again = v, "new_password_again")}
            <p class="hint">
                {format!(
                    "At least {} characters, not containing your user name. Changing it signs out \
                     your other sessions.",
                    shared::rest::rules::PASSWORD_MIN
                )}
            </p>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    "Change password"
                </button>
            </div>
        </form>
    }
}
