//! Where the cloud API lives: `https://cassandra.aliyuncs.com` unless told otherwise.

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;

use reqwest::Url;

/// Environment variable overriding the endpoint (e.g. to point at the emulator).
pub const ENDPOINT_ENV: &str = "CASSADMIN_CLOUD_ENDPOINT";

/// The one endpoint that serves every region.
pub const DEFAULT_ENDPOINT: &str = "https://cassandra.aliyuncs.com";

/// The base URL of the RPC API: `http` or `https`, a host, path `/`, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(Url);

/// Why a string is not an endpoint. The input is not repeated: it might hold credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid cloud endpoint: {reason}")]
pub struct EndpointError {
    reason: &'static str,
}

impl Endpoint {
    /// Parse an endpoint URL; a bare host (`cassandra.aliyuncs.com`) means HTTPS.
    pub fn parse(input: &str) -> Result<Self, EndpointError> {
        let error = |reason| EndpointError { reason };
        let trimmed = input.trim();
        let url = if trimmed.contains("://") {
            Url::parse(trimmed)
        } else {
            Url::parse(&format!("https://{trimmed}"))
        }
        .map_err(|_| error("not a URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(error("the scheme must be http or https"));
        }
        if url.host().is_none() {
            return Err(error("a host is required"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(error("credentials do not belong in the URL"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(error(
                "the RPC API lives at path `/`, with no query or fragment",
            ));
        }
        Ok(Self(url))
    }

    /// [`ENDPOINT_ENV`] if set, else [`DEFAULT_ENDPOINT`].
    pub fn from_env() -> Result<Self, EndpointError> {
        match std::env::var(ENDPOINT_ENV) {
            Ok(value) if !value.trim().is_empty() => Self::parse(&value),
            _ => Ok(Self::default()),
        }
    }

    /// Plain HTTP on a local socket, as the emulator listens in tests.
    pub fn http(addr: SocketAddr) -> Self {
        Self::parse(&format!("http://{addr}")).expect("a socket address makes a valid URL")
    }

    pub fn url(&self) -> &Url {
        &self.0
    }
}

impl Default for Endpoint {
    fn default() -> Self {
        Self::parse(DEFAULT_ENDPOINT).expect("the default endpoint is a valid URL")
    }
}

impl FromStr for Endpoint {
    type Err = EndpointError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_and_bare_hosts() {
        assert_eq!(
            Endpoint::default().to_string(),
            "https://cassandra.aliyuncs.com/"
        );
        assert_eq!(
            Endpoint::parse("cassandra.aliyuncs.com").unwrap(),
            Endpoint::default()
        );
        let local = Endpoint::parse("http://127.0.0.1:8085").unwrap();
        assert_eq!(local.to_string(), "http://127.0.0.1:8085/");
        assert_eq!(Endpoint::http("127.0.0.1:8085".parse().unwrap()), local);
    }

    #[test]
    fn rejects_what_is_not_an_rpc_endpoint() {
        for bad in [
            "ftp://cassandra.aliyuncs.com",
            "https://cassandra.aliyuncs.com/v1",
            "https://cassandra.aliyuncs.com/?Action=X",
            "https://id:secret@cassandra.aliyuncs.com",
            "http://",
            "",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        let err = Endpoint::parse("https://id:secret@host")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("credentials") && !err.contains("secret@"),
            "{err}"
        );
    }
}
