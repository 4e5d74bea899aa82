//! A cloud action through the panel vs the same signed call made directly to the emulator
//! (prints, asserts nothing; goal: the panel adds at most 1 ms at p50).
//!
//! Both sides call one emulator on a loopback socket, one request at a time, over kept-alive
//! connections. The panel side is `POST /api/v1/actions/{Action}` with an API token, so it
//! includes authentication (a token lookup), parsing and validation, and for a change the two
//! audit rows (intent and outcome, hash-chained) written before and after the call.
//!
//! `cargo bench -p cassadmin --bench actions`. With `DATABASE_URL` it uses that server
//! (creating a `cassadmin_bench_actions` database); without, the embedded PostgreSQL in a
//! temp dir. `BENCH_CALLS` overrides the 2000 calls per series.

use std::future::Future;
use std::time::{Duration, Instant};

use cassadmin::Application;
use cassadmin::backend::BackendSettings;
use cassadmin::cloud::{ClientOptions, CloudClient, Credentials, Endpoint};
use cassadmin::config::Settings;
use cassadmin::db::embedded::EmbeddedPostgres;
use cassadmin::db::{MIGRATOR, pool_options};
use cassadmin::state_dir::StateDir;
use emulator::{AccessKey, EmulatorConfig};
use serde_json::{Value, json};
use shared::actions::{CreateClusterRequest, DescribeClusterRequest, ModifyClusterRequest};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

const KEY_ID: &str = "bench-key";
const KEY_SECRET: &str = "bench-secret";
const ADMIN_PASSWORD: &str = "bench-Chief-passw0rd-1";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let calls: usize = std::env::var("BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let temp = tempfile::tempdir()?;
    std::fs::set_permissions(
        temp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o711),
    )?;
    let state_dir = StateDir::open(&temp.path().join("pg"))?;
    let (options, embedded) = match std::env::var("DATABASE_URL") {
        Ok(url) => (fresh_database(&url).await?, None),
        Err(_) => {
            let pg = EmbeddedPostgres::start(&state_dir).await?;
            (pg.connect_options(), Some(pg))
        }
    };
    let pool = pool_options(10).connect_with(options).await?;
    MIGRATOR.run(&pool).await?;

    let emulator = emulator::spawn(
        EmulatorConfig::default()
            .access_key(AccessKey::new(KEY_ID, KEY_SECRET))
            .speed(10_000.0),
    )
    .await?;
    let endpoint = Endpoint::http(emulator.addr());
    let direct = CloudClient::new(
        endpoint.clone(),
        Credentials::new(KEY_ID, KEY_SECRET),
        ClientOptions::default(),
    )?;

    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        state_dir: temp.path().join("state"),
        admin_password: Some(ADMIN_PASSWORD.into()),
        backend: BackendSettings::cloud(endpoint, Credentials::new(KEY_ID, KEY_SECRET)),
        ..Settings::default()
    };
    let app = Application::build_with_pool(settings, pool.clone()).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::new();
    let token = admin_token(&http, &base).await?;

    let cluster = direct
        .call(&serde_json::from_value::<CreateClusterRequest>(json!({
            "ClientToken": "bench-cluster", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-h",
            "VpcId": "vpc-bench", "VswitchId": "vsw-bench", "MajorVersion": "3.11",
            "InstanceType": "cassandra.c.large", "NodeCount": 2, "DiskType": "cloud_ssd",
            "DiskSize": 160, "PayType": "PayAsYouGo", "ClusterName": "bench"
        }))?)
        .await?
        .cluster_id
        .ok_or_else(|| anyhow::anyhow!("no cluster id"))?;
    tokio::time::sleep(Duration::from_millis(100)).await;

    println!(
        "{calls} sequential calls per series; {} CPUs; database: {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        if embedded.is_some() {
            "embedded PostgreSQL"
        } else {
            "DATABASE_URL"
        }
    );
    let describe = DescribeClusterRequest {
        cluster_id: cluster.clone(),
    };
    let panel_call = |action: &'static str, body: Value| {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        async move {
            let response = http
                .post(format!("{base}/api/v1/actions/{action}"))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await?;
            anyhow::ensure!(
                response.status().is_success(),
                "panel answered {}",
                response.status()
            );
            response.bytes().await?;
            Ok(())
        }
    };

    let read_direct = series(calls, |_| {
        let (direct, describe) = (direct.clone(), describe.clone());
        async move {
            direct
                .call(&describe)
                .await
                .map(|_| ())
                .map_err(anyhow::Error::from)
        }
    })
    .await?;
    let read_panel = series(calls, |_| {
        panel_call("DescribeCluster", json!({"ClusterId": cluster}))
    })
    .await?;
    compare("DescribeCluster (read)", &read_direct, &read_panel);

    let write_direct = series(calls, |i| {
        let direct = direct.clone();
        let request = ModifyClusterRequest {
            cluster_id: cluster.clone(),
            cluster_name: Some(format!("direct-{i}")),
        };
        async move {
            direct
                .call(&request)
                .await
                .map(|_| ())
                .map_err(anyhow::Error::from)
        }
    })
    .await?;
    let write_panel = series(calls, |i| {
        panel_call(
            "ModifyCluster",
            json!({"ClusterId": cluster, "ClusterName": format!("panel-{i}")}),
        )
    })
    .await?;
    compare(
        "ModifyCluster (change, 2 audit rows)",
        &write_direct,
        &write_panel,
    );

    emulator.stop().await;
    pool.close().await;
    if let Some(pg) = embedded {
        pg.stop().await;
    }
    Ok(())
}

