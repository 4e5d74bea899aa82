//! cassadmin's own REST API (`/api/v1`): what the server answers and the browser sends.
//!
//! Internal tools rely on these shapes, so fields are only ever added. Times are RFC 3339
//! strings in UTC ([`Timestamp`]); ids are integers wrapped in newtypes. The rules for panel
//! users' fields live in [`rules`], so the browser checks exactly what the server checks.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Role, SecretString};

/// The cookie holding the short-lived access JWT (HttpOnly).
pub const SESSION_COOKIE: &str = "cassadmin_session";
/// The cookie holding the refresh token (HttpOnly, sent to `/api/v1/auth` only).
pub const REFRESH_COOKIE: &str = "cassadmin_refresh";
/// The cookie the browser app reads (not HttpOnly) and echoes in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "cassadmin_csrf";
/// Required on every cookie-authenticated request that changes anything.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// An RFC 3339 UTC timestamp, e.g. `2026-12-04T15:53:00.123456Z`.
pub type Timestamp = String;

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_newtype!(
    /// A panel user.
    UserId
);
id_newtype!(
    /// An API token.
    TokenId
);
id_newtype!(
    /// A row of the audit log (also its position in the hash chain).
    AuditId
);

// ---------------------------------------------------------------------------------------
// Sessions

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: SecretString,
}

/// The answer to a login, a refresh or a password change: the cookies carry the session,
/// the body tells the app who is logged in and the CSRF token to echo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: User,
    /// Same value as the [`CSRF_COOKIE`] cookie.
    pub csrf_token: String,
    /// When the access cookie expires (refresh before then).
    pub access_expires_at: Timestamp,
    /// When the session ends and a new login is needed.
    pub session_expires_at: Timestamp,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    /// What this request may do: the user's role, lowered to the token's for a token.
    pub effective_role: Role,
    pub authentication: Authentication,
}

/// How a request authenticated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Authentication {
    /// Browser session (cookies).
    Session,
    /// `Authorization: Bearer` API token.
    Token {
        id: TokenId,
        name: String,
        /// `None`: every cluster.
        clusters: Option<Vec<String>>,
        expires_at: Option<Timestamp>,
    },
}

/// `POST /api/v1/me/password`: changing one's own password ends every session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: SecretString,
    pub new_password: SecretString,
}

// ---------------------------------------------------------------------------------------
// Users

/// A panel user (never with the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub last_login_at: Option<Timestamp>,
}

/// `POST /api/v1/users` (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub password: SecretString,
    pub role: Role,
}

/// `PATCH /api/v1/users/{id}` (admin): only the fields present change. A new password or
/// disabling ends the user's sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// API tokens

/// An API token's details (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub id: TokenId,
    pub name: String,
    /// The token's ceiling; it acts with the lower of this and its owner's current role.
    pub role: Role,
    pub owner_id: UserId,
    pub owner: String,
    /// `None`: every cluster.
    pub clusters: Option<Vec<String>>,
    pub expires_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// `POST /api/v1/tokens`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    pub name: String,
    /// At most the creator's role; defaults to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// In the future; `None`: never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Cluster ids the token is limited to; `None`: every cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusters: Option<Vec<String>>,
}

/// The answer to `POST /api/v1/tokens`: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    /// Send as `Authorization: Bearer <token>`.
    pub token: SecretString,
    #[serde(flatten)]
    pub details: Token,
}

// ---------------------------------------------------------------------------------------
// Audit log

/// Which half of a change a row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// Written before a change is attempted.
    Intent,
    /// Written after, pointing at its intent.
    Outcome,
    /// Something that is not an attempted change (a login), with its outcome.
    Event,
}

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    User,
    Token,
    System,
    /// Not authenticated (a failed login: `actor` is the name that was tried).
    Anonymous,
}

/// How a change or event ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Ok,
    Error,
}

