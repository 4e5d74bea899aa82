//! Each verification step's error, over a real socket, in the documented order.

use std::time::Duration;

use emulator::AccessKey;
use rpc_signature::{Method, string_to_sign};
use time::macros::datetime;

use crate::helpers::{Call, ID, T0, config, send_raw, spawn};

const REQUIRED: [&str; 8] = [
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Version",
    "Action",
];

#[tokio::test]
async fn a_signed_request_answers_200_with_matching_request_ids() {
    let emulator = spawn(config()).await;
    for call in [
        Call::new("DescribeRegions").signed(),
        Call::new("DescribeRegions").method("GET").signed(),
        Call::new("DescribeRegions")
            .param("Format", "json")
            .form("AcceptLanguage", "en")
            .signed(),
    ] {
        let reply = call.send(&emulator).await;
        reply.assert_ok();
        assert_eq!(
            reply.header("content-type"),
            Some("application/json;charset=utf-8")
        );
        let id = reply.json()["RequestId"]
            .as_str()
            .expect("RequestId")
            .to_owned();
        assert_eq!(reply.header("x-acs-request-id"), Some(id.as_str()));
        assert_eq!(id, id.to_ascii_uppercase());
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    }
    emulator.stop().await;
}

#[tokio::test]
async fn missing_common_parameters_are_reported_in_the_documented_order() {
    let emulator = spawn(config()).await;
    for (i, name) in REQUIRED.iter().enumerate() {
        // Everything after `name` is missing too: `name` must still be the one reported.
        let mut call = Call::new("DescribeRegions").signed();
        for later in &REQUIRED[i..] {
            call = call.without(later);
        }
        let reply = call.send(&emulator).await;
        reply.assert_error(400, &format!("Missing{name}"));
        assert_eq!(
            reply.json()["Message"],
            format!("{name} is mandatory for this action.")
        );
    }
    // An empty value counts as missing.
    let reply = Call::new("DescribeRegions")
        .signed()
        .param("SignatureNonce", "")
        .send(&emulator)
        .await;
    reply.assert_error(400, "MissingSignatureNonce");
    emulator.stop().await;
}

#[tokio::test]
async fn the_legacy_timestamp_spelling_is_missing_timestamp() {
    let emulator = spawn(config()).await;
    let call = Call::new("DescribeRegions")
        .without("Timestamp")
        .param("TimeStamp", "2024-01-15T08:30:00Z")
        .signed();
    call.send(&emulator)
        .await
        .assert_error(400, "MissingTimestamp");
    emulator.stop().await;
}

#[tokio::test]
async fn only_get_and_post_on_the_root_path_are_served() {
    let emulator = spawn(config()).await;
    for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
        let reply = Call::new("DescribeRegions")
            .method(method)
            .signed()
            .send(&emulator)
            .await;
        reply.assert_error(400, "UnsupportedHTTPMethod");
        assert_eq!(
            reply.json()["Message"],
            "This http method is not supported."
        );
    }
    let call = Call::new("DescribeRegions").signed();
    let target = call.target().replacen("/?", "/api/?", 1);
    send_raw(emulator.addr(), "POST", &target, None, b"")
        .await
        .assert_error(404, "InvalidAction.NotFound");
    emulator.stop().await;
}

#[tokio::test]
async fn signature_method_version_and_format_are_checked() {
    let emulator = spawn(config()).await;
    for (name, value) in [
        ("SignatureMethod", "HMAC-SHA256"),
        ("SignatureVersion", "2.0"),
        ("Format", "yaml"),
    ] {
        let reply = Call::new("DescribeRegions")
            .param(name, value)
            .signed()
            .send(&emulator)
            .await;
        reply.assert_error(400, "InvalidParameter");
        assert_eq!(
            reply.json()["Message"],
            format!("The specified parameter \"{name}\" is not valid.")
        );
    }
    // Documentation examples write `Hmac-SHA1`: accepted in any case.
    let reply = Call::new("DescribeRegions")
        .param("SignatureMethod", "Hmac-SHA1")
        .signed()
        .send(&emulator)
        .await;
    reply.assert_ok();
    emulator.stop().await;
}

