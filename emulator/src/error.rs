//! Errors: [`ApiError`], the cloud's answer (HTTP status, `Code`, `Message`), and
//! [`EmulatorError`], why an emulator could not start.
//!
//! The gateway adds `RequestId`, `HostId` and `Recommend` when it renders an [`ApiError`]. The
//! constructors below carry the gateway-level codes and messages of protocol section 9.3, so
//! each wording is written once.

use std::net::SocketAddr;

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
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// `MissingParameter` (400): a required parameter is absent.
    pub fn missing_parameter(name: &str) -> Self {
        Self::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request \
                 is not supplied."
            ),
        )
    }

    /// `InvalidParameter` (400): a parameter's value is malformed or not allowed.
    pub fn invalid_parameter(name: &str) -> Self {
        Self::new(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is not valid."),
        )
    }

    /// `InvalidParameter` (400) with the reason appended, for rule violations.
    pub fn invalid_parameter_because(name: &str, reason: &str) -> Self {
        Self::new(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is not valid: {reason}"),
        )
    }

    /// `Missing<Name>` (400): a common parameter is absent, e.g. `MissingTimestamp`.
    pub fn missing_common(name: &str) -> Self {
        Self::new(
            400,
            format!("Missing{name}"),
            format!("{name} is mandatory for this action."),
        )
    }

    /// `UnsupportedHTTPMethod` (400): a method other than GET or POST.
    pub fn unsupported_http_method() -> Self {
        Self::new(
            400,
            "UnsupportedHTTPMethod",
            "This http method is not supported.",
        )
    }

    /// `InvalidTimeStamp.Format` (400).
    pub fn timestamp_format() -> Self {
        Self::new(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        )
    }

    /// `InvalidTimeStamp.Expired` (400): outside the accepted window, on either side.
    pub fn timestamp_expired() -> Self {
        Self::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        )
    }

    /// `InvalidAccessKeyId.NotFound` (404).
    pub fn access_key_not_found() -> Self {
        Self::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    }

    /// `InvalidAccessKeyId.Inactive` (400): the key exists but is disabled.
    pub fn access_key_inactive() -> Self {
        Self::new(
            400,
            "InvalidAccessKeyId.Inactive",
            "Specified access key is disabled.",
        )
    }

    /// `InvalidSecurityToken.Malformed` (400): an STS key sent no token, or an empty one.
    pub fn security_token_malformed() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.Malformed",
            "Specified SecurityToken is malformed.",
        )
    }

    /// `InvalidSecurityToken.MismatchWithAccessKey` (400): the token is not the key's.
    pub fn security_token_mismatch() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "Specified SecurityToken mismatch with the AccessKey.",
        )
    }

    /// `InvalidSecurityToken.Expired` (400).
    pub fn security_token_expired() -> Self {
        Self::new(
            400,
            "InvalidSecurityToken.Expired",
            "Specified SecurityToken is expired.",
        )
    }

    /// `SignatureDoesNotMatch` (400). The message must be exactly this: the old SDK core splits
    /// it on `:` and compares the tail with its own string to sign to diagnose a wrong secret.
    pub fn signature_does_not_match(server_string_to_sign: &str) -> Self {
        Self::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to \
                 sign is:{server_string_to_sign}"
            ),
        )
    }

    /// `SignatureNonceUsed` (400): the (AccessKeyId, SignatureNonce) pair was seen already.
    pub fn signature_nonce_used() -> Self {
        Self::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        )
    }

    /// `InvalidVersion` (400).
    pub fn invalid_version() -> Self {
        Self::new(
            400,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        )
    }

    /// `InvalidAction.NotFound` (404): unknown action, or a path other than `/`.
    pub fn action_not_found() -> Self {
        Self::new(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        )
    }

    /// `Throttling.User` (400): the per-AccessKey flow control refused the request.
    pub fn throttling_user() -> Self {
        Self::new(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        )
    }

    /// `Throttling.Api` (400): the per-(AccessKey, Action) flow control refused the request.
    pub fn throttling_api() -> Self {
        Self::new(
            400,
            "Throttling.Api",
            "Request was denied due to api flow control.",
        )
    }

    /// `RequestEntityTooLarge` (413): a form body over the gateway's limit. [ours]
    pub fn request_entity_too_large() -> Self {
        Self::new(
            413,
            "RequestEntityTooLarge",
            "The request body is too large.",
        )
    }

    /// `InternalError` (500).
    pub fn internal_error() -> Self {
        Self::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        )
    }

    /// `ServiceUnavailable` (503).
    pub fn service_unavailable() -> Self {
        Self::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
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

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the HTTP server: {0}")]
    Server(#[source] std::io::Error),
    #[error("invalid emulator configuration: {0}")]
    Config(String),
}
