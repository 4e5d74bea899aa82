//! Figures for the cached snapshots (prints, asserts nothing):
//!
//! 1. the cached cluster list through the whole panel (auth, cache, filters, JSON) against a
//!    bare actix endpoint answering the same JSON, 64 keep-alive connections each (goal:
//!    >= 0.5x the bare requests/s, p99 <= 5 ms);
//! 2. one refresh of 500 clusters with 50 ms added to every cloud answer, against the ideal
//!    `requests per cluster x 50 ms x 500 / concurrency` (goal <= 1.2x).
//!
//! `cargo bench -p cassadmin --bench snapshots`. With `DATABASE_URL` it uses that server
//! (creating a `cassadmin_bench_snapshots` database); without, the embedded PostgreSQL in a
//! temp dir. `BENCH_SECONDS` sets each load run's length (default 5); `BENCH_ONLY=list` or
//! `BENCH_ONLY=refresh` runs one part.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_web::{App, HttpServer, web};
use anyhow::Context;
use cassadmin::cloud::{ClientOptions, CloudClient, Credentials, Endpoint};
use cassadmin::config::Settings;
use cassadmin::db::embedded::EmbeddedPostgres;
use cassadmin::db::{MIGRATOR, pool_options};
use cassadmin::snapshots::fetch::REQUESTS_PER_CLUSTER;
use cassadmin::snapshots::{RefreshSettings, Snapshots};
use cassadmin::state_dir::StateDir;
use emulator::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, RunningEmulator};
use serde_json::json;
use shared::actions::{CreateClusterRequest, DescribeClustersRequest};
use shared::enums::{ClusterStatus, DiskType, PayType};
use shared::rest_clusters::ClusterList;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgPool};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ADMIN_PASSWORD: &str = "bench-Panel-passw0rd-42";
const CONNECTIONS: usize = 64;
const CLUSTERS: usize = 500;
const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: usize = 16;
const REGION: &str = "cn-hangzhou";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let temp = tempfile::tempdir()?;
    std::fs::set_permissions(
        temp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o711),
    )?;
    let state_dir = StateDir::open(&temp.path().join("state"))?;
    let (options, embedded) = match std::env::var("DATABASE_URL") {
        Ok(url) => (fresh_database(&url).await?, None),
        Err(_) => {
            let pg = EmbeddedPostgres::start(&state_dir).await?;
            (pg.connect_options(), Some(pg))
        }
    };
    let pool = pool_options(16).connect_with(options).await?;
    MIGRATOR.run(&pool).await?;
    println!(
        "database: {}; {} CPUs",
        if embedded.is_some() {
            "embedded PostgreSQL"
        } else {
            "DATABASE_URL"
        },
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    let only = std::env::var("BENCH_ONLY").ok();
    if only.as_deref() != Some("refresh") {
        let state = temp.path().join("app-state");
        list_throughput(&pool, &state, Duration::from_secs(seconds)).await?;
    }
    if only.as_deref() != Some("list") {
        refresh_time(&pool).await?;
    }

    pool.close().await;
    if let Some(pg) = embedded {
        pg.stop().await;
    }
    Ok(())
}

async fn fresh_database(url: &str) -> anyhow::Result<PgConnectOptions> {
    let admin: PgConnectOptions = url.parse()?;
    let mut conn = admin.connect().await?;
    sqlx::raw_sql("drop database if exists cassadmin_bench_snapshots")
        .execute(&mut conn)
        .await?;
    sqlx::raw_sql("create database cassadmin_bench_snapshots")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(admin.database("cassadmin_bench_snapshots"))
}

// ---------------------------------------------------------------------------------------
// 1. The cached list against a bare endpoint

