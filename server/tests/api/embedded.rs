//! The README's run command, `cassadmin serve` without `DATABASE_URL`, starts a private
//! PostgreSQL and stops it on SIGTERM.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

struct Server {
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
}

fn start(state_dir: &Path, port: u16) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cassadmin"))
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env_remove("CASSADMIN_ADMIN_PASSWORD")
        .env("CASSADMIN_STATE_DIR", state_dir)
        .env("CASSADMIN_LISTEN", format!("127.0.0.1:{port}"))
        .env("CASSADMIN_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = Arc::new(Mutex::new(Vec::new()));
    let lines = stdout.clone();
    let pipe = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line);
        }
    });
    Server { child, stdout }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_ready(client: &reqwest::Client, base: &str, server: &mut Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(response) = client.get(format!("{base}/readyz")).send().await
            && response.status() == StatusCode::OK
        {
            return;
        }
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!(
                "cassadmin exited early ({status}): {:?}",
                server.stdout.lock().unwrap()
            );
        }
        assert!(
            Instant::now() < deadline,
            "not ready in time: {:?}",
            server.stdout.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A process that exists and is not a zombie waiting to be reaped.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit_once(") ")
                .map(|(_, rest)| !rest.starts_with('Z'))
        })
        .unwrap_or(false)
}

fn postmaster_pid(state_dir: &Path) -> u32 {
    let text = std::fs::read_to_string(state_dir.join("postgres/postmaster.pid")).unwrap();
    text.lines().next().unwrap().trim().parse().unwrap()
}

/// SIGTERM, then wait for a clean exit.
fn terminate(mut server: Server) -> Vec<String> {
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "cassadmin did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "cassadmin exited with {status}");
    // Let the reader thread drain the pipe.
    std::thread::sleep(Duration::from_millis(100));
    server.stdout.lock().unwrap().clone()
}

#[tokio::test]
async fn serve_runs_a_private_postgres_and_stops_it_on_sigterm() {
    if cassadmin::db::embedded::find_binaries().is_none() {
        panic!("PostgreSQL server binaries are required for this test");
    }
    let temp = tempfile::tempdir().unwrap();
    // When the test runs as root, PostgreSQL runs as `postgres` and must reach the state dir.
    std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let state_dir = temp.path().join("state");
    let client = reqwest::Client::new();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&state_dir, port);
    wait_ready(&client, &base, &mut server).await;
    let pg_pid = postmaster_pid(&state_dir);
    assert!(alive(pg_pid));

    // The first start printed the admin's password once; it works.
    let lines = server.stdout.lock().unwrap().clone();
    let index = lines
        .iter()
        .position(|l| l.contains("created user `admin`"))
        .expect("password banner");
    let password = lines[index + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .unwrap()
        .to_owned();
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    assert!(
        !lines
            .iter()
            .filter(|l| l.starts_with('{'))
            .any(|l| l.contains(&password)),
        "the password is printed, never logged"
    );

    let output = terminate(server);
    assert!(
        output
            .iter()
            .any(|l| l.contains("embedded PostgreSQL stopped")),
        "{output:?}"
    );
    assert!(!alive(pg_pid), "PostgreSQL must be gone");
    assert!(!state_dir.join("postgres/postmaster.pid").exists());

    // A second start reuses the data (no new password) and stops as cleanly.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&state_dir, port);
    wait_ready(&client, &base, &mut server).await;
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let pg_pid = postmaster_pid(&state_dir);
    let output = terminate(server);
    assert!(!output.iter().any(|l| l.contains("created user `admin`")));
    assert!(!alive(pg_pid), "PostgreSQL must be gone");
}
