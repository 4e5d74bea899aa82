//! App-wide state shared by every page: who is signed in, what the panel talks to, messages.

use std::time::Duration;

use leptos::prelude::*;
use shared::Role;
use shared::rest::{Me, SessionInfo, User};

use crate::api::{self, ApiError, Info};
use crate::state::toast::ToastQueue;

/// Where the sign-in stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Asking the panel who we are (the app just opened).
    Checking,
    SignedOut,
    SignedIn(Session),
    /// The panel could not be asked (network, 5xx): show the error and offer a retry.
    Unreachable(ApiError),
}

/// The signed-in user and the role their requests carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub user: User,
    pub role: Role,
}

impl From<Me> for Session {
    fn from(me: Me) -> Self {
        Session {
            user: me.user,
            role: me.effective_role,
        }
    }
}

impl From<SessionInfo> for Session {
    fn from(info: SessionInfo) -> Self {
        let role = info.user.role;
        Session {
            user: info.user,
            role,
        }
    }
}

/// Handles to the app-wide signals (cheap to copy into closures).
#[derive(Clone, Copy)]
pub struct AppContext {
    pub auth: RwSignal<Auth>,
    /// `None` until `/api/v1/info` answered.
    pub info: RwSignal<Option<Info>>,
    pub toasts: RwSignal<ToastQueue>,
}

/// How long a success message stays.
const FADE_AFTER: Duration = Duration::from_secs(6);

impl AppContext {
    /// Create the context, provide it to every component below, and ask the panel who we are.
    pub fn provide() -> AppContext {
        let context = AppContext {
            auth: RwSignal::new(Auth::Checking),
            info: RwSignal::new(None),
            toasts: RwSignal::new(ToastQueue::default()),
        };
        provide_context(context);
        context.check_session();
        leptos::task::spawn_local(async move {
            // Without it the app works; only the sandbox banner and version are missing.
            if let Ok(info) = api::info().await {
                context.info.set(Some(info));
            }
        });
        context
    }

    pub fn get() -> AppContext {
        expect_context()
    }

    /// Ask `/api/v1/me` and set [`Auth`] from the answer.
    pub fn check_session(self) {
        self.auth.set(Auth::Checking);
        leptos::task::spawn_local(async move {
            let auth = match api::me().await {
                Ok(me) => Auth::SignedIn(me.into()),
                Err(error) if error.is_unauthenticated() => Auth::SignedOut,
                Err(error) => Auth::Unreachable(error),
            };
            self.auth.set(auth);
        });
    }

    /// The signed-in user's role (reactive); `None` when signed out.
    pub fn role(self) -> Option<Role> {
        self.auth.with(|auth| match auth {
            Auth::SignedIn(session) => Some(session.role),
            _ => None,
        })
    }

    /// Whether the user may do what needs `role` (reactive). Used to hide what they may not;
    /// the server refuses it anyway.
    pub fn allows(self, role: Role) -> bool {
        self.role().is_some_and(|mine| mine >= role)
    }

    pub fn sandbox(self) -> bool {
        self.info
            .with(|info| info.as_ref().is_some_and(|info| info.sandbox))
    }

    pub fn success(self, title: impl Into<String>) {
        let id = self.toasts.try_update(|queue| queue.success(title));
        self.fade(id);
    }

    pub fn note(self, title: impl Into<String>) {
        let id = self.toasts.try_update(|queue| queue.info(title));
        self.fade(id);
    }

    /// Report a failed operation. A lost session sends the user back to the login page instead.
    pub fn error(self, what: &str, error: &ApiError) {
        if error.is_unauthenticated() {
            self.auth.set(Auth::SignedOut);
            self.note("Your session ended; please sign in again");
            return;
        }
        self.toasts.update(|queue| {
            queue.error(what, error);
        });
    }

    fn fade(self, id: Option<u64>) {
        if let Some(id) = id {
            set_timeout(
                move || self.toasts.update(|queue| queue.dismiss(id)),
                FADE_AFTER,
            );
        }
    }
}

impl AppContext {
    /// Send the user to the login page when `resource` failed for want of a session.
    pub fn watch<T: 'static>(self, resource: LocalResource<Result<T, ApiError>>) {
        Effect::new(move |_| {
            let lost = resource
                .with(|result| matches!(result, Some(Err(error)) if error.is_unauthenticated()));
            if lost {
                self.auth.set(Auth::SignedOut);
            }
        });
    }
}
