//! Who is calling, and what they may do.
//!
//! Two ways in: a browser session (access JWT cookie + refresh cookie, [`session`]) and API
//! tokens (`Authorization: Bearer`, [`api_token`]). Handlers state their requirement by
//! the extractor they take:
//!
//! | extractor | accepts |
//! | --- | --- |
//! | [`AuthUser`] | any authenticated caller |
//! | [`RequireRole<R>`] | callers whose effective role is at least `R` |
//! | [`PanelAdmin`] | admins not limited to some clusters (user and audit management) |
//! | [`SessionUser`] | browser sessions only (minting tokens, changing one's password) |
//!
//! Cookie-authenticated requests that may change something (any method but GET, HEAD,
//! OPTIONS) must carry `X-CSRF-Token`; Bearer requests need not (a browser never adds that
//! header by itself).

pub mod api_token;
pub mod keys;
pub mod password;
pub mod session;
pub mod throttle;

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, web};
use shared::Role;
use shared::rest::{self, Authentication, CSRF_HEADER, SESSION_COOKIE, TokenId};
use uuid::Uuid;

use crate::audit::Actor;
use crate::db::tokens::TokenRow;
use crate::db::users::UserRow;
use crate::db::{sessions, tokens};
use crate::domain::timestamp;
use crate::error::AppError;
use crate::startup::AppState;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: UserRow,
    pub via: Via,
}

#[derive(Debug, Clone)]
pub enum Via {
    Session { id: Uuid },
    Token(TokenRow),
}

impl Principal {
    /// What this request may do: the user's role, capped by the token's.
    pub fn role(&self) -> Role {
        match &self.via {
            Via::Session { .. } => self.user.role(),
            Via::Token(token) => self.user.role().min(token.role.0),
        }
    }

    /// The clusters this caller is limited to; `None`: all of them.
    pub fn clusters(&self) -> Option<&[String]> {
        match &self.via {
            Via::Token(token) => token.clusters.as_deref(),
            Via::Session { .. } => None,
        }
    }

    pub fn may_touch_cluster(&self, cluster_id: &str) -> bool {
        self.clusters()
            .is_none_or(|allowed| allowed.iter().any(|c| c == cluster_id))
    }

    /// For cluster operations: refuses clusters outside a token's scope.
    pub fn require_cluster(&self, cluster_id: &str) -> Result<(), AppError> {
        if self.may_touch_cluster(cluster_id) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "this token may not touch cluster {cluster_id}"
            )))
        }
    }

    pub fn require_role(&self, role: Role) -> Result<(), AppError> {
        if self.role() >= role {
            Ok(())
        } else {
            Err(AppError::forbidden(format!("this needs the {role} role")))
        }
    }

    pub fn session_id(&self) -> Option<Uuid> {
        match self.via {
            Via::Session { id } => Some(id),
            Via::Token(_) => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role() >= Role::Admin && self.clusters().is_none()
    }

    pub fn actor(&self) -> Actor {
        match &self.via {
            Via::Session { .. } => Actor::user(&self.user.username),
            Via::Token(token) => Actor::token(&self.user.username, &token.name),
        }
    }

    pub fn me(&self) -> rest::Me {
        let authentication = match &self.via {
            Via::Session { .. } => Authentication::Session,
            Via::Token(token) => Authentication::Token {
                id: TokenId(token.id),
                name: token.name.clone(),
                clusters: token.clusters.clone(),
                expires_at: token.expires_at.map(timestamp),
            },
        };
        rest::Me {
            user: self.user.to_rest(),
            effective_role: self.role(),
            authentication,
        }
    }
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state is not configured")))
}

/// Authenticates a request: Bearer token if an `Authorization` header is present, else the
/// session cookie.
pub async fn authenticate(req: &HttpRequest) -> Result<Principal, AppError> {
    let state = state(req)?;
    if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(AppError::Unauthenticated)?;
        if !api_token::looks_valid(token) {
            return Err(AppError::Unauthenticated);
        }
        let live = tokens::find_live(&state.db, &api_token::digest(token))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if let Err(e) = tokens::touch(&state.db, live.token.id).await {
            // Bookkeeping only: do not fail the request over it.
            tracing::warn!(error = ?e, "cannot record a token's last use");
        }
        return Ok(Principal {
            user: live.owner,
            via: Via::Token(live.token),
        });
    }

    let cookie = req
        .cookie(SESSION_COOKIE)
        .ok_or(AppError::Unauthenticated)?;
    let claims = state
        .keys
        .verify(cookie.value())
        .ok_or(AppError::Unauthenticated)?;
    let user = sessions::live_user(&state.db, claims.sid)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if user.id.to_string() != claims.sub {
        return Err(AppError::Unauthenticated);
    }
    if !is_safe(req.method()) {
        check_csrf(req, &state, claims.sid)?;
    }
    Ok(Principal {
        user,
        via: Via::Session { id: claims.sid },
    })
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The `X-CSRF-Token` header must be the session's CSRF token.
pub fn check_csrf(req: &HttpRequest, state: &AppState, session_id: Uuid) -> Result<(), AppError> {
    let presented = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if state.keys.csrf_matches(session_id, presented) {
        Ok(())
    } else {
        Err(AppError::CsrfFailed)
    }
}

