//! Spawning emulators on real sockets, signing requests like the SDKs, and a raw HTTP/1.1
//! client that sends the bytes given (no URL normalisation) and reads the answer.

use std::net::SocketAddr;
use std::num::NonZeroUsize;

use emulator::clock::Clock;
use emulator::{AccessKey, EmulatorConfig, RunningEmulator};
use rpc_signature::{Method, Secret, percent_encode, sign_request};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The instant every test pins the emulator clock to (the vectors' Timestamp).
pub const T0: OffsetDateTime = datetime!(2024-01-15 08:30:00 UTC);
pub const TIMESTAMP: &str = "2024-01-15T08:30:00Z";
pub const ID: &str = "testid";
pub const SECRET: &str = "testsecret";

/// Codes the gateway answers when a request fails verification.
pub const VERIFICATION_CODES: &[&str] = &[
    "UnsupportedHTTPMethod",
    "MissingAccessKeyId",
    "MissingSignature",
    "MissingSignatureMethod",
    "MissingSignatureVersion",
    "MissingSignatureNonce",
    "MissingTimestamp",
    "MissingVersion",
    "MissingAction",
    "InvalidTimeStamp.Format",
    "InvalidTimeStamp.Expired",
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "InvalidSecurityToken.Malformed",
    "InvalidSecurityToken.MismatchWithAccessKey",
    "InvalidSecurityToken.Expired",
    "SignatureDoesNotMatch",
    "SignatureNonceUsed",
    "InvalidVersion",
];

/// One worker, clock frozen at [`T0`], key `testid`/`testsecret`, seed 7, no faults.
pub fn config() -> EmulatorConfig {
    EmulatorConfig::default()
        .access_key(AccessKey::new(ID, SECRET))
        .clock(Clock::frozen_at(T0))
        .workers(NonZeroUsize::MIN)
        .seed(7)
}

pub async fn spawn(config: EmulatorConfig) -> RunningEmulator {
    emulator::spawn(config).await.expect("the emulator starts")
}

/// A request as an SDK builds it: common parameters in the query, operation parameters in
/// the query (old core) or a form body (Tea client).
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
}

impl Call {
    /// `POST` with every common parameter for `testid`, a fresh nonce, `Timestamp` = [`T0`].
    pub fn new(action: &str) -> Self {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let query = [
            ("Action", action),
            ("Format", "JSON"),
            ("Version", "2019-01-01"),
            ("AccessKeyId", ID),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", nonce.as_str()),
            ("Timestamp", TIMESTAMP),
        ];
        Self {
            method: "POST".into(),
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            form: Vec::new(),
        }
    }

    /// Set a query parameter (replacing it if present).
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.into(), value.into()));
        self
    }

    pub fn params(self, params: &[(&str, &str)]) -> Self {
        params.iter().fold(self, |call, (k, v)| call.param(k, v))
    }

    /// Set a form-body parameter; the request then carries a form body.
    pub fn form(mut self, name: &str, value: &str) -> Self {
        self.form.retain(|(k, _)| k != name);
        self.form.push((name.into(), value.into()));
        self
    }

    pub fn without(mut self, name: &str) -> Self {
        self.query.retain(|(k, _)| k != name);
        self
    }

    pub fn method(mut self, method: &str) -> Self {
        self.method = method.into();
        self
    }

    /// Sign over query ∪ body (body last, so it wins) with `secret`, as the SDKs do. Methods
    /// other than GET are signed as POST.
    pub fn sign(mut self, secret: &str) -> Self {
        self.query.retain(|(k, _)| k != "Signature");
        let method = if self.method == "GET" {
            Method::Get
        } else {
            Method::Post
        };
        let signature = sign_request(
            &Secret::new(secret),
            method,
            self.query.iter().chain(&self.form),
        );
        self.query.push(("Signature".into(), signature));
        self
    }

    pub fn signed(self) -> Self {
        self.sign(SECRET)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn target(&self) -> String {
        format!("/?{}", encode(&self.query))
    }

    pub async fn send(&self, emulator: &RunningEmulator) -> Reply {
        let (content_type, body) = if self.form.is_empty() {
            (None, String::new())
        } else {
            (
                Some("application/x-www-form-urlencoded"),
                encode(&self.form),
            )
        };
        send_raw(
            emulator.addr(),
            &self.method,
            &self.target(),
            content_type,
            body.as_bytes(),
        )
        .await
    }
}

fn encode(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An HTTP answer, read off the socket.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The error `Code`, from a JSON or an XML envelope; `None` on success.
    pub fn code(&self) -> Option<String> {
        if self.status == 200 {
            return None;
        }
        if self
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/xml"))
        {
            let text = self.text();
            let start = text.find("<Code>")? + "<Code>".len();
            let end = text[start..].find("</Code>")? + start;
            return Some(text[start..end].to_owned());
        }
        self.json()["Code"].as_str().map(str::to_owned)
    }

    /// Panics unless this is the error `code` with `status`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code().as_deref()),
            (status, Some(code)),
            "{}",
            self.text()
        );
    }

    /// Panics unless this is a 200.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert_eq!(self.status, 200, "{}", self.text());
    }
}

/// Send exactly these bytes (`Connection: close`) and read the whole answer.
pub async fn send_raw(
    addr: SocketAddr,
    method: &str,
    target: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Reply {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
