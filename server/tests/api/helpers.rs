//! The real server on a real socket, over a fresh PostgreSQL database per test
//! (`#[sqlx::test]`), driven with reqwest. Log lines go to a buffer the canary test reads.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use cassadmin::Application;
use cassadmin::config::Settings;
use cassadmin::telemetry::{self, LogFormat};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use shared::rest::{CSRF_COOKIE, CSRF_HEADER, CreatedToken, ErrorEnvelope, SessionInfo, User};
use sqlx::PgPool;

pub const ADMIN_PASSWORD: &str = "first-Test-passw0rd";

/// Everything the servers of this process log.
static LOGS: LazyLock<Arc<Mutex<Vec<u8>>>> = LazyLock::new(|| {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = LogWriter(buffer.clone());
    // Verbose on purpose: a secret must not appear even in debug lines. The filter names
    // server-side crates only (reqwest, the test's client, logs its own way).
    let filter = "info,cassadmin=trace,sqlx=debug,actix_web=debug";
    telemetry::init(LogFormat::Json, filter, move || writer.clone())
        .expect("the log subscriber is installed once");
    buffer
});

#[derive(Clone)]
struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::env::var_os("TEST_LOG").is_some() {
            std::io::stdout().write_all(buf)?;
        }
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log text captured so far.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.lock().unwrap()).into_owned()
}

pub struct TestApp {
    pub address: String,
    pub pool: PgPool,
    pub client: reqwest::Client,
    pub state_dir: tempfile::TempDir,
}

/// Starts the application on port 0 over `pool`, with `admin` / [`ADMIN_PASSWORD`].
pub async fn spawn_app(pool: PgPool) -> TestApp {
    spawn_app_with(pool, |_| {}).await
}

pub async fn spawn_app_with(pool: PgPool, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    LazyLock::force(&LOGS);
    let state_dir = tempfile::tempdir().unwrap();
    let mut settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        state_dir: state_dir.path().join("state"),
        admin_password: Some(ADMIN_PASSWORD.into()),
        ..Settings::default()
    };
    adjust(&mut settings);
    let app = Application::build_with_pool(settings, pool.clone())
        .await
        .expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        pool,
        client,
        state_dir,
    }
}

/// A logged-in browser: its cookies and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookies: BTreeMap<String, String>,
    pub csrf: String,
    pub info: SessionInfo,
}

impl Session {
    /// Applies a response's `Set-Cookie` headers (an empty value deletes).
    pub fn absorb(&mut self, response: &Response) {
        for (name, value) in set_cookies(response) {
            if value.is_empty() {
                self.cookies.remove(&name);
            } else {
                self.cookies.insert(name, value);
            }
        }
        if let Some(csrf) = self.cookies.get(CSRF_COOKIE) {
            self.csrf = csrf.clone();
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// `(name, value)` of each `Set-Cookie`.
pub fn set_cookies(response: &Response) -> Vec<(String, String)> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// The raw `Set-Cookie` header for `name`.
pub fn set_cookie_header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// How a request authenticates.
#[derive(Clone, Copy)]
pub enum As<'a> {
    Anonymous,
    /// Cookies and the CSRF header.
    Session(&'a Session),
    /// Cookies without the CSRF header.
    SessionNoCsrf(&'a Session),
    Bearer(&'a str),
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str, who: As<'_>) -> RequestBuilder {
        let builder = self.client.request(method, self.url(path));
        match who {
            As::Anonymous => builder,
            As::Session(s) => builder
                .header(COOKIE, s.cookie_header())
                .header(CSRF_HEADER, &s.csrf),
            As::SessionNoCsrf(s) => builder.header(COOKIE, s.cookie_header()),
            As::Bearer(token) => builder.bearer_auth(token),
        }
    }

    pub async fn get(&self, path: &str, who: As<'_>) -> Response {
        self.request(Method::GET, path, who).send().await.unwrap()
    }

    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        who: As<'_>,
        body: &Value,
    ) -> Response {
        self.request(method, path, who)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, who: As<'_>, body: &Value) -> Response {
        self.send_json(Method::POST, path, who, body).await
    }

    pub async fn delete(&self, path: &str, who: As<'_>) -> Response {
        self.request(Method::DELETE, path, who)
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            As::Anonymous,
            &json!({"username": username, "password": password}),
        )
        .await
    }

    /// Logs in, asserting success.
    pub async fn login_ok(&self, username: &str, password: &str) -> Session {
        let response = self.login(username, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        let mut session = Session {
            cookies: BTreeMap::new(),
            csrf: String::new(),
            info: placeholder_info(),
        };
        session.absorb(&response);
        session.info = response.json().await.unwrap();
        assert_eq!(session.csrf, session.info.csrf_token);
        session
    }

    pub async fn admin(&self) -> Session {
        self.login_ok("admin", ADMIN_PASSWORD).await
    }

    /// Creates a user as `admin`, asserting success.
    pub async fn create_user(
        &self,
        admin: &Session,
        username: &str,
        password: &str,
        role: &str,
    ) -> User {
        let response = self
            .post(
                "/api/v1/users",
                As::Session(admin),
                &json!({"username": username, "password": password, "role": role}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "create {username}");
        response.json().await.unwrap()
    }

    /// A logged-in user of `role` (created by a fresh admin session).
    pub async fn user_session(&self, username: &str, role: &str) -> Session {
        let admin = self.admin().await;
        let password = "pw-Secure-123-for-tests";
        self.create_user(&admin, username, password, role).await;
        self.login_ok(username, password).await
    }

    /// Creates an API token, asserting success.
    pub async fn create_token(&self, session: &Session, body: Value) -> CreatedToken {
        let response = self
            .post("/api/v1/tokens", As::Session(session), &body)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "create token {body}"
        );
        response.json().await.unwrap()
    }

    /// Every audit row, oldest first, straight from the table.
    pub async fn audit_rows(&self) -> Vec<Value> {
        sqlx::query_scalar::<_, Value>("select to_jsonb(a) from audit_log a order by id")
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }

    /// The URL of this test's database (for running the binary against it).
    pub fn database_url(&self) -> String {
        let o = self.pool.connect_options();
        format!(
            "postgres://{}@{}:{}/{}",
            o.get_username(),
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or("postgres")
        )
    }
}

fn placeholder_info() -> SessionInfo {
    SessionInfo {
        user: User {
            id: shared::rest::UserId(0),
            username: String::new(),
            role: shared::Role::Viewer,
            disabled: false,
            created_at: String::new(),
            updated_at: String::new(),
            last_login_at: None,
        },
        csrf_token: String::new(),
        access_expires_at: String::new(),
        session_expires_at: String::new(),
    }
}

/// The error envelope of a response, asserting its status.
pub async fn error_of(response: Response, status: StatusCode) -> ErrorEnvelope {
    assert_eq!(response.status(), status, "unexpected status");
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not an error envelope ({e}): {text}"))
}
