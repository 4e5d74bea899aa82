//! Users (admins): who may sign in, with which role; create, change role, disable, reset a
//! password, delete.

use leptos::prelude::*;
use shared::rest::{User, UserPatch};
use shared::{Role, SecretString};

use crate::api::{self, ApiError, FieldIssue, Read};
use crate::components::confirm::ConfirmByName;
use crate::components::field::{SelectField, TextField};
use crate::components::load::{load, loaded};
use crate::components::table::table;
use crate::context::AppContext;
use crate::state::panel_forms::{NewUserForm, message_for};

/// The role choices of a drop-down.
pub fn role_choices(up_to: Role) -> Vec<(String, String)> {
    Role::ALL
        .into_iter()
        .filter(|role| *role <= up_to)
        .map(|role| (role.as_str().to_owned(), role.as_str().to_owned()))
        .collect()
}

/// What is being done to one user below the table.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Password(User),
    Delete(User),
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let users = load(Signal::stored(Read::get("/users")));
    let editing = RwSignal::new(None::<Editing>);
    let list = loaded(users, "the users", move |list: Vec<User>| {
        let rows = list
            .into_iter()
            .map(|user| user_row(user, users, editing))
            .collect();
        table(
            &["User", "Role", "State", "Created", "Last sign-in", ""],
            rows,
            "No users.",
        )
    });
    let edit = move || {
        editing.get().map(|edit| match edit {
            Editing::Password(user) => view! { <ResetPassword user users editing /> }.into_any(),
            Editing::Delete(user) => delete_user(user, users, editing),
        })
    };
    view! {
        <div class="page-head">
            <h1>"Users"</h1>
        </div>
        {list}
        {edit}
        <CreateUser users />
    }
}

/// Run a change, then report it and reload the list.
fn change(
    what: &'static str,
    users: LocalResource<api::Fetched>,
    call: impl Future<Output = Result<(), ApiError>> + 'static,
) {
    let context = AppContext::get();
    leptos::task::spawn_local(async move {
        match call.await {
            Ok(()) => {
                context.success(what);
                users.refetch();
            }
            Err(error) => context.error(what, &error),
        }
    });
}

fn patch(what: &'static str, users: LocalResource<api::Fetched>, user: &User, patch: UserPatch) {
    let id = user.id;
    change(what, users, async move {
        api::update_user(id, &patch).await.map(|_| ())
    });
}

fn user_row(
    user: User,
    users: LocalResource<api::Fetched>,
    editing: RwSignal<Option<Editing>>,
) -> AnyView {
    let context = AppContext::get();
    let me = context.auth.with_untracked(|auth| match auth {
        crate::context::Auth::SignedIn(session) => session.user.id == user.id,
        _ => false,
    });
    let role_user = user.clone();
    let role = view! {
        <select
            aria-label=format!("Role of {}", user.username)
            disabled=me
            on:change=move |ev| {
                if let Ok(role) = event_target_value(&ev).parse::<Role>() {
                    let patch_role = UserPatch { role: Some(role), ..UserPatch::default() };
                    patch("Role changed", users, &role_user, patch_role);
                }
            }
        >
            {Role::ALL
                .into_iter()
                .map(|r| view! { <option value=r.as_str() selected=r == user.role>{r.as_str()}</option> })
                .collect_view()}
        </select>
    };
    let toggle_user = user.clone();
    let disabled = user.disabled;
    let toggle = move |_| {
        let (what, disable) = if disabled {
            ("User enabled", false)
        } else {
            ("User disabled; their sessions ended", true)
        };
        let body = UserPatch {
            disabled: Some(disable),
            ..UserPatch::default()
        };
        patch(what, users, &toggle_user, body);
    };
    let reset_user = user.clone();
    let delete_user = user.clone();
    view! {
        <tr>
            <td>{user.username.clone()}</td>
            <td>{role}</td>
            <td>{if user.disabled { "disabled" } else { "active" }}</td>
            <td class="small">{user.created_at.clone()}</td>
            <td class="small">{user.last_login_at.clone().unwrap_or_else(|| "never".to_owned())}</td>
            <td class="row-actions">
                <button type="button" disabled=me on:click=toggle>
                    {if user.disabled { "Enable" } else { "Disable" }}
                </button>
                <button
                    type="button"
                    on:click=move |_| editing.set(Some(Editing::Password(reset_user.clone())))
                >
                    "Reset password…"
                </button>
                <button
                    type="button"
                    class="danger-outline"
                    disabled=me
                    on:click=move |_| editing.set(Some(Editing::Delete(delete_user.clone())))
                >
                    "Delete…"
                </button>
            </td>
        </tr>
    }
    .into_any()
}

