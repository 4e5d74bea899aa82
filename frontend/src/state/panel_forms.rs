//! The panel's own forms (not cloud actions): a new user, a new API token, a password change.
//! Each checks what was typed with the rules in `shared::rest::rules`, the same ones the server
//! applies, and names every broken field.

use shared::rest::rules::{self, code};
use shared::rest::{NewToken, NewUser, PasswordChange};
use shared::{Role, SecretString};

use crate::api::FieldIssue;

/// `POST /api/v1/users`, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewUserForm {
    pub username: String,
    pub password: String,
    pub password_again: String,
    pub role: Option<Role>,
}

impl NewUserForm {
    pub fn request(&self) -> Result<NewUser, Vec<FieldIssue>> {
        let username = self.username.trim();
        let mut issues = Vec::new();
        push(&mut issues, rules::username("username", username));
        push(
            &mut issues,
            rules::password("password", &self.password, username),
        );
        if self.password != self.password_again {
            issues.push(mismatch("password_again"));
        }
        let role = self.role.unwrap_or(Role::Viewer);
        finish(issues, || NewUser {
            username: username.to_owned(),
            password: SecretString::new(self.password.clone()),
            role,
        })
    }
}

/// `POST /api/v1/tokens`, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTokenForm {
    pub name: String,
    /// `None`: the creator's own role.
    pub role: Option<Role>,
    /// RFC 3339, already converted from the date the user picked; empty: never expires.
    pub expires_at: String,
    /// Cluster ids, one per line; empty: every cluster.
    pub clusters: String,
}

impl NewTokenForm {
    /// The request; `mine` is the creator's role (a token cannot be given more).
    pub fn request(&self, mine: Role) -> Result<NewToken, Vec<FieldIssue>> {
        let mut issues = Vec::new();
        push(&mut issues, rules::token_name("name", &self.name));
        if self.role.is_some_and(|role| role > mine) {
            issues.push(FieldIssue::new(
                "role",
                code::TOKEN_ROLE,
                format!("may be at most your own role ({mine})"),
            ));
        }
        let clusters: Vec<String> = self
            .clusters
            .split(['\n', ','])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        let clusters = (!clusters.is_empty()).then_some(clusters);
        if let Some(list) = &clusters {
            push(&mut issues, rules::token_clusters("clusters", list));
        }
        let expires_at = Some(self.expires_at.trim().to_owned()).filter(|t| !t.is_empty());
        finish(issues, || NewToken {
            name: self.name.clone(),
            role: self.role,
            expires_at,
            clusters,
        })
    }
}

/// `POST /api/v1/me/password`, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordForm {
    pub current: String,
    pub new: String,
    pub new_again: String,
}

impl PasswordForm {
    pub fn request(&self, username: &str) -> Result<PasswordChange, Vec<FieldIssue>> {
        let mut issues = Vec::new();
        if self.current.is_empty() {
            issues.push(FieldIssue::new(
                "current_password",
                code::REQUIRED,
                "is required",
            ));
        }
        push(
            &mut issues,
            rules::password("new_password", &self.new, username),
        );
        if self.new != self.new_again {
            issues.push(mismatch("new_password_again"));
        }
        finish(issues, || PasswordChange {
            current_password: SecretString::new(self.current.clone()),
            new_password: SecretString::new(self.new.clone()),
        })
    }
}

/// The message next to `field`, from the local check or the server.
pub fn message_for(issues: &[FieldIssue], field: &str) -> Option<String> {
    issues
        .iter()
        .find(|issue| issue.field == field)
        .map(|issue| issue.message.clone())
}

fn push(issues: &mut Vec<FieldIssue>, result: Result<(), shared::rest::FieldError>) {
    if let Err(e) = result {
        issues.push(FieldIssue::new(&e.field, &e.rule, &e.message));
    }
}

fn mismatch(field: &str) -> FieldIssue {
    FieldIssue::new(field, "mismatch", "does not match the password")
}

fn finish<T>(issues: Vec<FieldIssue>, make: impl FnOnce() -> T) -> Result<T, Vec<FieldIssue>> {
    if issues.is_empty() {
        Ok(make())
    } else {
        Err(issues)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(issues: &[FieldIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.field.as_str()).collect()
    }

    #[test]
    fn new_users_follow_the_panel_rules() {
        let mut form = NewUserForm {
            username: " alice ".into(),
            password: "correct horse battery".into(),
            password_again: "correct horse battery".into(),
            role: Some(Role::Operator),
        };
        let user = form.request().unwrap();
        assert_eq!(
            (user.username.as_str(), user.role),
            ("alice", Role::Operator)
        );
        form.username = "Al".into();
        form.password = "alice-is-my-password".into();
        form.password_again = "other".into();
        let issues = form.request().unwrap_err();
        assert_eq!(fields(&issues), ["username", "password", "password_again"]);
        assert!(issues.iter().all(|i| !i.message.contains("alice-is")));
    }

    #[test]
    fn tokens_cannot_outrank_their_creator_and_list_clusters_once() {
        let form = NewTokenForm {
            name: "ci deploy".into(),
            role: Some(Role::Admin),
            expires_at: String::new(),
            clusters: "cds-1\n\ncds-2, cds-1".into(),
        };
        let issues = form.request(Role::Operator).unwrap_err();
        assert_eq!(fields(&issues), ["role", "clusters"]);
        let ok = NewTokenForm {
            role: Some(Role::Viewer),
            clusters: "cds-1\ncds-2".into(),
            expires_at: "2027-01-01T00:00:00.000Z".into(),
            ..form
        };
        let token = ok.request(Role::Operator).unwrap();
        assert_eq!(token.clusters, Some(vec!["cds-1".into(), "cds-2".into()]));
        assert_eq!(
            token.expires_at.as_deref(),
            Some("2027-01-01T00:00:00.000Z")
        );
        let every = NewTokenForm {
            clusters: " \n".into(),
            ..ok
        };
        assert_eq!(every.request(Role::Operator).unwrap().clusters, None);
    }

    #[test]
    fn password_changes_need_the_current_one_and_a_matching_new_one() {
        let form = PasswordForm {
            current: String::new(),
            new: "short".into(),
            new_again: "shorter".into(),
        };
        let issues = form.request("alice").unwrap_err();
        assert_eq!(
            fields(&issues),
            ["current_password", "new_password", "new_password_again"]
        );
        assert_eq!(
            message_for(&issues, "new_password_again").as_deref(),
            Some("does not match the password")
        );
        let form = PasswordForm {
            current: "old password here".into(),
            new: "a much better passphrase".into(),
            new_again: "a much better passphrase".into(),
        };
        let change = form.request("alice").unwrap();
        assert_eq!(change.new_password.expose(), "a much better passphrase");
    }
}