#[tokio::test]
async fn timestamps_must_be_well_formed_and_within_the_window() {
    let emulator = spawn(config()).await;
    for bad in [
        "2024-01-15 08:30:00Z",
        "2024-01-15T08:30:00",
        "2024-01-15T08:30:00+08:00",
        "1705307400",
    ] {
        let reply = Call::new("DescribeRegions")
            .param("Timestamp", bad)
            .signed()
            .send(&emulator)
            .await;
        reply.assert_error(400, "InvalidTimeStamp.Format");
        assert_eq!(
            reply.json()["Message"],
            "Specified time stamp or date value is not well formatted."
        );
    }
    for expired in ["2024-01-15T08:45:01Z", "2024-01-15T08:14:59Z"] {
        let reply = Call::new("DescribeRegions")
            .param("Timestamp", expired)
            .signed()
            .send(&emulator)
            .await;
        reply.assert_error(400, "InvalidTimeStamp.Expired");
    }
    for edge in [
        "2024-01-15T08:45:00Z",
        "2024-01-15T08:15:00Z",
        "2024-01-15T08:30:00.123Z",
    ] {
        let reply = Call::new("DescribeRegions")
            .param("Timestamp", edge)
            .signed()
            .send(&emulator)
            .await;
        reply.assert_ok();
    }
    // The window follows the emulator clock.
    emulator.clock().advance(Duration::from_secs(16 * 60));
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_error(400, "InvalidTimeStamp.Expired");
    emulator.stop().await;
}

#[tokio::test]
async fn unknown_and_disabled_access_keys_are_refused() {
    let emulator = spawn(config()).await;
    let reply = Call::new("DescribeRegions")
        .param("AccessKeyId", "nobody")
        .signed()
        .send(&emulator)
        .await;
    reply.assert_error(404, "InvalidAccessKeyId.NotFound");
    assert_eq!(
        reply.json()["Message"],
        "Specified access key is not found."
    );

    assert!(emulator.keys().set_active(ID, false));
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_error(400, "InvalidAccessKeyId.Inactive");
    assert!(emulator.keys().set_active(ID, true));
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_ok();
    emulator.stop().await;
}

#[tokio::test]
async fn sts_keys_need_their_unexpired_token_and_permanent_keys_take_none() {
    let emulator = spawn(
        config().access_key(
            AccessKey::new("STS.key", "sts-secret")
                .with_security_token("CAIS+token==")
                .token_expiring_at(datetime!(2024-01-15 09:00:00 UTC)),
        ),
    )
    .await;
    let sts = |token: Option<&str>| {
        let call = Call::new("DescribeRegions").param("AccessKeyId", "STS.key");
        match token {
            Some(token) => call.param("SecurityToken", token),
            None => call,
        }
        .sign("sts-secret")
    };
    sts(None)
        .send(&emulator)
        .await
        .assert_error(400, "InvalidSecurityToken.Malformed");
    sts(Some(""))
        .send(&emulator)
        .await
        .assert_error(400, "InvalidSecurityToken.Malformed");
    sts(Some("CAIS+other"))
        .send(&emulator)
        .await
        .assert_error(400, "InvalidSecurityToken.MismatchWithAccessKey");
    sts(Some("CAIS+token==")).send(&emulator).await.assert_ok();
    let permanent = Call::new("DescribeRegions")
        .param("SecurityToken", "CAIS+token==")
        .signed();
    permanent
        .send(&emulator)
        .await
        .assert_error(400, "InvalidSecurityToken.MismatchWithAccessKey");

    emulator.clock().advance(Duration::from_secs(30 * 60));
    let call = sts(Some("CAIS+token=="))
        .param("Timestamp", "2024-01-15T09:00:00Z")
        .sign("sts-secret");
    call.send(&emulator)
        .await
        .assert_error(400, "InvalidSecurityToken.Expired");
    emulator.stop().await;
}