fn delete_user(
    user: User,
    users: LocalResource<api::Fetched>,
    editing: RwSignal<Option<Editing>>,
) -> AnyView {
    let pending = RwSignal::new(false);
    let id = user.id;
    view! {
        <ConfirmByName
            title=format!("Delete user {}?", user.username)
            name=user.username.clone()
            confirm_label="Delete user"
            pending=pending
            on_confirm=move |()| {
                pending.set(true);
                editing.set(None);
                change("User deleted", users, async move { api::delete_user(id).await });
            }
            on_cancel=move |()| editing.set(None)
        >
            <p>"The user can no longer sign in; their sessions and API tokens end."</p>
        </ConfirmByName>
    }
    .into_any()
}

#[component]
fn ResetPassword(
    user: User,
    users: LocalResource<api::Fetched>,
    editing: RwSignal<Option<Editing>>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let issues = RwSignal::new(Vec::<FieldIssue>::new());
    let username = user.username.clone();
    let id = user.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = NewUserForm {
            username: username.clone(),
            password: password.get_untracked(),
            password_again: again.get_untracked(),
            role: None,
        };
        match form.request() {
            Err(found) => issues.set(found),
            Ok(checked) => {
                editing.set(None);
                let body = UserPatch {
                    password: Some(SecretString::new(checked.password.expose())),
                    ..UserPatch::default()
                };
                change(
                    "Password reset; the user's sessions ended",
                    users,
                    async move { api::update_user(id, &body).await.map(|_| ()) },
                );
            }
        }
    };
    let error =
        move |field: &'static str| Signal::derive(move || issues.with(|i| message_for(i, field)));
    view! {
        <form class="panel" on:submit=submit>
            <h2>{format!("New password for {}", user.username)}</h2>
            <TextField
                id="reset-password"
                label="New password"
                input_type="password"
                autocomplete="new-password"
                value=password
                on_input=move |v| password.set(v)
                error=error("password")
                hint=format!("At least {} characters.", shared::rest::rules::PASSWORD_MIN)
            />
            <TextField
                id="reset-password-again"
                label="New password again"
                input_type="password"
                autocomplete="new-password"
                value=again
                on_input=move |v| again.set(v)
                error=error("password_again")
            />
            <div class="actions">
                <button type="button" on:click=move |_| editing.set(None)>"Cancel"</button>
                <button type="submit" class="primary">"Set password"</button>
            </div>
        </form>
    }
}

#[component]
fn CreateUser(users: LocalResource<api::Fetched>) -> impl IntoView {
    let context = AppContext::get();
    let form = RwSignal::new(NewUserForm {
        role: Some(Role::Viewer),
        ..NewUserForm::default()
    });
    let issues = RwSignal::new(Vec::<FieldIssue>::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = match form.with_untracked(NewUserForm::request) {
            Ok(request) => request,
            Err(found) => {
                issues.set(found);
                return;
            }
        };
        issues.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::create_user(&request).await;
            busy.set(false);
            match result {
                Ok(user) => {
                    context.success(format!("User {} created", user.username));
                    form.set(NewUserForm {
                        role: Some(Role::Viewer),
                        ..NewUserForm::default()
                    });
                    users.refetch();
                }
                Err(error) => {
                    issues.set(error.field_errors().to_vec());
                    context.error("Create user", &error);
                }
            }
        });
    };
    let error =
        move |field: &'static str| Signal::derive(move || issues.with(|i| message_for(i, field)));
    let bind = move |get: fn(&NewUserForm) -> String, set: fn(&mut NewUserForm, String)| {
        (
            Signal::derive(move || form.with(get)),
            Callback::new(move |v: String| form.update(|f| set(f, v))),
        )
    };
    let (username, set_username) = bind(|f| f.username.clone(), |f, v| f.username = v);
    let (password, set_password) = bind(|f| f.password.clone(), |f, v| f.password = v);
    let (again, set_again) = bind(|f| f.password_again.clone(), |f, v| f.password_again = v);
    let (role, set_role) = bind(
        |f| f.role.unwrap_or(Role::Viewer).as_str().to_owned(),
        |f, v| f.role = v.parse().ok(),
    );
    view! {
        <form class="panel" on:submit=submit novalidate=true>
            <h2>"Add a user"</h2>
            <TextField id="new-username" label="User name" value=username on_input=set_username
                error=error("username") autocomplete="off"
                hint="3 to 64 lower-case letters, digits, `.`, `_`, `-`." />
            <TextField id="new-password" label="Password" input_type="password" value=password
                on_input=set_password error=error("password") autocomplete="new-password"
                hint=format!("At least {} characters, not containing the user name.", shared::rest::rules::PASSWORD_MIN) />
            <TextField id="new-password-again" label="Password again" input_type="password"
                value=again on_input=set_again error=error("password_again") autocomplete="new-password" />
            <SelectField id="new-role" label="Role" options=Signal::stored(role_choices(Role::Admin))
                value=role on_change=set_role error=error("role") />
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>"Add user"</button>
            </div>
        </form>
    }
}
