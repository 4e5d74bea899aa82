//! The panel in a real headless Chromium (through chromedriver) against the real server, a
//! fresh PostgreSQL database and the emulator on a real socket with a fast clock: sign in,
//! create a cluster with the wizard and watch it reach Running, resize its disk, add a
//! whitelist group (a bad address refused on its line), change a parameter (a bad value
//! refused), find it all in the audit log, and check a viewer is offered no change.
//! Screenshots of each step: `target/browser-screenshots/`.
//!
//! Needs `chromium`, `chromium-driver` and `DATABASE_URL` (scripts/test-postgres.sh); builds
//! the browser app first with scripts/build-frontend.sh (a no-op when it is up to date).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cassadmin_tests::webdriver::Browser;
use emulator::{AccessKey, EmulatorConfig};
use server::backend::BackendSettings;
use server::cloud::{Credentials, Endpoint};
use server::{Application, Settings};
use sqlx::PgPool;

const ADMIN_PASSWORD: &str = "browser-test-secret-1";
const VIEWER_PASSWORD: &str = "viewer-test-secret-2";
const KEY_ID: &str = "browser-test-key";
const KEY_SECRET: &str = "browser-test-key-secret";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

#[sqlx::test(migrations = false)]
async fn a_user_runs_the_panel_in_a_browser(pool: PgPool) -> anyhow::Result<()> {
    let root = workspace();
    let built = Command::new(root.join("scripts/build-frontend.sh"))
        .current_dir(&root)
        .status()?;
    anyhow::ensure!(built.success(), "scripts/build-frontend.sh failed");
    // The server serves `frontend/dist` relative to the working directory.
    std::env::set_current_dir(&root)?;

    let cloud = emulator::spawn(
        EmulatorConfig::default()
            .access_key(AccessKey::new(KEY_ID, KEY_SECRET))
            .speed(10_000.0)
            .demo_data(true),
    )
    .await?;
    let state = tempfile::tempdir()?;
    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        state_dir: state.path().join("state"),
        admin_password: Some(ADMIN_PASSWORD.into()),
        backend: BackendSettings::cloud(
            Endpoint::http(cloud.addr()),
            Credentials::new(KEY_ID, KEY_SECRET),
        ),
        ..Settings::default()
    };
    let app = Application::build_with_pool(settings, pool).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());

    let browser = Browser::start(&root.join("target/browser-screenshots")).await?;
    let result = flow(&browser, &base).await;
    if result.is_err() {
        let _ = browser.shot("zz-failure").await;
    }
    browser.quit().await?;
    result
}

async fn sign_in(b: &Browser, base: &str, user: &str, password: &str) -> anyhow::Result<()> {
    b.goto(&format!("{base}/login")).await?;
    b.find("#username").await?;
    // The app settles (router, session check) before it takes input.
    tokio::time::sleep(Duration::from_millis(700)).await;
    b.fill("#username", user).await?;
    b.fill("#password", password).await?;
    b.click("form.card button[type=submit]").await?;
    b.find(".whoami").await?;
    Ok(())
}

