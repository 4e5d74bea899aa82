//! The cloud's error: HTTP status, `Code` and `Message`. The gateway adds `RequestId`,
//! `HostId` and `Recommend` when it renders the envelope.

/// An error answer of the cloud API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { status, code: code.into(), message: message.into() }
    }

    /// `MissingParameter` (400): a required parameter is absent.
    pub fn missing_parameter(name: &str) -> Self {
        Self::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    /// `InvalidParameter` (400): a parameter's value is malformed or not allowed.
    pub fn invalid_parameter(name: &str) -> Self {
        Self::new(400, "InvalidParameter", format!("The specified parameter \"{name}\" is not valid."))
    }

    /// `InvalidParameter` (400) with the reason appended, for rule violations.
    pub fn invalid_parameter_because(name: &str, reason: &str) -> Self {
        Self::new(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is not valid: {reason}"),
        )
    }
}

impl From<shared::wire::ParamError> for ApiError {
    fn from(err: shared::wire::ParamError) -> Self {
        match &err {
            shared::wire::ParamError::Missing { name } => Self::missing_parameter(name),
            shared::wire::ParamError::Invalid { name, reason } => {
                Self::invalid_parameter_because(name, reason)
            }
        }
    }
}
