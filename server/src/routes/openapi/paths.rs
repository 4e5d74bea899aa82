//! The operations of every endpoint but the 58 actions (those come from the generated
//! schemas, see `super::actions`), one entry per method and path.

use serde_json::{Value, json};

/// Who may call an operation.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    Public,
    /// Any authenticated caller (session or token).
    Caller,
    /// A browser session only: API tokens are refused.
    Session,
    /// At least this role (token scopes apply to cluster reads).
    Role(&'static str),
    /// An admin not limited to some clusters.
    PanelAdmin,
}

impl Access {
    fn describe(self) -> String {
        match self {
            Access::Public => "Public.".into(),
            Access::Caller => "Any authenticated caller (session or API token).".into(),
            Access::Session => "Browser sessions only (API tokens are refused).".into(),
            Access::Role(role) => format!("Role `{role}` or higher."),
            Access::PanelAdmin => "Admins, not through a token limited to clusters.".into(),
        }
    }

    fn security(self) -> Value {
        match self {
            Access::Public => json!([]),
            Access::Session => json!([{"sessionCookie": []}]),
            _ => json!([{"bearerToken": []}, {"sessionCookie": []}]),
        }
    }

    pub fn min_role(self) -> Option<&'static str> {
        match self {
            Access::Role(role) => Some(role),
            Access::PanelAdmin => Some("admin"),
            _ => None,
        }
    }
}

/// One documented operation.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: &'static str,
    pub path: String,
    pub value: Value,
}

struct Builder {
    method: &'static str,
    path: &'static str,
    value: Value,
}

fn op(
    method: &'static str,
    path: &'static str,
    tag: &str,
    id: &str,
    summary: &str,
    access: Access,
) -> Builder {
    let mut value = json!({
        "tags": [tag],
        "operationId": id,
        "summary": summary,
        "description": access.describe(),
        "security": access.security(),
        "responses": {},
    });
    if let Some(role) = access.min_role() {
        value["x-min-role"] = json!(role);
    }
    Builder {
        method,
        path,
        value,
    }
}

pub fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

pub fn error_ref(status: u16) -> Value {
    json!({"$ref": format!("#/components/responses/Error{status}")})
}

