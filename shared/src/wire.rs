//! Request types <-> RPC wire parameters.
//!
//! A request serialises (serde) to a JSON object with the wire names; lists of scalars become
//! `Name.1`, `Name.2`, lists of objects `Name.1.Field`. `None` is left out, an empty string is
//! kept (`Tag.2.Value=`), booleans travel as `true`/`false`. The reverse direction (used by the
//! emulator) rebuilds the object from the flat map and deserialises it; numbers and booleans
//! arrive as strings, which the request types accept through [`crate::de`].

use std::collections::BTreeMap;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};

/// Flatten a request into wire parameters (sorted by name; the signature sorts them anyway).
pub fn to_params<T: Serialize + ?Sized>(request: &T) -> Vec<(String, String)> {
    let value = serde_json::to_value(request).expect("request types serialise to JSON");
    let mut out = Vec::new();
    flatten("", &value, &mut out);
    out
}

fn flatten(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((name.to_owned(), b.to_string())),
        Value::Number(n) => out.push((name.to_owned(), n.to_string())),
        Value::String(s) => out.push((name.to_owned(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{name}.{}", i + 1), item, out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let path = if name.is_empty() {
                    key.clone()
                } else {
                    format!("{name}.{key}")
                };
                flatten(&path, item, out);
            }
        }
    }
}

/// Why a set of wire parameters does not make a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamError {
    /// A required parameter is absent.
    Missing { name: String },
    /// A parameter is present but its value does not parse.
    Invalid { name: String, reason: String },
}

impl ParamError {
    pub fn name(&self) -> &str {
        match self {
            ParamError::Missing { name } | ParamError::Invalid { name, .. } => name,
        }
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamError::Missing { name } => write!(f, "parameter `{name}` is required"),
            ParamError::Invalid { name, reason } => {
                write!(f, "parameter `{name}` is not valid: {reason}")
            }
        }
    }
}

impl std::error::Error for ParamError {}

/// Build a request from wire parameters (operation parameters; common ones are ignored).
pub fn from_params<T: DeserializeOwned>(
    params: &BTreeMap<String, String>,
) -> Result<T, ParamError> {
    from_value(unflatten(params)?)
}

/// Deserialise a request from its JSON form (wire names), naming the offending parameter.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ParamError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = wire_path(err.path());
        let inner = err.into_inner().to_string();
        // serde reports a missing field as "missing field `Name`" at the parent's path.
        if let Some(field) = inner
            .strip_prefix("missing field `")
            .and_then(|s| s.split('`').next())
        {
            let name = if path.is_empty() {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            };
            return ParamError::Missing { name };
        }
        ParamError::Invalid {
            name: path,
            reason: inner,
        }
    })
}

/// Render a serde path in wire form: `Tag.1.Key` (1-based), not `Tag[0].Key`.
fn wire_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let parts: Vec<String> = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some((index + 1).to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect();
    parts.join(".")
}

/// `{"Tag.2.Key": "b", "Tag.1.Key": "a", "ResourceId.1": "x"}` ->
/// `{"Tag": [{"Key": "a"}, {"Key": "b"}], "ResourceId": ["x"]}`. Indexes are 1-based; gaps
/// close up, order follows the index numerically (not `1, 10, 2`).
pub fn unflatten(params: &BTreeMap<String, String>) -> Result<Value, ParamError> {
    let mut root = Node::Object(BTreeMap::new());
    for (name, value) in params {
        let mut node = &mut root;
        let segments: Vec<&str> = name.split('.').collect();
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let invalid = |reason: &str| ParamError::Invalid {
                name: name.clone(),
                reason: reason.to_owned(),
            };
            let key = if i == 0 {
                Key::Name(segment.to_string())
            } else if let Ok(index) = segment.parse::<u32>() {
                if index == 0 {
                    return Err(invalid("list indexes start at 1"));
                }
                Key::Index(index)
            } else {
                Key::Name(segment.to_string())
            };
            node = node
                .child(key)
                .ok_or_else(|| invalid("conflicts with another parameter"))?;
            if last {
                match node {
                    Node::Empty => *node = Node::Leaf(value.clone()),
                    _ => return Err(invalid("conflicts with another parameter")),
                }
            }
        }
    }
    Ok(root.into_value())
}

