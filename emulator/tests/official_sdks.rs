//! The official Python SDKs as independent clients of the emulator, over a real socket.
//!
//! `tests/sdk/drive_sdks.py` drives every action each SDK has (53) with both the old core
//! (`aliyun-python-sdk-core` + `aliyun-python-sdk-cassandra`) and the Tea client
//! (`alibabacloud-cassandra20190101`), plus one wrong-secret call each that must fail the way
//! the cloud fails: the old core diagnoses `InvalidAccessKeySecret` from the exact
//! `SignatureDoesNotMatch` message, the Tea client reports `SignatureDoesNotMatch`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use emulator::{AccessKey, EmulatorConfig};
use serde_json::Value;

/// The repository root (the driver script and the venv script live there).
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Python interpreter of the virtualenv holding the official SDKs.
///
/// `scripts/test.sh` exports `CASSADMIN_SDK_PYTHON`; without it the venv is made (once) by
/// `scripts/sdk-venv.sh`, which needs PyPI. Failing to get one is a test failure, not a skip.
fn sdk_python() -> PathBuf {
    if let Ok(python) = std::env::var("CASSADMIN_SDK_PYTHON") {
        return PathBuf::from(python);
    }
    let output = std::process::Command::new(repo_root().join("scripts/sdk-venv.sh"))
        .output()
        .expect("scripts/sdk-venv.sh runs");
    assert!(
        output.status.success(),
        "scripts/sdk-venv.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

const KEY_ID: &str = "sdk-test-key";
const KEY_SECRET: &str = "sdk-test-secret/+=&~*";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_official_sdks_drive_every_action_against_the_emulator() {
    let config = EmulatorConfig::default()
        .access_key(AccessKey::new(KEY_ID, KEY_SECRET))
        // Creating -> Running and the other transitions take milliseconds.
        .speed(10_000.0)
        .seed(7);
    let emulator = emulator::spawn(config).await.expect("emulator starts");
    let endpoint = emulator.addr().to_string();

    let python = sdk_python();
    let script = repo_root().join("tests/sdk/drive_sdks.py");
    let output = tokio::process::Command::new(&python)
        .arg(&script)
        .args([&endpoint, KEY_ID, KEY_SECRET])
        .output()
        .await
        .expect("the SDK driver runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);

    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let failures: Vec<&Value> = lines
        .iter()
        .filter(|l| l["ok"] == Value::Bool(false))
        .collect();
    assert!(
        output.status.success() && failures.is_empty(),
        "SDK driver failed ({}):\n{}\nfailures: {failures:#?}\nstderr: {stderr}",
        output.status,
        lines.last().map(Value::to_string).unwrap_or_default()
    );

    // Count what each SDK did successfully, from the per-call lines themselves.
    let mut driven: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for line in &lines {
        if let (Some(sdk), Some(action), Some(true)) = (
            line["sdk"].as_str(),
            line["action"].as_str(),
            line["ok"].as_bool(),
        ) {
            driven.entry(sdk).or_default().insert(action);
        }
    }
    let sdk_actions: BTreeSet<&str> = shared::catalog::ALL
        .iter()
        .filter(|m| m.in_sdk)
        .map(|m| m.name)
        .collect();
    assert_eq!(sdk_actions.len(), 53);
    for sdk in ["old-core", "tea"] {
        let done = driven.get(sdk).cloned().unwrap_or_default();
        let missing: Vec<_> = sdk_actions.difference(&done).collect();
        assert!(missing.is_empty(), "{sdk} did not drive {missing:?}");
        assert!(
            done.contains("wrong-secret"),
            "{sdk} wrong-secret call not checked"
        );
    }

    let wrong = |sdk: &str| {
        lines
            .iter()
            .find(|l| l["sdk"] == sdk && l["action"] == "wrong-secret")
            .cloned()
            .expect("wrong-secret line")
    };
    assert_eq!(wrong("old-core")["code"], "InvalidAccessKeySecret");
    assert_eq!(wrong("tea")["code"], "SignatureDoesNotMatch");
    for sdk in ["old-core", "tea"] {
        assert_eq!(wrong(sdk)["http_status"], 400, "{sdk}");
    }

    // The secret never shows up in what the driver printed (it prints errors verbatim).
    assert!(!stdout.contains(KEY_SECRET) && !stderr.contains(KEY_SECRET));
    emulator.stop().await;
}