macro_rules! str_enum_impls {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            /// The wire (and database) spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(concat!("unknown ", stringify!($name), " `{}`"), other)),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum_impls!(AuditKind { Intent = "intent", Outcome = "outcome", Event = "event" });
str_enum_impls!(ActorKind { User = "user", Token = "token", System = "system", Anonymous = "anonymous" });
str_enum_impls!(AuditOutcome { Ok = "ok", Error = "error" });

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: Timestamp,
    pub kind: AuditKind,
    /// For an outcome: the intent it completes.
    pub intent_id: Option<AuditId>,
    pub actor_kind: ActorKind,
    /// User name (also for tokens), `system`, or the name a failed login tried.
    pub actor: String,
    pub token_name: Option<String>,
    pub source: Option<String>,
    pub user_agent: Option<String>,
    /// A cloud action (`CreateCluster`) or a panel action (`user.create`).
    pub action: String,
    pub cluster_id: Option<String>,
    pub data_center_id: Option<String>,
    /// A non-cluster subject: `user/alice`, `token/12`.
    pub target: Option<String>,
    /// The request parameters; secrets appear only as `hmac-sha256:<hex>`.
    pub params: serde_json::Value,
    pub outcome: Option<AuditOutcome>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub cloud_request_id: Option<String>,
    pub duration_ms: Option<i64>,
    /// Our request id (`X-Request-Id`), to find the server's log lines.
    pub request_id: Option<String>,
    /// Hex SHA-256 of the previous row's hash and this row.
    pub hash: String,
    pub prev_hash: String,
}

/// `GET /api/v1/audit` query parameters; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<AuditOutcome>,
    /// Inclusive lower bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    /// Exclusive upper bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// Keyset cursor: only rows with a smaller id (the previous page's `next_before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<AuditId>,
    /// Page size, 1-500 (default 50). Ignored by the export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; `None` on the last page.
    pub next_before: Option<AuditId>,
}

/// `GET /api/v1/audit/verify`: the result of walking the hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainReport {
    pub intact: bool,
    pub rows_checked: u64,
    /// Hex hash of the last row checked: record it elsewhere to detect a rewritten chain.
    pub head_hash: Option<String>,
    pub first_broken: Option<BrokenLink>,
}

/// The first row whose hash or link does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenLink {
    pub id: AuditId,
    pub problem: String,
}

/// `POST /api/v1/audit/{id}/check-secret`: was this secret field set to `value`?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretCheck {
    pub field: String,
    pub value: SecretString,
}

/// The answer to a [`SecretCheck`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretCheckResult {
    pub matches: bool,
}

// ---------------------------------------------------------------------------------------
// Health

/// `GET /healthz` and `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok`, or `unavailable` (readyz with the database unreachable).
    pub status: String,
}

// ---------------------------------------------------------------------------------------
// Errors

/// Every error from every endpoint: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// For people; never contains a secret or an internal cause.
    pub message: String,
    /// For [`ErrorCode::Validation`]: every broken field at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Matches the `X-Request-Id` header and the server's log lines.
    pub request_id: Option<String>,
    /// For a cloud action the cloud refused or failed: its `Code`, `Message`, `RequestId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud: Option<CloudErrorDetail>,
}

/// The machine-readable error class (its HTTP status in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Malformed request: bad JSON, wrong content type (400).
    BadRequest,
    /// Not logged in, bad credentials, expired or revoked session or token (401).
    Unauthenticated,
    /// Missing or wrong `X-CSRF-Token` on a cookie-authenticated change (403).
    CsrfFailed,
    /// Authenticated but not allowed (403).
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// Conflicts with the current state: a taken name, the last admin (409).
    Conflict,
    /// One or more fields broke a rule; see `fields` (400, like malformed requests).
    Validation,
    /// Too many failed logins; retry later (429).
    TooManyRequests,
    /// Something failed on our side; the details are in the server log (500).
    Internal,
    /// A dependency (the database) is unreachable (503).
    Unavailable,
    /// The cloud failed, refused the panel's own credentials, or could not be reached (502).
    BadGateway,
    /// The cloud did not answer within the client's timeout (504).
    GatewayTimeout,
    /// A code this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// One broken rule of one request field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name in the request (`password`, `clusters[1]`).
    pub field: String,
    /// Stable rule code, e.g. `user_password.length`.
    pub rule: String,
    pub message: String,
    /// For list-valued fields: which entry broke the rule (the line of an IP list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<crate::rules::Item>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.to_owned(),
            message: message.into(),
            item: None,
        }
    }
}

impl From<crate::rules::FieldError> for FieldError {
    fn from(e: crate::rules::FieldError) -> Self {
        Self {
            field: e.field,
            rule: e.rule.code().to_owned(),
            message: e.message,
            item: e.item,
        }
    }
}

