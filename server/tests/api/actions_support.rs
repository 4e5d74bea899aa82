//! What the action tests share: the emulator on a real socket behind a counting proxy, the
//! panel pointed at it, typed calls through `POST /api/v1/actions/{Action}`, and a valid body
//! for every one of the 58 actions.

use std::net::TcpListener;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cassadmin::backend::BackendSettings;
use cassadmin::cloud::{ClientOptions, Credentials, Endpoint, RetryPolicy};
use emulator::{AccessKey, EmulatorConfig, FaultConfig, RunningEmulator};
use reqwest::header::HeaderValue;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use shared::{Action, ActionVisitor, catalog};
use sqlx::PgPool;

use crate::helpers::{As, Session, TestApp, spawn_app_with};

pub const KEY_ID: &str = "panel-test-key";
pub const KEY_SECRET: &str = "panel-test-secret/+=&~";
pub const REGION: &str = "cn-hangzhou";

/// What reached the emulator: each request's action and its parameters as sent.
#[derive(Debug, Clone, Default)]
pub struct Counter(Arc<Mutex<Vec<(String, String)>>>);

impl Counter {
    /// Requests of `action`.
    pub fn of(&self, action: &str) -> usize {
        self.mentioning(action, "")
    }

    /// Requests of `action` whose parameters contain `needle` (a cluster id).
    pub fn mentioning(&self, action: &str, needle: &str) -> usize {
        let seen = self.0.lock().unwrap();
        seen.iter()
            .filter(|(a, params)| a == action && params.contains(needle))
            .count()
    }

    pub fn total(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    fn add(&self, action: &str, params: String) {
        self.0.lock().unwrap().push((action.to_owned(), params));
    }
}

/// A transparent HTTP proxy in front of the emulator that counts what passes.
struct Proxy {
    upstream: String,
    client: reqwest::Client,
    counter: Counter,
}

async fn forward(req: HttpRequest, body: web::Bytes, proxy: web::Data<Proxy>) -> HttpResponse {
    let action = req
        .headers()
        .get("x-acs-action")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
        .to_owned();
    let params = format!("{}&{}", req.query_string(), String::from_utf8_lossy(&body));
    proxy.counter.add(&action, params);
    let mut url = format!("{}{}", proxy.upstream, req.path());
    if !req.query_string().is_empty() {
        url = format!("{url}?{}", req.query_string());
    }
    let method = Method::from_bytes(req.method().as_str().as_bytes()).unwrap();
    let mut upstream = proxy.client.request(method, url).body(body.to_vec());
    for (name, value) in req.headers() {
        if name.as_str().starts_with("x-acs-") || name.as_str() == "content-type" {
            upstream = upstream.header(
                name.as_str(),
                HeaderValue::from_bytes(value.as_bytes()).unwrap(),
            );
        }
    }
    let answer = match upstream.send().await {
        Ok(answer) => answer,
        Err(_) => return HttpResponse::BadGateway().finish(),
    };
    let mut response = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(answer.status().as_u16()).unwrap(),
    );
    for (name, value) in answer.headers() {
        if name.as_str().starts_with("x-acs-") || name.as_str() == "content-type" {
            response.insert_header((name.as_str(), value.as_bytes()));
        }
    }
    response.body(answer.bytes().await.unwrap_or_default())
}

/// The emulated cloud of one test.
pub struct Cloud {
    pub emulator: RunningEmulator,
    /// What reached the emulator (through the proxy the panel talks to).
    pub counter: Counter,
    proxy_endpoint: Endpoint,
}

impl Cloud {
    /// An emulator with the test key, transitions 10 000 times faster than the cloud's.
    pub async fn start(faults: FaultConfig) -> Self {
        let config = EmulatorConfig::default()
            .access_key(AccessKey::new(KEY_ID, KEY_SECRET))
            .speed(10_000.0)
            .seed(11)
            .workers(NonZeroUsize::new(2).unwrap())
            .faults(faults);
        let emulator = emulator::spawn(config).await.expect("the emulator starts");
        let counter = Counter::default();
        let proxy = web::Data::new(Proxy {
            upstream: emulator.endpoint(),
            client: reqwest::Client::new(),
            counter: counter.clone(),
        });
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(proxy.clone())
                .default_service(web::to(forward))
        })
        .workers(2)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Self {
            emulator,
            counter,
            proxy_endpoint: Endpoint::http(addr),
        }
    }

    /// The panel's backend settings for this cloud: short timeout, quick retries, and no
    /// region watched, so the snapshot refresher stays idle (only nudges after a change read
    /// the cloud in the background, and only the cluster changed).
    pub fn backend(&self, timeout: Duration) -> BackendSettings {
        BackendSettings {
            regions: Some(Vec::new()),
            client: ClientOptions {
                timeout,
                retry: RetryPolicy {
                    max_attempts: 3,
                    base: Duration::from_millis(5),
                    cap: Duration::from_millis(50),
                },
                ..ClientOptions::default()
            },
            ..BackendSettings::cloud(
                self.proxy_endpoint.clone(),
                Credentials::new(KEY_ID, KEY_SECRET),
            )
        }
    }
}

