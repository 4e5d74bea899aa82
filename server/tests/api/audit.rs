use std::time::Duration;

use cassadmin::audit::{Actor, AuditLog, Change, Context, Outcome, Params, verify};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::rest::{AuditPage, ChainReport, SecretCheckResult};
use sqlx::PgPool;

use crate::helpers::{As, TestApp, spawn_app};

fn rows_for<'a>(rows: &'a [Value], action: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["action"] == action).collect()
}

/// The intent and its outcome for `action`, checked to be linked.
fn intent_and_outcome<'a>(rows: &'a [Value], action: &str) -> (&'a Value, &'a Value) {
    let found = rows_for(rows, action);
    let intent = found
        .iter()
        .find(|r| r["kind"] == "intent")
        .unwrap_or_else(|| panic!("no intent for {action}"));
    let outcome = found
        .iter()
        .find(|r| r["kind"] == "outcome" && r["intent_id"] == intent["id"])
        .unwrap_or_else(|| panic!("no outcome for {action}"));
    assert!(
        intent["id"].as_i64() < outcome["id"].as_i64(),
        "the intent comes first"
    );
    assert!(outcome["duration_ms"].is_i64());
    assert_eq!(intent["outcome"], Value::Null);
    (intent, outcome)
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn every_kind_of_change_is_on_record(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.login("admin", "wrong-password").await;
    let admin = app.admin().await;
    let user = app
        .create_user(&admin, "olga", "long-enough-pass-1", "viewer")
        .await;
    app.post(
        "/api/v1/users",
        As::Session(&admin),
        &json!({"username": "olga", "password": "long-enough-pass-1", "role": "viewer"}),
    )
    .await;
    app.send_json(
        Method::PATCH,
        &format!("/api/v1/users/{}", user.id),
        As::Session(&admin),
        &json!({"role": "operator"}),
    )
    .await;
    let token = app
        .create_token(&admin, json!({"name": "audit-me", "clusters": ["cds-1"]}))
        .await;
    app.delete(
        &format!("/api/v1/tokens/{}", token.details.id),
        As::Session(&admin),
    )
    .await;
    app.delete(&format!("/api/v1/users/{}", user.id), As::Session(&admin))
        .await;
    app.post("/api/v1/auth/logout", As::Session(&admin), &json!({}))
        .await;

    let rows = app.audit_rows().await;
    // The first admin, created at start by the system.
    let (intent, outcome) = intent_and_outcome(&rows, "user.create");
    assert_eq!(
        (intent["actor_kind"].as_str(), intent["actor"].as_str()),
        (Some("system"), Some("system"))
    );
    assert_eq!(outcome["outcome"], "ok");

    let logins = rows_for(&rows, "auth.login");
    let failed = logins.iter().find(|r| r["outcome"] == "error").unwrap();
    assert_eq!(
        (failed["kind"].as_str(), failed["actor_kind"].as_str()),
        (Some("event"), Some("anonymous"))
    );
    assert_eq!(failed["error_code"], "wrong_password");
    assert_eq!(failed["source"], "127.0.0.1");
    assert!(
        logins
            .iter()
            .any(|r| r["outcome"] == "ok" && r["actor"] == "admin" && r["kind"] == "event")
    );

    let olga: Vec<&Value> = rows.iter().filter(|r| r["target"] == "user/olga").collect();
    let created = olga
        .iter()
        .find(|r| r["kind"] == "intent" && r["action"] == "user.create")
        .unwrap();
    assert_eq!(created["actor"], "admin");
    assert_eq!(created["params"]["role"], "viewer");
    assert!(
        created["params"]["password"]
            .as_str()
            .unwrap()
            .starts_with("hmac-sha256:")
    );
    assert!(created["request_id"].is_string());
    let conflict = olga
        .iter()
        .filter(|r| r["kind"] == "outcome" && r["action"] == "user.create")
        .find(|r| r["outcome"] == "error")
        .expect("the refused duplicate is on record");
    assert_eq!(conflict["error_code"], "conflict");

    for action in ["user.update", "token.create", "token.revoke", "user.delete"] {
        let (_, outcome) = intent_and_outcome(&rows, action);
        assert_eq!(outcome["outcome"], "ok", "{action}");
        assert_eq!(outcome["actor"], "admin", "{action}");
    }
    let (token_intent, _) = intent_and_outcome(&rows, "token.create");
    assert_eq!(token_intent["params"]["clusters"], json!(["cds-1"]));
    assert!(
        rows_for(&rows, "auth.logout")
            .iter()
            .any(|r| r["outcome"] == "ok")
    );

    let report: ChainReport = app
        .get("/api/v1/audit/verify", As::Session(&app.admin().await))
        .await
        .json()
        .await
        .unwrap();
    assert!(report.intact, "{report:?}");
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_database_refuses_update_delete_and_truncate(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.admin().await;
    for statement in [
        "update audit_log set actor = 'mallory'",
        "delete from audit_log",
        "truncate audit_log",
    ] {
        let error = sqlx::query(statement).execute(&app.pool).await.unwrap_err();
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    let actors: Vec<String> = sqlx::query_scalar("select actor from audit_log")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(!actors.is_empty() && !actors.contains(&"mallory".to_owned()));
}

/// Bypasses the trigger as only the table's owner could, to simulate tampering.
async fn tamper(app: &TestApp, statement: &str) {
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("alter table audit_log disable trigger audit_log_no_update_or_delete")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("alter table audit_log enable trigger audit_log_no_update_or_delete")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn verify_report(app: &TestApp) -> ChainReport {
    let admin = app.admin().await;
    let response = app.get("/api/v1/audit/verify", As::Session(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_hand_edited_row_is_named_by_verify(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    app.create_user(&admin, "pete", "long-enough-pass-1", "viewer")
        .await;
    let report = verify_report(&app).await;
    assert!(report.intact);
    assert!(report.rows_checked >= 5);

    let victim: i64 = sqlx::query_scalar("select id from audit_log where action = 'user.create' and target = 'user/pete' and kind = 'intent'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    tamper(&app, &format!("update audit_log set params = jsonb_set(params, '{{role}}', '\"admin\"') where id = {victim}")).await;
    let report = verify_report(&app).await;
    assert!(!report.intact);
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.id.0, victim);
    assert!(broken.problem.contains("content"), "{}", broken.problem);
    assert_eq!(report.rows_checked as i64, victim - 1);

    // The command line says the same, and exits non-zero.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cassadmin"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", app.database_url())
        .env("CASSADMIN_STATE_DIR", app.state_dir.path().join("state"))
        .env("CASSADMIN_LOG_FORMAT", "json")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("BROKEN at row {victim}")),
        "{stdout}"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_removed_row_breaks_the_link_of_the_next(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    app.create_user(&admin, "quinn", "long-enough-pass-1", "viewer")
        .await;
    let ids: Vec<i64> = sqlx::query_scalar("select id from audit_log order by id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let removed = ids[2];
    tamper(&app, &format!("delete from audit_log where id = {removed}")).await;
    let report = verify_report(&app).await;
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.id.0, ids[3]);
    assert!(broken.problem.contains("prev_hash"), "{}", broken.problem);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_failed_audit_write_stops_the_change(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    // Make the intent of user creation unwritable.
    sqlx::query(
        "alter table audit_log add constraint no_creates check (action <> 'user.create') not valid",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let response = app
        .post(
            "/api/v1/users",
            As::Session(&admin),
            &json!({"username": "rita", "password": "long-enough-pass-1", "role": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = response.text().await.unwrap();
    assert!(!body.contains("no_creates"), "500s are opaque: {body}");
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from users where username = 'rita')")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        !exists,
        "the change must not be attempted without its intent on record"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn search_filters_and_pages_newest_first(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    for i in 0..3 {
        app.create_user(
            &admin,
            &format!("user-{i}"),
            &format!("password-{i}-long-enough"),
            "viewer",
        )
        .await;
    }
    app.login("user-0", "wrong-password").await;
    let who = As::Session(&admin);

    let page: AuditPage = app
        .get("/api/v1/audit?action=user.create&limit=4", who)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.entries.len(), 4);
    assert!(
        page.entries.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    assert!(page.entries.iter().all(|e| e.action == "user.create"));
    let next = page.next_before.expect("more pages");
    let rest: AuditPage = app
        .get(
            &format!("/api/v1/audit?action=user.create&limit=4&before={next}"),
            who,
        )
        .await
        .json()
        .await
        .unwrap();
    // 4 user creations (admin included) x intent + outcome = 8 rows.
    assert_eq!(rest.entries.len(), 4);
    assert!(rest.next_before.is_none());
    assert!(rest.entries.iter().all(|e| e.id < next));

    let failures: AuditPage = app
        .get("/api/v1/audit?outcome=error", who)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failures.entries.len(), 1);
    assert_eq!(failures.entries[0].actor, "user-0");
    let by_actor: AuditPage = app
        .get("/api/v1/audit?actor=admin&action=auth.login", who)
        .await
        .json()
        .await
        .unwrap();
    assert!(!by_actor.entries.is_empty() && by_actor.entries.iter().all(|e| e.actor == "admin"));
    let future: AuditPage = app
        .get("/api/v1/audit?since=2999-01-01T00:00:00Z", who)
        .await
        .json()
        .await
        .unwrap();
    assert!(future.entries.is_empty());
    let past: AuditPage = app
        .get("/api/v1/audit?until=2000-01-01T00:00:00Z", who)
        .await
        .json()
        .await
        .unwrap();
    assert!(past.entries.is_empty());
    let all: AuditPage = app
        .get("/api/v1/audit?since=2000-01-01T00:00:00Z&limit=500", who)
        .await
        .json()
        .await
        .unwrap();
    assert!(all.entries.len() >= 10);

    let bad = app.get("/api/v1/audit?since=yesterday&limit=0", who).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = app.get("/api/v1/audit?outcome=maybe", who).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn exports_stream_every_matching_row(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    app.create_user(&admin, "sam", "long-enough-pass-3", "viewer")
        .await;
    let total = app.audit_rows().await.len();

    let response = app
        .get("/api/v1/audit/export.ndjson", As::Session(&admin))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let text = response.text().await.unwrap();
    let entries: Vec<shared::rest::AuditEntry> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), total);
    assert!(
        entries.windows(2).all(|w| w[0].id < w[1].id),
        "oldest first"
    );
    assert!(
        entries.windows(2).all(|w| w[1].prev_hash == w[0].hash),
        "the export carries the chain"
    );

    let response = app
        .get(
            "/api/v1/audit/export.csv?action=user.create",
            As::Session(&admin),
        )
        .await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,at,kind,"));
    assert_eq!(lines.len(), 1 + 4, "header + 2 creations x 2 rows");

    let viewer = app.user_session("tess", "viewer").await;
    assert_eq!(
        app.get("/api/v1/audit/export.csv", As::Session(&viewer))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn an_admin_can_check_a_recorded_secret_without_it_being_kept(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    app.create_user(&admin, "uma", "long-enough-pass-4", "viewer")
        .await;
    let id: i64 = sqlx::query_scalar(
        "select id from audit_log where target = 'user/uma' and kind = 'intent'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let check = |value: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            let response = app
                .post(
                    &format!("/api/v1/audit/{id}/check-secret"),
                    As::Session(&admin),
                    &json!({"field": "password", "value": value}),
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<SecretCheckResult>().await.unwrap().matches
        }
    };
    assert!(check("long-enough-pass-4").await);
    assert!(!check("something-else").await);
    let response = app
        .post(
            &format!("/api/v1/audit/{id}/check-secret"),
            As::Session(&admin),
            &json!({"field": "role", "value": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        rows_checked_secret(&app).await,
        3,
        "each check is itself audited"
    );
}

async fn rows_checked_secret(app: &TestApp) -> usize {
    app.audit_rows()
        .await
        .iter()
        .filter(|r| r["action"] == "audit.check_secret")
        .count()
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn concurrent_writers_keep_one_chain(pool: PgPool) {
    let audit = AuditLog::new(pool.clone(), &vec![1u8; 32].into()).unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let audit = audit.clone();
        tasks.push(tokio::spawn(async move {
            let ctx = Context::system(Actor::user(format!("writer-{i}")));
            let change = Change::new("CreateCluster")
                .cluster(format!("cds-{i}"))
                .data_center("dc-1")
                .params(
                    Params::new()
                        .with("ClusterName", format!("c{i}"))
                        .with("Password", "Cloud-Secret-1"),
                );
            let intent = audit.record_intent(&ctx, change).await.unwrap();
            audit
                .record_outcome(
                    &intent,
                    &Outcome::error("Throttling.User", "slow down"),
                    Some("REQ-1"),
                    Duration::from_millis(12),
                )
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let report = verify::verify(&pool).await.unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.rows_checked, 80);
    let secrets: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where params::text like '%Cloud-Secret-1%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(secrets, 0);
    let outcome: Value =
        sqlx::query_scalar("select to_jsonb(a) from audit_log a where kind = 'outcome' limit 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(outcome["cloud_request_id"], "REQ-1");
    assert_eq!(outcome["error_code"], "Throttling.User");
    assert_eq!(outcome["data_center_id"], "dc-1");
    assert_eq!(outcome["duration_ms"], 12);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn odd_values_survive_the_round_trip_and_still_verify(pool: PgPool) {
    let audit = AuditLog::new(pool.clone(), &vec![1u8; 32].into()).unwrap();
    let ctx = Context::system(Actor::anonymous("nul\u{0}name"));
    let params = Params::new()
        .with("float", 0.1 + 0.2)
        .with("negative_zero", -0.0)
        .with("big", u64::MAX)
        .with("unicode", "数据库 \u{1F600} \"quoted\"")
        .with(
            "nested",
            json!({"b": [1, {"z": null, "a": true}], "a": "x\u{0}y"}),
        );
    audit
        .record_event(&ctx, Change::new("odd").params(params), &Outcome::Ok)
        .await
        .unwrap();
    let report = verify::verify(&pool).await.unwrap();
    assert!(report.intact, "{report:?}");
}
