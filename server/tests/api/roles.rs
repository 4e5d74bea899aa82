//! Who may call which action: every action × anonymous, viewer, operator, admin, a token
//! scoped to one cluster, an expired token. A refused call never reaches the cloud. And the
//! README's role table is the catalog's.

use std::path::PathBuf;

use cassadmin::operations::roles;
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::actions::{DescribeClustersResponse, ListTagResourcesResponse};
use shared::{ActionMeta, Role, catalog};
use sqlx::PgPool;

use crate::actions_support::{
    ClustersNamed, REGION, create_cluster_body, sample_body, spawn_panel, user_session,
};
use crate::helpers::As;

/// The cluster the scoped token may touch, and one it may not (neither needs to exist).
const IN_SCOPE: &str = "cds-inscope00000001";
const OUTSIDE: &str = "cds-outside00000001";
const DC: &str = "cn-hangzhou-h";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Viewer,
    Operator,
    Admin,
    /// An admin-role token limited to [`IN_SCOPE`].
    Scoped,
    /// An admin-role token past its expiry.
    Expired,
}

/// What the panel must answer: the status of a refusal, or `None` for "let it through".
fn expected_refusal(caller: Caller, meta: &ActionMeta, clusters: &[String]) -> Option<StatusCode> {
    let role = match caller {
        Caller::Anonymous | Caller::Expired => return Some(StatusCode::UNAUTHORIZED),
        Caller::Viewer => Role::Viewer,
        Caller::Operator => Role::Operator,
        Caller::Admin | Caller::Scoped => Role::Admin,
    };
    if role < meta.min_role {
        return Some(StatusCode::FORBIDDEN);
    }
    if caller == Caller::Scoped {
        let outside = clusters.iter().any(|c| c != IN_SCOPE);
        if outside || (clusters.is_empty() && meta.mutates) {
            return Some(StatusCode::FORBIDDEN);
        }
    }
    None
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn every_action_for_every_caller_with_no_unauthorised_success(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let app = &panel.app;
    let viewer = user_session(&panel, "vera", "viewer").await;
    let operator = user_session(&panel, "otto", "operator").await;
    let scoped = app
        .create_token(
            &panel.admin,
            json!({"name": "scoped", "role": "admin", "clusters": [IN_SCOPE]}),
        )
        .await;
    let expired = app
        .create_token(&panel.admin, json!({"name": "expired", "role": "admin"}))
        .await;
    sqlx::query(
        "update api_tokens set expires_at = now() - interval '1 minute' where name = 'expired'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let who = |caller: Caller| match caller {
        Caller::Anonymous => As::Anonymous,
        Caller::Viewer => As::Session(&viewer),
        Caller::Operator => As::Session(&operator),
        Caller::Admin => As::Session(&panel.admin),
        Caller::Scoped => As::Bearer(scoped.token.expose()),
        Caller::Expired => As::Bearer(expired.token.expose()),
    };

    let callers = [
        Caller::Anonymous,
        Caller::Viewer,
        Caller::Operator,
        Caller::Admin,
        Caller::Scoped,
        Caller::Expired,
    ];
    let mut refused = 0;
    let mut let_through = 0;
    let mut wrong = Vec::new();
    for meta in catalog::ALL {
        // Outside the scoped token's clusters, then (for actions naming one) inside.
        for cluster in [OUTSIDE, IN_SCOPE] {
            let body = sample_body(meta.name, cluster, DC);
            let clusters = catalog::visit(meta.name, ClustersNamed(body.clone())).unwrap();
            if cluster == IN_SCOPE && clusters.is_empty() {
                continue;
            }
            for caller in callers {
                let expected = expected_refusal(caller, meta, &clusters);
                // Background reads (nudges) name other clusters; requests naming none are
                // only ever the panel's own here (the refresher watches no region).
                let marker = clusters.first().map_or("", String::as_str);
                let calls_before = panel.cloud.counter.mentioning(meta.name, marker);
                let response = panel.action(meta.name, who(caller), &body).await;
                let status = response.status();
                let text = response.text().await.unwrap();
                let reached_cloud =
                    panel.cloud.counter.mentioning(meta.name, marker) > calls_before;
                match expected {
                    Some(refusal) => {
                        refused += 1;
                        if status != refusal || reached_cloud {
                            wrong.push(format!(
                                "{} as {caller:?} on {cluster}: want {refusal}, got {status} (reached cloud: {reached_cloud}) {text}",
                                meta.name
                            ));
                        }
                    }
                    None => {
                        let_through += 1;
                        // Let through: the panel's checks passed (the cloud may still refuse an
                        // unknown cluster, but never with the panel's 401/403 or a 400 of ours).
                        let ours = status == StatusCode::UNAUTHORIZED
                            || status == StatusCode::FORBIDDEN
                            || text.contains("\"code\":\"validation\"");
                        if ours || !reached_cloud {
                            wrong.push(format!(
                                "{} as {caller:?} on {cluster}: want it let through, got {status} (reached cloud: {reached_cloud}) {text}",
                                meta.name
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The matrix is not vacuous.
    assert!(
        refused > 200 && let_through > 100,
        "refused {refused}, let through {let_through}"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_scoped_token_sees_only_its_clusters_in_lists(pool: PgPool) {
    let panel = spawn_panel(pool).await;
    let mine = panel
        .call::<shared::actions::CreateClusterRequest>(create_cluster_body("mine"))
        .await
        .cluster_id
        .unwrap();
    let theirs = panel
        .call::<shared::actions::CreateClusterRequest>(create_cluster_body("theirs"))
        .await
        .cluster_id
        .unwrap();
    for cluster in [&mine, &theirs] {
        panel
            .call::<shared::actions::TagResourcesRequest>(
                json!({"RegionId": REGION, "ResourceId": [cluster], "Tag": [{"Key": "env", "Value": "test"}]}),
            )
            .await;
    }
    let token = panel
        .app
        .create_token(
            &panel.admin,
            json!({"name": "mine-only", "role": "operator", "clusters": [mine]}),
        )
        .await;
    let bearer = As::Bearer(token.token.expose());

    let listed: DescribeClustersResponse = panel
        .action(
            "DescribeClusters",
            bearer,
            &json!({"RegionId": REGION, "PageSize": 100}),
        )
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<_> = listed
        .clusters
        .iter()
        .filter_map(|c| c.cluster_id.clone())
        .collect();
    assert_eq!(ids, [mine.as_str()]);
    let tagged: ListTagResourcesResponse = panel
        .action(
            "ListTagResources",
            bearer,
            &json!({"RegionId": REGION, "Tag": [{"Key": "env", "Value": "test"}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(!tagged.tag_resources.is_empty());
    assert!(
        tagged
            .tag_resources
            .iter()
            .all(|r| r.resource_id.as_deref() == Some(mine.as_str()))
    );

    // Its own cluster it may change (as an operator); the other, not even read.
    let renamed = panel
        .action(
            "ModifyCluster",
            bearer,
            &json!({"ClusterId": mine, "ClusterName": "mine2"}),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let other = panel
        .action("DescribeCluster", bearer, &json!({"ClusterId": theirs}))
        .await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let both = panel
        .action(
            "UnTagResources",
            bearer,
            &json!({"RegionId": REGION, "ResourceId": [mine, theirs], "TagKey": ["env"]}),
        )
        .await;
    assert_eq!(
        both.status(),
        StatusCode::FORBIDDEN,
        "every cluster named must be in scope"
    );
    let body: Value = both.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains(&theirs));
}

fn readme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

/// Fails when the README's role table is not the catalog's. `UPDATE_README=1` rewrites it
/// (or paste the output of `cassadmin roles`).
#[test]
fn the_readme_role_table_is_the_catalogs() {
    let path = readme();
    let text = std::fs::read_to_string(&path).expect("README.md is readable");
    let table = roles::markdown_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated =
            roles::replace_section(&text, &table).expect("the README has the role markers");
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let section = roles::section(&text).unwrap_or_else(|| {
        panic!(
            "README.md lacks `{}` ... `{}` under \"## Roles\"",
            roles::BEGIN_MARKER,
            roles::END_MARKER
        )
    });
    assert_eq!(
        section,
        table.trim(),
        "README.md's role table is out of date: run `cargo run -p cassadmin -- roles` and paste \
         it between the markers, or run this test with UPDATE_README=1"
    );
}