async fn list_throughput(
    pool: &PgPool,
    state: &std::path::Path,
    run: Duration,
) -> anyhow::Result<()> {
    // The panel with its built-in emulator (the demo world), refreshed once.
    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        state_dir: state.to_owned(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        ..Settings::default()
    };
    let app = cassadmin::Application::build_with_pool(settings, pool.clone()).await?;
    let panel: SocketAddr = format!("127.0.0.1:{}", app.port()).parse()?;
    tokio::spawn(app.run_until_stopped());
    let token = api_token(panel).await?;
    let auth = format!("Authorization: Bearer {token}\r\n");
    let list = wait_for_clusters(panel, &token).await?;

    // The same JSON from a bare actix endpoint: no auth, no cache, no middleware.
    let bare = bare_server(list.clone())?;

    println!(
        "cached cluster list ({} clusters, {} bytes), {CONNECTIONS} keep-alive connections, {} s each:",
        list.clusters.len(),
        serde_json::to_vec(&list)?.len(),
        run.as_secs()
    );
    let bare_run = load(bare, "/clusters", "", run).await?;
    println!("  bare actix endpoint : {bare_run}");
    // Where the panel's time goes: its middleware alone, then authentication.
    let healthz = load(panel, "/healthz", "", run).await?;
    println!("  panel /healthz      : {healthz}  (middleware only: no auth, no database)");
    let me = load(panel, "/api/v1/me", &auth, run).await?;
    println!("  panel /api/v1/me    : {me}  (authentication only)");
    let panel_run = load(panel, "/api/v1/clusters", &auth, run).await?;
    println!("  panel (API token)   : {panel_run}");
    let filtered = load(
        panel,
        "/api/v1/clusters?region=cn-hangzhou&status=Running",
        &auth,
        run,
    )
    .await?;
    println!("  panel, two filters  : {filtered}");
    println!(
        "  ratio panel/bare: {:.2}x requests/s (goal >= 0.5x); panel p99 {:.2} ms (goal <= 5 ms)",
        panel_run.rate / bare_run.rate,
        ms(panel_run.p99)
    );
    Ok(())
}

/// Logs in as admin and mints an API token (what internal tools use).
async fn api_token(panel: SocketAddr) -> anyhow::Result<String> {
    let client = reqwest::Client::new();
    let base = format!("http://{panel}");
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(login.status().is_success(), "login: {}", login.status());
    let cookies: Vec<String> = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let csrf = cookies
        .iter()
        .find_map(|c| c.strip_prefix("cassadmin_csrf="))
        .context("no CSRF cookie")?
        .to_owned();
    let created: serde_json::Value = client
        .post(format!("{base}/api/v1/tokens"))
        .header("cookie", cookies.join("; "))
        .header("x-csrf-token", csrf)
        .json(&json!({"name": "bench", "role": "viewer"}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    created["token"]
        .as_str()
        .map(str::to_owned)
        .context("no token in the answer")
}

/// Waits for the first refresh to fill the list.
async fn wait_for_clusters(panel: SocketAddr, token: &str) -> anyhow::Result<ClusterList> {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        let list: ClusterList = client
            .get(format!("http://{panel}/api/v1/clusters"))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if !list.clusters.is_empty() {
            return Ok(list);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the refresher stored no cluster within 20 s")
}

fn bare_server(list: ClusterList) -> anyhow::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let list = web::Data::new(list);
    let server = HttpServer::new(move || {
        App::new().app_data(list.clone()).route(
            "/clusters",
            web::get()
                .to(|list: web::Data<ClusterList>| async move { web::Json(list.into_inner()) }),
        )
    })
    .listen(listener)?
    .disable_signals()
    .run();
    tokio::spawn(server);
    Ok(addr)
}

struct Run {
    rate: f64,
    p50: Duration,
    p99: Duration,
    errors: u64,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>8.0} req/s  p50 {:>5.2} ms  p99 {:>5.2} ms  errors {}",
            self.rate,
            ms(self.p50),
            ms(self.p99),
            self.errors
        )
    }
}

/// `CONNECTIONS` keep-alive connections sending `GET path` back to back for `run` (after a
/// one-second warm-up), over raw TCP: a full HTTP client would spend more CPU than the
/// server it measures on a two-core machine.
async fn load(addr: SocketAddr, path: &str, headers: &str, run: Duration) -> anyhow::Result<Run> {
    let request: Arc<[u8]> = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}\r\n")
        .into_bytes()
        .into();
    let warm_up = Duration::from_secs(1);
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for _ in 0..CONNECTIONS {
        let request = request.clone();
        let (measuring, stop) = (measuring.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let mut buffer = Vec::with_capacity(64 * 1024);
            let mut times = Vec::new();
            let mut errors = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                stream.write_all(&request).await?;
                let ok = read_response(&mut stream, &mut buffer).await?;
                if measuring.load(Ordering::Relaxed) {
                    times.push(started.elapsed());
                    errors += u64::from(!ok);
                }
            }
            anyhow::Ok((times, errors))
        }));
    }
    tokio::time::sleep(warm_up).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(run).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut times = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (t, e) = worker.await??;
        times.extend(t);
        errors += e;
    }
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)))
            .copied()
    };
    Ok(Run {
        rate: times.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50).unwrap_or_default(),
        p99: at(0.99).unwrap_or_default(),
        errors,
    })
}

