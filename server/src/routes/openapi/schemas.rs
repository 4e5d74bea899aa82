//! JSON Schemas of cassadmin's own REST types (`shared::rest`, `shared::rest_clusters` and the
//! action route's extras). The cloud actions' schemas are generated (`shared/openapi`).
//!
//! Written by hand, next to nothing else: `tests/api/openapi.rs` checks real answers of
//! each endpoint against them, so a field added to a type without its schema fails there.

use serde_json::{Value, json};

fn string(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn time(description: &str) -> Value {
    json!({"type": "string", "format": "date-time", "description": description})
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "required": required, "properties": properties})
}

/// `components.schemas` for the REST types.
pub fn all() -> serde_json::Map<String, Value> {
    let role = json!({"type": "string", "enum": ["viewer", "operator", "admin"]});
    let id = |what: &str| json!({"type": "integer", "format": "int64", "description": what});
    let schemas = json!({
        "ErrorEnvelope": object(&["error"], json!({"error": reference("ErrorBody")})),
        "ErrorBody": object(&["code", "message", "request_id"], json!({
            "code": {"type": "string", "description": "Machine-readable class: bad_request, \
                unauthenticated, csrf_failed, forbidden, not_found, method_not_allowed, conflict, \
                validation, too_many_requests, internal, unavailable; for cloud errors also \
                bad_gateway and gateway_timeout."},
            "message": string("For people; never a secret or an internal cause."),
            "fields": array(reference("FieldError")),
            "request_id": nullable(string("Matches the X-Request-Id header and the server log.")),
            "cloud": reference("CloudErrorDetail"),
        })),
        "FieldError": object(&["field", "rule", "message"], json!({
            "field": string("The request field, e.g. `password` or `DiskSize`."),
            "rule": string("Stable rule code, e.g. `user_password.length`."),
            "message": string("What is wrong, without repeating the value."),
        })),
        "CloudErrorDetail": object(&["code", "message", "attempts"], json!({
            "code": string("The cloud's Code, or Timeout, Unreachable, Decode."),
            "message": string("The cloud's Message."),
            "request_id": nullable(string("The cloud's RequestId.")),
            "http_status": nullable(json!({"type": "integer"})),
            "recommend": string("The cloud's troubleshooting link."),
            "attempts": {"type": "integer", "description": "HTTP attempts made."},
        })),
        "Health": object(&["status"], json!({"status": {"type": "string", "enum": ["ok", "unavailable"]}})),
        "LoginRequest": object(&["username", "password"], json!({
            "username": {"type": "string"},
            "password": {"type": "string", "format": "password", "writeOnly": true},
        })),
        "SessionInfo": object(
            &["user", "csrf_token", "access_expires_at", "session_expires_at"],
            json!({
                "user": reference("User"),
                "csrf_token": string("Echo it in X-CSRF-Token on cookie-authenticated changes."),
                "access_expires_at": time("When the access cookie expires (refresh before)."),
                "session_expires_at": time("When a new login is needed."),
            }),
        ),
        "User": object(
            &["id", "username", "role", "disabled", "created_at", "updated_at", "last_login_at"],
            json!({
                "id": id("User id."),
                "username": {"type": "string"},
                "role": role,
                "disabled": {"type": "boolean"},
                "created_at": time("Created."),
                "updated_at": time("Last changed."),
                "last_login_at": nullable(time("Last successful login.")),
            }),
        ),
        "Me": object(&["user", "effective_role", "authentication"], json!({
            "user": reference("User"),
            "effective_role": role,
            "authentication": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"type": "string", "enum": ["session", "token"]},
                "id": id("The token's id (kind token)."),
                "name": string("The token's name (kind token)."),
                "clusters": nullable(array(json!({"type": "string"}))),
                "expires_at": nullable(time("The token's expiry.")),
            }},
        })),
        "PasswordChange": object(&["current_password", "new_password"], json!({
            "current_password": {"type": "string", "format": "password", "writeOnly": true},
            "new_password": {"type": "string", "format": "password", "writeOnly": true,
                             "description": "12-128 characters, at least 5 distinct, not containing the user name."},
        })),
        "NewUser": object(&["username", "password", "role"], json!({
            "username": string("3-64 characters: a-z, 0-9, `.`, `_`, `-`."),
            "password": {"type": "string", "format": "password", "writeOnly": true},
            "role": role,
        })),
        "UserPatch": object(&[], json!({
            "password": {"type": "string", "format": "password", "writeOnly": true},
            "role": role,
            "disabled": {"type": "boolean"},
        })),
        "Token": object(
            &["id", "name", "role", "owner_id", "owner", "clusters", "expires_at", "created_at",
              "last_used_at", "revoked_at"],
            json!({
                "id": id("Token id."),
                "name": {"type": "string"},
                "role": role,
                "owner_id": id("The owner's user id."),
                "owner": {"type": "string"},
                "clusters": nullable(array(json!({"type": "string"}))),
                "expires_at": nullable(time("Expiry.")),
                "created_at": time("Created."),
                "last_used_at": nullable(time("Last use (recorded at most once a minute).")),
                "revoked_at": nullable(time("Revoked.")),
            }),
        ),
        "NewToken": object(&["name"], json!({
            "name": string("1-64 characters."),
            "role": role,
            "expires_at": time("In the future; omit for no expiry."),
            "clusters": array(json!({"type": "string"})),
        })),
        "CreatedToken": {"allOf": [reference("Token"), object(&["token"], json!({
            "token": string("`cass_...`: send as `Authorization: Bearer <token>`. Shown once."),
        }))]},
        "AuditEntry": object(
            &["id", "at", "kind", "actor_kind", "actor", "action", "params", "hash", "prev_hash"],
            json!({
                "id": id("Position in the hash chain."),
                "at": time("When written."),
                "kind": {"type": "string", "enum": ["intent", "outcome", "event"]},
                "intent_id": nullable(id("For an outcome: its intent.")),
                "actor_kind": {"type": "string", "enum": ["user", "token", "system", "anonymous"]},
                "actor": {"type": "string"},
                "token_name": nullable(json!({"type": "string"})),
                "source": nullable(json!({"type": "string"})),
                "user_agent": nullable(json!({"type": "string"})),
                "action": string("A cloud action (`CreateCluster`) or a panel action (`user.create`)."),
                "cluster_id": nullable(json!({"type": "string"})),
                "data_center_id": nullable(json!({"type": "string"})),
                "target": nullable(json!({"type": "string"})),
                "params": {"type": "object", "description": "Secrets appear only as `hmac-sha256:<hex>`."},
                "outcome": nullable(json!({"type": "string", "enum": ["ok", "error"]})),
                "error_code": nullable(json!({"type": "string"})),
                "error_message": nullable(json!({"type": "string"})),
                "cloud_request_id": nullable(json!({"type": "string"})),
                "duration_ms": nullable(json!({"type": "integer"})),
                "request_id": nullable(json!({"type": "string"})),
                "hash": {"type": "string"},
                "prev_hash": {"type": "string"},
            }),
        ),
        "AuditPage": object(&["entries", "next_before"], json!({
            "entries": array(reference("AuditEntry")),
            "next_before": nullable(id("Pass as `before` for the next (older) page.")),
        })),
        "ChainReport": object(&["intact", "rows_checked", "head_hash", "first_broken"], json!({
            "intact": {"type": "boolean"},
            "rows_checked": {"type": "integer"},
            "head_hash": nullable(json!({"type": "string"})),
            "first_broken": nullable(object(&["id", "problem"], json!({
                "id": id("The first row that does not hold."),
                "problem": {"type": "string"},
            }))),
        })),
        "SecretCheck": object(&["field", "value"], json!({
            "field": string("The secret parameter, e.g. `Password`."),
            "value": {"type": "string", "format": "password", "writeOnly": true},
        })),
        "SecretCheckResult": object(&["matches"], json!({"matches": {"type": "boolean"}})),
        "Info": object(&["backend", "sandbox", "version", "regions", "regions_configured"], json!({
            "backend": {"type": "string", "enum": ["emulator", "cloud"]},
            "sandbox": {"type": "boolean", "description": "True when nothing done here touches a real cloud."},
            "version": {"type": "string"},
            "regions": nullable(array(json!({"type": "string"}))),
            "regions_configured": {"type": "boolean"},
        })),
        "ActionInfo": object(&["name", "group", "mutates", "min_role", "allowed"], json!({
            "name": {"type": "string"},
            "group": {"type": "string"},
            "mutates": {"type": "boolean"},
            "min_role": role,
            "allowed": {"type": "boolean", "description": "The caller's role is enough."},
        })),
        "ClusterTag": object(&["key", "value"], json!({
            "key": {"type": "string"},
            "value": string("Empty when the tag has no value."),
        })),
        "Freshness": object(&["fetched_at", "age_seconds", "changed_at", "deleted_at"], json!({
            "fetched_at": time("When the cloud was last read for this cluster."),
            "age_seconds": {"type": "integer", "minimum": 0, "description": "Seconds since fetched_at."},
            "changed_at": time("When the configuration last changed."),
            "deleted_at": nullable(time("When the cloud stopped listing the cluster.")),
        })),
        "ClusterListItem": {"allOf": [reference("Freshness"), object(
            &["cluster_id", "region_id", "name", "status", "major_version", "minor_version",
              "pay_type", "data_center_count", "node_count", "tags"],
            json!({
                "cluster_id": {"type": "string"},
                "region_id": {"type": "string"},
                "name": nullable(json!({"type": "string"})),
                "status": nullable(string("Creating, Running, Resizing, ... (the cloud's Status).")),
                "major_version": nullable(json!({"type": "string"})),
                "minor_version": nullable(json!({"type": "string"})),
                "pay_type": nullable(json!({"type": "string"})),
                "data_center_count": {"type": "integer"},
                "node_count": {"type": "integer"},
                "tags": array(reference("ClusterTag")),
            }),
        )]},
        "ClusterList": object(&["clusters"], json!({"clusters": array(reference("ClusterListItem"))})),
        "ClusterSnapshot": object(
            &["cluster", "data_centers", "nodes", "contact_points", "ip_whitelist_groups",
              "security_group_ids", "parameters", "backup_plans", "tags"],
            json!({
                "cluster": reference("Cluster"),
                "data_centers": array(reference("DataCenter")),
                "nodes": array(reference("DashboardDataCenter")),
                "contact_points": array(reference("ContactPoint")),
                "ip_whitelist_groups": array(reference("IpWhitelistGroup")),
                "security_group_ids": array(json!({"type": "string"})),
                "parameters": array(reference("Parameter")),
                "backup_plans": array(reference("BackupPlan")),
                "tags": array(reference("ClusterTag")),
            }),
        ),
        "ClusterDetail": {"allOf": [reference("Freshness"), object(
            &["cluster_id", "region_id", "snapshot"],
            json!({
                "cluster_id": {"type": "string"},
                "region_id": {"type": "string"},
                "snapshot": reference("ClusterSnapshot"),
            }),
        )]},
        "SnapshotSection": {"type": "string", "enum": [
            "cluster", "data_centers", "nodes", "contact_points", "ip_whitelist_groups",
            "security_group_ids", "parameters", "backup_plans", "tags",
        ]},
        "TimelineEntry": object(&["id", "observed_at", "changed", "snapshot"], json!({
            "id": id("Entry id; pass as `before` to page."),
            "observed_at": time("When this configuration was first seen."),
            "changed": array(reference("SnapshotSection")),
            "snapshot": reference("ClusterSnapshot"),
        })),
        "TimelinePage": object(&["cluster_id", "entries", "next_before"], json!({
            "cluster_id": {"type": "string"},
            "entries": array(reference("TimelineEntry")),
            "next_before": nullable(id("Pass as `before` for the next (older) page.")),
        })),
    });
    schemas.as_object().cloned().unwrap_or_default()
}
