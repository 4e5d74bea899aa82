//! Emulator throughput over loopback with every signature checked: a read (DescribeClusters)
//! and a mutation (ModifyCluster), from N keep-alive connections in this process.
//!
//! `cargo bench -p emulator --bench gateway` (env: `BENCH_SECS`, default 5; `BENCH_CONNECTIONS`,
//! default 32; `BENCH_WORKERS`, emulator HTTP workers, default 2). Prints figures; asserts only
//! that every answer was a 200.

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use emulator::{AccessKey, EmulatorConfig, RunningEmulator};
use rpc_signature::{Method, Secret, percent_encode, sign_request};
use time::format_description::well_known::Rfc3339;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ID: &str = "bench";
const SECRET: &str = "bench-secret";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let secs = env_or("BENCH_SECS", 5u64);
    let connections = env_or("BENCH_CONNECTIONS", 32usize);
    let workers = env_or("BENCH_WORKERS", 2usize);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let config = EmulatorConfig::default()
            .access_key(AccessKey::new(ID, SECRET))
            .workers(NonZeroUsize::new(workers).unwrap_or(NonZeroUsize::MIN))
            // Cluster creation completes at once, so the mutation hits a running cluster.
            .speed(1e9)
            .seed(1);
        let emulator = emulator::spawn(config).await.expect("the emulator starts");
        let cluster_id = create_cluster(&emulator).await;
        tokio::time::sleep(Duration::from_millis(50)).await;

        println!(
            "emulator gateway benchmark: {connections} connections, {workers} HTTP workers, \
             {secs} s per scenario, loopback, signatures and nonces checked"
        );
        let read = [
            ("RegionId", "cn-hangzhou".to_owned()),
            ("PageSize", "10".to_owned()),
        ];
        report(
            "read  DescribeClusters",
            run(&emulator, "DescribeClusters", &read, connections, secs).await,
        );
        let rename = [
            ("ClusterId", cluster_id),
            ("ClusterName", "renamed".to_owned()),
        ];
        report(
            "write ModifyCluster   ",
            run(&emulator, "ModifyCluster", &rename, connections, secs).await,
        );
        emulator.stop().await;
    });
}

struct Figures {
    requests: u64,
    failures: u64,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

fn report(label: &str, mut figures: Figures) {
    figures.latencies.sort();
    let at = |q: f64| {
        let i = ((figures.latencies.len() as f64 - 1.0) * q).round() as usize;
        figures.latencies.get(i).copied().unwrap_or_default()
    };
    println!(
        "{label}: {:>8.0} req/s  ({} requests, {} non-200)  p50 {:.2} ms  p99 {:.2} ms",
        figures.requests as f64 / figures.elapsed.as_secs_f64(),
        figures.requests,
        figures.failures,
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
    );
    assert_eq!(figures.failures, 0, "every answer must be a 200");
}

async fn run(
    emulator: &RunningEmulator,
    action: &'static str,
    params: &[(&'static str, String)],
    connections: usize,
    secs: u64,
) -> Figures {
    let stop = Arc::new(AtomicBool::new(false));
    let params: Arc<[(&'static str, String)]> = params.into();
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            tokio::spawn(client(
                emulator.addr(),
                action,
                Arc::clone(&params),
                Arc::clone(&stop),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    let mut figures = Figures {
        requests: 0,
        failures: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (requests, failures, latencies) = task.await.expect("a client task");
        figures.requests += requests;
        figures.failures += failures;
        figures.latencies.extend(latencies);
    }
    figures.elapsed = started.elapsed();
    figures
}

/// One keep-alive connection sending signed requests back to back.
async fn client(
    addr: SocketAddr,
    action: &'static str,
    params: Arc<[(&'static str, String)]>,
    stop: Arc<AtomicBool>,
) -> (u64, u64, Vec<Duration>) {
    let secret = Secret::new(SECRET);
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut buffer = Vec::with_capacity(4096);
    let (mut requests, mut failures, mut latencies) = (0, 0, Vec::new());
    while !stop.load(Ordering::Relaxed) {
        let request = signed_request(&secret, addr, action, &params);
        let sent = Instant::now();
        stream.write_all(request.as_bytes()).await.expect("write");
        let status = read_response(&mut stream, &mut buffer).await;
        latencies.push(sent.elapsed());
        requests += 1;
        if status != 200 {
            failures += 1;
        }
    }
    (requests, failures, latencies)
}

/// A POST like the Tea client's: common parameters in the query, the action's in a form body.
fn signed_request(
    secret: &Secret,
    addr: SocketAddr,
    action: &str,
    params: &[(&str, String)],
) -> String {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let timestamp = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .expect("a timestamp");
    let common = [
        ("Action", action),
        ("Format", "JSON"),
        ("Version", "2019-01-01"),
        ("AccessKeyId", ID),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce),
        ("Timestamp", &timestamp),
    ];
    let body_params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let signature = sign_request(secret, Method::Post, common.iter().chain(&body_params));
    let encode = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    let query = format!(
        "{}&Signature={}",
        encode(&common),
        percent_encode(&signature)
    );
    let body = encode(&body_params);
    format!(
        "POST /?{query} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Read one response off a keep-alive connection; its status.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> u16 {
    buffer.clear();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.split_once(':')
                        .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                })
                .and_then(|(_, v)| v.trim().parse().ok())
                .expect("a Content-Length");
            while buffer.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await.expect("read body");
                assert!(n > 0, "connection closed mid-body");
                buffer.extend_from_slice(&chunk[..n]);
            }
            return head
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .expect("a status");
        }
        let n = stream.read(&mut chunk).await.expect("read head");
        assert!(n > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..n]);
    }
}

async fn create_cluster(emulator: &RunningEmulator) -> String {
    let secret = Secret::new(SECRET);
    let token = uuid::Uuid::new_v4().to_string();
    let mut params: Vec<(&str, String)> = [
        ("RegionId", "cn-hangzhou"),
        ("ZoneId", "cn-hangzhou-h"),
        ("ClusterName", "bench"),
        ("DataCenterName", "dc1"),
        ("MajorVersion", "3.11"),
        ("InstanceType", "cassandra.c.large"),
        ("NodeCount", "2"),
        ("DiskType", "cloud_ssd"),
        ("DiskSize", "160"),
        ("PayType", "PayAsYouGo"),
        ("VpcId", "vpc-bp1test"),
        ("VswitchId", "vsw-bp1test"),
        ("Password", "Pa55word!Pa55"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect();
    params.push(("ClientToken", token));
    let request = signed_request(&secret, emulator.addr(), "CreateCluster", &params);
    let mut stream = TcpStream::connect(emulator.addr()).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buffer = Vec::new();
    let status = read_response(&mut stream, &mut buffer).await;
    let text = String::from_utf8_lossy(&buffer);
    assert_eq!(status, 200, "CreateCluster: {text}");
    let body = &text[text.find("\r\n\r\n").map_or(0, |i| i + 4)..];
    let body: serde_json::Value = serde_json::from_str(body).expect("JSON");
    body["ClusterId"].as_str().expect("a ClusterId").to_owned()
}
