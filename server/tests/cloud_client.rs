//! The cloud client against the emulator on a real socket: signatures, error envelopes,
//! retries (when safe), `x-acs-retry-after`, timeouts.

use std::io;
use std::net::TcpListener;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cassadmin::cloud::{
    Attempt, AttemptOutcome, ClientOptions, CloudClient, CloudError, Credentials, Endpoint, Method,
    RetryPolicy,
};
use emulator::{AccessKey, EmulatorConfig, FaultConfig, Probability, RunningEmulator};
use serde::{Deserialize, Serialize};
use shared::SecretString;
use shared::actions::accounts::ModifyAccountPasswordRequest;
use shared::actions::contact_points::AllocatePublicContactPointsRequest;
use shared::actions::regions::DescribeRegionsRequest;
use shared::rules::{FieldError, Validate};
use shared::{Action, ActionMeta, Group, Role};

const KEY_ID: &str = "cloud-client-test";
const SECRET: &str = "s3cr3t/+=&~Key*";
/// Short enough to keep the tests fast; the emulator's default is one second.
const RETRY_AFTER: Duration = Duration::from_millis(30);

async fn emulator(faults: FaultConfig) -> RunningEmulator {
    let faults = FaultConfig {
        throttle_retry_after: RETRY_AFTER,
        ..faults
    };
    let config = EmulatorConfig::default()
        .access_key(AccessKey::new(KEY_ID, SECRET))
        .access_key(AccessKey::new("sts-key", "sts-secret").with_security_token("CAIS+token/=="))
        .workers(NonZeroUsize::MIN)
        .seed(7)
        .faults(faults);
    emulator::spawn(config).await.expect("the emulator starts")
}

fn options() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(200),
        },
        ..ClientOptions::default()
    }
}

fn client_with(
    emulator: &RunningEmulator,
    credentials: Credentials,
    options: ClientOptions,
) -> CloudClient {
    CloudClient::new(Endpoint::http(emulator.addr()), credentials, options).expect("client builds")
}

fn client(emulator: &RunningEmulator) -> CloudClient {
    client_with(emulator, Credentials::new(KEY_ID, SECRET), options())
}

/// Call and collect every attempt the observer saw.
async fn observed<A: Action>(
    client: &CloudClient,
    request: &A,
) -> (Result<A::Response, CloudError>, Vec<Attempt>) {
    let mut attempts = Vec::new();
    let result = client
        .call_observed(request, |attempt| attempts.push(attempt.clone()))
        .await;
    (result, attempts)
}

fn allocate(client_token: Option<&str>) -> AllocatePublicContactPointsRequest {
    AllocatePublicContactPointsRequest {
        cluster_id: "cds-does-not-matter".into(),
        data_center_id: "cds-does-not-matter-dc".into(),
        client_token: client_token.map(str::to_owned),
    }
}

fn always_throttled() -> FaultConfig {
    FaultConfig {
        throttle_rate: Probability::ALWAYS,
        ..FaultConfig::default()
    }
}

fn always_failing() -> FaultConfig {
    FaultConfig {
        error_rate: Probability::ALWAYS,
        ..FaultConfig::default()
    }
}

fn failures(attempts: &[Attempt]) -> Vec<(Option<&str>, Option<Duration>)> {
    attempts
        .iter()
        .map(|attempt| match &attempt.outcome {
            AttemptOutcome::Failed { error, retry_in } => (error.code(), *retry_in),
            AttemptOutcome::Succeeded { .. } => panic!("attempt {} succeeded", attempt.number),
        })
        .collect()
}

#[tokio::test]
async fn a_read_call_succeeds_in_one_attempt() {
    let emulator = emulator(FaultConfig::default()).await;
    let (result, attempts) = observed(&client(&emulator), &DescribeRegionsRequest::default()).await;
    let response = result.expect("DescribeRegions succeeds");
    assert!(!response.regions.is_empty(), "{response:?}");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].number, 1);
    assert_eq!(
        attempts[0].outcome,
        AttemptOutcome::Succeeded {
            http_status: 200,
            request_id: Some(response.request_id.clone())
        }
    );
}

