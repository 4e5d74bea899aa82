//! Managing panel users, shared by the REST API and the command line: checks, hashing, the
//! last-admin guard, session revocation, and the audit record of each change.

use shared::rest::{FieldError, NewUser, UserPatch, rules::code};
use shared::{Role, SecretString};

use crate::audit::{AuditError, AuditLog, Change, Context, Describe, Params};
use crate::auth::password;
use crate::db::users::{self, UserRow};
use crate::db::{sessions, users as store};
use crate::domain::{NewPassword, Username};
use crate::error::{AppError, is_unique_violation};

impl Describe for AppError {
    fn audit_code(&self) -> String {
        serde_json::to_value(self.code())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "error".to_owned())
    }

    fn audit_message(&self) -> String {
        // The client-facing message: internal causes stay in the log (same request id).
        self.to_string()
    }
}

impl From<AuditError> for AppError {
    fn from(e: AuditError) -> Self {
        AppError::Internal(anyhow::Error::new(e))
    }
}

fn user_target(username: &str) -> String {
    format!("user/{username}")
}

/// Creates a user (all fields checked at once).
pub async fn create_user(
    audit: &AuditLog,
    ctx: &Context,
    new: NewUser,
) -> Result<UserRow, AppError> {
    let mut errors = Vec::new();
    let username = Username::parse("username", &new.username)
        .map_err(|e| errors.push(e))
        .ok();
    let password = NewPassword::parse("password", new.password.clone(), &new.username)
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(username), Some(password)) = (username, password) else {
        return Err(AppError::Validation(errors));
    };
    let change = Change::new("user.create")
        .target(user_target(username.as_str()))
        .params(
            Params::new()
                .with("username", username.as_str())
                .with("role", new.role.as_str())
                .with("password", password.secret().expose()),
        );
    audit
        .audited(ctx, change, || async {
            let hash = password::hash(password.secret().clone()).await?;
            let mut conn = audit.pool().acquire().await?;
            users::insert(&mut conn, username.as_str(), &hash, new.role)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e, "users_username_key") {
                        AppError::Conflict(format!("the user name {} is taken", username.as_str()))
                    } else {
                        e.into()
                    }
                })
        })
        .await
}