/// The cloud's own error, passed through when ApsaraDB refused or failed a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudErrorDetail {
    /// The cloud's `Code`, or `Timeout` / `Unreachable` / `Decode` when it gave none.
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    #[serde(default)]
    pub http_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend: Option<String>,
    /// How many times the panel tried (throttling and 5xx are retried).
    #[serde(default)]
    pub attempts: Option<u32>,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The rules for panel users' and tokens' fields. Each returns the broken rule with a
/// message that reads after the field's label and never repeats a secret.
pub mod rules {
    use super::FieldError;

    /// Rule codes, part of the REST API.
    pub mod code {
        pub const REQUIRED: &str = "required";
        pub const USERNAME_LENGTH: &str = "username.length";
        pub const USERNAME_CHARACTER: &str = "username.character";
        pub const PASSWORD_LENGTH: &str = "user_password.length";
        pub const PASSWORD_CONTAINS_USERNAME: &str = "user_password.contains_username";
        pub const PASSWORD_VARIETY: &str = "user_password.variety";
        pub const TOKEN_NAME_LENGTH: &str = "token_name.length";
        pub const TOKEN_NAME_CHARACTER: &str = "token_name.character";
        pub const TOKEN_ROLE: &str = "token.role";
        pub const TOKEN_EXPIRY: &str = "token.expiry";
        pub const TOKEN_CLUSTERS: &str = "token.clusters";
        pub const TIMESTAMP: &str = "timestamp";
        pub const ONE_OF: &str = "one_of";
        pub const TYPE: &str = "type";
        pub const RANGE: &str = "range";
        pub const CURRENT_PASSWORD: &str = "current_password.mismatch";
    }

    pub const USERNAME_MIN: usize = 3;
    pub const USERNAME_MAX: usize = 64;
    /// NIST SP 800-63B: length over composition rules.
    pub const PASSWORD_MIN: usize = 12;
    /// Long enough for any passphrase or manager-generated password.
    pub const PASSWORD_MAX: usize = 128;
    /// Fewer distinct characters than this is a pattern, not a password (`aaaaaaaaaaaa`).
    pub const PASSWORD_MIN_DISTINCT: usize = 5;
    pub const TOKEN_NAME_MAX: usize = 64;
    pub const TOKEN_CLUSTERS_MAX: usize = 100;

    /// 3-64 characters: lower-case letters, digits, `.`, `_`, `-`, starting with a letter or
    /// a digit.
    pub fn username(field: &str, name: &str) -> Result<(), FieldError> {
        let len = name.chars().count();
        if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
            return Err(FieldError::new(
                field,
                code::USERNAME_LENGTH,
                format!("must be {USERNAME_MIN}-{USERNAME_MAX} characters"),
            ));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        let starts_well = name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !starts_well || !name.chars().all(allowed) {
            return Err(FieldError::new(
                field,
                code::USERNAME_CHARACTER,
                "may contain only lower-case letters, digits, `.`, `_` and `-`, and must start \
                 with a letter or a digit",
            ));
        }
        Ok(())
    }

