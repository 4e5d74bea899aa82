//! Who is calling, and may they: steps 3 to 9 of the verification procedure (protocol
//! section 7), in the documented order. Each step's error is the cloud's.

use std::collections::BTreeMap;
use std::sync::Arc;

use rpc_signature::Method;
use shared::ActionMeta;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use super::config::AccessKey;
use super::keys::KeyStore;
use super::nonce::NonceCache;
use super::params::Params;
use super::response::Format;
use super::timestamp::Timestamp;
use crate::error::ApiError;

/// The API version this product answers.
pub const API_VERSION: &str = "2019-01-01";

/// Required common parameters, in the order their absence is reported.
const REQUIRED: [&str; 8] = [
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Version",
    "Action",
];

/// Common parameters: signed, but not passed to the action.
const COMMON: [&str; 12] = [
    "AccessKeyId",
    "Action",
    "Format",
    "ResourceOwnerAccount",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// What the verifier needs besides the request.
pub(crate) struct Verifier<'a> {
    pub(crate) keys: &'a KeyStore,
    pub(crate) nonces: &'a NonceCache,
    pub(crate) window: std::time::Duration,
    pub(crate) now: OffsetDateTime,
}

/// A request that passed every check: the caller's key, the action and its own parameters.
#[derive(Debug)]
pub(crate) struct Verified {
    pub(crate) key: Arc<AccessKey>,
    pub(crate) action: &'static ActionMeta,
    /// The operation parameters, common parameters removed.
    pub(crate) params: BTreeMap<String, String>,
}

/// The required common parameters, present and non-empty.
struct Common<'p> {
    access_key_id: &'p str,
    signature: &'p str,
    signature_method: &'p str,
    signature_version: &'p str,
    nonce: &'p str,
    timestamp: &'p str,
    version: &'p str,
    action: &'p str,
}

impl<'p> Common<'p> {
    /// Step 3: the first required parameter that is absent (or empty) gives `Missing<Name>`.
    /// The legacy spelling `TimeStamp` is just another parameter, so it reads as missing.
    fn take(params: &'p Params) -> Result<Self, ApiError> {
        let mut values = [""; REQUIRED.len()];
        for (slot, name) in values.iter_mut().zip(REQUIRED) {
            *slot = params
                .get(name)
                .map(String::as_str)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| ApiError::missing_common(name))?;
        }
        let [
            access_key_id,
            signature,
            signature_method,
            signature_version,
            nonce,
            timestamp,
            version,
            action,
        ] = values;
        Ok(Self {
            access_key_id,
            signature,
            signature_method,
            signature_version,
            nonce,
            timestamp,
            version,
            action,
        })
    }
}

