//! `Idempotency-Key`: a retried submit reaches the cloud with the same `ClientToken`, and a
//! retry after a success gets the stored answer without calling the cloud again.
//!
//! The token is derived, not random: HMAC-SHA256 of (caller, action, key) under a server
//! secret, so two concurrent first submits compute the same token even before either has
//! stored it, and the cloud deduplicates them. It is stored all the same, so a later change
//! of the derivation (or its secret) cannot orphan keys in use.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretSlice};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::audit::is_secret_name;
use crate::auth::{Principal, Via};

/// The request header.
pub const HEADER: &str = "Idempotency-Key";
/// Answered `true` when the response is a stored one.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";
/// How long a key is remembered.
pub const RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);
const MAX_KEY_LEN: usize = 255;
/// Tokens we make start with this, so they are recognisable in the cloud's records.
const TOKEN_PREFIX: &str = "cassadmin-";

/// A client's idempotency key: 1-255 visible ASCII characters (a UUID, typically).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

/// An `Idempotency-Key` header that is not a valid key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Idempotency-Key header must be 1-255 visible ASCII characters")]
pub struct InvalidKey;

impl IdempotencyKey {
    pub fn parse(value: &[u8]) -> Result<Self, InvalidKey> {
        let valid =
            (1..=MAX_KEY_LEN).contains(&value.len()) && value.iter().all(u8::is_ascii_graphic);
        match std::str::from_utf8(value) {
            Ok(text) if valid => Ok(Self(text.to_owned())),
            _ => Err(InvalidKey),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whose keys these are: one namespace per user session owner or API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope(String);

impl Scope {
    pub fn of(principal: &Principal) -> Self {
        match &principal.via {
            Via::Session { .. } => Self(format!("user/{}", principal.user.id)),
            Via::Token(token) => Self(format!("token/{}", token.id)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Derives `ClientToken`s from idempotency keys.
pub struct TokenDeriver {
    keyed: Hmac<Sha256>,
}

impl std::fmt::Debug for TokenDeriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenDeriver").finish_non_exhaustive()
    }
}

impl TokenDeriver {
    /// `secret`: the state dir's `idempotency-key` (any length works; 32 bytes is usual).
    pub fn new(secret: &SecretSlice<u8>) -> Self {
        let keyed = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose_secret())
            .expect("HMAC accepts keys of any length");
        Self { keyed }
    }

    /// `cassadmin-` + 43 base64url characters: 53 visible ASCII characters, within the
    /// cloud's 64.
    pub fn derive(&self, scope: &Scope, action: &str, key: &IdempotencyKey) -> String {
        let mut mac = self.keyed.clone();
        // NUL separators: no field can contain one, so no two inputs run together.
        for part in ["v1", scope.as_str(), action, key.as_str()] {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        format!(
            "{TOKEN_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }
}

/// A fresh token for a create sent without a key (the same shape as derived ones).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What a request is, for telling a retry from a different request under the same key:
/// SHA-256 of its sorted wire parameters, leaving out `ClientToken` (ours) and secrets (not
/// to be kept, even hashed).
pub fn fingerprint(params: &[(String, String)]) -> [u8; 32] {
    let mut kept: Vec<&(String, String)> = params
        .iter()
        .filter(|(name, _)| name != "ClientToken" && !is_secret_name(name))
        .collect();
    kept.sort();
    let mut digest = Sha256::new();
    for (name, value) in kept {
        // Length-prefixed, so `a=bc` and `ab=c` differ.
        for part in [name, value] {
            digest.update((part.len() as u64).to_be_bytes());
            digest.update(part.as_bytes());
        }
    }
    digest.finalize().into()
}

/// What to do with a submit carrying a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// Call the cloud with this token: the first submit, or a retry of one that has not
    /// (yet) succeeded.
    Proceed { client_token: String },
    /// It succeeded before: answer this.
    Replay { response: Value },
    /// The key was used for another action or other parameters.
    Mismatch { action: String },
}

/// The keys table.
#[derive(Debug, Clone)]
pub struct IdempotencyStore {
    pool: PgPool,
}

impl IdempotencyStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Records the key on first use and says how to go on.
    #[tracing::instrument(name = "idempotency claim", skip_all, fields(action))]
    pub async fn claim(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        action: &str,
        fingerprint: &[u8; 32],
        client_token: &str,
    ) -> sqlx::Result<Claim> {
        let inserted = sqlx::query_scalar!(
            r#"insert into idempotency_keys (scope, key, action, fingerprint, client_token)
               values ($1, $2, $3, $4, $5)
               on conflict (scope, key) do nothing
               returning true as "inserted!""#,
            scope.as_str(),
            key.as_str(),
            action,
            &fingerprint[..],
            client_token,
        )
        .fetch_optional(&self.pool)
        .await?;
        if inserted.is_some() {
            return Ok(Claim::Proceed {
                client_token: client_token.to_owned(),
            });
        }
        let row = sqlx::query!(
            "select action, fingerprint, client_token, response from idempotency_keys
             where scope = $1 and key = $2",
            scope.as_str(),
            key.as_str(),
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(
            if row.action != action || row.fingerprint != fingerprint[..] {
                Claim::Mismatch { action: row.action }
            } else if let Some(response) = row.response {
                Claim::Replay { response }
            } else {
                Claim::Proceed {
                    client_token: row.client_token,
                }
            },
        )
    }

    /// Keeps the answer of a success for later retries.
    pub async fn complete(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        response: &Value,
    ) -> sqlx::Result<()> {
        sqlx::query!(
            "update idempotency_keys set response = $3, completed_at = now()
             where scope = $1 and key = $2",
            scope.as_str(),
            key.as_str(),
            response,
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets keys older than [`RETENTION`]; returns how many.
    pub async fn purge_expired(&self) -> sqlx::Result<u64> {
        let retention_secs = RETENTION.as_secs_f64();
        let done = sqlx::query!(
            "delete from idempotency_keys where created_at < now() - make_interval(secs => $1)",
            retention_secs,
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deriver(byte: u8) -> TokenDeriver {
        TokenDeriver::new(&vec![byte; 32].into())
    }

    fn key(text: &str) -> IdempotencyKey {
        IdempotencyKey::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn keys_are_visible_ascii_of_bounded_length() {
        assert!(IdempotencyKey::parse(b"6f1c2a0e-8d4b-4f0e-9c57-1d2e3f405162").is_ok());
        for bad in [
            &b""[..],
            b"with space",
            b"tab\t",
            "é".as_bytes(),
            &[b'k'; 256],
        ] {
            assert_eq!(IdempotencyKey::parse(bad), Err(InvalidKey), "{bad:?}");
        }
    }

    #[test]
    fn derived_tokens_are_deterministic_distinct_and_valid_client_tokens() {
        let alice = Scope("user/1".into());
        let bob = Scope("user/2".into());
        let token = deriver(1).derive(&alice, "CreateCluster", &key("k1"));
        assert_eq!(
            token,
            deriver(1).derive(&alice, "CreateCluster", &key("k1"))
        );
        for other in [
            deriver(1).derive(&bob, "CreateCluster", &key("k1")),
            deriver(1).derive(&alice, "CreateDataCenter", &key("k1")),
            deriver(1).derive(&alice, "CreateCluster", &key("k2")),
            deriver(2).derive(&alice, "CreateCluster", &key("k1")),
        ] {
            assert_ne!(token, other);
        }
        assert!(shared::rules::ClientToken::parse(&token).is_ok(), "{token}");
        assert!(shared::rules::ClientToken::parse(&random_token()).is_ok());
        assert_ne!(random_token(), random_token());
    }

    #[test]
    fn fingerprints_ignore_order_token_and_secrets_but_not_values() {
        let params = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let a = fingerprint(&params(&[
            ("NodeCount", "3"),
            ("ClientToken", "x"),
            ("Password", "p1"),
        ]));
        let b = fingerprint(&params(&[
            ("Password", "p2"),
            ("ClientToken", "y"),
            ("NodeCount", "3"),
        ]));
        assert_eq!(a, b);
        assert_ne!(a, fingerprint(&params(&[("NodeCount", "4")])));
        assert_ne!(
            fingerprint(&params(&[("a", "bc")])),
            fingerprint(&params(&[("ab", "c")]))
        );
    }
}
