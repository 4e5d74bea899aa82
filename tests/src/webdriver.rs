//! A small W3C WebDriver client over `reqwest`, driving a headless Chromium through
//! `chromedriver` (started here on a free port, stopped on drop). Just what the browser test
//! needs: open pages, find elements (waiting for them), type, click, read text, screenshots.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use serde_json::{Value, json};

/// The key W3C WebDriver uses for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long `find` waits for an element to appear.
const WAIT: Duration = Duration::from_secs(20);

/// A browser session; chromedriver and Chromium end with it.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    shots: PathBuf,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Start chromedriver and a headless Chromium (1280×900); screenshots go to `shots`.
    pub async fn start(shots: &Path) -> anyhow::Result<Browser> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver (apt-get install -y chromium chromium-driver)")?;
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let started = Instant::now();
        while http.get(format!("{base}/status")).send().await.is_err() {
            if started.elapsed() > WAIT {
                bail!("chromedriver did not start");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir()?;
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}
        }}});
        std::fs::create_dir_all(shots)?;
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            http,
            shots: shots.to_path_buf(),
            _profile: profile,
        };
        let created = browser.call("POST", "/session", Some(caps)).await?;
        browser.session = created["sessionId"]
            .as_str()
            .context("no session id")?
            .to_owned();
        Ok(browser)
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let answer: Value = request.send().await?.json().await?;
        let value = answer["value"].clone();
        if let Some(error) = value.get("error") {
            bail!("webdriver {path}: {error} {}", value["message"]);
        }
        Ok(value)
    }

    async fn session_call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.session_call("POST", "/url", Some(json!({"url": url})))
            .await
            .map(drop)
    }

    pub async fn url(&self) -> anyhow::Result<String> {
        let value = self.session_call("GET", "/url", None).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Every element matching `css`, now.
    pub async fn all(&self, css: &str) -> anyhow::Result<Vec<String>> {
        let body = json!({"using": "css selector", "value": css});
        let found = self.session_call("POST", "/elements", Some(body)).await?;
        Ok(found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT].as_str().map(str::to_owned))
            .collect())
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> anyhow::Result<String> {
        let started = Instant::now();
        loop {
            if let Some(first) = self.all(css).await?.into_iter().next() {
                return Ok(first);
            }
            if started.elapsed() > WAIT {
                bail!("no element matches `{css}` after {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Wait until the text of `css` contains `expected`; returns the text.
    pub async fn wait_text(
        &self,
        css: &str,
        expected: &str,
        wait: Duration,
    ) -> anyhow::Result<String> {
        let started = Instant::now();
        loop {
            let mut last = String::new();
            if let Some(element) = self.all(css).await?.into_iter().next() {
                last = self.element_text(&element).await.unwrap_or_default();
                if last.contains(expected) {
                    return Ok(last);
                }
            }
            if started.elapsed() > wait {
                bail!("`{css}` never said `{expected}`; last: {last:?}");
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    async fn element_text(&self, element: &str) -> anyhow::Result<String> {
        let value = self
            .session_call("GET", &format!("/element/{element}/text"), None)
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        let element = self.find(css).await?;
        self.element_text(&element).await
    }

    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let element = self.find(css).await?;
        self.session_call("POST", &format!("/element/{element}/click"), None)
            .await
            .map(drop)
    }

    /// Replace the value of the input `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let element = self.find(css).await?;
        self.session_call("POST", &format!("/element/{element}/clear"), None)
            .await?;
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .await
        .map(drop)
    }

    /// End the session (and its Chromium).
    pub async fn quit(self) -> anyhow::Result<()> {
        self.call("DELETE", &format!("/session/{}", self.session), None)
            .await
            .map(drop)
    }

    /// Save a screenshot as `<shots>/<name>.png`.
    pub async fn shot(&self, name: &str) -> anyhow::Result<()> {
        let png = self.session_call("GET", "/screenshot", None).await?;
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(png.as_str().unwrap_or_default())?;
        std::fs::write(self.shots.join(format!("{name}.png")), bytes)?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver ends its Chromium with it.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
