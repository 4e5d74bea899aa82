//! Figures for the server foundation (prints, asserts nothing):
//!
//! 1. audit appends through the hash chain, one writer and eight (goal >= 2k rows/s);
//! 2. a filtered audit page over 1M rows through the real HTTP API (goal p95 <= 20 ms);
//! 3. chain verification speed (goal >= 200k rows/s);
//! 4. logins per second with the chosen argon2id parameters.
//!
//! `cargo bench -p cassadmin --bench foundation`. With `DATABASE_URL` it uses that server
//! (creating a `cassadmin_bench` database); without, the embedded PostgreSQL in a temp dir
//! (the default deployment, durable commits). `BENCH_ROWS` overrides the 1M rows.

use std::time::{Duration, Instant};

use cassadmin::Application;
use cassadmin::audit::{Actor, AuditLog, Change, Context, Outcome, Params, chain, verify};
use cassadmin::auth::password;
use cassadmin::config::Settings;
use cassadmin::db::audit::NewRow;
use cassadmin::db::embedded::EmbeddedPostgres;
use cassadmin::db::{MIGRATOR, pool_options};
use cassadmin::state_dir::StateDir;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use shared::rest::{ActorKind, AuditKind, AuditOutcome};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgPool};
use time::OffsetDateTime;

const ADMIN_PASSWORD: &str = "bench-Sup3r-passw0rd";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
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
    let fsync: String = sqlx::query_scalar("show fsync").fetch_one(&pool).await?;
    let sync_commit: String = sqlx::query_scalar("show synchronous_commit")
        .fetch_one(&pool)
        .await?;
    println!(
        "database: {} (fsync={fsync}, synchronous_commit={sync_commit}); {} CPUs",
        if embedded.is_some() {
            "embedded PostgreSQL"
        } else {
            "DATABASE_URL"
        },
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    let audit = AuditLog::new(pool.clone(), &vec![3u8; 32].into())?;
    insert_rate(&audit, 1, 1_000).await?;
    insert_rate(&audit, 8, 4_000).await?;
    insert_rate(&audit, 32, 8_000).await?;

    bulk_load(&pool, rows).await?;
    page_latency(&pool, &temp.path().join("app-state")).await?;
    verify_speed(&pool).await?;
    login_rate().await?;

    pool.close().await;
    if let Some(pg) = embedded {
        pg.stop().await;
    }
    Ok(())
}

async fn fresh_database(url: &str) -> anyhow::Result<PgConnectOptions> {
    let admin: PgConnectOptions = url.parse()?;
    let mut conn = admin.connect().await?;
    sqlx::raw_sql("drop database if exists cassadmin_bench")
        .execute(&mut conn)
        .await?;
    sqlx::raw_sql("create database cassadmin_bench")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(admin.database("cassadmin_bench"))
}

/// `writers` tasks each appending intent + outcome pairs through [`AuditLog`].
async fn insert_rate(audit: &AuditLog, writers: usize, total_rows: usize) -> anyhow::Result<()> {
    let pairs_per_writer = total_rows / writers / 2;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let audit = audit.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..pairs_per_writer {
                let ctx = Context::system(Actor::user(format!("bench-{w}")));
                let change = Change::new("ModifyDBCluster")
                    .cluster(format!("cds-{i:04}"))
                    .params(
                        Params::new()
                            .with("ClusterName", "bench")
                            .with("Password", "Secret-1"),
                    );
                let intent = audit.record_intent(&ctx, change).await?;
                audit
                    .record_outcome(&intent, &Outcome::Ok, Some("REQ"), Duration::from_millis(3))
                    .await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let rows = pairs_per_writer * writers * 2;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "audit append with chain, {writers} writer(s): {rows} rows in {secs:.2} s = {:.0} rows/s ({:.2} ms/row)",
        rows as f64 / secs,
        secs * 1000.0 / rows as f64
    );
    Ok(())
}

const ACTIONS: &[&str] = &[
    "CreateCluster",
    "DeleteCluster",
    "ModifyDBCluster",
    "ResizeNodeCount",
    "ResizeDiskSize",
    "ModifyInstanceType",
    "CreateBackupPlan",
    "ModifyBackupPlan",
    "DeleteBackupPlan",
    "ModifySecurityIps",
    "ModifyAccountPassword",
    "ModifyParameter",
    "RebootCluster",
    "ExecuteNodeTool",
    "TagResources",
    "UntagResources",
    "CreateDataCenter",
    "DeleteDataCenter",
    "ModifyClusterMaintainTime",
    "UnlockCluster",
    "user.create",
    "user.update",
    "token.create",
];