async fn flow(b: &Browser, base: &str) -> anyhow::Result<()> {
    let slow = Duration::from_secs(60);
    sign_in(b, base, "admin", ADMIN_PASSWORD).await?;
    b.find("table.list").await?;
    b.shot("01-signed-in").await?;

    // A viewer, for the end.
    b.goto(&format!("{base}/users")).await?;
    b.fill("#new-username", "vera").await?;
    b.fill("#new-password", VIEWER_PASSWORD).await?;
    b.fill("#new-password-again", VIEWER_PASSWORD).await?;
    b.click("button.primary[type=submit]").await?;
    b.wait_text("table.list", "vera", slow).await?;

    // The wizard.
    b.goto(&format!("{base}/clusters/new")).await?;
    b.click("#create-region option[value='cn-hangzhou']")
        .await?;
    b.click("#create-zone option:not([value=''])").await?;
    b.fill("#create-vpcid", "vpc-browser1").await?;
    b.fill("#create-vswitchid", "vsw-browser1").await?;
    b.shot("02-wizard-location").await?;
    b.click("form.wizard button[type=submit]").await?;
    b.click("#create-instancetype option:not([value=''])")
        .await?;
    b.fill("#create-disksize", "200").await?;
    b.click("form.wizard button[type=submit]").await?;
    b.click("form.wizard button[type=submit]").await?;
    b.fill("#create-clustername", "browser-test").await?;
    b.click("form.wizard button[type=submit]").await?;
    b.wait_text("form.wizard", "browser-test", slow).await?;
    b.shot("03-wizard-review").await?;
    b.click("form.wizard button[type=submit]").await?;
    b.wait_text(".page-head h1", "browser-test", slow).await?;
    b.wait_text(".page-head .badge", "Running", slow).await?;
    b.shot("04-cluster-running").await?;
    let cluster = b.url().await?;

    // Resize the disk: 200 -> 300 GB, confirmed before -> after.
    b.goto(&format!("{cluster}/resize")).await?;
    b.click("button[data-action=ResizeDiskSize]").await?;
    b.fill("#op-disksize", "150").await?;
    b.wait_text(".dialog .field-error", "160", slow).await?;
    b.fill("#op-disksize", "300").await?;
    b.click(".dialog button[type=submit]").await?;
    let review = b.text("table.review").await?;
    anyhow::ensure!(
        review.contains("200 GB") && review.contains("300 GB"),
        "{review}"
    );
    b.shot("05-resize-review").await?;
    b.click(".dialog button[type=submit]").await?;
    b.wait_text(".toasts", "Resize disk: accepted", slow)
        .await?;
    b.wait_text("table.list", "300 GB", slow).await?;
    b.shot("06-resized").await?;

    // A whitelist group: the bad address is refused next to its line.
    b.goto(&format!("{cluster}/whitelists")).await?;
    b.click(".toolbar button[data-action=ModifyIpWhitelistGroup]")
        .await?;
    b.fill("#op-groupname", "office").await?;
    b.fill("#op-iplist", "10.0.0.1\n10.0.0.300").await?;
    let error = b
        .wait_text(".dialog .field-error.lines", "Line 2", slow)
        .await?;
    anyhow::ensure!(error.contains("10.0.0.300"), "{error}");
    b.shot("07-whitelist-bad-line").await?;
    b.fill("#op-iplist", "10.0.0.1\n10.0.0.2").await?;
    b.click(".dialog button[type=submit]").await?;
    b.wait_text(".toasts", "Add a whitelist group: accepted", slow)
        .await?;
    b.wait_text("tr[data-group=office]", "10.0.0.2", slow)
        .await?;
    b.shot("08-whitelist-added").await?;

    // A parameter: a value out of range is refused, a good one is set.
    b.goto(&format!("{cluster}/parameters")).await?;
    let row = "tr[data-parameter=cas_contention_timeout_in_ms]";
    b.click(&format!("{row} button[data-action=ModifyParameter]"))
        .await?;
    b.fill("#op-value", "99").await?;
    b.wait_text(".dialog .field-error", "between 1000 and 60000", slow)
        .await?;
    b.shot("09-parameter-bad").await?;
    b.fill("#op-value", "2000").await?;
    b.click(".dialog button[type=submit]").await?;
    b.click(".dialog button[type=submit]").await?;
    b.wait_text(".toasts", "accepted", slow).await?;
    b.wait_text(row, "2000", slow).await?;

    // All of it in the audit log.
    b.goto(&format!("{base}/audit")).await?;
    for action in [
        "CreateCluster",
        "ResizeDiskSize",
        "ModifyIpWhitelistGroup",
        "ModifyParameter",
        "user.create",
    ] {
        b.wait_text("table.list", action, slow).await?;
    }
    b.wait_text(".chain-status", "intact", slow).await?;
    b.shot("10-audit").await?;

    // A viewer sees the cluster and no button that would change it.
    b.click(".whoami button").await?;
    b.find("#username").await?;
    sign_in(b, base, "vera", VIEWER_PASSWORD).await?;
    b.find("table.list").await?;
    anyhow::ensure!(b.all("a[href='/clusters/new']").await?.is_empty());
    for tab in ["", "/resize", "/whitelists", "/parameters", "/data-centers"] {
        b.goto(&format!("{cluster}{tab}")).await?;
        b.wait_text(".page-head h1", "browser-test", slow).await?;
        b.find("section.panel").await?;
        let offered = b.all("button[data-action]").await?;
        anyhow::ensure!(
            offered.is_empty(),
            "a viewer is offered {} changes on {tab}",
            offered.len()
        );
    }
    b.shot("11-viewer").await?;
    Ok(())
}