/// The panel in front of an emulator, with an admin logged in.
pub struct Panel {
    pub app: TestApp,
    pub cloud: Cloud,
    pub admin: Session,
}

/// Starts the emulator (with `faults`) and the panel pointed at it (cloud timeout `timeout`).
pub async fn spawn_panel_with(pool: PgPool, faults: FaultConfig, timeout: Duration) -> Panel {
    let cloud = Cloud::start(faults).await;
    let backend = cloud.backend(timeout);
    let app = spawn_app_with(pool, move |settings| settings.backend = backend).await;
    let admin = app.admin().await;
    Panel { app, cloud, admin }
}

pub async fn spawn_panel(pool: PgPool) -> Panel {
    spawn_panel_with(pool, FaultConfig::default(), Duration::from_secs(10)).await
}

pub fn action_path(name: &str) -> String {
    format!("/api/v1/actions/{name}")
}

impl Panel {
    /// `POST /api/v1/actions/{name}` as `who`.
    pub async fn action(&self, name: &str, who: As<'_>, body: &Value) -> Response {
        self.app.post(&action_path(name), who, body).await
    }

    /// Calls `A` as the admin, asserting success, and parses the answer as `A::Response`.
    pub async fn call<A: Action>(&self, body: Value) -> A::Response {
        let response = self
            .action(A::META.name, As::Session(&self.admin), &body)
            .await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{} {body}: {text}", A::META.name);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not its response ({e}): {text}", A::META.name))
    }

    /// Waits until DescribeClusterStatus says Running.
    pub async fn wait_running(&self, cluster: &str) {
        for _ in 0..400 {
            let status = self
                .call::<shared::actions::DescribeClusterStatusRequest>(
                    json!({"ClusterId": cluster}),
                )
                .await
                .status;
            if status.as_ref().is_some_and(|s| s.to_string() == "Running") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("cluster {cluster} did not reach Running");
    }

    /// The audit rows of cloud action `action`, oldest first.
    pub async fn audit_of(&self, action: &str) -> Vec<Value> {
        self.app
            .audit_rows()
            .await
            .into_iter()
            .filter(|r| r["action"] == action)
            .collect()
    }
}

/// A logged-in user of `role`, created by the panel's admin.
pub async fn user_session(panel: &Panel, username: &str, role: &str) -> Session {
    let password = format!("Pw-{}-long-enough", role.len() * 7919);
    panel
        .app
        .create_user(&panel.admin, username, &password, role)
        .await;
    panel.app.login_ok(username, &password).await
}

/// A CreateCluster body (pay as you go, two nodes, in `cn-hangzhou-h`).
pub fn create_cluster_body(name: &str) -> Value {
    json!({
        "RegionId": REGION,
        "ZoneId": "cn-hangzhou-h",
        "VpcId": "vpc-bp1paneltest",
        "VswitchId": "vsw-bp1paneltest",
        "ClusterName": name,
        "DataCenterName": "dc1",
        "MajorVersion": "3.11",
        "InstanceType": "cassandra.c.large",
        "NodeCount": 2,
        "DiskType": "cloud_ssd",
        "DiskSize": 160,
        "PayType": "PayAsYouGo",
        "Password": "Cass-Passw0rd-canary"
    })
}

