//! Password hashing: argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane).
//!
//! Hashing costs tens of milliseconds of CPU on purpose, so it runs on the blocking pool.
//! The parameters are stored in each PHC string, so raising them later needs no migration.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use shared::SecretString;

use crate::telemetry::spawn_blocking_in_span;

/// Memory in KiB (OWASP: 19 MiB), passes, lanes.
pub const MEMORY_KIB: u32 = 19_456;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;

fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None)
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes with a fresh random salt (blocking; see [`hash`]).
pub fn hash_blocking(password: &SecretString) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = argon2()?
        .hash_password(password.expose().as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))?;
    Ok(hash.to_string())
}

/// Hashes `password` off the async workers.
pub async fn hash(password: SecretString) -> anyhow::Result<String> {
    spawn_blocking_in_span(move || hash_blocking(&password)).await?
}

/// A hash of a random password, verified against when the user does not exist, so a
/// missing user costs the same time as a wrong password.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let mut random = [0u8; 24];
    rand::rng().fill_bytes(&mut random);
    let password = SecretString::new(
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    );
    hash_blocking(&password).ok()
});

/// Whether `password` matches `stored` (blocking; see [`verify`]). With no stored hash it
/// still does the work, and answers false.
pub fn verify_blocking(password: &SecretString, stored: Option<&str>) -> anyhow::Result<bool> {
    let (stored, real) = match stored {
        Some(stored) => (stored, true),
        None => match DUMMY_HASH.as_deref() {
            Some(dummy) => (dummy, false),
            None => anyhow::bail!("cannot compute the dummy password hash"),
        },
    };
    let parsed =
        PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
    // The hash carries its own parameters; `Argon2::default()` only supplies the algorithm
    // family, verification uses what the hash says.
    let matches = Argon2::default()
        .verify_password(password.expose().as_bytes(), &parsed)
        .is_ok();
    Ok(matches && real)
}

/// Verifies off the async workers.
pub async fn verify(password: SecretString, stored: Option<String>) -> anyhow::Result<bool> {
    spawn_blocking_in_span(move || verify_blocking(&password, stored.as_deref())).await?
}

/// Computes the dummy hash now rather than during the first login for a missing user.
pub async fn warm_up() {
    let _ = spawn_blocking_in_span(|| DUMMY_HASH.is_some()).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_at_owasp_minimum_and_verify() {
        let pw = SecretString::new("correct horse battery staple");
        let hash = hash_blocking(&pw).unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_blocking(&pw, Some(&hash)).unwrap());
        assert!(!verify_blocking(&SecretString::new("wrong"), Some(&hash)).unwrap());
        assert_ne!(hash, hash_blocking(&pw).unwrap(), "salts must differ");
    }

    #[test]
    fn a_missing_user_never_verifies() {
        assert!(!verify_blocking(&SecretString::new("anything"), None).unwrap());
    }
}
