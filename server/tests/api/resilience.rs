//! PostgreSQL stopped and started again under a stream of changes: 503s while it is down,
//! service back without restarting the panel, and every acknowledged change in the audit.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::postgres::PgPoolOptions;

use crate::actions_support::{Panel, create_cluster_body, spawn_panel_with};
use crate::helpers::As;

/// A PostgreSQL of this test alone, on a fixed port so it can be stopped and started again
/// under the same address (the panel's pool must find it there).
struct PrivatePostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// PostgreSQL refuses to run as root: run its tools as `postgres` then.
    as_postgres: bool,
}

impl PrivatePostgres {
    fn start_new() -> Self {
        let bin =
            cassadmin::db::embedded::find_binaries().expect("PostgreSQL binaries are installed");
        let dir = tempfile::Builder::new()
            .prefix("cassadmin-resilience")
            .tempdir()
            .unwrap();
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        if as_postgres {
            assert!(
                Command::new("chown")
                    .args(["-R", "postgres:"])
                    .arg(dir.path())
                    .status()
                    .unwrap()
                    .success()
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = Self {
            bin,
            dir,
            port,
            as_postgres,
        };
        let data = pg.data_dir();
        pg.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "--auth=trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        pg.start();
        pg
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let path = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        let output = command.args(args).env_remove("PGDATA").output().unwrap();
        assert!(
            output.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn pg_ctl(&self, action: &str) {
        let data = self.data_dir();
        let log = self.dir.path().join("postgres.log");
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let mut args = vec![
            "-D",
            data.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-w",
            "-m",
            "fast",
        ];
        if action == "start" {
            args.extend(["-o", &options]);
        }
        args.push(action);
        self.run("pg_ctl", &args);
    }

    fn start(&self) {
        self.pg_ctl("start");
    }

    fn stop(&self) {
        self.pg_ctl("stop");
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        if Path::new(&self.data_dir().join("postmaster.pid")).exists() {
            self.stop();
        }
    }
}

/// One answered change: its status and, when acknowledged, the cloud's RequestId.
#[derive(Debug, Clone)]
struct Answered {
    status: StatusCode,
    request_id: Option<String>,
}

async fn change(panel: &Panel, bearer: &str, cluster: &str, n: usize) -> Answered {
    let body = json!({"ClusterId": cluster, "ClusterName": format!("resilient-{n}")});
    let response = panel
        .action("ModifyCluster", As::Bearer(bearer), &body)
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    Answered {
        status,
        request_id: body["RequestId"].as_str().map(str::to_owned),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_and_restarted_under_requests() {
    let pg = PrivatePostgres::start_new();
    let pool = PgPoolOptions::new()
        .max_connections(5)
        // Fail a request within a second while the database is away.
        .acquire_timeout(Duration::from_secs(1))
        .connect(&pg.url())
        .await
        .unwrap();
    let panel = Arc::new(spawn_panel_with(pool, Default::default(), Duration::from_secs(5)).await);
    let token = panel
        .app
        .create_token(&panel.admin, json!({"name": "load"}))
        .await;
    let bearer = token.token.expose().to_owned();
    let cluster = panel
        .call::<shared::actions::CreateClusterRequest>(create_cluster_body("resilient"))
        .await
        .cluster_id
        .unwrap();
    panel.wait_running(&cluster).await;

    // A steady stream of changes, one at a time, until told to stop.
    let answers = Arc::new(Mutex::new(Vec::<Answered>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let (panel, answers, stop, bearer, cluster) = (
            panel.clone(),
            answers.clone(),
            stop.clone(),
            bearer.clone(),
            cluster.clone(),
        );
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let answered = change(&panel, &bearer, &cluster, n).await;
                answers.lock().unwrap().push(answered);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let seen = |status: StatusCode| {
        answers
            .lock()
            .unwrap()
            .iter()
            .filter(|a| a.status == status)
            .count()
    };
    let wait_for = |status: StatusCode, at_least: usize| {
        let (seen, answers) = (&seen, &answers);
        async move {
            for _ in 0..600 {
                if seen(status) >= at_least {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let statuses: Vec<StatusCode> =
                answers.lock().unwrap().iter().map(|a| a.status).collect();
            panic!("never saw {at_least} answers {status}; saw {statuses:?}");
        }
    };

    wait_for(StatusCode::OK, 3).await;
    tokio::task::block_in_place(|| pg.stop());
    wait_for(StatusCode::SERVICE_UNAVAILABLE, 3).await;
    let ready = panel.app.get("/readyz", As::Anonymous).await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);

    let ok_before_restart = seen(StatusCode::OK);
    tokio::task::block_in_place(|| pg.start());
    wait_for(StatusCode::OK, ok_before_restart + 3).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    load.await.unwrap();
    let ready = panel.app.get("/readyz", As::Anonymous).await;
    assert_eq!(
        ready.status(),
        StatusCode::OK,
        "back without restarting the panel"
    );

    let answers = answers.lock().unwrap().clone();
    let unexpected: Vec<_> = answers
        .iter()
        .filter(|a| a.status != StatusCode::OK && a.status != StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(
        unexpected.is_empty(),
        "only successes and 503s: {unexpected:?}"
    );

    // Every acknowledged change has its intent and its outcome, linked, with its RequestId.
    let rows = panel.app.audit_rows().await;
    for answer in answers.iter().filter(|a| a.status == StatusCode::OK) {
        let request_id = answer
            .request_id
            .as_deref()
            .expect("a success carries the cloud's RequestId");
        let outcome = rows
            .iter()
            .find(|r| r["kind"] == "outcome" && r["cloud_request_id"] == request_id)
            .unwrap_or_else(|| panic!("acknowledged change {request_id} has no outcome row"));
        assert_eq!(outcome["outcome"], "ok");
        assert!(
            rows.iter()
                .any(|r| r["kind"] == "intent" && r["id"] == outcome["intent_id"]),
            "acknowledged change {request_id} has no intent row"
        );
    }
    let verify: Value = panel
        .app
        .get("/api/v1/audit/verify", As::Session(&panel.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verify["intact"], true, "{verify}");
}