/// A valid body for every action, naming cluster `cluster` and data center `dc` wherever
/// the action takes them (they need not exist: the panel decides before the cloud does).
pub fn sample_body(action: &str, cluster: &str, dc: &str) -> Value {
    let c = cluster;
    match action {
        "CreateCluster" => create_cluster_body("matrix"),
        "CreateDataCenter" => json!({
            "ClusterId": c, "RegionId": REGION, "ZoneId": "cn-hangzhou-i", "VpcId": "vpc-bp1x",
            "VswitchId": "vsw-bp1x", "InstanceType": "cassandra.c.large", "NodeCount": 2,
            "DiskType": "cloud_ssd", "DiskSize": 160, "PayType": "PayAsYouGo"
        }),
        "DescribeClusters" => json!({"RegionId": REGION, "PageNumber": 1, "PageSize": 10}),
        "DescribeDeletedClusters" => json!({"RegionId": REGION, "PageNumber": 1, "PageSize": 10}),
        "DescribeInstanceType" => json!({"InstanceType": "cassandra.c.large"}),
        "DescribeRegions" => json!({"AcceptLanguage": "en-US"}),
        "ListTags" => json!({"RegionId": REGION}),
        "ListTagResources" => json!({"RegionId": REGION, "ResourceId": [c]}),
        "TagResources" => {
            json!({"RegionId": REGION, "ResourceId": [c], "Tag": [{"Key": "team", "Value": "x"}]})
        }
        "UnTagResources" => json!({"RegionId": REGION, "ResourceId": [c], "TagKey": ["team"]}),
        "ModifyCluster" => json!({"ClusterId": c, "ClusterName": "renamed"}),
        "ModifyDataCenter" => {
            json!({"ClusterId": c, "DataCenterId": dc, "DataCenterName": "dc-renamed"})
        }
        "ModifyInstanceMaintainTime" => {
            json!({"ClusterId": c, "MaintainStartTime": "02:00", "MaintainEndTime": "04:00"})
        }
        "ModifyInstanceType" => {
            json!({"ClusterId": c, "DataCenterId": dc, "InstanceType": "cassandra.c.xlarge"})
        }
        "ResizeDiskSize" => json!({"ClusterId": c, "DataCenterId": dc, "DiskSize": 200}),
        "ResizeNodeCount" => json!({"ClusterId": c, "DataCenterId": dc, "NodeCount": 3}),
        "ModifyIpWhitelist" => json!({"ClusterId": c, "IpList": "10.0.0.1,10.0.0.2"}),
        "ModifyIpWhitelistGroup" => {
            json!({"ClusterId": c, "GroupName": "panel_group", "IpList": "10.1.0.0/24", "IpVersion": 4})
        }
        "ModifySecurityGroups" => json!({"ClusterId": c, "SecurityGroupIds": "sg-bp1paneltest"}),
        "ModifyAccountPassword" => {
            json!({"ClusterId": c, "Account": "cassandra", "Password": "N3w-Passw0rd-canary"})
        }
        "CreateBackupPlan" | "ModifyBackupPlan" => json!({
            "ClusterId": c, "DataCenterId": dc, "BackupTime": "00:30Z",
            "BackupPeriod": "Monday,Thursday", "RetentionPeriod": 3, "Active": true
        }),
        "DescribeBackups" => json!({"ClusterId": c, "DataCenterId": dc, "BackupType": "full"}),
        "DescribeBackup" => {
            json!({"ClusterId": c, "DataCenterId": dc, "BackupType": "full", "BackupId": "b-1"})
        }
        "DescribeBackupPlans" => json!({"ClusterId": c}),
        "ExecuteNodeTool" => json!({"ClusterId": c, "DataCenterId": dc, "Command": "status"}),
        "DescribeNodeToolExecutionHistories" => {
            json!({"ClusterId": c, "PageNumber": 1, "PageSize": 10})
        }
        "DescribeNodeToolExecutionHistory" => json!({"ClusterId": c, "DcId": dc, "JobId": "job-1"}),
        "DeleteNodeToolExecutionHistory" => {
            json!({"ClusterId": c, "DataCenterId": dc, "JobId": "job-1"})
        }
        "DescribeParameters" => json!({"ClusterId": c, "PageNumber": 1, "PageSize": 20}),
        "DescribeParameterModificationHistories" => {
            json!({"ClusterId": c, "PageNumber": 1, "PageSize": 10})
        }
        "ModifyParameter" => {
            json!({"ClusterId": c, "Name": "read_request_timeout_in_ms", "Value": "6000"})
        }
        "MoveResourceGroup" => json!({"ClusterId": c, "NewResourceGroupId": "rg-paneltest"}),
        // The rest take a cluster, and a data center when their request type has one.
        other => {
            let mut body = json!({"ClusterId": c, "DataCenterId": dc});
            if !catalog::visit(other, TakesDataCenter).expect("a known action") {
                body.as_object_mut().unwrap().remove("DataCenterId");
            }
            body
        }
    }
}

/// Whether an action's request type has a `DataCenterId` parameter.
struct TakesDataCenter;

impl ActionVisitor for TakesDataCenter {
    type Output = bool;
    fn visit<A: Action>(self) -> bool {
        let probe = json!({"ClusterId": "c", "DataCenterId": "d"});
        shared::wire::from_value::<A>(probe).is_ok_and(|r| r.data_center_id().is_some())
    }
}

/// The clusters a body names, as the action's request type sees them.
pub struct ClustersNamed(pub Value);

impl ActionVisitor for ClustersNamed {
    type Output = Vec<String>;
    fn visit<A: Action>(self) -> Vec<String> {
        let mut body = self.0;
        // The panel supplies a create's ClientToken; other requests ignore the field.
        body.as_object_mut()
            .unwrap()
            .entry("ClientToken")
            .or_insert(json!("probe"));
        let request: A = shared::wire::from_value(body).expect("sample bodies parse");
        request
            .cluster_ids()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }
}

/// Parses a JSON answer as the action's response type.
pub struct ParsesAsResponse<'a>(pub &'a str);

impl ActionVisitor for ParsesAsResponse<'_> {
    type Output = Result<(), String>;
    fn visit<A: Action>(self) -> Result<(), String> {
        serde_json::from_str::<A::Response>(self.0)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
