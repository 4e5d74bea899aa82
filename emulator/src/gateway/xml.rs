//! JSON values rendered as the cloud's XML (protocol section 9.1).
//!
//! An object becomes child elements; an array under a name becomes one element of that name per
//! item, so the cloud's wrapped lists `{"Clusters":{"Cluster":[a, b]}}` come out as
//! `<Clusters><Cluster>a</Cluster><Cluster>b</Cluster></Clusters>`. `null` is left out, as the
//! cloud leaves out absent fields. No indentation, like real responses.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::Value;

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// A document with `root` holding one element per field.
pub(crate) fn document<'a>(
    root: &str,
    fields: impl IntoIterator<Item = (&'a str, &'a Value)>,
) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(DECLARATION);
    let root = element_name(root);
    open(&mut out, &root);
    for (name, value) in fields {
        write_value(&mut out, &element_name(name), value);
    }
    close(&mut out, &root);
    out
}

fn write_value(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| write_value(out, name, item)),
        Value::Object(fields) => {
            open(out, name);
            for (child, value) in fields {
                write_value(out, &element_name(child), value);
            }
            close(out, name);
        }
        Value::String(text) => {
            open(out, name);
            escape_into(out, text);
            close(out, name);
        }
        Value::Bool(_) | Value::Number(_) => {
            open(out, name);
            // Numbers and booleans print only characters that need no escaping.
            let _ = write!(out, "{value}");
            close(out, name);
        }
    }
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escape markup, and replace the control characters XML 1.0 cannot carry at all.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Field names are XML names already; anything else is made one, so the document stays
/// well-formed whatever a handler puts in a key.
fn element_name(name: &str) -> Cow<'_, str> {
    let valid_start = |c: char| c.is_ascii_alphabetic() || c == '_';
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let well_formed = name.chars().next().is_some_and(valid_start)
        && name.chars().all(valid)
        && !name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("xml"));
    if well_formed {
        return Cow::Borrowed(name);
    }
    let mut fixed = String::with_capacity(name.len() + 1);
    fixed.push('_');
    fixed.extend(name.chars().map(|c| if valid(c) { c } else { '_' }));
    Cow::Owned(fixed)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn render(root: &str, value: &Value) -> String {
        let fields = value.as_object().expect("an object");
        document(root, fields.iter().map(|(k, v)| (k.as_str(), v)))
    }

    #[test]
    fn wrapped_lists_nested_objects_and_scalars() {
        let body = json!({
            "Clusters": {"Cluster": [
                {"ClusterId": "cds-1", "Tags": {"Tag": [{"Key": "k", "Value": "v"}]}},
                {"ClusterId": "cds-2", "Tags": {"Tag": []}}
            ]},
            "PageNumber": 1,
            "Ok": true,
            "Gone": null
        });
        assert_eq!(
            render("DescribeClustersResponse", &body),
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?><DescribeClustersResponse>"#,
                "<Clusters>",
                "<Cluster><ClusterId>cds-1</ClusterId><Tags><Tag><Key>k</Key><Value>v</Value></Tag></Tags></Cluster>",
                "<Cluster><ClusterId>cds-2</ClusterId><Tags></Tags></Cluster>",
                "</Clusters><Ok>true</Ok><PageNumber>1</PageNumber>",
                "</DescribeClustersResponse>"
            )
        );
    }

    #[test]
    fn text_is_escaped_and_bad_names_are_made_valid() {
        let body = json!({
            "Url": "https://x/?a=1&b=<2>",
            "Name": "line1\nline2\u{1}🚀",
            "1st key": "x",
            "xmlns": "y"
        });
        assert_eq!(
            render("R", &body),
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?><R>"#,
                "<_1st_key>x</_1st_key>",
                "<Name>line1\nline2\u{FFFD}🚀</Name>",
                "<Url>https://x/?a=1&amp;b=&lt;2&gt;</Url>",
                "<_xmlns>y</_xmlns>",
                "</R>"
            )
        );
    }
}
