//! The AccessKey the client signs with, read from Alibaba Cloud's usual environment variables.

use std::fmt;

use rpc_signature::Secret;
use shared::SecretString;

/// Environment variable holding the AccessKey ID.
pub const ACCESS_KEY_ID_ENV: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the AccessKey secret.
pub const ACCESS_KEY_SECRET_ENV: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an STS security token (temporary credentials only).
pub const SECURITY_TOKEN_ENV: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// An AccessKey ID and secret, plus the STS token that temporary credentials carry.
///
/// `Debug` shows the AccessKey ID (it travels in every URL anyway) and redacts the rest.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret: Secret,
    security_token: Option<SecretString>,
}

/// Why the environment does not hold usable credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error("{present} is set but {missing} is not")]
    Incomplete {
        present: &'static str,
        missing: &'static str,
    },
    #[error("{name} is set but empty")]
    Empty { name: &'static str },
}

impl Credentials {
    /// Long-term AccessKey credentials.
    pub fn new(access_key_id: impl Into<String>, secret: &str) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret: Secret::new(secret),
            security_token: None,
        }
    }

    /// Temporary (STS) credentials: the token travels as the `SecurityToken` parameter.
    pub fn with_security_token(mut self, token: impl Into<SecretString>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Read [`ACCESS_KEY_ID_ENV`], [`ACCESS_KEY_SECRET_ENV`] and [`SECURITY_TOKEN_ENV`].
    ///
    /// `Ok(None)` when no AccessKey is configured at all (the server then uses the emulator).
    pub fn from_env() -> Result<Option<Self>, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any source of variables (tests pass a map).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        let read = |name: &'static str| match lookup(name) {
            Some(value) if value.trim().is_empty() => Err(CredentialsError::Empty { name }),
            other => Ok(other),
        };
        let id = read(ACCESS_KEY_ID_ENV)?;
        let secret = read(ACCESS_KEY_SECRET_ENV)?;
        let token = read(SECURITY_TOKEN_ENV)?;
        let incomplete = |present, missing| Err(CredentialsError::Incomplete { present, missing });
        match (id, secret) {
            (None, None) if token.is_some() => incomplete(SECURITY_TOKEN_ENV, ACCESS_KEY_ID_ENV),
            (None, None) => Ok(None),
            (Some(_), None) => incomplete(ACCESS_KEY_ID_ENV, ACCESS_KEY_SECRET_ENV),
            (None, Some(_)) => incomplete(ACCESS_KEY_SECRET_ENV, ACCESS_KEY_ID_ENV),
            (Some(id), Some(secret)) => {
                let credentials = Self::new(id.trim(), secret.trim());
                Ok(Some(match token {
                    Some(token) => credentials.with_security_token(token.trim()),
                    None => credentials,
                }))
            }
        }
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_ref().map(SecretString::expose)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &self.secret)
            .field("security_token", &self.security_token)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Option<Credentials>, CredentialsError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Credentials::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn reads_the_alibaba_variables() {
        let credentials = from(&[
            (ACCESS_KEY_ID_ENV, "LTAI5tTest"),
            (ACCESS_KEY_SECRET_ENV, " s3cr3t-value\n"),
            (SECURITY_TOKEN_ENV, "CAIS-token-value"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(credentials.access_key_id(), "LTAI5tTest");
        assert_eq!(credentials.security_token(), Some("CAIS-token-value"));
        // The trimmed secret is the one that signs.
        let expected = Credentials::new("x", "s3cr3t-value");
        let sign = |c: &Credentials| rpc_signature::sign(c.secret(), "GET&%2F&A%3Db");
        assert_eq!(sign(&credentials), sign(&expected));
    }

    #[test]
    fn nothing_configured_is_not_an_error_but_half_a_key_is() {
        assert!(from(&[]).unwrap().is_none());
        assert_eq!(
            from(&[(ACCESS_KEY_ID_ENV, "LTAI")]).unwrap_err(),
            CredentialsError::Incomplete {
                present: ACCESS_KEY_ID_ENV,
                missing: ACCESS_KEY_SECRET_ENV
            }
        );
        assert!(matches!(
            from(&[(ACCESS_KEY_SECRET_ENV, "s")]),
            Err(CredentialsError::Incomplete {
                missing: ACCESS_KEY_ID_ENV,
                ..
            })
        ));
        assert!(matches!(
            from(&[(SECURITY_TOKEN_ENV, "t")]),
            Err(CredentialsError::Incomplete {
                present: SECURITY_TOKEN_ENV,
                ..
            })
        ));
        assert_eq!(
            from(&[(ACCESS_KEY_ID_ENV, "LTAI"), (ACCESS_KEY_SECRET_ENV, "  ")]).unwrap_err(),
            CredentialsError::Empty {
                name: ACCESS_KEY_SECRET_ENV
            }
        );
    }

    #[test]
    fn debug_redacts_the_secret_and_the_token() {
        let credentials =
            Credentials::new("LTAI5tShown", "the-secret").with_security_token("the-token");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("LTAI5tShown"), "{shown}");
        assert!(
            !shown.contains("the-secret") && !shown.contains("the-token"),
            "{shown}"
        );
    }
}