#[tokio::test]
async fn a_wrong_signature_gets_the_servers_string_to_sign() {
    let emulator = spawn(config()).await;
    let call = Call::new("DescribeRegions")
        .form("AcceptLanguage", "zh-CN")
        .sign("not-the-secret");
    let reply = call.send(&emulator).await;
    reply.assert_error(400, "SignatureDoesNotMatch");
    let signed: Vec<_> = call.query.iter().chain(&call.form).collect();
    let expected = string_to_sign(Method::Post, signed);
    assert_eq!(
        reply.json()["Message"],
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{expected}"
        )
    );
    // The same parameters sent as GET: the method is signed.
    let as_get = Call::new("DescribeRegions").signed().method("GET");
    as_get
        .send(&emulator)
        .await
        .assert_error(400, "SignatureDoesNotMatch");
    emulator.stop().await;
}

#[tokio::test]
async fn a_nonce_is_used_once_per_key_and_only_signed_requests_burn_it() {
    let emulator = spawn(config().access_key(AccessKey::new("other", "other-secret"))).await;
    let call = Call::new("DescribeRegions");
    let nonce = call.get("SignatureNonce").expect("a nonce").to_owned();

    // Unsigned junk with the nonce first: refused for its signature, the nonce stays free.
    call.clone()
        .sign("wrong")
        .send(&emulator)
        .await
        .assert_error(400, "SignatureDoesNotMatch");
    let signed = call.clone().signed();
    signed.send(&emulator).await.assert_ok();
    let reply = signed.send(&emulator).await;
    reply.assert_error(400, "SignatureNonceUsed");
    assert_eq!(
        reply.json()["Message"],
        "Specified signature nonce was used already."
    );

    // A fresh signature (another timestamp) does not make the nonce new.
    let resigned = call
        .clone()
        .param("Timestamp", "2024-01-15T08:31:00Z")
        .signed();
    resigned
        .send(&emulator)
        .await
        .assert_error(400, "SignatureNonceUsed");

    // The same nonce under another AccessKey is another pair.
    let other = Call::new("DescribeRegions")
        .param("AccessKeyId", "other")
        .param("SignatureNonce", &nonce)
        .sign("other-secret");
    other.send(&emulator).await.assert_ok();
    emulator.stop().await;
}

#[tokio::test]
async fn version_and_action_are_checked_after_the_signature() {
    let emulator = spawn(config()).await;
    let reply = Call::new("DescribeRegions")
        .param("Version", "2014-05-26")
        .signed()
        .send(&emulator)
        .await;
    reply.assert_error(400, "InvalidVersion");
    assert_eq!(
        reply.json()["Message"],
        "Specified parameter Version is not valid."
    );
    let reply = Call::new("DescribeInstances")
        .signed()
        .send(&emulator)
        .await;
    reply.assert_error(404, "InvalidAction.NotFound");
    assert_eq!(
        reply.json()["Message"],
        "Specified api is not found, please check your url and method."
    );
    // Unsigned, the same requests fail on their signature first.
    let reply = Call::new("DescribeInstances")
        .param("Version", "x")
        .sign("wrong")
        .send(&emulator)
        .await;
    reply.assert_error(400, "SignatureDoesNotMatch");
    emulator.stop().await;
}

