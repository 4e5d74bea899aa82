//! From a JSON body to a typed, valid request: parse with the wire names, then the `shared`
//! input rules. Every problem names the field and the rule, and no message repeats a value
//! (it may be a password).

use serde_json::{Map, Value};
use shared::Action;
use shared::rest::FieldError;
use shared::rules;
use shared::wire::{self, ParamError};

/// Rule code of a value of the wrong type (or unparsable), as in `shared::rest::rules`.
pub const RULE_TYPE: &str = "type";

/// A request that does not parse, as a field error naming the parameter.
fn param_error(e: ParamError) -> FieldError {
    match e {
        ParamError::Missing { name } => FieldError {
            field: name,
            rule: rules::Rule::Required.code().to_owned(),
            message: "is required".to_owned(),
            item: None,
        },
        ParamError::Invalid { name, reason } => FieldError {
            field: if name.is_empty() {
                "body".to_owned()
            } else {
                name
            },
            rule: RULE_TYPE.to_owned(),
            message: without_value(&reason),
            item: None,
        },
    }
}

/// serde says what it got, then what it expected (`invalid type: string "s3cret", expected
/// i32`); keep only the expectation.
fn without_value(reason: &str) -> String {
    match reason.rsplit_once("expected ") {
        Some((_, expected)) => {
            let expected = expected.split(" at line ").next().unwrap_or(expected);
            format!("expected {expected}")
        }
        None => "is not valid".to_owned(),
    }
}

/// The request body: a JSON object of wire parameters (an empty body is `{}`).
pub fn body_object(bytes: &[u8]) -> Result<Map<String, Value>, BodyError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(BodyError::NotAnObject),
        Err(_) => Err(BodyError::NotJson),
    }
}

/// A body that is not a JSON object at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("the body is not valid JSON")]
    NotJson,
    #[error(
        "the body must be a JSON object of the action's parameters, e.g. {{\"ClusterId\": \"cds-...\"}}"
    )]
    NotAnObject,
}

/// Parse and check `body` as a request of `A`: every broken field at once for the rules,
/// the first unparsable one for types.
pub fn parse<A: Action>(body: Map<String, Value>) -> Result<A, Vec<FieldError>> {
    let request: A = wire::from_value(Value::Object(body)).map_err(|e| vec![param_error(e)])?;
    request
        .validate()
        .map_err(|errors| errors.into_iter().map(FieldError::from).collect::<Vec<_>>())?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use shared::actions::accounts::ModifyAccountPasswordRequest;
    use shared::actions::instances::ResizeDiskSizeRequest;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!("test bodies are objects"),
        }
    }

    #[test]
    fn missing_and_mistyped_fields_are_named_without_their_value() {
        let err = parse::<ResizeDiskSizeRequest>(object(json!({"DiskSize": 200}))).unwrap_err();
        assert_eq!(
            (err[0].field.as_str(), err[0].rule.as_str()),
            ("ClusterId", "required")
        );

        let err = parse::<ModifyAccountPasswordRequest>(object(json!({
            "ClusterId": "cds-1", "Account": "cassandra", "Password": 31415926
        })))
        .unwrap_err();
        assert_eq!(
            (err[0].field.as_str(), err[0].rule.as_str()),
            ("Password", RULE_TYPE)
        );
        assert!(!err[0].message.contains("31415926"), "{}", err[0].message);
    }

    #[test]
    fn rule_violations_carry_the_rule_code_and_never_the_password() {
        let err = parse::<ModifyAccountPasswordRequest>(object(json!({
            "ClusterId": "cds-1", "Account": "cassandra", "Password": "canarypw"
        })))
        .unwrap_err();
        assert_eq!(err[0].field, "Password");
        assert!(err[0].rule.starts_with("password."), "{}", err[0].rule);
        assert!(!serde_json::to_string(&err).unwrap().contains("canarypw"));
    }

    #[test]
    fn numbers_may_come_as_strings_and_valid_requests_parse() {
        let request = parse::<ResizeDiskSizeRequest>(object(json!({
            "ClusterId": "cds-1", "DataCenterId": "cn-hangzhou-h", "DiskSize": "480"
        })))
        .unwrap();
        assert_eq!(request.disk_size, 480);
    }

    #[test]
    fn bodies_must_be_objects() {
        assert_eq!(body_object(b"  ").unwrap(), Map::new());
        assert_eq!(body_object(b"[1]"), Err(BodyError::NotAnObject));
        assert_eq!(body_object(b"{"), Err(BodyError::NotJson));
    }
}
