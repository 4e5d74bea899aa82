//! Request parameters from the query string and a form body (protocol section 5).
//!
//! Both parts are `application/x-www-form-urlencoded`: `+` is a space, `%XY` a byte, and the
//! bytes must be UTF-8. The parts are merged into one map; a name repeated within a part keeps
//! its last value, and the body wins over the query, as both official SDKs sign.

use std::collections::BTreeMap;

use crate::error::ApiError;

/// Every request parameter by name, decoded.
pub(crate) type Params = BTreeMap<String, String>;

/// A parameter that is not valid form-urlencoded UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed {
    /// The parameter's name, when the name itself decodes.
    pub(crate) name: Option<String>,
}

impl From<Malformed> for ApiError {
    fn from(malformed: Malformed) -> Self {
        match malformed.name {
            Some(name) => ApiError::invalid_parameter(&name),
            None => ApiError::new(
                400,
                "InvalidParameter",
                "A parameter name is not valid form-urlencoded UTF-8.",
            ),
        }
    }
}

/// The query parameters, then the body's over them.
pub(crate) fn merge(query: &str, body: Option<&[u8]>) -> Result<Params, Malformed> {
    let mut params = Params::new();
    decode_into(query.as_bytes(), &mut params)?;
    if let Some(body) = body {
        decode_into(body, &mut params)?;
    }
    Ok(params)
}

fn decode_into(form: &[u8], params: &mut Params) -> Result<(), Malformed> {
    for pair in form.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let name = decode(name).ok_or(Malformed { name: None })?;
        let Some(value) = decode(value) else {
            return Err(Malformed { name: Some(name) });
        };
        params.insert(name, value);
    }
    Ok(())
}

/// `+` to space, `%XY` to a byte, then UTF-8; `None` on a bad escape or bad UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw.iter();
    while let Some(&b) = rest.next() {
        bytes.push(match b {
            b'+' => b' ',
            b'%' => {
                let high = hex(*rest.next()?)?;
                let low = hex(*rest.next()?)?;
                high << 4 | low
            }
            other => other,
        });
    }
    String::from_utf8(bytes).ok()
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(params: &Params) -> Vec<(&str, &str)> {
        params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn decodes_plus_escapes_and_utf8_and_keeps_empty_values() {
        let params = merge(
            "ClusterName=%E6%B5%8B%E8%AF%95+cluster&Tag.2.Value=&Flag&&Pass=a%2Bb%25%7e",
            None,
        )
        .unwrap();
        assert_eq!(
            pairs(&params),
            [
                ("ClusterName", "测试 cluster"),
                ("Flag", ""),
                ("Pass", "a+b%~"),
                ("Tag.2.Value", "")
            ]
        );
    }

    #[test]
    fn the_body_wins_over_the_query_and_the_last_value_within_a_part() {
        let params = merge("RegionId=query&A=1&A=2", Some(b"RegionId=body&B=x+y&B=z")).unwrap();
        assert_eq!(
            pairs(&params),
            [("A", "2"), ("B", "z"), ("RegionId", "body")]
        );
    }

    #[test]
    fn bad_escapes_and_bad_utf8_name_the_parameter_when_they_can() {
        for (form, name) in [
            ("Password=%G1", Some("Password")),
            ("Password=abc%4", Some("Password")),
            ("Password=%", Some("Password")),
            ("Name=%FF%FE", Some("Name")),
            ("Na%ZZme=x", None),
            ("%C3%28=x", None),
        ] {
            assert_eq!(
                merge(form, None),
                Err(Malformed {
                    name: name.map(str::to_owned)
                }),
                "{form}"
            );
            assert!(
                merge("", Some(form.as_bytes())).is_err(),
                "{form} in a body"
            );
        }
        let message = ApiError::from(Malformed {
            name: Some("Password".into()),
        })
        .message;
        assert_eq!(
            message,
            "The specified parameter \"Password\" is not valid."
        );
    }
}