#[tokio::test]
async fn get_and_sts_credentials_are_accepted_too() {
    let emulator = emulator(FaultConfig::default()).await;
    let get = ClientOptions {
        method: Method::Get,
        ..options()
    };
    let by_get = client_with(&emulator, Credentials::new(KEY_ID, SECRET), get);
    by_get
        .call(&DescribeRegionsRequest::default())
        .await
        .expect("GET works");

    let sts = Credentials::new("sts-key", "sts-secret").with_security_token("CAIS+token/==");
    let by_sts = client_with(&emulator, sts, options());
    by_sts
        .call(&DescribeRegionsRequest::default())
        .await
        .expect("the token is sent and signed");

    let wrong = Credentials::new("sts-key", "sts-secret").with_security_token("CAIS-other");
    let err = client_with(&emulator, wrong, options())
        .call(&DescribeRegionsRequest::default())
        .await;
    let code = err
        .expect_err("a wrong token is refused")
        .code()
        .map(str::to_owned);
    assert!(
        code.as_deref()
            .is_some_and(|c| c.starts_with("InvalidSecurityToken")),
        "{code:?}"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_signature_does_not_match_and_says_so_without_echoing() {
    let emulator = emulator(FaultConfig::default()).await;
    let client = client_with(
        &emulator,
        Credentials::new(KEY_ID, "not-the-secret"),
        options(),
    );
    let (result, attempts) = observed(&client, &DescribeRegionsRequest::default()).await;
    let err = result.expect_err("a wrong secret is refused");
    let Some(api) = err.api() else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(
        (api.http_status, api.code.as_str()),
        (400, "SignatureDoesNotMatch")
    );
    assert!(api.request_id.is_some());
    let message = &api.message;
    // Both sides signed the same string, so the diagnosis is the secret.
    assert!(message.contains("secret is wrong"), "{message}");
    assert!(
        !message.contains("AccessKeyId%3D"),
        "the string to sign is withheld: {message}"
    );
    assert_eq!(failures(&attempts), [(Some("SignatureDoesNotMatch"), None)]);
}

#[tokio::test]
async fn an_unknown_access_key_is_404() {
    let emulator = emulator(FaultConfig::default()).await;
    let client = client_with(&emulator, Credentials::new("nobody", SECRET), options());
    let err = client
        .call(&DescribeRegionsRequest::default())
        .await
        .expect_err("unknown key");
    assert_eq!(
        (err.http_status(), err.code()),
        (Some(404), Some("InvalidAccessKeyId.NotFound"))
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn throttled_reads_are_retried_after_the_clouds_retry_after() {
    let emulator = emulator(always_throttled()).await;
    let (result, attempts) = observed(&client(&emulator), &DescribeRegionsRequest::default()).await;
    let err = result.expect_err("throttled every time");
    assert!(err.is_throttling(), "{err:?}");
    let throttled = Some("Throttling.User");
    assert_eq!(
        failures(&attempts),
        [
            (throttled, Some(RETRY_AFTER)),
            (throttled, Some(RETRY_AFTER)),
            (throttled, None)
        ]
    );
    assert_eq!(
        attempts.iter().map(|a| a.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[tokio::test]
async fn a_retry_is_signed_afresh_and_can_succeed() {
    let emulator = emulator(always_throttled()).await;
    let client = client(&emulator);
    let mut attempts = Vec::new();
    let response = client
        .call_observed(&DescribeRegionsRequest::default(), |attempt| {
            // The cloud recovers before the retry; a reused nonce would now be refused.
            emulator.faults().clear();
            attempts.push(attempt.clone());
        })
        .await
        .expect("the retry succeeds");
    assert_eq!(attempts.len(), 2);
    assert_eq!(
        failures(&attempts[..1]),
        [(Some("Throttling.User"), Some(RETRY_AFTER))]
    );
    let request_id = Some(response.request_id);
    assert_eq!(
        attempts[1].outcome,
        AttemptOutcome::Succeeded {
            http_status: 200,
            request_id
        }
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_call() {
    let emulator = emulator(always_throttled()).await;
    emulator
        .faults()
        .update(|f| f.throttle_retry_after = Duration::from_secs(60));
    let (result, attempts) = observed(&client(&emulator), &DescribeRegionsRequest::default()).await;
    let err = result.expect_err("throttled");
    assert!(err.is_throttling(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(failures(&attempts), [(Some("Throttling.User"), None)]);
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_with_jittered_backoff() {
    let emulator = emulator(always_failing()).await;
    let (result, attempts) = observed(&client(&emulator), &DescribeRegionsRequest::default()).await;
    assert_eq!(
        result.expect_err("fails every time").http_status(),
        Some(503)
    );
    let seen = failures(&attempts);
    let codes: Vec<_> = seen.iter().map(|(code, _)| *code).collect();
    assert_eq!(
        codes,
        [
            Some("ServiceUnavailable"),
            Some("InternalError"),
            Some("ServiceUnavailable")
        ]
    );
    // Full jitter under the doubling ceiling: 5 ms, then 10 ms; none after the last attempt.
    let waits: Vec<_> = seen.iter().map(|(_, wait)| *wait).collect();
    assert!(
        waits[0].is_some_and(|w| w <= Duration::from_millis(5)),
        "{waits:?}"
    );
    assert!(
        waits[1].is_some_and(|w| w <= Duration::from_millis(10)),
        "{waits:?}"
    );
    assert_eq!(waits[2], None);
}

#[tokio::test]
async fn mutations_without_a_client_token_are_not_retried() {
    for faults in [always_throttled(), always_failing()] {
        let emulator = emulator(faults).await;
        let (result, attempts) = observed(&client(&emulator), &allocate(None)).await;
        let err = result.expect_err("refused");
        assert!(
            err.is_retryable(),
            "transient, yet unsafe to repeat: {err:?}"
        );
        assert_eq!(attempts.len(), 1, "{attempts:?}");
        assert!(matches!(
            attempts[0].outcome,
            AttemptOutcome::Failed { retry_in: None, .. }
        ));
    }
}

#[tokio::test]
async fn mutations_with_a_client_token_are_retried() {
    for faults in [always_throttled(), always_failing()] {
        let emulator = emulator(faults).await;
        let request = allocate(Some("4c0a3e0e-token"));
        let (result, attempts) = observed(&client(&emulator), &request).await;
        assert!(result.expect_err("refused").is_retryable());
        assert_eq!(attempts.len(), 3, "{attempts:?}");
    }
}

#[tokio::test]
async fn a_slow_cloud_gives_timeout_and_reads_retry_it() {
    let emulator = emulator(FaultConfig {
        latency: Duration::from_secs(5),
        ..FaultConfig::default()
    })
    .await;
    let timeout = Duration::from_millis(150);
    let options = ClientOptions {
        timeout,
        retry: RetryPolicy {
            max_attempts: 2,
            ..options().retry
        },
        ..options()
    };
    let client = client_with(&emulator, Credentials::new(KEY_ID, SECRET), options);
    let (result, attempts) = observed(&client, &DescribeRegionsRequest::default()).await;
    assert_eq!(
        result.expect_err("too slow"),
        CloudError::Timeout { after: timeout }
    );
    assert_eq!(attempts.len(), 2);
    let (_, attempts) = observed(&client, &allocate(None)).await;
    assert_eq!(
        attempts.len(),
        1,
        "a mutation that may have arrived is not repeated"
    );
}

#[tokio::test]
async fn an_endpoint_that_refuses_connections_is_unreachable() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port");
    let client = CloudClient::new(
        Endpoint::http(port),
        Credentials::new(KEY_ID, SECRET),
        options(),
    )
    .expect("client builds");
    let (result, attempts) = observed(&client, &allocate(None)).await;
    let err = result.expect_err("nothing listens");
    let CloudError::Unreachable { reason } = &err else {
        panic!("expected Unreachable: {err:?}")
    };
    assert!(
        !reason.contains("Signature") && !reason.contains(KEY_ID),
        "{reason}"
    );
    // Nothing was sent, so even a mutation without a token is tried again.
    assert_eq!(attempts.len(), 3);
}

/// DescribeRegions with a response type the answer cannot fill.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StrictDescribeRegions {}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct NeedsAFieldTheCloudNeverSends {
    #[serde(rename = "NoSuchField")]
    _no_such_field: String,
}

impl Validate for StrictDescribeRegions {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

impl Action for StrictDescribeRegions {
    type Response = NeedsAFieldTheCloudNeverSends;
    const META: ActionMeta = ActionMeta {
        name: "DescribeRegions",
        group: Group::RegionsAndDataCenters,
        mutates: false,
        min_role: Role::Viewer,
        in_sdk: true,
    };
}

#[tokio::test]
async fn an_answer_that_does_not_fit_the_response_type_is_a_decode_error() {
    let emulator = emulator(FaultConfig::default()).await;
    let (result, attempts) = observed(&client(&emulator), &StrictDescribeRegions {}).await;
    let err = result.expect_err("the field is missing");
    let CloudError::Decode { reason, request_id } = &err else {
        panic!("expected Decode: {err:?}")
    };
    assert!(reason.contains("NoSuchField"), "{reason}");
    assert!(request_id.is_some());
    assert_eq!(attempts.len(), 1, "a decode error is not retried");
}

/// Everything the client logs on this thread.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn logs_name_the_action_and_outcome_but_never_a_secret() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emulator = emulator(FaultConfig::default()).await;
    let password = "Log-Pa55word!";
    let request = ModifyAccountPasswordRequest {
        account: "cassandra".into(),
        cluster_id: "cds-log-test".into(),
        password: SecretString::new(password),
    };
    // A refused signature (the cloud echoes every parameter), and a GET with the password in
    // the URL, with an STS token.
    let wrong = Credentials::new(KEY_ID, "wrong-secret-value");
    let refused = client_with(&emulator, wrong, options())
        .call(&request)
        .await;
    assert_eq!(
        refused.expect_err("wrong secret").code(),
        Some("SignatureDoesNotMatch")
    );
    let sts = Credentials::new("sts-key", "sts-secret").with_security_token("CAIS+token/==");
    let get = ClientOptions {
        method: Method::Get,
        ..options()
    };
    let _ = client_with(&emulator, sts, get).call(&request).await;

    let text = logs.text();
    assert!(text.contains("ModifyAccountPassword"), "{text}");
    assert!(text.contains("SignatureDoesNotMatch"), "{text}");
    for secret in [
        password,
        "Log-Pa55word%21",
        "wrong-secret-value",
        "sts-secret",
        "CAIS",
        "Signature=",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} leaked into the logs:\n{text}"
        );
    }
}
