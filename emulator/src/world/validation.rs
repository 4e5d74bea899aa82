//! The shared input rules ([`shared::rules`]) as the cloud reports them: a broken rule is an
//! `InvalidParameter` naming the field, the reason and the rule's code; a missing value is a
//! `MissingParameter`. The rules themselves live in `shared` only: every request passes its
//! `Validate` before its handler runs, and handlers parse the values they need with the same
//! shared types (the rules that need state, such as grow-only disks, run only there).

use shared::rules::{FieldError, Rule, Violation};

use crate::ApiError;

/// The cloud's answer to a rule broken by `field`.
pub fn rejected(error: &FieldError) -> ApiError {
    if error.rule == Rule::Required {
        return ApiError::missing_parameter(&error.field);
    }
    let reason = match &error.item {
        Some(item) => format!(
            "entry {} `{}`: {} ({})",
            item.index + 1,
            item.text,
            error.message,
            error.rule
        ),
        None => format!("{} ({})", error.message, error.rule),
    };
    ApiError::invalid_parameter_because(&error.field, &reason)
}

/// The first of several broken rules (the cloud reports one error per request).
pub fn first(errors: Vec<FieldError>) -> ApiError {
    errors
        .first()
        .map(rejected)
        .unwrap_or_else(ApiError::internal_error)
}

/// Parse one field's value with a shared rule.
pub fn field<T>(field: &str, result: Result<T, Violation>) -> Result<T, ApiError> {
    result.map_err(|violation| rejected(&violation.at(field)))
}

/// Parse a group of fields with a shared rule that names them itself.
pub fn fields<T>(result: Result<T, Vec<FieldError>>) -> Result<T, ApiError> {
    result.map_err(first)
}

/// An optional name that, when present, must follow the shared rule.
pub fn optional<T>(
    name: &str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, Violation>,
) -> Result<Option<T>, ApiError> {
    value.map(|value| field(name, parse(value))).transpose()
}

/// A required string parameter: the wire lets it arrive empty (`ClusterId=`); the cloud
/// treats that as missing.
pub fn required<'a>(name: &str, value: &'a str) -> Result<&'a str, ApiError> {
    if value.trim().is_empty() {
        Err(ApiError::missing_parameter(name))
    } else {
        Ok(value)
    }
}

/// A resource group id: `rg-` and letters or digits (`rg-acfmyxxxxxxxxxx`). The seed states no
/// rule and the emulator has no resource group service to ask, so any well-formed id is
/// taken to exist.
pub fn resource_group_id(name: &str, value: &str) -> Result<String, ApiError> {
    let value = required(name, value)?;
    let well_formed = value.strip_prefix("rg-").is_some_and(|rest| {
        !rest.is_empty() && rest.len() <= 64 && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if well_formed {
        Ok(value.to_owned())
    } else {
        Err(ApiError::invalid_parameter_because(
            name,
            &format!("`{value}` is not a resource group id (`rg-` followed by letters and digits)"),
        ))
    }
}