/// Latencies of `calls` calls made one after another (after a warm-up of 100).
async fn series<F, Fut>(calls: usize, mut call: F) -> anyhow::Result<Vec<Duration>>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    for i in 0..100 {
        call(i).await?;
    }
    let mut took = Vec::with_capacity(calls);
    for i in 0..calls {
        let started = Instant::now();
        call(100 + i).await?;
        took.push(started.elapsed());
    }
    took.sort();
    Ok(took)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn compare(what: &str, direct: &[Duration], panel: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("\n{what}");
    println!(
        "  {:<8} {:>9} {:>9} {:>9}",
        "", "p50 ms", "p90 ms", "p99 ms"
    );
    for (name, series) in [("direct", direct), ("panel", panel)] {
        println!(
            "  {name:<8} {:>9.3} {:>9.3} {:>9.3}",
            ms(percentile(series, 0.5)),
            ms(percentile(series, 0.9)),
            ms(percentile(series, 0.99))
        );
    }
    let overhead = ms(percentile(panel, 0.5)) - ms(percentile(direct, 0.5));
    println!("  panel overhead at p50: {overhead:+.3} ms (goal <= +1 ms)");
}

/// Logs in as admin and mints an API token.
async fn admin_token(http: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let login = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(
        login.status().is_success(),
        "login answered {}",
        login.status()
    );
    let cookies: Vec<String> = login
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let session: Value = login.json().await?;
    let csrf = session["csrf_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let created: Value = http
        .post(format!("{base}/api/v1/tokens"))
        .header(reqwest::header::COOKIE, cookies.join("; "))
        .header("X-CSRF-Token", csrf)
        .json(&json!({"name": "bench"}))
        .send()
        .await?
        .json()
        .await?;
    created["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no token in {created}"))
}

async fn fresh_database(url: &str) -> anyhow::Result<PgConnectOptions> {
    let admin: PgConnectOptions = url.parse()?;
    let mut conn = admin.connect().await?;
    sqlx::raw_sql("drop database if exists cassadmin_bench_actions")
        .execute(&mut conn)
        .await?;
    sqlx::raw_sql("create database cassadmin_bench_actions")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(admin.database("cassadmin_bench_actions"))
}