#[tokio::test]
async fn query_and_form_body_are_merged_with_the_body_winning() {
    let emulator = spawn(config()).await;
    // Signed over the union, body last: the body's value is the one signed and used.
    let call = Call::new("DescribeRegions")
        .param("AcceptLanguage", "not-a-language")
        .form("AcceptLanguage", "en")
        .signed();
    call.send(&emulator).await.assert_ok();

    // A body that is not a form is not read: its parameters are missing.
    let signed = Call::new("DescribeRegions").signed();
    let (action, rest): (Vec<_>, Vec<_>) = signed.query.iter().partition(|(k, _)| k == "Action");
    let encode = |params: &[&(String, String)]| {
        params
            .iter()
            .map(|(k, v)| format!("{k}={}", rpc_signature::percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    let target = format!("/?{}", encode(&rest));
    let body = encode(&action);
    send_raw(
        emulator.addr(),
        "POST",
        &target,
        Some("application/json"),
        body.as_bytes(),
    )
    .await
    .assert_error(400, "MissingAction");
    // The same body as a form (any charset) completes the request.
    let form = Some("application/x-www-form-urlencoded; charset=UTF-8");
    send_raw(emulator.addr(), "POST", &target, form, body.as_bytes())
        .await
        .assert_ok();
    emulator.stop().await;
}

#[tokio::test]
async fn bad_escapes_and_invalid_utf8_are_400_not_500() {
    let emulator = spawn(config()).await;
    let target = Call::new("DescribeRegions").signed().target();
    let form = Some("application/x-www-form-urlencoded");
    for bad in [
        "ClusterName=%E6%B5",
        "ClusterName=%ZZ",
        "ClusterName=%4",
        "Cluster%FFName=x",
    ] {
        let reply = send_raw(
            emulator.addr(),
            "GET",
            &format!("{target}&{bad}"),
            None,
            b"",
        )
        .await;
        reply.assert_error(400, "InvalidParameter");
        let reply = send_raw(emulator.addr(), "POST", &target, form, bad.as_bytes()).await;
        reply.assert_error(400, "InvalidParameter");
    }
    let reply = send_raw(
        emulator.addr(),
        "GET",
        &format!("{target}&ClusterName=%FF"),
        None,
        b"",
    )
    .await;
    assert_eq!(
        reply.json()["Message"],
        "The specified parameter \"ClusterName\" is not valid."
    );
    emulator.stop().await;
}

#[tokio::test]
async fn a_header_signed_v3_request_is_a_clean_protocol_error() {
    let emulator = spawn(config()).await;
    let reply = send_raw(
        emulator.addr(),
        "POST",
        "/?RegionId=cn-hangzhou&PageNumber=1&PageSize=10",
        None,
        b"",
    )
    .await;
    reply.assert_error(400, "MissingAccessKeyId");
    send_raw(emulator.addr(), "GET", "/", None, b"")
        .await
        .assert_error(400, "MissingAccessKeyId");
    emulator.stop().await;
}

#[tokio::test]
async fn xml_is_answered_for_successes_and_errors() {
    let emulator = spawn(config()).await;
    let reply = Call::new("DescribeRegions")
        .param("Format", "XML")
        .signed()
        .send(&emulator)
        .await;
    reply.assert_ok();
    assert_eq!(reply.header("content-type"), Some("text/xml;charset=utf-8"));
    let text = reply.text();
    let request_id = reply.header("x-acs-request-id").expect("x-acs-request-id");
    assert!(
        text.starts_with(&format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><DescribeRegionsResponse><RequestId>{request_id}</RequestId>"#
        )),
        "{text}"
    );
    assert!(
        text.ends_with("</DescribeRegionsResponse>") && text.contains("<Regions><Region>"),
        "{text}"
    );

    let reply = Call::new("DescribeRegions")
        .param("Format", "xml")
        .sign("wrong")
        .send(&emulator)
        .await;
    reply.assert_error(400, "SignatureDoesNotMatch");
    let text = reply.text();
    assert!(
        text.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>"#),
        "{text}"
    );
    assert!(
        text.contains("<HostId>cassandra.aliyuncs.com</HostId>"),
        "{text}"
    );
    assert!(
        text.contains("&amp;product=Cassandra&amp;requestId="),
        "{text}"
    );
    // Percent signs and ampersands of the string to sign survive as text.
    assert!(
        text.contains("server string to sign is:POST&amp;%2F&amp;AccessKeyId%3D"),
        "{text}"
    );
    emulator.stop().await;
}

#[tokio::test]
async fn answers_follow_a_frozen_clock_that_tests_can_move() {
    let emulator = spawn(config()).await;
    assert_eq!(emulator.clock().now(), T0);
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_ok();
    emulator.clock().set(datetime!(2030-01-01 00:00 UTC));
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_error(400, "InvalidTimeStamp.Expired");
    emulator.stop().await;
}