/// Reads one response (headers, then `Content-Length` bytes); true for a 200.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> anyhow::Result<bool> {
    buffer.clear();
    let mut chunk = [0u8; 16 * 1024];
    let header_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "the server closed the connection");
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buffer[..header_end])?;
    let ok = head.starts_with("HTTP/1.1 200");
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .context("a response without Content-Length")?;
    while buffer.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "the server closed the connection mid-body");
        buffer.extend_from_slice(&chunk[..n]);
    }
    Ok(ok)
}

// ---------------------------------------------------------------------------------------
// 2. Refreshing 500 clusters at 50 ms a request

async fn refresh_time(pool: &PgPool) -> anyhow::Result<()> {
    // Creating takes a simulated minute: a tenth of a second at this speed.
    let config = EmulatorConfig::default().speed(600.0).seed(5);
    let emulator = emulator::spawn(config).await?;
    let client = CloudClient::new(
        Endpoint::http(emulator.addr()),
        Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
        ClientOptions::default(),
    )?;
    create_clusters(&client, CLUSTERS).await?;
    wait_until_running(&client, CLUSTERS).await?;
    emulator.faults().update(|f| f.latency = LATENCY);

    let settings = RefreshSettings {
        concurrency: CONCURRENCY,
        regions: Some(vec![REGION.to_owned()]),
        ..RefreshSettings::default()
    };
    let snapshots = Snapshots::new(pool.clone(), client, settings);
    let ideal = LATENCY * (REQUESTS_PER_CLUSTER * CLUSTERS) as u32 / CONCURRENCY as u32;
    println!(
        "refresh of {CLUSTERS} clusters, {} ms per cloud answer, {CONCURRENCY} requests in flight, \
         {REQUESTS_PER_CLUSTER} requests per cluster:",
        LATENCY.as_millis()
    );
    println!(
        "  ideal {REQUESTS_PER_CLUSTER} x {} ms x {CLUSTERS} / {CONCURRENCY} = {:.2} s",
        LATENCY.as_millis(),
        ideal.as_secs_f64()
    );
    for label in ["first (all new)", "second (unchanged)"] {
        let report = snapshots.refresh_all().await?;
        anyhow::ensure!(
            report.clusters == CLUSTERS && report.failed == 0,
            "{report:?}"
        );
        println!(
            "  {label:<19}: {:.2} s = {:.2}x the ideal (goal <= 1.2x); {} changed, {} unchanged",
            report.elapsed.as_secs_f64(),
            report.elapsed.as_secs_f64() / ideal.as_secs_f64(),
            report.changed,
            report.unchanged
        );
    }
    stop(emulator).await;
    Ok(())
}

async fn create_clusters(client: &CloudClient, count: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let requests = (0..count).map(|n| CreateClusterRequest {
        client_token: format!("bench-{n}"),
        disk_size: 160,
        disk_type: DiskType::CloudSsd,
        instance_type: "cassandra.c.large".into(),
        major_version: "3.11".into(),
        node_count: 2,
        pay_type: PayType::PayAsYouGo,
        region_id: REGION.into(),
        vpc_id: "vpc-bp1bench000000000001".into(),
        vswitch_id: "vsw-bp1bench000000000001".into(),
        zone_id: "cn-hangzhou-h".into(),
        period_unit: None,
        period: None,
        auto_renew: None,
        auto_renew_period: None,
        cluster_name: Some(format!("bench-{n:03}")),
        data_center_name: None,
        password: None,
        resource_group_id: None,
    });
    for chunk in requests.collect::<Vec<_>>().chunks(32) {
        let calls = chunk.iter().map(|r| client.call(r));
        for result in futures_util::future::join_all(calls).await {
            result.context("CreateCluster")?;
        }
    }
    println!(
        "  (created {count} clusters in {:.2} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn wait_until_running(client: &CloudClient, count: usize) -> anyhow::Result<()> {
    for _ in 0..100 {
        let mut running = 0;
        for page in 1..=count.div_ceil(100) {
            let request = DescribeClustersRequest {
                region_id: Some(REGION.into()),
                page_number: Some(page as i32),
                page_size: Some(100),
                ..Default::default()
            };
            let answer = client.call(&request).await?;
            running += answer
                .clusters
                .iter()
                .filter(|c| c.status == Some(ClusterStatus::Running))
                .count();
        }
        if running == count {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the clusters did not reach Running")
}

async fn stop(emulator: RunningEmulator) {
    emulator.stop().await;
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
