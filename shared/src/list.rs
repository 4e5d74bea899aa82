//! The cloud's list shape: `"Clusters": {"Cluster": [...]}`, where a one-element list may come
//! as a bare object (`"Tags": {"Tag": {...}}`) and an empty one as `{}` or `""`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// An item of a wrapped list knows the element name it is rendered under.
pub trait Element {
    const NAME: &'static str;
}

/// A wrapped list. Reads any single element name (the cloud and the SDKs disagree on some,
/// e.g. `SecurityGroupIds` vs `SecurityGroupId`), writes `T::NAME`.
#[derive(Clone, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        Self(items)
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Serialize + Element> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(T::NAME, &self.0)?;
        map.end()
    }
}

/// One item or many.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a wrapped list such as {\"Item\": [...]}")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(_name) = map.next_key::<de::IgnoredAny>()? {
                    match map.next_value::<Option<OneOrMany<T>>>()? {
                        Some(OneOrMany::Many(v)) => items.extend(v),
                        Some(OneOrMany::One(v)) => items.push(v),
                        None => {}
                    }
                }
                Ok(List(items))
            }

            // A bare array (some hand-written clients and our own REST clients) is accepted too.
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v.is_empty() {
                    Ok(List(Vec::new()))
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(List(Vec::new()))
            }
        }

        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Tag {
        #[serde(rename = "Key")]
        key: String,
    }

    impl Element for Tag {
        const NAME: &'static str = "Tag";
    }

    #[test]
    fn reads_array_single_object_and_empty() {
        let many: List<Tag> = serde_json::from_str(r#"{"Tag":[{"Key":"a"},{"Key":"b"}]}"#).unwrap();
        assert_eq!(many.len(), 2);
        let one: List<Tag> = serde_json::from_str(r#"{"Tag":{"Key":"a"}}"#).unwrap();
        assert_eq!(one.0, vec![Tag { key: "a".into() }]);
        let empty: List<Tag> = serde_json::from_str(r#"{}"#).unwrap();
        assert!(empty.is_empty());
        let other_name: List<Tag> = serde_json::from_str(r#"{"Tags":[{"Key":"a"}]}"#).unwrap();
        assert_eq!(other_name.len(), 1);
    }

    #[test]
    fn writes_the_element_name() {
        let list = List(vec![Tag { key: "a".into() }]);
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"Tag":[{"Key":"a"}]}"#
        );
    }
}
