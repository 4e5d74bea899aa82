//! The session keys: the access JWT (HS256) and the CSRF token, both derived from the JWT
//! secret (`CASSADMIN_JWT_SECRET` or the state dir's `jwt-secret`).

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use uuid::Uuid;

/// What the access JWT says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The session row, checked on every request (so revocation is immediate).
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    csrf: Hmac<Sha256>,
    names: Hmac<Sha256>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys([redacted])")
    }
}

impl Keys {
    pub fn new(secret: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(
            secret.len() >= 32,
            "the JWT secret must be at least 32 bytes"
        );
        let encoding = EncodingKey::from_secret(secret).context("JWT signing key")?;
        let decoding = DecodingKey::from_secret(secret).context("JWT verification key")?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        // Separate keys per use, so no use can be played against another.
        let csrf = derive(secret, b"cassadmin csrf v1")?;
        let names = derive(secret, b"cassadmin login names v1")?;
        Ok(Self {
            encoding,
            decoding,
            validation,
            csrf,
            names,
        })
    }

    pub fn sign(
        &self,
        user_id: i64,
        session_id: Uuid,
        expires_at: OffsetDateTime,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session_id,
            iat: OffsetDateTime::now_utc().unix_timestamp(),
            exp: expires_at.unix_timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .context("cannot sign an access token")
    }

    /// The claims of a valid, unexpired token; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|t| t.claims)
    }

    /// The CSRF token of a session: an HMAC of its id, so it needs no storage and cannot be
    /// planted by anyone without the key (unlike a plain double-submit cookie).
    pub fn csrf_token(&self, session_id: Uuid) -> String {
        let mut mac = self.csrf.clone();
        mac.update(session_id.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    pub fn csrf_matches(&self, session_id: Uuid, presented: &str) -> bool {
        self.csrf_token(session_id)
            .as_bytes()
            .ct_eq(presented.as_bytes())
            .into()
    }

    /// How a submitted login name is stored in the throttling table: keyed, because the
    /// "name" is sometimes a password typed into the wrong field.
    pub fn login_name_key(&self, name: &str) -> String {
        let mut mac = self.names.clone();
        mac.update(name.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

fn derive(secret: &[u8], label: &[u8]) -> anyhow::Result<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).context("key derivation")?;
    mac.update(label);
    Hmac::<Sha256>::new_from_slice(&mac.finalize().into_bytes()).context("key derivation")
}

#[cfg(test)]
mod tests {
    use time::Duration;

    use super::*;

    fn keys(byte: u8) -> Keys {
        Keys::new(&[byte; 32]).unwrap()
    }

    #[test]
    fn tokens_verify_only_with_their_key_and_before_expiry() {
        let sid = Uuid::new_v4();
        let soon = OffsetDateTime::now_utc() + Duration::minutes(5);
        let token = keys(1).sign(42, sid, soon).unwrap();
        let claims = keys(1).verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.sid), ("42", sid));
        assert!(keys(2).verify(&token).is_none());
        let past = OffsetDateTime::now_utc() - Duration::minutes(5);
        assert!(
            keys(1)
                .verify(&keys(1).sign(42, sid, past).unwrap())
                .is_none()
        );
        assert!(keys(1).verify("not.a.jwt").is_none());
    }

    #[test]
    fn csrf_tokens_are_per_session_and_per_key() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let token = keys(1).csrf_token(a);
        assert!(keys(1).csrf_matches(a, &token));
        assert!(!keys(1).csrf_matches(b, &token));
        assert!(!keys(2).csrf_matches(a, &token));
        assert!(!keys(1).csrf_matches(a, ""));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(Keys::new(b"short").is_err());
    }
}
