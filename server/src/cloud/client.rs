//! `CloudClient::call::<A>()`: the one signed transport for every action.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use rpc_signature::Method;
use shared::Action;
use time::OffsetDateTime;
use uuid::Uuid;

use super::credentials::Credentials;
use super::endpoint::Endpoint;
use super::error::{self, CloudError};
use super::retry::RetryPolicy;
use super::signed::{self, API_VERSION, SignedRequest};

/// The largest answer we read; the biggest real page is a few hundred kilobytes.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

const USER_AGENT: &str = concat!("cassadmin/", env!("CARGO_PKG_VERSION"));

/// How the client talks to the cloud.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// `Post` (default): operation parameters in a form body, so passwords never appear in
    /// URLs. `Get` puts everything in the query string, as the API reference shows it.
    pub method: Method,
    /// The limit for one attempt, from connecting to the end of the answer.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            method: Method::Post,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(3),
            retry: RetryPolicy::default(),
        }
    }
}

/// One HTTP exchange within a call, reported to the observer of [`CloudClient::call_observed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    pub elapsed: Duration,
    pub outcome: AttemptOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// A 2xx answer that decoded as the action's response; the call returns it.
    Succeeded {
        http_status: u16,
        request_id: Option<String>,
    },
    /// The attempt failed. `retry_in` is the wait before the next attempt, or `None` when the
    /// call ends with this error.
    Failed {
        error: CloudError,
        retry_in: Option<Duration>,
    },
}

/// The cloud client could not be set up (the TLS backend failed to initialise).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the cloud HTTP client")]
pub struct BuildError(#[source] reqwest::Error);

/// Calls ApsaraDB for Cassandra actions on one endpoint with one AccessKey.
///
/// Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct CloudClient {
    http: reqwest::Client,
    endpoint: Endpoint,
    credentials: Credentials,
    options: ClientOptions,
}

/// A failed attempt, and whether the request may have reached the cloud.
struct Failure {
    error: CloudError,
    /// `false` only when no connection was made, so repeating cannot apply a change twice.
    maybe_received: bool,
}

impl Failure {
    fn received(error: CloudError) -> Self {
        Self {
            error,
            maybe_received: true,
        }
    }
}

