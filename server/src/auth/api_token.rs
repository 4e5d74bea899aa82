//! API tokens: `cass_` + 43 characters of base64url (32 random bytes).
//!
//! Stored as SHA-256: the token is random, so a fast hash is enough for a stolen database
//! to yield nothing usable, and lookups stay a single indexed query per request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::SecretString;

pub const PREFIX: &str = "cass_";

/// A new token and the hash to store.
pub fn generate() -> (SecretString, [u8; 32]) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = digest(&token);
    (SecretString::new(token), hash)
}

/// The stored form of a presented token.
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A cheap shape check before touching the database.
pub fn looks_valid(token: &str) -> bool {
    token.strip_prefix(PREFIX).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_have_the_documented_shape() {
        let (token, hash) = generate();
        assert!(looks_valid(token.expose()), "{}", token.expose());
        assert_eq!(hash, digest(token.expose()));
        assert!(!looks_valid("cass_short"));
        assert!(!looks_valid(&token.expose().replace(PREFIX, "xyz_")));
        assert_ne!(generate().1, hash);
    }
}