impl Verifier<'_> {
    /// Steps 3 to 9. `params` is the merged query and body (step 2).
    pub(crate) fn verify(&self, method: Method, mut params: Params) -> Result<Verified, ApiError> {
        let common = Common::take(&params)?;

        // Step 4: the protocol variant and the response format.
        if !common.signature_method.eq_ignore_ascii_case("HMAC-SHA1") {
            return Err(ApiError::invalid_parameter("SignatureMethod"));
        }
        if common.signature_version != "1.0" {
            return Err(ApiError::invalid_parameter("SignatureVersion"));
        }
        if Format::parse(params.get("Format").map(String::as_str)).is_none() {
            return Err(ApiError::invalid_parameter("Format"));
        }

        // Step 5.
        Timestamp::parse(common.timestamp)?.check_window(self.now, self.window)?;

        // Step 6.
        let key = self
            .keys
            .get(common.access_key_id)
            .ok_or_else(ApiError::access_key_not_found)?;
        if !key.is_active() {
            return Err(ApiError::access_key_inactive());
        }
        self.check_security_token(&key, params.get("SecurityToken").map(String::as_str))?;

        // Step 7: over the decoded values of query ∪ body; `Signature` is left out by the signer.
        rpc_signature::verify(key.secret(), method, &params, common.signature).map_err(
            |mismatch| ApiError::signature_does_not_match(&mismatch.server_string_to_sign),
        )?;

        // Step 8: only now, so that unsigned requests cannot burn a nonce.
        self.nonces
            .check_and_record(key.id(), common.nonce, self.now)
            .map_err(|_| ApiError::signature_nonce_used())?;

        // Step 9.
        if common.version != API_VERSION {
            return Err(ApiError::invalid_version());
        }
        let action = shared::catalog::meta(common.action).ok_or_else(ApiError::action_not_found)?;

        params.retain(|name, _| !COMMON.contains(&name.as_str()));
        Ok(Verified {
            key,
            action,
            params,
        })
    }

    /// An STS key needs its own token, unexpired; a permanent key takes no token.
    fn check_security_token(&self, key: &AccessKey, given: Option<&str>) -> Result<(), ApiError> {
        let given = given.filter(|token| !token.is_empty());
        match (key.sts(), given) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(ApiError::security_token_mismatch()),
            (Some(_), None) => Err(ApiError::security_token_malformed()),
            (Some(sts), Some(given)) => {
                if !bool::from(sts.token.expose().as_bytes().ct_eq(given.as_bytes())) {
                    Err(ApiError::security_token_mismatch())
                } else if sts.expires_at.is_some_and(|at| at <= self.now) {
                    Err(ApiError::security_token_expired())
                } else {
                    Ok(())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2024-01-15 08:30:00 UTC);

    fn full_request() -> Params {
        [
            ("AccessKeyId", "testid"),
            ("Signature", "x"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", "n"),
            ("Timestamp", "2024-01-15T08:30:00Z"),
            ("Version", "2019-01-01"),
            ("Action", "DescribeRegions"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    fn check(params: Params) -> Result<Verified, ApiError> {
        let keys = KeyStore::new([AccessKey::new("testid", "testsecret")]);
        let nonces = NonceCache::new(Duration::from_secs(60));
        let verifier = Verifier {
            keys: &keys,
            nonces: &nonces,
            window: Duration::from_secs(900),
            now: NOW,
        };
        verifier.verify(Method::Post, params)
    }

    #[test]
    fn missing_parameters_are_reported_in_the_documented_order() {
        for (i, name) in REQUIRED.iter().enumerate() {
            // Every later parameter is missing too: `name` is still the one reported.
            let mut params = full_request();
            REQUIRED[i..].iter().for_each(|later| {
                params.remove(*later);
            });
            let err = check(params).unwrap_err();
            assert_eq!(err.code, format!("Missing{name}"));
            assert_eq!(err.message, format!("{name} is mandatory for this action."));
            // An empty value counts as absent.
            let mut params = full_request();
            params.insert((*name).to_owned(), String::new());
            assert_eq!(check(params).unwrap_err().code, format!("Missing{name}"));
        }
    }

    #[test]
    fn the_legacy_timestamp_spelling_reads_as_missing() {
        let mut params = full_request();
        let value = params.remove("Timestamp").unwrap();
        params.insert("TimeStamp".into(), value);
        assert_eq!(check(params).unwrap_err().code, "MissingTimestamp");
    }

    #[test]
    fn common_parameters_are_checked_before_the_key_is_looked_up() {
        for (name, value, code) in [
            ("SignatureMethod", "HMAC-SHA256", "InvalidParameter"),
            ("SignatureVersion", "2.0", "InvalidParameter"),
            ("Format", "yaml", "InvalidParameter"),
            (
                "Timestamp",
                "2024-01-15 08:30:00",
                "InvalidTimeStamp.Format",
            ),
            (
                "Timestamp",
                "2024-01-15T08:45:01Z",
                "InvalidTimeStamp.Expired",
            ),
            ("AccessKeyId", "nobody", "InvalidAccessKeyId.NotFound"),
            (
                "SecurityToken",
                "unexpected",
                "InvalidSecurityToken.MismatchWithAccessKey",
            ),
            ("Signature", "bad", "SignatureDoesNotMatch"),
        ] {
            let mut params = full_request();
            params.insert(name.into(), value.into());
            assert_eq!(check(params).unwrap_err().code, code, "{name}={value}");
        }
        let mut lower = full_request();
        lower.insert("SignatureMethod".into(), "hmac-sha1".into());
        assert_eq!(check(lower).unwrap_err().code, "SignatureDoesNotMatch");
    }
}