/// An HTTP answer, before it is judged.
struct RawAnswer {
    http_status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A decoded 2xx answer.
struct Answer<T> {
    response: T,
    http_status: u16,
    request_id: Option<String>,
}

impl CloudClient {
    pub fn new(
        endpoint: Endpoint,
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Self, BuildError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            // A redirected POST would lose its body; the RPC endpoint never redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(BuildError)?;
        Ok(Self {
            http,
            endpoint,
            credentials,
            options,
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    pub fn access_key_id(&self) -> &str {
        self.credentials.access_key_id()
    }

    /// Call action `A` and decode its response. See [`CloudClient::call_observed`].
    pub async fn call<A: Action>(&self, request: &A) -> Result<A::Response, CloudError> {
        self.call_observed(request, |_| {}).await
    }

    /// Call action `A`, reporting every attempt to `observe` as it ends (the audit records
    /// each one).
    ///
    /// Each attempt is signed afresh (new nonce and timestamp). A failed attempt is repeated,
    /// under the [`RetryPolicy`], only if the error is transient ([`CloudError::is_retryable`])
    /// and repeating is safe: the action is read-only, or it carries a `ClientToken` the cloud
    /// deduplicates on, or the failed attempt never connected, so nothing was sent.
    #[tracing::instrument(skip_all, fields(action = A::META.name))]
    pub async fn call_observed<A: Action>(
        &self,
        request: &A,
        mut observe: impl FnMut(&Attempt),
    ) -> Result<A::Response, CloudError> {
        let operation = request.to_params();
        let idempotent = !A::META.mutates || request.client_token().is_some();
        let mut number = 0;
        loop {
            number += 1;
            let started = Instant::now();
            let result = self.attempt::<A>(&operation).await;
            let elapsed = started.elapsed();
            let elapsed_ms = elapsed.as_millis() as u64;
            match result {
                Ok(answer) => {
                    tracing::info!(
                        attempt = number,
                        status = answer.http_status,
                        request_id = answer.request_id.as_deref(),
                        elapsed_ms,
                        "cloud call succeeded"
                    );
                    observe(&Attempt {
                        number,
                        elapsed,
                        outcome: AttemptOutcome::Succeeded {
                            http_status: answer.http_status,
                            request_id: answer.request_id,
                        },
                    });
                    return Ok(answer.response);
                }
                Err(Failure {
                    error,
                    maybe_received,
                }) => {
                    let may_repeat = idempotent || !maybe_received;
                    let retry_in =
                        self.options
                            .retry
                            .next_delay(number, &error, may_repeat, &mut rand::rng());
                    tracing::warn!(
                        attempt = number,
                        status = error.http_status(),
                        code = error.code(),
                        request_id = error.request_id(),
                        elapsed_ms,
                        retry_in_ms = retry_in.map(|d| d.as_millis() as u64),
                        %error,
                        "cloud call attempt failed"
                    );
                    observe(&Attempt {
                        number,
                        elapsed,
                        outcome: AttemptOutcome::Failed {
                            error: error.clone(),
                            retry_in,
                        },
                    });
                    match retry_in {
                        Some(wait) => tokio::time::sleep(wait).await,
                        None => return Err(error),
                    }
                }
            }
        }
    }

    async fn attempt<A: Action>(
        &self,
        operation: &[(String, String)],
    ) -> Result<Answer<A::Response>, Failure> {
        let nonce = Uuid::new_v4().to_string();
        let timestamp = signed::timestamp(OffsetDateTime::now_utc());
        let SignedRequest {
            method,
            query,
            body,
            string_to_sign,
        } = signed::build(
            &self.credentials,
            self.options.method,
            A::META.name,
            operation,
            &timestamp,
            &nonce,
        );
        let raw = self.send(A::META.name, method, &query, body).await?;
        if !(200..300).contains(&raw.http_status) {
            let retry_after = retry_after(&raw.headers);
            let error =
                error::from_answer(raw.http_status, &raw.body, retry_after, &string_to_sign);
            return Err(Failure::received(error.into()));
        }
        let (response, request_id) = decode::<A::Response>(&raw.body).map_err(Failure::received)?;
        Ok(Answer {
            response,
            http_status: raw.http_status,
            request_id,
        })
    }

    /// Send one signed request and read the answer (its body up to [`MAX_BODY_BYTES`]).
    async fn send(
        &self,
        action: &str,
        method: Method,
        query: &str,
        body: Option<String>,
    ) -> Result<RawAnswer, Failure> {
        let mut url = self.endpoint.url().clone();
        url.set_query(Some(query));
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        // Not signed in version 1.0; the official SDKs send them and gateways log them.
        let mut builder = self
            .http
            .request(method, url)
            .header("x-acs-action", action)
            .header("x-acs-version", API_VERSION);
        if let Some(body) = body {
            builder = builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
        }
        let mut response = builder
            .send()
            .await
            .map_err(|err| self.transport_failure(err))?;
        let http_status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.transport_failure(err))?
        {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                let reason = format!("the answer exceeds {MAX_BODY_BYTES} bytes");
                return Err(Failure::received(CloudError::Decode {
                    reason,
                    request_id: None,
                }));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawAnswer {
            http_status,
            headers,
            body,
        })
    }

    fn transport_failure(&self, err: reqwest::Error) -> Failure {
        // A failed connection sent nothing; any later failure may follow a received request.
        let maybe_received = !err.is_connect();
        let error = if err.is_timeout() {
            let after = if maybe_received {
                self.options.timeout
            } else {
                self.options.connect_timeout
            };
            CloudError::Timeout { after }
        } else {
            CloudError::Unreachable {
                reason: describe(err),
            }
        };
        Failure {
            error,
            maybe_received,
        }
    }
}

/// The error and its causes, without the URL (it carries the signature and the token).
fn describe(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut text = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `x-acs-retry-after`, in milliseconds.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("x-acs-retry-after")?.to_str().ok()?;
    value.trim().parse().ok().map(Duration::from_millis)
}

/// Decode a 2xx body as `T`, with the `RequestId` it carries. The reason names the field that
/// did not fit (`Clusters.Cluster[0].Port: invalid type ...`).
fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(T, Option<String>), CloudError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|err| CloudError::Decode {
            reason: format!("not JSON: {err}"),
            request_id: None,
        })?;
    let request_id = value
        .get("RequestId")
        .and_then(|id| id.as_str())
        .map(str::to_owned);
    match serde_path_to_error::deserialize(value) {
        Ok(response) => Ok((response, request_id)),
        Err(err) => Err(CloudError::Decode {
            reason: err.to_string(),
            request_id,
        }),
    }
}
