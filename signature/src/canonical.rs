//! The canonical query string and the string to sign (protocol sections 4.1 to 4.4).

use std::fmt;
use std::str::FromStr;

use crate::encode::{Pass, encode_into};

/// The parameter that carries the signature and is left out of what is signed.
pub const SIGNATURE: &str = "Signature";

/// The HTTP method, which is part of the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A method other than `GET` or `POST` (the gateway answers `UnsupportedHTTPMethod`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedMethod(pub String);

impl fmt::Display for UnsupportedMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP method `{}` is not supported (GET or POST)", self.0)
    }
}

impl std::error::Error for UnsupportedMethod {}

impl FromStr for Method {
    type Err = UnsupportedMethod;

    /// HTTP methods are case-sensitive: `GET` and `POST` only.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            other => Err(UnsupportedMethod(other.to_owned())),
        }
    }
}

/// One request parameter, name and value as decoded from the wire.
///
/// Implemented for pairs of anything string-like and references to them, so the signer takes
/// `[("Action", "DescribeRegions")]`, `&[(String, String)]`, `&BTreeMap<String, String>` or a
/// chain of query and body parameters alike.
pub trait Param {
    fn name(&self) -> &str;
    fn value(&self) -> &str;
}

impl<K: AsRef<str>, V: AsRef<str>> Param for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<P: Param + ?Sized> Param for &P {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn value(&self) -> &str {
        (**self).value()
    }
}

/// The parameters that are signed, in signing order: `Signature` left out, sorted by raw name
/// in byte order, and a name given twice kept once with its **last** value, so that
/// `query.chain(body)` gives the body precedence as both official SDKs do.
fn signed<P: Param>(params: impl IntoIterator<Item = P>) -> Vec<P> {
    let mut params: Vec<P> = params
        .into_iter()
        .filter(|p| p.name() != SIGNATURE)
        .collect();
    // Stable, so equal names keep their given order and the last one is the one that counts.
    params.sort_by(|a, b| a.name().cmp(b.name()));
    let mut kept = 0;
    for i in 0..params.len() {
        let superseded = params
            .get(i + 1)
            .is_some_and(|next| next.name() == params[i].name());
        if !superseded {
            params.swap(kept, i);
            kept += 1;
        }
    }
    params.truncate(kept);
    params
}

/// Append the canonical query string to `out`, encoded once or twice.
fn write_canonical<P: Param>(out: &mut String, params: &[P], pass: Pass) {
    // `=` and `&` are themselves encoded when the canonical string is encoded again.
    let (equals, and) = match pass {
        Pass::Once => ("=", "&"),
        Pass::Twice => ("%3D", "%26"),
    };
    for (i, param) in params.iter().enumerate() {
        if i > 0 {
            out.push_str(and);
        }
        encode_into(out, param.name(), pass);
        out.push_str(equals);
        encode_into(out, param.value(), pass);
    }
}

/// A rough size for the output, so the buffer is allocated once in the common case.
fn estimate<P: Param>(params: &[P]) -> usize {
    params
        .iter()
        .map(|p| p.name().len() + p.value().len() * 2 + 8)
        .sum()
}

/// The canonicalized query string: `percentEncode(name)=percentEncode(value)` joined with `&`,
/// sorted by raw name in byte order (`Tag.1 < Tag.10 < Tag.2`), `Signature` left out.
pub fn canonical_query<P: Param>(params: impl IntoIterator<Item = P>) -> String {
    let params = signed(params);
    let mut out = String::with_capacity(estimate(&params));
    write_canonical(&mut out, &params, Pass::Once);
    out
}

/// `METHOD&%2F&percentEncode(canonical query string)`, built in one buffer.
pub fn string_to_sign<P: Param>(method: Method, params: impl IntoIterator<Item = P>) -> String {
    let params = signed(params);
    let mut out = String::with_capacity(estimate(&params) + 16);
    out.push_str(method.as_str());
    out.push_str("&%2F&");
    write_canonical(&mut out, &params, Pass::Twice);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn sorts_by_raw_name_in_byte_order_and_leaves_out_the_signature() {
        let params = [
            ("Tag.2.Key", "b"),
            ("Signature", "ignored"),
            ("Tag.10.Key", "j"),
            ("Tag.1.Key", "a"),
            ("Action", "X"),
            ("action", "lower"),
        ];
        assert_eq!(
            canonical_query(params),
            "Action=X&Tag.1.Key=a&Tag.10.Key=j&Tag.2.Key=b&action=lower"
        );
    }

    #[test]
    fn a_repeated_name_counts_once_with_its_last_value() {
        let query = [("RegionId", "from-query"), ("Action", "A")];
        let body = [("RegionId", "from-body")];
        let canonical = canonical_query(query.iter().chain(body.iter()));
        assert_eq!(canonical, "Action=A&RegionId=from-body");
        let three = [("A", "1"), ("B", "x"), ("A", "2"), ("A", "3")];
        assert_eq!(canonical_query(three), "A=3&B=x");
    }

    #[test]
    fn empty_values_are_signed_and_maps_are_accepted() {
        let map: BTreeMap<String, String> = [("NextToken", ""), ("Name", "a b")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        assert_eq!(canonical_query(&map), "Name=a%20b&NextToken=");
        assert_eq!(
            string_to_sign(Method::Post, &map),
            "POST&%2F&Name%3Da%2520b%26NextToken%3D"
        );
        let owned: Vec<(String, String)> = map.into_iter().collect();
        assert_eq!(canonical_query(&owned), "Name=a%20b&NextToken=");
        assert_eq!(canonical_query(std::iter::empty::<(&str, &str)>()), "");
    }

    #[test]
    fn methods_parse_case_sensitively() {
        assert_eq!("GET".parse::<Method>(), Ok(Method::Get));
        assert_eq!("POST".parse::<Method>(), Ok(Method::Post));
        assert!("post".parse::<Method>().is_err());
        assert_eq!(
            "PUT".parse::<Method>(),
            Err(UnsupportedMethod("PUT".into()))
        );
    }
}
