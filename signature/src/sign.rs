//! Signing and verification (protocol sections 4.5 and 7).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::Mac;
use subtle::ConstantTimeEq;

use crate::canonical::{Method, Param, string_to_sign};
use crate::secret::Secret;

/// `Base64(HMAC-SHA1(secret + "&", string_to_sign))`.
pub fn sign(secret: &Secret, string_to_sign: &str) -> String {
    let mut mac = secret.mac();
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The signature of a request: [`string_to_sign`] then [`sign`].
pub fn sign_request<P: Param>(
    secret: &Secret,
    method: Method,
    params: impl IntoIterator<Item = P>,
) -> String {
    sign(secret, &string_to_sign(method, params))
}

/// The provided signature is not the one the server computes.
///
/// Carries the server's string to sign, which the cloud returns in its
/// `SignatureDoesNotMatch` message so that clients can diagnose. That string holds every
/// parameter value (passwords, security tokens), so `Debug` and `Display` leave it out.
#[derive(Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub server_string_to_sign: String,
}

impl fmt::Debug for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mismatch")
            .field(
                "server_string_to_sign",
                &format_args!("[{} bytes, redacted]", self.server_string_to_sign.len()),
            )
            .finish()
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request signature does not match the server's calculation")
    }
}

impl std::error::Error for Mismatch {}

/// Check `provided` against the signature of `params` (the union of query and body parameters;
/// `Signature` itself is ignored if present), comparing in constant time.
pub fn verify<P: Param>(
    secret: &Secret,
    method: Method,
    params: impl IntoIterator<Item = P>,
    provided: &str,
) -> Result<(), Mismatch> {
    let server_string_to_sign = string_to_sign(method, params);
    let expected = sign(secret, &server_string_to_sign);
    // `ct_eq` on slices of different lengths is false; the length of a signature is public.
    if bool::from(expected.as_bytes().ct_eq(provided.as_bytes())) {
        Ok(())
    } else {
        Err(Mismatch {
            server_string_to_sign,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC_PARAMS: [(&str, &str); 8] = [
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Format", "XML"),
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("Version", "2014-05-26"),
        ("SignatureVersion", "1.0"),
    ];

    #[test]
    fn reproduces_the_published_worked_example() {
        let secret = Secret::new("testsecret");
        assert_eq!(
            sign_request(&secret, Method::Get, DOC_PARAMS),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
        assert_eq!(
            verify(
                &secret,
                Method::Get,
                DOC_PARAMS,
                "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
            ),
            Ok(())
        );
    }

    #[test]
    fn rejects_another_secret_method_or_signature_and_hides_the_string_to_sign() {
        let secret = Secret::new("testsecret");
        let good = "OLeaidS1JvxuMvnyHOwuJ+uX5qY=";
        assert!(verify(&Secret::new("other"), Method::Get, DOC_PARAMS, good).is_err());
        assert!(verify(&secret, Method::Get, DOC_PARAMS, "").is_err());
        assert!(verify(&secret, Method::Get, DOC_PARAMS, &good[..27]).is_err());
        let err = verify(&secret, Method::Post, DOC_PARAMS, good).unwrap_err();
        assert!(
            err.server_string_to_sign
                .starts_with("POST&%2F&AccessKeyId%3Dtestid%26")
        );
        let shown = format!("{err:?} {err}");
        assert!(
            !shown.contains("testid") && !shown.contains("DescribeRegions"),
            "{shown}"
        );
    }

    #[test]
    fn a_signature_parameter_among_the_params_is_not_signed() {
        let secret = Secret::new("testsecret");
        let with_signature = DOC_PARAMS.into_iter().chain([("Signature", "anything")]);
        assert_eq!(
            sign_request(&secret, Method::Get, with_signature),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }
}