type Extracted<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// Any authenticated caller.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Principal);

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(AuthUser) })
    }
}

/// A role as a type, for [`RequireRole`].
pub trait MinRole {
    const ROLE: Role;
}

pub mod roles {
    use super::{MinRole, Role};

    #[derive(Debug)]
    pub struct Viewer;
    #[derive(Debug)]
    pub struct Operator;
    #[derive(Debug)]
    pub struct Admin;

    impl MinRole for Viewer {
        const ROLE: Role = Role::Viewer;
    }
    impl MinRole for Operator {
        const ROLE: Role = Role::Operator;
    }
    impl MinRole for Admin {
        const ROLE: Role = Role::Admin;
    }
}

/// A caller whose effective role is at least `R` (403 otherwise).
#[derive(Debug)]
pub struct RequireRole<R>(pub Principal, PhantomData<R>);

impl<R: MinRole + 'static> FromRequest for RequireRole<R> {
    type Error = AppError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req).await?;
            principal.require_role(R::ROLE)?;
            Ok(RequireRole(principal, PhantomData))
        })
    }
}

/// An admin acting on the panel itself (users, audit): a token limited to some clusters
/// cannot, whatever its role.
#[derive(Debug)]
pub struct PanelAdmin(pub Principal);

impl FromRequest for PanelAdmin {
    type Error = AppError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req).await?;
            principal.require_role(Role::Admin)?;
            if principal.clusters().is_some() {
                return Err(AppError::forbidden(
                    "a token limited to clusters cannot manage the panel",
                ));
            }
            Ok(PanelAdmin(principal))
        })
    }
}

/// A browser session (not an API token): for what a leaked token must not be able to do,
/// such as minting more tokens.
#[derive(Debug)]
pub struct SessionUser(pub Principal);

impl FromRequest for SessionUser {
    type Error = AppError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req).await?;
            if principal.session_id().is_none() {
                return Err(AppError::forbidden(
                    "API tokens cannot do this; log in instead",
                ));
            }
            Ok(SessionUser(principal))
        })
    }
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;
    use crate::db::DbRole;

    fn user(role: Role) -> UserRow {
        let now = OffsetDateTime::now_utc();
        UserRow {
            id: 1,
            username: "alice".into(),
            role: DbRole(role),
            disabled: false,
            created_at: now,
            updated_at: now,
            last_login_at: None,
        }
    }

    fn token(role: Role, clusters: Option<Vec<String>>) -> Via {
        Via::Token(TokenRow {
            id: 9,
            name: "ci".into(),
            role: DbRole(role),
            user_id: 1,
            owner: "alice".into(),
            clusters,
            expires_at: None,
            created_at: OffsetDateTime::now_utc(),
            last_used_at: None,
            revoked_at: None,
        })
    }

    #[test]
    fn a_token_acts_with_the_lower_of_its_role_and_its_owners() {
        let p = Principal {
            user: user(Role::Operator),
            via: token(Role::Admin, None),
        };
        assert_eq!(p.role(), Role::Operator);
        let p = Principal {
            user: user(Role::Admin),
            via: token(Role::Viewer, None),
        };
        assert_eq!(p.role(), Role::Viewer);
        assert!(p.require_role(Role::Operator).is_err());
    }

    #[test]
    fn cluster_scope_limits_tokens_only() {
        let scoped = Principal {
            user: user(Role::Admin),
            via: token(Role::Admin, Some(vec!["cds-a".into()])),
        };
        assert!(scoped.require_cluster("cds-a").is_ok());
        assert!(scoped.require_cluster("cds-b").is_err());
        assert!(!scoped.is_admin());
        let session = Principal {
            user: user(Role::Viewer),
            via: Via::Session { id: Uuid::new_v4() },
        };
        assert!(session.may_touch_cluster("cds-b"));
        assert_eq!(scoped.actor(), Actor::token("alice", "ci"));
    }
}