/// Appends `rows` rows with a valid chain in one COPY (hashes computed here, as the server
/// would), then ANALYZE.
async fn bulk_load(pool: &PgPool, rows: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut conn = pool.acquire().await?;
    let mut prev: Vec<u8> =
        sqlx::query_scalar("select hash from audit_log order by id desc limit 1")
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_else(|| chain::GENESIS.to_vec());
    let next_id: i64 = sqlx::query_scalar("select coalesce(max(id), 0) + 1 from audit_log")
        .fetch_one(&mut *conn)
        .await?;
    let mut rng = StdRng::seed_from_u64(7);
    let start = OffsetDateTime::now_utc() - time::Duration::days(90);
    let step_us = (90 * 86_400_000_000i64) / rows as i64;
    let mut copy = conn
        .copy_in_raw(
            "copy audit_log (at, kind, intent_id, actor_kind, actor, token_name, source, user_agent, \
             action, cluster_id, data_center_id, target, params, outcome, error_code, error_message, \
             cloud_request_id, duration_ms, request_id, prev_hash, hash) from stdin",
        )
        .await?;
    let mut buffer = String::with_capacity(8 << 20);
    let mut pending_intent: Option<(i64, NewRow)> = None;
    for n in 0..rows {
        let id = next_id + n as i64;
        let at =
            chain::truncate_to_micros(start + time::Duration::microseconds(step_us * n as i64));
        let row = match pending_intent.take() {
            Some((intent_id, intent)) => {
                let failed = rng.random_bool(0.08);
                NewRow {
                    kind: AuditKind::Outcome,
                    intent_id: Some(intent_id),
                    params: json!({}),
                    outcome: Some(if failed {
                        AuditOutcome::Error
                    } else {
                        AuditOutcome::Ok
                    }),
                    error_code: failed.then(|| "Throttling.User".to_owned()),
                    error_message: failed
                        .then(|| "Request was denied due to user flow control.".to_owned()),
                    cloud_request_id: Some(format!("{:08X}-BENCH", rng.random::<u32>())),
                    duration_ms: Some(rng.random_range(20..2_000)),
                    ..intent
                }
            }
            None => {
                let login = rng.random_bool(0.1);
                let user = rng.random_range(0..40);
                let row = NewRow {
                    kind: if login {
                        AuditKind::Event
                    } else {
                        AuditKind::Intent
                    },
                    intent_id: None,
                    actor_kind: ActorKind::User,
                    actor: format!("user-{user:02}"),
                    token_name: None,
                    source: Some(format!("10.0.{}.{}", user, rng.random_range(1..250))),
                    user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) bench".to_owned()),
                    action: if login {
                        "auth.login".to_owned()
                    } else {
                        ACTIONS[rng.random_range(0..ACTIONS.len())].to_owned()
                    },
                    cluster_id: (!login).then(|| format!("cds-{:04}", rng.random_range(0..500))),
                    data_center_id: None,
                    target: None,
                    params: if login {
                        json!({"username": format!("user-{user:02}")})
                    } else {
                        json!({"ClusterName": "orders", "NodeCount": 3})
                    },
                    outcome: login.then_some(AuditOutcome::Ok),
                    error_code: None,
                    error_message: None,
                    cloud_request_id: None,
                    duration_ms: None,
                    request_id: Some(format!("{:032x}", rng.random::<u128>())),
                };
                if !login {
                    pending_intent = Some((id, row.clone()));
                }
                row
            }
        };
        let hash = row.canonical(at).digest(&prev);
        write_copy_line(&mut buffer, &row, at, &prev, &hash);
        prev = hash.to_vec();
        if buffer.len() > (4 << 20) {
            copy.send(buffer.as_bytes()).await?;
            buffer.clear();
        }
    }
    copy.send(buffer.as_bytes()).await?;
    copy.finish().await?;
    sqlx::raw_sql("analyze audit_log")
        .execute(&mut *conn)
        .await?;
    println!(
        "bulk load: {rows} chained rows via COPY in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn write_copy_line(out: &mut String, r: &NewRow, at: OffsetDateTime, prev: &[u8], hash: &[u8]) {
    fn field(out: &mut String, value: Option<&str>) {
        match value {
            None => out.push_str("\\N"),
            Some(v) => {
                for c in v.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\t' => out.push_str("\\t"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
            }
        }
        out.push('\t');
    }
    let at = cassadmin::domain::timestamp(at);
    let intent = r.intent_id.map(|i| i.to_string());
    let duration = r.duration_ms.map(|d| d.to_string());
    let params = r.params.to_string();
    field(out, Some(&at));
    field(out, Some(r.kind.as_str()));
    field(out, intent.as_deref());
    field(out, Some(r.actor_kind.as_str()));
    field(out, Some(&r.actor));
    field(out, r.token_name.as_deref());
    field(out, r.source.as_deref());
    field(out, r.user_agent.as_deref());
    field(out, Some(&r.action));
    field(out, r.cluster_id.as_deref());
    field(out, r.data_center_id.as_deref());
    field(out, r.target.as_deref());
    field(out, Some(&params));
    field(out, r.outcome.map(AuditOutcome::as_str));
    field(out, r.error_code.as_deref());
    field(out, r.error_message.as_deref());
    field(out, r.cloud_request_id.as_deref());
    field(out, duration.as_deref());
    field(out, r.request_id.as_deref());
    field(out, Some(&format!("\\x{}", chain::hex(prev))));
    field(out, Some(&format!("\\x{}", chain::hex(hash))));
    out.pop();
    out.push('\n');
}