/// Changes a user's password, role or disabled flag. A new password or disabling ends the
/// user's sessions; the last enabled admin cannot be demoted or disabled.
pub async fn update_user(
    audit: &AuditLog,
    ctx: &Context,
    id: i64,
    patch: UserPatch,
) -> Result<UserRow, AppError> {
    let mut conn = audit.pool().acquire().await?;
    let user = store::get(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such user"))?;
    drop(conn);
    if patch.password.is_none() && patch.role.is_none() && patch.disabled.is_none() {
        return Err(AppError::field(FieldError::new(
            "body",
            code::REQUIRED,
            "set at least one of password, role, disabled",
        )));
    }
    let password = match &patch.password {
        Some(p) => Some(
            NewPassword::parse("password", p.clone(), &user.username).map_err(AppError::field)?,
        ),
        None => None,
    };
    let mut params = Params::new();
    if let Some(role) = patch.role {
        params = params.with("role", role.as_str());
    }
    if let Some(disabled) = patch.disabled {
        params = params.with("disabled", disabled);
    }
    if let Some(p) = &password {
        params = params.with("password", p.secret().expose());
    }
    let change = Change::new("user.update")
        .target(user_target(&user.username))
        .params(params);
    audit
        .audited(ctx, change, || async {
            let hash = match &password {
                Some(p) => Some(password::hash(p.secret().clone()).await?),
                None => None,
            };
            let mut tx = audit.pool().begin().await?;
            store::lock_admin_changes(&mut tx).await?;
            let current = store::get(&mut tx, id)
                .await?
                .ok_or_else(|| AppError::not_found("no such user"))?;
            let loses_admin = current.role() == Role::Admin
                && !current.disabled
                && (patch.role.is_some_and(|r| r < Role::Admin) || patch.disabled == Some(true));
            if loses_admin && store::other_active_admins(&mut tx, id).await? == 0 {
                return Err(AppError::Conflict(
                    "the last enabled admin cannot be demoted or disabled".into(),
                ));
            }
            if let Some(role) = patch.role {
                store::set_role(&mut tx, id, role).await?;
            }
            if let Some(disabled) = patch.disabled {
                store::set_disabled(&mut tx, id, disabled).await?;
            }
            if let Some(hash) = &hash {
                store::set_password(&mut tx, id, hash).await?;
            }
            if hash.is_some() || patch.disabled == Some(true) {
                sessions::revoke_all(&mut tx, id).await?;
            }
            let updated = store::get(&mut tx, id)
                .await?
                .ok_or_else(|| AppError::not_found("no such user"))?;
            tx.commit().await?;
            Ok(updated)
        })
        .await
}

/// Deletes a user (their sessions and tokens go with them; audit rows stay).
pub async fn delete_user(audit: &AuditLog, ctx: &Context, id: i64) -> Result<(), AppError> {
    let mut conn = audit.pool().acquire().await?;
    let user = store::get(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such user"))?;
    drop(conn);
    let change = Change::new("user.delete").target(user_target(&user.username));
    audit
        .audited(ctx, change, || async {
            let mut tx = audit.pool().begin().await?;
            store::lock_admin_changes(&mut tx).await?;
            let current = store::get(&mut tx, id)
                .await?
                .ok_or_else(|| AppError::not_found("no such user"))?;
            if current.role() == Role::Admin
                && !current.disabled
                && store::other_active_admins(&mut tx, id).await? == 0
            {
                return Err(AppError::Conflict(
                    "the last enabled admin cannot be deleted".into(),
                ));
            }
            store::delete(&mut tx, id).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
}

/// A user's own password change: checks the current password, sets the new one, ends
/// every session of the user.
pub async fn change_own_password(
    audit: &AuditLog,
    ctx: &Context,
    user: &UserRow,
    new_password: NewPassword,
) -> Result<(), AppError> {
    let change = Change::new("user.password")
        .target(user_target(&user.username))
        .params(Params::new().with("password", new_password.secret().expose()));
    audit
        .audited(ctx, change, || async {
            let hash = password::hash(new_password.secret().clone()).await?;
            let mut tx = audit.pool().begin().await?;
            store::set_password(&mut tx, user.id, &hash).await?;
            sessions::revoke_all(&mut tx, user.id).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
}

/// First start: when no admin exists, creates `admin` with `password` or a random one.
/// Returns the generated password (to be shown once), if one was generated.
pub async fn bootstrap_admin(
    audit: &AuditLog,
    password: Option<&SecretString>,
) -> Result<Option<SecretString>, AppError> {
    if store::any_admin(audit.pool()).await? {
        return Ok(None);
    }
    let (password, generated) = match password {
        Some(p) => (p.clone(), false),
        None => (random_password(), true),
    };
    let ctx = Context::system(crate::audit::Actor::system("system"));
    let new = NewUser {
        username: "admin".into(),
        password: password.clone(),
        role: Role::Admin,
    };
    create_user(audit, &ctx, new).await.map_err(|e| match e {
        AppError::Validation(fields) => AppError::Internal(anyhow::anyhow!(
            "CASSADMIN_ADMIN_PASSWORD does not follow the password policy: {}",
            fields
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )),
        other => other,
    })?;
    Ok(generated.then_some(password))
}

/// 20 characters from an unambiguous alphabet (~114 bits).
pub fn random_password() -> SecretString {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let text: String = (0..20)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    SecretString::new(text)
}

#[cfg(test)]
mod tests {
    use shared::rest::rules;

    use super::*;

    #[test]
    fn random_passwords_pass_the_policy() {
        for _ in 0..50 {
            let p = random_password();
            assert!(rules::password("password", p.expose(), "admin").is_ok());
        }
    }
}