impl Builder {
    fn describe(mut self, text: &str) -> Self {
        let access = self.value["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.value["description"] = json!(format!("{text}\n\n{access}"));
        self
    }

    fn body(mut self, schema: &str) -> Self {
        self.value["requestBody"] = json!({
            "required": true,
            "content": {"application/json": {"schema": schema_ref(schema)}},
        });
        self
    }

    fn param(mut self, location: &str, name: &str, schema: Value, description: &str) -> Self {
        let required = location == "path";
        let param = json!({"name": name, "in": location, "required": required,
                           "schema": schema, "description": description});
        match self.value["parameters"].as_array_mut() {
            Some(params) => params.push(param),
            None => self.value["parameters"] = json!([param]),
        }
        self
    }

    fn query(self, name: &str, schema: Value, description: &str) -> Self {
        self.param("query", name, schema, description)
    }

    fn path_id(self, name: &str, description: &str) -> Self {
        self.param("path", name, json!({"type": "string"}), description)
    }

    fn ok(mut self, status: u16, description: &str, schema: Option<&str>) -> Self {
        let mut response = json!({"description": description});
        if let Some(schema) = schema {
            response["content"] = json!({"application/json": {"schema": schema_ref(schema)}});
        }
        self.value["responses"][status.to_string()] = response;
        self
    }

    fn ok_list(mut self, description: &str, item: &str) -> Self {
        self.value["responses"]["200"] = json!({
            "description": description,
            "content": {"application/json": {"schema": {"type": "array", "items": schema_ref(item)}}},
        });
        self
    }

    fn ok_text(mut self, media_type: &str, description: &str) -> Self {
        self.value["responses"]["200"] = json!({
            "description": description,
            "content": {media_type: {"schema": {"type": "string"}}},
        });
        self
    }

    fn errors(mut self, statuses: &[u16]) -> Self {
        for status in statuses {
            self.value["responses"][status.to_string()] = error_ref(*status);
        }
        self
    }

    fn build(self) -> Operation {
        Operation {
            method: self.method,
            path: self.path.to_owned(),
            value: self.value,
        }
    }
}

/// Every hand-documented operation.
pub fn operations() -> Vec<Operation> {
    use Access::*;
    let string = json!({"type": "string"});
    let integer = json!({"type": "integer"});
    let boolean = json!({"type": "boolean"});
    let audit_filters = |b: Builder| {
        b.query("actor", string.clone(), "User name (also for tokens).")
            .query(
                "action",
                string.clone(),
                "`CreateCluster`, `user.create`, ...",
            )
            .query("cluster", string.clone(), "Cluster id.")
            .query(
                "outcome",
                json!({"type": "string", "enum": ["ok", "error"]}),
                "How it ended.",
            )
            .query(
                "since",
                json!({"type": "string", "format": "date-time"}),
                "Inclusive (RFC 3339).",
            )
            .query(
                "until",
                json!({"type": "string", "format": "date-time"}),
                "Exclusive (RFC 3339).",
            )
    };
    vec![
        op("get", "/healthz", "health", "healthz", "The process answers", Public)
            .ok(200, "Alive.", Some("Health"))
            .build(),
        op("get", "/readyz", "health", "readyz", "The database answers too", Public)
            .ok(200, "Ready.", Some("Health"))
            .errors(&[503])
            .build(),
        op("get", "/api/openapi.json", "docs", "openapi", "This document", Public)
            .ok(200, "The OpenAPI 3.1 document.", None)
            .build(),
        op("get", "/api/docs", "docs", "docs", "This document, for people", Public)
            .ok_text("text/html", "A page rendering this document.")
            .build(),
        op("get", "/api/docs/docs.js", "docs", "docsScript", "The docs page's script", Public)
            .ok_text("text/javascript", "The script.")
            .build(),
        op("get", "/api/docs/docs.css", "docs", "docsStyle", "The docs page's style", Public)
            .ok_text("text/css", "The style sheet.")
            .build(),
        op("get", "/api/v1/info", "info", "getInfo", "Which cloud the panel talks to", Public)
            .describe("`sandbox: true` when the built-in emulator answers instead of a real cloud.")
            .ok(200, "The backend.", Some("Info"))
            .build(),
        op("post", "/api/v1/auth/login", "auth", "login", "Log in", Public)
            .describe(
                "Sets the `cassadmin_session` (access JWT), `cassadmin_refresh` and \
                 `cassadmin_csrf` cookies. Failed logins are throttled per user and address; \
                 the answer never says whether the user exists.",
            )
            .body("LoginRequest")
            .ok(200, "Logged in; the cookies carry the session.", Some("SessionInfo"))
            .errors(&[400, 401, 429])
            .build(),
        op("post", "/api/v1/auth/refresh", "auth", "refresh", "Renew the access cookie", Session)
            .describe("Uses the refresh cookie; rotates it.")
            .ok(200, "Renewed.", Some("SessionInfo"))
            .errors(&[401])
            .build(),
        op("post", "/api/v1/auth/logout", "auth", "logout", "End this browser session", Session)
            .ok(204, "Logged out; the cookies are cleared.", None)
            .errors(&[400, 401, 403])
            .build(),
        op("get", "/api/v1/me", "me", "getMe", "Who is calling", Caller)
            .ok(200, "The caller, its effective role and how it authenticated.", Some("Me"))
            .errors(&[401])
            .build(),
        op("post", "/api/v1/me/password", "me", "changePassword", "Change one's password", Session)
            .describe("Ends every session of the user and answers a fresh one.")
            .body("PasswordChange")
            .ok(200, "Changed; a new session.", Some("SessionInfo"))
            .errors(&[400, 401, 403, 429])
            .build(),
        op("get", "/api/v1/users", "users", "listUsers", "List users", PanelAdmin)
            .ok_list("Every user.", "User")
            .errors(&[401, 403])
            .build(),
        op("post", "/api/v1/users", "users", "createUser", "Create a user", PanelAdmin)
            .body("NewUser")
            .ok(201, "Created.", Some("User"))
            .errors(&[400, 401, 403, 409])
            .build(),
        op("get", "/api/v1/users/{id}", "users", "getUser", "One user", PanelAdmin)
            .path_id("id", "User id.")
            .ok(200, "The user.", Some("User"))
            .errors(&[401, 403, 404])
            .build(),
        op("patch", "/api/v1/users/{id}", "users", "updateUser", "Change a user", PanelAdmin)
            .describe("Only the fields present change; a new password or disabling ends the user's sessions.")
            .path_id("id", "User id.")
            .body("UserPatch")
            .ok(200, "The changed user.", Some("User"))
            .errors(&[400, 401, 403, 404, 409])
            .build(),
        op("delete", "/api/v1/users/{id}", "users", "deleteUser", "Delete a user", PanelAdmin)
            .path_id("id", "User id.")
            .ok(204, "Deleted.", None)
            .errors(&[401, 403, 404, 409])
            .build(),
        op("get", "/api/v1/tokens", "tokens", "listTokens", "List API tokens", Caller)
            .describe("Admins see every token, others their own.")
            .ok_list("Tokens, newest first (never their secrets).", "Token")
            .errors(&[401])
            .build(),
        op("post", "/api/v1/tokens", "tokens", "createToken", "Create an API token", Session)
            .describe(
                "The answer holds the token, once, in `token`. Its role is at most the creator's; \
                 `clusters` limits it to those clusters.",
            )
            .body("NewToken")
            .ok(201, "Created.", Some("CreatedToken"))
            .errors(&[400, 401, 403, 409])
            .build(),
        op("delete", "/api/v1/tokens/{id}", "tokens", "revokeToken", "Revoke an API token", Caller)
            .path_id("id", "Token id.")
            .ok(204, "Revoked.", None)
            .errors(&[401, 403, 404])
            .build(),
        audit_filters(op("get", "/api/v1/audit", "audit", "searchAudit", "Search the audit log", PanelAdmin))
            .query("before", integer.clone(), "Keyset cursor: the previous page's `next_before`.")
            .query("limit", integer.clone(), "1-500, default 50.")
            .ok(200, "A page, newest first.", Some("AuditPage"))
            .errors(&[400, 401, 403])
            .build(),
        op("get", "/api/v1/audit/verify", "audit", "verifyAudit", "Walk the hash chain", PanelAdmin)
            .ok(200, "Whether the chain holds, and the first row that does not.", Some("ChainReport"))
            .errors(&[401, 403])
            .build(),
        audit_filters(op("get", "/api/v1/audit/export.ndjson", "audit", "exportAuditNdjson", "Export the audit log (NDJSON)", PanelAdmin))
            .ok_text("application/x-ndjson", "One AuditEntry per line, oldest first, streamed.")
            .errors(&[400, 401, 403])
            .build(),
        audit_filters(op("get", "/api/v1/audit/export.csv", "audit", "exportAuditCsv", "Export the audit log (CSV)", PanelAdmin))
            .ok_text("text/csv", "One row per entry, oldest first, streamed.")
            .errors(&[400, 401, 403])
            .build(),
        op("post", "/api/v1/audit/{id}/check-secret", "audit", "checkAuditSecret", "Was a secret set to this value?", PanelAdmin)
            .describe("Compares a value with the keyed hash the audit row kept instead of the secret.")
            .path_id("id", "Audit row id.")
            .body("SecretCheck")
            .ok(200, "Whether it matches.", Some("SecretCheckResult"))
            .errors(&[400, 401, 403, 404])
            .build(),
        op("get", "/api/v1/actions", "actions", "listActions", "The 58 cloud actions", Caller)
            .describe("Each with its minimum role and whether the caller's role is enough.")
            .ok_list("The catalog.", "ActionInfo")
            .errors(&[401])
            .build(),
        op("get", "/api/v1/clusters", "clusters", "listClusters", "List clusters (cached)", Role("viewer"))
            .describe(
                "From the cached snapshots, never the cloud: each item says when it was read \
                 (`fetched_at`, `age_seconds`). A token limited to clusters sees only those.",
            )
            .query("region", string.clone(), "Only this region.")
            .query("status", string.clone(), "Only this status (`Running`, `Creating`, ...).")
            .query("name", string.clone(), "Only names containing this (case-insensitive).")
            .query("tag", string.clone(), "`key` (any value) or `key=value`.")
            .query("include_deleted", boolean.clone(), "Also clusters the cloud no longer lists.")
            .ok(200, "The clusters, by region then name.", Some("ClusterList"))
            .errors(&[400, 401, 403])
            .build(),
        op("get", "/api/v1/clusters/{id}", "clusters", "getCluster", "One cluster's snapshot", Role("viewer"))
            .describe(
                "The cluster, data centers, nodes, contact points, whitelist groups, security \
                 groups, parameters, backup plans and tags, with the snapshot's age. \
                 `fresh=true` reads the cloud now (and stores the result) first.",
            )
            .path_id("id", "Cluster id.")
            .query("fresh", boolean, "Ask the cloud now instead of answering the cache.")
            .ok(200, "The snapshot.", Some("ClusterDetail"))
            .errors(&[400, 401, 403, 404, 429, 502, 504])
            .build(),
        op("get", "/api/v1/clusters/{id}/timeline", "clusters", "getClusterTimeline", "A cluster's configuration timeline", Role("viewer"))
            .describe("One entry per configuration seen (a refresh that finds nothing new adds none), newest first.")
            .path_id("id", "Cluster id.")
            .query("before", integer.clone(), "Keyset cursor: the previous page's `next_before`.")
            .query("limit", integer, "1-100, default 20.")
            .ok(200, "A page of the timeline.", Some("TimelinePage"))
            .errors(&[400, 401, 403, 404])
            .build(),
    ]
}
