//! One signed request, ready for the wire: common parameters and the signature in the query,
//! operation parameters in a form body (POST) or the query (GET).

use rpc_signature::{Method, percent_encode, sign, string_to_sign};
use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

use super::credentials::Credentials;

/// The API version every call names.
pub const API_VERSION: &str = "2019-01-01";

const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// `YYYY-MM-DDThh:mm:ssZ` in UTC, to the second, as the gateway requires.
pub(crate) fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("a UTC date formats with numeric components only")
}

/// A request with its signature. It holds parameter values (passwords): no `Debug`.
pub(crate) struct SignedRequest {
    pub method: Method,
    /// The encoded query string, without `?`.
    pub query: String,
    /// The `application/x-www-form-urlencoded` body, for POST.
    pub body: Option<String>,
    /// Kept to diagnose a `SignatureDoesNotMatch` against the cloud's.
    pub string_to_sign: String,
}

/// Sign `action` with `operation` parameters at `timestamp` (see [`timestamp`]) with `nonce`.
/// The caller supplies a fresh nonce and the current time for every attempt.
pub(crate) fn build(
    credentials: &Credentials,
    method: Method,
    action: &str,
    operation: &[(String, String)],
    timestamp: &str,
    nonce: &str,
) -> SignedRequest {
    let mut common: Vec<(&str, &str)> = vec![
        ("Action", action),
        ("Version", API_VERSION),
        ("Format", "JSON"),
        ("AccessKeyId", credentials.access_key_id()),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", timestamp),
    ];
    if let Some(token) = credentials.security_token() {
        common.push(("SecurityToken", token));
    }
    let operation = operation
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()));
    // Operation parameters come last so that, should one share a common name, it is the one
    // both signed and (in the body) read by the gateway, which lets the body win.
    let string_to_sign = string_to_sign(method, common.iter().copied().chain(operation.clone()));
    let signature = sign(credentials.secret(), &string_to_sign);
    common.push(("Signature", &signature));

    let (query, body) = match method {
        Method::Post => (form(common), Some(form(operation))),
        Method::Get => (form(common.into_iter().chain(operation)), None),
    };
    SignedRequest {
        method,
        query,
        body,
        string_to_sign,
    }
}

/// `name=value&...` with RFC 3986 encoding, which every form decoder reads back exactly.
fn form<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in params {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&percent_encode(name));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use rpc_signature::{Secret, verify};
    use time::macros::datetime;

    use super::*;

    const NONCE: &str = "c0ffee00-0000-4000-8000-000000000001";

    fn describe_clusters() -> Vec<(String, String)> {
        [
            ("RegionId", "cn-hangzhou"),
            ("PageNumber", "1"),
            ("ClusterName", "测试 a+b"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into()
    }

    #[test]
    fn timestamps_are_utc_to_the_second() {
        assert_eq!(
            timestamp(datetime!(2024-01-15 08:30:00.987 UTC)),
            "2024-01-15T08:30:00Z"
        );
        assert_eq!(
            timestamp(datetime!(2024-01-15 16:30:00 +08:00)),
            "2024-01-15T08:30:00Z"
        );
    }

    #[test]
    fn post_signs_the_union_and_splits_common_from_operation_parameters() {
        let credentials = Credentials::new("testid", "testsecret");
        let ts = timestamp(datetime!(2024-01-15 08:30:00 UTC));
        let params = describe_clusters();
        let request = build(
            &credentials,
            Method::Post,
            "DescribeClusters",
            &params,
            &ts,
            NONCE,
        );

        // Written out by hand from protocol section 4 (the signer itself is pinned by the
        // official SDK vectors): sorted by name, values encoded twice.
        let expected_sts = "POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeClusters\
            %26ClusterName%3D%25E6%25B5%258B%25E8%25AF%2595%2520a%252Bb%26Format%3DJSON\
            %26PageNumber%3D1%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1\
            %26SignatureNonce%3Dc0ffee00-0000-4000-8000-000000000001%26SignatureVersion%3D1.0\
            %26Timestamp%3D2024-01-15T08%253A30%253A00Z%26Version%3D2019-01-01";
        assert_eq!(request.string_to_sign, expected_sts);
        let signature = sign(&Secret::new("testsecret"), expected_sts);

        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.query,
            format!(
                "Action=DescribeClusters&Version=2019-01-01&Format=JSON&AccessKeyId=testid\
                 &SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce={NONCE}\
                 &Timestamp=2024-01-15T08%3A30%3A00Z&Signature={}",
                percent_encode(&signature)
            )
        );
        assert_eq!(
            request.body.as_deref(),
            Some("RegionId=cn-hangzhou&PageNumber=1&ClusterName=%E6%B5%8B%E8%AF%95%20a%2Bb")
        );
    }

    #[test]
    fn get_puts_everything_in_the_query_and_sts_adds_the_token() {
        let credentials =
            Credentials::new("testid", "testsecret").with_security_token("CAIS+tok/=");
        let params = describe_clusters();
        let request = build(
            &credentials,
            Method::Get,
            "DescribeClusters",
            &params,
            "2024-01-15T08:30:00Z",
            NONCE,
        );
        assert!(request.body.is_none());
        assert!(request.string_to_sign.starts_with("GET&%2F&"));
        assert!(
            request.query.contains("&SecurityToken=CAIS%2Btok%2F%3D&"),
            "{}",
            request.query
        );
        assert!(request.query.ends_with(
            "&RegionId=cn-hangzhou&PageNumber=1&ClusterName=%E6%B5%8B%E8%AF%95%20a%2Bb"
        ));

        // The signature in the query verifies over the decoded parameters, token included.
        let mut signed: Vec<(&str, &str)> = vec![
            ("Action", "DescribeClusters"),
            ("Version", API_VERSION),
            ("Format", "JSON"),
            ("AccessKeyId", "testid"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", NONCE),
            ("Timestamp", "2024-01-15T08:30:00Z"),
            ("SecurityToken", "CAIS+tok/="),
        ];
        signed.extend(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let signature = sign(credentials.secret(), &request.string_to_sign);
        assert!(
            request
                .query
                .contains(&format!("&Signature={}&", percent_encode(&signature)))
        );
        assert_eq!(
            verify(&Secret::new("testsecret"), Method::Get, signed, &signature),
            Ok(())
        );
    }
}