    /// 12-128 characters, not containing the user name, at least 5 distinct characters.
    pub fn password(field: &str, password: &str, username: &str) -> Result<(), FieldError> {
        let len = password.chars().count();
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&len) {
            return Err(FieldError::new(
                field,
                code::PASSWORD_LENGTH,
                format!("must be {PASSWORD_MIN}-{PASSWORD_MAX} characters"),
            ));
        }
        if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
            return Err(FieldError::new(
                field,
                code::PASSWORD_CONTAINS_USERNAME,
                "must not contain the user name",
            ));
        }
        let mut distinct: Vec<char> = password.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < PASSWORD_MIN_DISTINCT {
            return Err(FieldError::new(
                field,
                code::PASSWORD_VARIETY,
                format!("must use at least {PASSWORD_MIN_DISTINCT} different characters"),
            ));
        }
        Ok(())
    }

    /// 1-64 printable characters, no leading or trailing space.
    pub fn token_name(field: &str, name: &str) -> Result<(), FieldError> {
        let len = name.chars().count();
        if !(1..=TOKEN_NAME_MAX).contains(&len) {
            return Err(FieldError::new(
                field,
                code::TOKEN_NAME_LENGTH,
                format!("must be 1-{TOKEN_NAME_MAX} characters"),
            ));
        }
        if name.chars().any(char::is_control) || name.trim() != name {
            return Err(FieldError::new(
                field,
                code::TOKEN_NAME_CHARACTER,
                "must not contain control characters or start or end with a space",
            ));
        }
        Ok(())
    }

    /// A non-empty list of at most 100 distinct, non-empty cluster ids.
    pub fn token_clusters(field: &str, clusters: &[String]) -> Result<(), FieldError> {
        let broken = |message: &str| Err(FieldError::new(field, code::TOKEN_CLUSTERS, message));
        if clusters.is_empty() {
            return broken("must name at least one cluster (leave it out for every cluster)");
        }
        if clusters.len() > TOKEN_CLUSTERS_MAX {
            return broken("may name at most 100 clusters");
        }
        if clusters.iter().any(|c| c.trim().is_empty() || c.len() > 64) {
            return broken("entries must be cluster ids of 1-64 characters");
        }
        let mut sorted: Vec<&String> = clusters.iter().collect();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != clusters.len() {
            return broken("must not name a cluster twice");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_rule() {
        for good in ["admin", "ops.team-1", "a_b", "123"] {
            assert!(rules::username("username", good).is_ok(), "{good}");
        }
        let rule = |name: &str| rules::username("username", name).unwrap_err().rule;
        assert_eq!(rule("ab"), rules::code::USERNAME_LENGTH);
        assert_eq!(rule(&"a".repeat(65)), rules::code::USERNAME_LENGTH);
        assert_eq!(rule("Alice"), rules::code::USERNAME_CHARACTER);
        assert_eq!(rule("-alice"), rules::code::USERNAME_CHARACTER);
        assert_eq!(rule("al ice"), rules::code::USERNAME_CHARACTER);
    }

    #[test]
    fn passwords_follow_the_policy_without_echoing_them() {
        assert!(rules::password("password", "correct horse battery", "alice").is_ok());
        let broken = |pw: &str| rules::password("password", pw, "alice").unwrap_err();
        assert_eq!(broken("short1!").rule, rules::code::PASSWORD_LENGTH);
        assert_eq!(broken(&"x".repeat(129)).rule, rules::code::PASSWORD_LENGTH);
        assert_eq!(
            broken("my-ALICE-password").rule,
            rules::code::PASSWORD_CONTAINS_USERNAME
        );
        let repetitive = broken("abababababababab");
        assert_eq!(repetitive.rule, rules::code::PASSWORD_VARIETY);
        assert!(!repetitive.message.contains("abab"));
    }

    #[test]
    fn token_rules() {
        assert!(rules::token_name("name", "ci deploy").is_ok());
        assert!(rules::token_name("name", "").is_err());
        assert!(rules::token_name("name", " padded").is_err());
        assert!(rules::token_clusters("clusters", &["cds-1".into()]).is_ok());
        assert!(rules::token_clusters("clusters", &[]).is_err());
        assert!(rules::token_clusters("clusters", &["a".into(), "a".into()]).is_err());
    }

    #[test]
    fn created_token_puts_the_secret_in_a_field_named_token() {
        let created = CreatedToken {
            token: SecretString::new("cass_secret"),
            details: Token {
                id: TokenId(7),
                name: "ci".into(),
                role: Role::Operator,
                owner_id: UserId(1),
                owner: "admin".into(),
                clusters: None,
                expires_at: None,
                created_at: "2026-12-04T00:00:00Z".into(),
                last_used_at: None,
                revoked_at: None,
            },
        };
        let json = serde_json::to_value(&created).unwrap();
        assert_eq!(json["token"], "cass_secret");
        assert_eq!(json["id"], 7);
        assert_eq!(json["role"], "operator");
        assert!(!format!("{created:?}").contains("cass_secret"));
    }

    #[test]
    fn audit_enums_spell_as_serde_does() {
        for kind in [AuditKind::Intent, AuditKind::Outcome, AuditKind::Event] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_eq!(kind.as_str().parse::<AuditKind>(), Ok(kind));
        }
        assert_eq!(
            serde_json::to_value(ActorKind::Anonymous).unwrap(),
            "anonymous"
        );
        assert_eq!("error".parse::<AuditOutcome>(), Ok(AuditOutcome::Error));
        assert!("maybe".parse::<AuditOutcome>().is_err());
    }

    #[test]
    fn unknown_error_codes_still_parse() {
        let body: ErrorEnvelope =
            serde_json::from_str(r#"{"error":{"code":"teapot","message":"m","request_id":null}}"#)
                .unwrap();
        assert_eq!(body.error.code, ErrorCode::Unknown);
        assert!(body.error.fields.is_empty());
    }
}
