//! `POST /api/v1/actions/{Action}` against the emulator on a real socket: every action,
//! input checks, cloud errors, idempotent creates, the audit of changes, `/api/v1/info`.

use std::collections::BTreeSet;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::actions::*;
use shared::enums::ClusterStatus;
use shared::{Action, catalog};
use sqlx::PgPool;

use crate::actions_support::{
    Panel, ParsesAsResponse, REGION, action_path, create_cluster_body, spawn_panel,
};
use crate::helpers::{As, spawn_app};

/// Drives actions as the admin, remembering which ones answered their response type.
struct Tour<'a> {
    panel: &'a Panel,
    done: BTreeSet<&'static str>,
}

impl<'a> Tour<'a> {
    async fn call<A: Action>(&mut self, body: Value) -> A::Response {
        let response = self.panel.call::<A>(body).await;
        self.done.insert(A::META.name);
        response
    }
}

fn first_dc(dcs: &DescribeDataCentersResponse) -> String {
    dcs.data_centers
        .first()
        .and_then(|dc| dc.data_center_id.clone())
        .expect("a data center")
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn every_action_answers_its_response_type_through_the_panel(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let mut t = Tour {
        panel: &panel,
        done: BTreeSet::new(),
    };

    t.call::<DescribeRegionsRequest>(json!({"AcceptLanguage": "en-US"}))
        .await;
    t.call::<DescribeInstanceTypeRequest>(json!({"InstanceType": "cassandra.c.large"}))
        .await;
    let created = t
        .call::<CreateClusterRequest>(create_cluster_body("tour"))
        .await;
    let cluster = created
        .cluster_id
        .expect("CreateCluster answers the new id");
    let c = cluster.as_str();
    t.call::<DescribeClusterStatusRequest>(json!({"ClusterId": c}))
        .await;
    panel.wait_running(c).await;
    let listed = t
        .call::<DescribeClustersRequest>(
            json!({"RegionId": REGION, "PageNumber": 1, "PageSize": 10}),
        )
        .await;
    assert!(
        listed
            .clusters
            .iter()
            .any(|x| x.cluster_id.as_deref() == Some(c))
    );
    t.call::<DescribeClusterRequest>(json!({"ClusterId": c}))
        .await;
    let dc = first_dc(
        &t.call::<DescribeDataCentersRequest>(json!({"ClusterId": c}))
            .await,
    );
    let dc = dc.as_str();
    t.call::<DescribeDataCenterRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;
    t.call::<ModifyClusterRequest>(json!({"ClusterId": c, "ClusterName": "tour-renamed"}))
        .await;
    t.call::<ModifyDataCenterRequest>(
        json!({"ClusterId": c, "DataCenterId": dc, "DataCenterName": "dc-one"}),
    )
    .await;
    t.call::<ModifyInstanceMaintainTimeRequest>(
        json!({"ClusterId": c, "MaintainStartTime": "02:00", "MaintainEndTime": "04:00"}),
    )
    .await;

    t.call::<DescribeIpWhitelistRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<ModifyIpWhitelistRequest>(json!({"ClusterId": c, "IpList": "10.0.0.1,10.0.0.2"}))
        .await;
    t.call::<DescribeIpWhitelistGroupsRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<ModifyIpWhitelistGroupRequest>(
        json!({"ClusterId": c, "GroupName": "panel_group", "IpList": "10.1.0.0/24", "IpVersion": 4}),
    )
    .await;
    t.call::<DescribeSecurityGroupsRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<ModifySecurityGroupsRequest>(
        json!({"ClusterId": c, "SecurityGroupIds": "sg-bp1paneltest"}),
    )
    .await;
    t.call::<DescribeAccountsRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<ModifyAccountPasswordRequest>(
        json!({"ClusterId": c, "Account": "cassandra", "Password": "N3w-Passw0rd"}),
    )
    .await;

    let plan = json!({"ClusterId": c, "DataCenterId": dc, "BackupTime": "00:30Z",
        "BackupPeriod": "Monday,Thursday", "RetentionPeriod": 3, "Active": true});
    t.call::<CreateBackupPlanRequest>(plan).await;
    t.call::<DescribeBackupPlanRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;
    t.call::<DescribeBackupPlansRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<ModifyBackupPlanRequest>(
        json!({"ClusterId": c, "DataCenterId": dc, "BackupTime": "01:30Z",
        "BackupPeriod": "Tuesday", "RetentionPeriod": 5, "Active": true}),
    )
    .await;
    let backups = t
        .call::<DescribeBackupsRequest>(
            json!({"ClusterId": c, "DataCenterId": dc, "BackupType": "full"}),
        )
        .await;
    let backup = backups
        .backups
        .first()
        .and_then(|b| b.backup_id.clone())
        .expect("a backup to describe");
    t.call::<DescribeBackupRequest>(
        json!({"ClusterId": c, "DataCenterId": dc, "BackupType": "full", "BackupId": backup}),
    )
    .await;
    t.call::<DeleteBackupPlanRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;

    t.call::<DescribeContactPointsRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<AllocatePublicContactPointsRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;
    t.call::<ReleasePublicContactPointsRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;

    t.call::<EnableDynamoDBRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;
    t.call::<DescribeDynamoDbEndpointsRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<AllocateDynamoDbPublicEndpointRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;
    t.call::<ReleaseDynamoDbPublicEndpointRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;
    t.call::<DisableDynamoDBRequest>(json!({"ClusterId": c, "DataCenterId": dc}))
        .await;

    t.call::<ExecuteNodeToolRequest>(
        json!({"ClusterId": c, "DataCenterId": dc, "Command": "status"}),
    )
    .await;
    let histories = t
        .call::<DescribeNodeToolExecutionHistoriesRequest>(
            json!({"ClusterId": c, "PageNumber": 1, "PageSize": 10}),
        )
        .await;
    let job = histories
        .histories
        .first()
        .and_then(|h| h.job_id.clone())
        .expect("the nodetool job");
    t.call::<DescribeNodeToolExecutionHistoryRequest>(
        json!({"ClusterId": c, "DcId": dc, "JobId": job}),
    )
    .await;
    t.call::<DeleteNodeToolExecutionHistoryRequest>(
        json!({"ClusterId": c, "DataCenterId": dc, "JobId": job}),
    )
    .await;

    t.call::<DescribeParametersRequest>(json!({"ClusterId": c, "PageNumber": 1, "PageSize": 20}))
        .await;
    t.call::<ModifyParameterRequest>(
        json!({"ClusterId": c, "Name": "read_request_timeout_in_ms", "Value": "6000"}),
    )
    .await;
    t.call::<DescribeParameterModificationHistoriesRequest>(
        json!({"ClusterId": c, "PageNumber": 1, "PageSize": 10}),
    )
    .await;
    t.call::<DescribeClusterDashboardRequest>(json!({"ClusterId": c}))
        .await;
    t.call::<GetCmsUrlRequest>(json!({"ClusterId": c})).await;

    t.call::<TagResourcesRequest>(
        json!({"RegionId": REGION, "ResourceId": [c], "Tag": [{"Key": "team", "Value": "panel"}]}),
    )
    .await;
    t.call::<ListTagResourcesRequest>(json!({"RegionId": REGION, "ResourceId": [c]}))
        .await;
    t.call::<ListTagsRequest>(json!({"RegionId": REGION})).await;
    t.call::<UnTagResourcesRequest>(
        json!({"RegionId": REGION, "ResourceId": [c], "TagKey": ["team"]}),
    )
    .await;
    t.call::<MoveResourceGroupRequest>(
        json!({"ClusterId": c, "NewResourceGroupId": "rg-paneltest"}),
    )
    .await;

    t.call::<ResizeDiskSizeRequest>(json!({"ClusterId": c, "DataCenterId": dc, "DiskSize": 200}))
        .await;
    panel.wait_running(c).await;
    t.call::<ResizeNodeCountRequest>(json!({"ClusterId": c, "DataCenterId": dc, "NodeCount": 3}))
        .await;
    panel.wait_running(c).await;
    t.call::<ModifyInstanceTypeRequest>(
        json!({"ClusterId": c, "DataCenterId": dc, "InstanceType": "cassandra.c.xlarge"}),
    )
    .await;
    panel.wait_running(c).await;
    t.call::<RebootClusterRequest>(json!({"ClusterId": c}))
        .await;
    panel.wait_running(c).await;
    t.call::<UpgradeClusterVersionRequest>(json!({"ClusterId": c}))
        .await;
    panel.wait_running(c).await;

    let second = t
        .call::<CreateDataCenterRequest>(json!({
            "ClusterId": c, "RegionId": REGION, "ZoneId": "cn-hangzhou-i", "VpcId": "vpc-bp1paneltest",
            "VswitchId": "vsw-bp1paneltest2", "DataCenterName": "dc2", "InstanceType": "cassandra.c.large",
            "NodeCount": 2, "DiskType": "cloud_ssd", "DiskSize": 160, "PayType": "PayAsYouGo"
        }))
        .await;
    panel.wait_running(c).await;
    let dc2 = second
        .data_center_id
        .expect("CreateDataCenter answers the new id");
    t.call::<DeleteDataCenterRequest>(json!({"ClusterId": c, "DataCenterId": dc2}))
        .await;
    panel.wait_running(c).await;

    t.call::<DeleteClusterRequest>(json!({"ClusterId": c}))
        .await;
    let deleted_body = json!({"RegionId": REGION, "PageNumber": 1, "PageSize": 50});
    for _ in 0..400 {
        let deleted = panel
            .call::<DescribeDeletedClustersRequest>(deleted_body.clone())
            .await;
        if deleted
            .clusters
            .iter()
            .any(|x| x.cluster_id.as_deref() == Some(c))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    t.call::<DescribeDeletedClustersRequest>(deleted_body).await;
    t.call::<PurgeClusterRequest>(json!({"ClusterId": c})).await;

    let all: BTreeSet<&str> = catalog::ALL.iter().map(|m| m.name).collect();
    let missing: Vec<_> = all.difference(&t.done).collect();
    assert!(
        missing.is_empty(),
        "not driven through the panel: {missing:?}"
    );
    assert_eq!(t.done.len(), 58);

    // Every change left an intent and an outcome, linked, with the cloud's RequestId.
    let rows = panel.app.audit_rows().await;
    for meta in catalog::ALL.iter().filter(|m| m.mutates) {
        let intent = rows
            .iter()
            .find(|r| r["action"] == meta.name && r["kind"] == "intent")
            .unwrap_or_else(|| panic!("no intent for {}", meta.name));
        let outcome = rows
            .iter()
            .find(|r| r["kind"] == "outcome" && r["intent_id"] == intent["id"])
            .unwrap_or_else(|| panic!("no outcome for {}", meta.name));
        assert_eq!(outcome["outcome"], "ok", "{}", meta.name);
        assert!(
            outcome["cloud_request_id"]
                .as_str()
                .is_some_and(|id| !id.is_empty()),
            "{}",
            meta.name
        );
    }
    for meta in catalog::ALL.iter().filter(|m| !m.mutates) {
        assert!(
            !rows.iter().any(|r| r["action"] == meta.name),
            "read {} was audited",
            meta.name
        );
    }
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_create_retried_with_the_same_key_makes_one_cluster(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let admin = As::Session(&panel.admin);
    let submit = |key: &'static str, name: &'static str| {
        let body = create_cluster_body(name);
        let request = panel
            .app
            .request(reqwest::Method::POST, &action_path("CreateCluster"), admin)
            .header("Idempotency-Key", key)
            .json(&body);
        async move { request.send().await.unwrap() }
    };

    // Three concurrent submits (a double click and a retry) and one after the first answered.
    let answers = futures_util::future::join_all([
        submit("k-1", "once"),
        submit("k-1", "once"),
        submit("k-1", "once"),
    ])
    .await;
    let mut ids = BTreeSet::new();
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::OK);
        let created: CreateClusterResponse = answer.json().await.unwrap();
        ids.insert(created.cluster_id.unwrap());
    }
    assert_eq!(ids.len(), 1, "one key, one cluster: {ids:?}");
    let calls_before = panel.cloud.counter.of("CreateCluster");
    let replay = submit("k-1", "once").await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(replay.headers().get("Idempotent-Replayed").unwrap(), "true");
    let replayed: CreateClusterResponse = replay.json().await.unwrap();
    assert!(ids.contains(replayed.cluster_id.as_deref().unwrap()));
    assert_eq!(
        panel.cloud.counter.of("CreateCluster"),
        calls_before,
        "a replay does not call the cloud"
    );

    // The cloud holds exactly one cluster of that name.
    let listed = panel
        .call::<DescribeClustersRequest>(
            json!({"RegionId": REGION, "PageNumber": 1, "PageSize": 100}),
        )
        .await;
    let named_once = listed
        .clusters
        .iter()
        .filter(|c| c.cluster_name.as_deref() == Some("once"))
        .count();
    assert_eq!(named_once, 1);

    // The same key for a different request is refused; a new key makes a new cluster.
    let reused = submit("k-1", "other-name").await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    let fresh = submit("k-2", "twice").await;
    assert_eq!(fresh.status(), StatusCode::OK);
    let fresh: CreateClusterResponse = fresh.json().await.unwrap();
    assert!(!ids.contains(fresh.cluster_id.as_deref().unwrap()));

    // The stored token is a valid ClientToken, the one the cloud saw.
    let token: String =
        sqlx::query_scalar("select client_token from idempotency_keys where key = 'k-1'")
            .fetch_one(&panel.app.pool)
            .await
            .unwrap();
    assert!(shared::rules::ClientToken::parse(&token).is_ok());
    let intents = panel.audit_of("CreateCluster").await;
    assert!(
        intents
            .iter()
            .filter(|r| r["kind"] == "intent")
            .all(|r| r["params"]["ClientToken"] != Value::Null)
    );
    assert!(
        intents
            .iter()
            .any(|r| r["params"]["ClientToken"] == token.as_str())
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn creates_without_a_key_are_distinct_and_keys_must_be_well_formed(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let first: CreateClusterResponse = panel
        .call::<CreateClusterRequest>(create_cluster_body("same"))
        .await;
    let second: CreateClusterResponse = panel
        .call::<CreateClusterRequest>(create_cluster_body("same"))
        .await;
    assert_ne!(first.cluster_id, second.cluster_id);

    let response = panel
        .app
        .request(
            reqwest::Method::POST,
            &action_path("CreateCluster"),
            As::Session(&panel.admin),
        )
        .header("Idempotency-Key", "has spaces")
        .json(&create_cluster_body("bad-key"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn input_is_checked_before_anything_is_attempted(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let admin = As::Session(&panel.admin);
    let before = panel.cloud.counter.total();

    // A rule: DiskSize in steps of 10 GB, within 160-2000; the answer names field and rule.
    let response = panel
        .action(
            "ResizeDiskSize",
            admin,
            &json!({"ClusterId": "cds-x", "DataCenterId": "dc", "DiskSize": 165}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation");
    assert_eq!(body["error"]["fields"][0]["field"], "DiskSize");
    assert_eq!(body["error"]["fields"][0]["rule"], "disk_size.step");

    // A missing field, a mistyped one (whose value is not echoed), every broken rule at once.
    let missing: Value = panel
        .action("DescribeCluster", admin, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            missing["error"]["fields"][0]["field"].as_str(),
            missing["error"]["fields"][0]["rule"].as_str()
        ),
        (Some("ClusterId"), Some("required"))
    );
    let mistyped = panel
        .action(
            "ModifyAccountPassword",
            admin,
            &json!({"ClusterId": "c", "Account": "a", "Password": 98765432}),
        )
        .await;
    assert_eq!(mistyped.status(), StatusCode::BAD_REQUEST);
    let mistyped = mistyped.text().await.unwrap();
    assert!(
        mistyped.contains("\"Password\"") && !mistyped.contains("98765432"),
        "{mistyped}"
    );
    let mut create = create_cluster_body("x");
    create["NodeCount"] = json!(0);
    create["Password"] = json!("short");
    let several: Value = panel
        .action("CreateCluster", admin, &create)
        .await
        .json()
        .await
        .unwrap();
    let fields: BTreeSet<&str> = several["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains("NodeCount") && fields.contains("Password"),
        "{several}"
    );

    // Bodies that are not JSON objects, unknown actions, wrong methods.
    let not_json = panel
        .app
        .request(
            reqwest::Method::POST,
            &action_path("DescribeRegions"),
            admin,
        )
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    let array = panel.action("DescribeRegions", admin, &json!([1])).await;
    assert_eq!(array.status(), StatusCode::BAD_REQUEST);
    let unknown = panel.action("DropEverything", admin, &json!({})).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let envelope: Value = unknown.json().await.unwrap();
    assert_eq!(envelope["error"]["code"], "not_found");
    let get = panel.app.get(&action_path("DescribeRegions"), admin).await;
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);

    assert_eq!(
        panel.cloud.counter.total(),
        before,
        "nothing reached the cloud"
    );
    let rows = panel.app.audit_rows().await;
    assert!(
        !rows
            .iter()
            .any(|r| catalog::meta(r["action"].as_str().unwrap()).is_some()),
        "nothing was attempted"
    );

    // An empty body is `{}`, and needs no content type.
    let regions = panel
        .app
        .request(
            reqwest::Method::POST,
            &action_path("DescribeRegions"),
            admin,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(regions.status(), StatusCode::OK);
    let regions: DescribeRegionsResponse = regions.json().await.unwrap();
    assert!(!regions.regions.is_empty());
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn cloud_errors_keep_the_clouds_code_message_and_request_id(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let admin = As::Session(&panel.admin);

    let missing = panel
        .action(
            "DescribeCluster",
            admin,
            &json!({"ClusterId": "cds-nosuchcluster"}),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(body["error"]["cloud"]["code"], "InvalidClusterId.NotFound");
    assert_eq!(body["error"]["cloud"]["http_status"], 404);
    assert!(
        body["error"]["cloud"]["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cds-nosuchcluster")
    );
    assert!(
        body["error"]["request_id"].as_str().is_some(),
        "our own request id too"
    );

    // A change the cluster's state forbids: 409, and the audit records the failure.
    let created = panel
        .call::<CreateClusterRequest>(create_cluster_body("busy"))
        .await;
    let cluster = created.cluster_id.unwrap();
    panel.wait_running(&cluster).await;
    let no_dc = json!({"ClusterId": cluster, "DataCenterId": "cn-hangzhou-h-nosuchdc"});
    let no_dc = panel.action("EnableDynamoDB", admin, &no_dc).await;
    assert_eq!(no_dc.status(), StatusCode::NOT_FOUND);
    // Real-time transitions from now on: the reboot keeps the cluster busy for a minute.
    panel.cloud.emulator.clock().set_speed(1.0);
    let reboot = panel
        .action("RebootCluster", admin, &json!({"ClusterId": cluster}))
        .await;
    assert_eq!(reboot.status(), StatusCode::OK);
    let busy = panel
        .action("RebootCluster", admin, &json!({"ClusterId": cluster}))
        .await;
    assert_eq!(busy.status(), StatusCode::CONFLICT);
    let busy: Value = busy.json().await.unwrap();
    assert_eq!(busy["error"]["code"], "conflict");
    assert!(
        busy["error"]["cloud"]["code"]
            .as_str()
            .unwrap()
            .starts_with("OperationDenied"),
        "{busy}"
    );

    let rows = panel.audit_of("RebootCluster").await;
    let outcomes: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "outcome").collect();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[1]["outcome"], "error");
    assert!(
        outcomes[1]["error_code"]
            .as_str()
            .unwrap()
            .starts_with("OperationDenied")
    );
    assert!(outcomes[1]["cloud_request_id"].as_str().is_some());
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn changes_are_audited_with_secrets_as_keyed_hmacs_only(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let created = panel
        .call::<CreateClusterRequest>(create_cluster_body("audited"))
        .await;
    let cluster = created.cluster_id.unwrap();
    panel.wait_running(&cluster).await;
    let password = "Zz9-canary-Passw0rd";
    let answer = panel
        .call::<ModifyAccountPasswordRequest>(
            json!({"ClusterId": cluster, "Account": "cassandra", "Password": password}),
        )
        .await;

    let rows = panel.audit_of("ModifyAccountPassword").await;
    let intent = rows.iter().find(|r| r["kind"] == "intent").unwrap();
    let outcome = rows.iter().find(|r| r["kind"] == "outcome").unwrap();
    assert_eq!(intent["cluster_id"], cluster.as_str());
    assert_eq!(intent["actor"], "admin");
    assert!(
        intent["params"]["Password"]
            .as_str()
            .unwrap()
            .starts_with("hmac-sha256:")
    );
    assert_eq!(outcome["intent_id"], intent["id"]);
    assert_eq!(outcome["cloud_request_id"], answer.request_id.as_str());
    assert!(outcome["duration_ms"].as_i64().is_some());
    assert_eq!(outcome["params"]["attempts"][0]["outcome"], "ok");
    let everything = serde_json::to_string(&panel.app.audit_rows().await).unwrap();
    assert!(!everything.contains(password) && !everything.contains("Cass-Passw0rd-canary"));
    assert!(!crate::helpers::captured_logs().contains(password));

    // An admin can still check what it was set to.
    let check = panel
        .app
        .post(
            &format!("/api/v1/audit/{}/check-secret", intent["id"]),
            As::Session(&panel.admin),
            &json!({"field": "Password", "value": password}),
        )
        .await;
    assert_eq!(check.status(), StatusCode::OK);
    assert_eq!(check.json::<Value>().await.unwrap()["matches"], true);

    // The create recorded the new cluster in its outcome.
    let create_outcome = panel
        .audit_of("CreateCluster")
        .await
        .into_iter()
        .find(|r| r["kind"] == "outcome")
        .unwrap();
    assert_eq!(
        create_outcome["params"]["CreatedClusterId"],
        cluster.as_str()
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn info_says_which_cloud_answers(pool: PgPool) {
    // Without an AccessKey: the built-in emulator with its demo world.
    let sandbox = spawn_app(pool.clone()).await;
    let info: Value = sandbox
        .get("/api/v1/info", As::Anonymous)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["backend"], "emulator");
    assert_eq!(info["sandbox"], true);
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        info["regions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "cn-hangzhou")
    );
    let admin = sandbox.admin().await;
    let demo: DescribeClustersResponse = sandbox
        .post(
            &action_path("DescribeClusters"),
            As::Session(&admin),
            &json!({"RegionId": REGION}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        demo.clusters
            .iter()
            .any(|c| c.status == Some(ClusterStatus::Running)),
        "the demo world"
    );

    // With one: that endpoint.
    let panel = crate::actions_support::spawn_panel(pool).await;
    let info: Value = panel
        .app
        .get("/api/v1/info", As::Anonymous)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (info["backend"].as_str(), info["sandbox"].as_bool()),
        (Some("cloud"), Some(false))
    );
    let text = info.to_string();
    assert!(!text.contains(crate::actions_support::KEY_ID) && !text.contains("127.0.0.1"));

    // The catalog, with what the caller may do.
    let viewer = crate::actions_support::user_session(&panel, "victor", "viewer").await;
    let listed: Vec<Value> = panel
        .app
        .get("/api/v1/actions", As::Session(&viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 58);
    let create = listed
        .iter()
        .find(|a| a["name"] == "CreateCluster")
        .unwrap();
    assert_eq!(
        (create["min_role"].as_str(), create["allowed"].as_bool()),
        (Some("admin"), Some(false))
    );
    assert!(
        listed
            .iter()
            .filter(|a| a["mutates"] == false)
            .all(|a| a["allowed"] == true)
    );
}

#[test]
fn sample_bodies_cover_every_action_and_parse() {
    use crate::actions_support::{ClustersNamed, sample_body};
    for meta in catalog::ALL {
        let body = sample_body(meta.name, "cds-x", "cn-hangzhou-h");
        let named = catalog::visit(meta.name, ClustersNamed(body)).unwrap();
        assert!(named.iter().all(|c| c == "cds-x"), "{}", meta.name);
    }
    // The visitor used to check answers finds a wrong answer wrong.
    assert!(
        catalog::visit("DescribeClusters", ParsesAsResponse(r#"{"Clusters": 5}"#))
            .unwrap()
            .is_err()
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn idempotency_keys_are_forgotten_after_their_retention(pool: PgPool) {
    for (key, age_days) in [("old", 8), ("recent", 6)] {
        sqlx::query(
            "insert into idempotency_keys (scope, key, action, fingerprint, client_token, created_at)
             values ('user/1', $1, 'CreateCluster', $2, 't', now() - make_interval(days => $3))",
        )
        .bind(key)
        .bind(vec![0u8; 32])
        .bind(age_days)
        .execute(&pool)
        .await
        .unwrap();
    }
    let store = cassadmin::operations::idempotency::IdempotencyStore::new(pool.clone());
    assert_eq!(store.purge_expired().await.unwrap(), 1);
    let left: Vec<String> = sqlx::query_scalar("select key from idempotency_keys")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(left, ["recent"]);
}