/// `GET /api/v1/audit` with various filters through the real server, as an admin.
async fn page_latency(pool: &PgPool, state: &std::path::Path) -> anyhow::Result<()> {
    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        state_dir: state.to_owned(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        ..Settings::default()
    };
    let app = Application::build_with_pool(settings, pool.clone()).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?;
    let cookies: Vec<String> = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let cookie = cookies.join("; ");
    let (min_id, max_id): (i64, i64) = sqlx::query_as("select min(id), max(id) from audit_log")
        .fetch_one(pool)
        .await?;
    let middle = (min_id + max_id) / 2;
    let day = OffsetDateTime::now_utc() - time::Duration::days(45);
    let since = cassadmin::domain::timestamp(day);
    let until = cassadmin::domain::timestamp(day + time::Duration::days(1));
    let queries = [
        "limit=50".to_owned(),
        "actor=user-07".to_owned(),
        "action=CreateCluster".to_owned(),
        "cluster=cds-0123".to_owned(),
        "outcome=error".to_owned(),
        "actor=user-07&action=ModifyDBCluster".to_owned(),
        "cluster=cds-0042&outcome=error".to_owned(),
        "actor=user-03&cluster=cds-0042".to_owned(),
        format!("since={since}&until={until}"),
        format!("action=RebootCluster&before={middle}"),
        format!("actor=user-11&since={since}&until={until}"),
        "actor=nobody".to_owned(),
    ];
    let mut all = Vec::new();
    println!(
        "audit page (50 rows) over {} rows, HTTP, 100 requests each:",
        max_id - min_id + 1
    );
    for query in &queries {
        let mut times = Vec::new();
        for _ in 0..100 {
            let started = Instant::now();
            let response = client
                .get(format!("{base}/api/v1/audit?{query}"))
                .header("cookie", &cookie)
                .send()
                .await?;
            anyhow::ensure!(
                response.status().is_success(),
                "{query}: {}",
                response.status()
            );
            response.bytes().await?;
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "  {query:<60} p50 {:>6.2} ms  p95 {:>6.2} ms",
            ms(times[49]),
            ms(times[94])
        );
        all.extend(times);
    }
    all.sort();
    let p95 = all[all.len() * 95 / 100];
    println!(
        "  all filters: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(all[all.len() / 2]),
        ms(p95),
        ms(*all.last().unwrap_or(&p95))
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn verify_speed(pool: &PgPool) -> anyhow::Result<()> {
    let started = Instant::now();
    let report = verify::verify(pool).await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "chain verification: {} rows in {secs:.2} s = {:.0} rows/s (intact: {})",
        report.rows_checked,
        report.rows_checked as f64 / secs,
        report.intact
    );
    Ok(())
}

async fn login_rate() -> anyhow::Result<()> {
    let secret = shared::SecretString::new("correct horse battery staple");
    let hash = password::hash_blocking(&secret)?;
    let n = 30;
    let started = Instant::now();
    for _ in 0..n {
        password::verify_blocking(&secret, Some(&hash))?;
    }
    let one = started.elapsed().as_secs_f64() / n as f64;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (secret, hash) = (secret.clone(), hash.clone());
            std::thread::spawn(move || {
                for _ in 0..n {
                    let _ = password::verify_blocking(&secret, Some(&hash));
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let all = started.elapsed().as_secs_f64();
    println!(
        "argon2id m={} KiB t={} p={}: {:.1} ms per verification, {:.0} logins/s on one core, {:.0} logins/s on {threads} cores",
        password::MEMORY_KIB,
        password::PASSES,
        password::LANES,
        one * 1000.0,
        1.0 / one,
        (threads * n) as f64 / all
    );
    Ok(())
}