enum Key {
    Name(String),
    Index(u32),
}

enum Node {
    Empty,
    Leaf(String),
    Object(BTreeMap<String, Node>),
    List(BTreeMap<u32, Node>),
}

impl Node {
    fn child(&mut self, key: Key) -> Option<&mut Node> {
        if matches!(self, Node::Empty) {
            *self = match key {
                Key::Name(_) => Node::Object(BTreeMap::new()),
                Key::Index(_) => Node::List(BTreeMap::new()),
            };
        }
        match (self, key) {
            (Node::Object(map), Key::Name(name)) => Some(map.entry(name).or_insert(Node::Empty)),
            (Node::List(map), Key::Index(index)) => Some(map.entry(index).or_insert(Node::Empty)),
            _ => None,
        }
    }

    fn into_value(self) -> Value {
        match self {
            Node::Empty => Value::Null,
            Node::Leaf(s) => Value::String(s),
            Node::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, v.into_value()))
                    .collect::<Map<_, _>>(),
            ),
            Node::List(map) => Value::Array(map.into_values().map(Node::into_value).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Tag {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Value")]
        value: String,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Req {
        #[serde(rename = "RegionId")]
        region_id: String,
        #[serde(rename = "ResourceId")]
        resource_id: Vec<String>,
        #[serde(rename = "Tag", default)]
        tag: Vec<Tag>,
        #[serde(
            rename = "All",
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::de::opt_bool"
        )]
        all: Option<bool>,
    }

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn flattens_lists_one_based_and_keeps_empty_strings() {
        let req = Req {
            region_id: "cn-hangzhou".into(),
            resource_id: vec!["cds-1".into(), "cds-2".into()],
            tag: vec![Tag {
                key: "a".into(),
                value: "".into(),
            }],
            all: Some(true),
        };
        let mut got = to_params(&req);
        got.sort();
        let want: Vec<(String, String)> = [
            ("All", "true"),
            ("RegionId", "cn-hangzhou"),
            ("ResourceId.1", "cds-1"),
            ("ResourceId.2", "cds-2"),
            ("Tag.1.Key", "a"),
            ("Tag.1.Value", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn unflattens_in_numeric_index_order() {
        let mut pairs = vec![("RegionId", "r")];
        let keys: Vec<String> = (1..=11).map(|i| format!("ResourceId.{i}")).collect();
        let vals: Vec<String> = (1..=11).map(|i| format!("cds-{i}")).collect();
        for (k, v) in keys.iter().zip(&vals) {
            pairs.push((k, v));
        }
        let req: Req = from_params(&params(&pairs)).unwrap();
        assert_eq!(req.resource_id, vals);
        assert_eq!(req.all, None);
    }

    #[test]
    fn python_booleans_parse() {
        let req: Req = from_params(&params(&[
            ("RegionId", "r"),
            ("ResourceId.1", "x"),
            ("All", "True"),
        ]))
        .unwrap();
        assert_eq!(req.all, Some(true));
    }

    #[test]
    fn names_the_missing_and_the_invalid_parameter() {
        let err = from_params::<Req>(&params(&[("ResourceId.1", "x")])).unwrap_err();
        assert_eq!(
            err,
            ParamError::Missing {
                name: "RegionId".into()
            }
        );
        let err = from_params::<Req>(&params(&[
            ("RegionId", "r"),
            ("ResourceId.1", "x"),
            ("All", "maybe"),
        ]))
        .unwrap_err();
        assert_eq!(err.name(), "All");
        let err = from_params::<Req>(&params(&[
            ("RegionId", "r"),
            ("ResourceId.1", "x"),
            ("Tag.1.Value", "v"),
        ]))
        .unwrap_err();
        assert_eq!(
            err,
            ParamError::Missing {
                name: "Tag.1.Key".into()
            }
        );
        let err =
            from_params::<Req>(&params(&[("RegionId", "r"), ("ResourceId.0", "x")])).unwrap_err();
        assert_eq!(err.name(), "ResourceId.0");
    }
}
