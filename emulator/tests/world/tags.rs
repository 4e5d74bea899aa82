//! Tags: adding, listing with NextToken, removing; tag rules and quotas.

use shared::actions::*;
use shared::enums::ResourceType;

use crate::helpers::*;

fn tag(region: &str, ids: &[&str], tags: &[(&str, &str)]) -> TagResourcesRequest {
    TagResourcesRequest {
        region_id: region.into(),
        resource_id: ids.iter().map(|id| id.to_string()).collect(),
        tag: tags
            .iter()
            .map(|(k, v)| TagParam {
                key: k.to_string(),
                value: Some(v.to_string()),
            })
            .collect(),
    }
}

fn list(ids: &[&str], token: Option<String>) -> ListTagResourcesRequest {
    ListTagResourcesRequest {
        region_id: "cn-hangzhou".into(),
        resource_id: ids.iter().map(|id| id.to_string()).collect(),
        tag: vec![],
        next_token: token,
    }
}

#[test]
fn tags_page_with_next_token() {
    let world = TestWorld::with_config(emulator::world::WorldConfig {
        seed: 7,
        tag_page_size: 4,
        ..Default::default()
    });
    let a = world.running_cluster("tags-a");
    let b = world.running_cluster("tags-b");
    world
        .call(&tag(
            "cn-hangzhou",
            &[&a, &b],
            &[("env", "prod"), ("team", "orders"), ("tier", "")],
        ))
        .unwrap();
    world
        .call(&tag(
            "cn-hangzhou",
            &[&a],
            &[("env", "staging"), ("owner", "li")],
        ))
        .unwrap();

    let mut rows = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = world.call(&list(&[], token)).unwrap();
        pages += 1;
        assert!(page.tag_resources.len() <= 4);
        for row in page.tag_resources.0 {
            assert_eq!(row.resource_type, Some(ResourceType::Cluster));
            rows.push((
                row.resource_id.unwrap(),
                row.tag_key.unwrap(),
                row.tag_value.unwrap(),
            ));
        }
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0].0, a.clone().min(b.clone()), "resource order");
    assert!(
        rows.contains(&(a.clone(), "env".into(), "staging".into())),
        "overwritten: {rows:?}"
    );
    assert!(rows.contains(&(b.clone(), "tier".into(), String::new())));
    assert_eq!(rows.iter().filter(|r| r.0 == a).count(), 4);
    assert_eq!(rows.iter().filter(|r| r.0 == b).count(), 3);

    let only_b = world.call(&list(&[&b], None)).unwrap();
    assert_eq!(only_b.tag_resources.len(), 3);
    assert_eq!(only_b.next_token, None);
    let by_tag = ListTagResourcesRequest {
        tag: vec![TagParam {
            key: "owner".into(),
            value: None,
        }],
        ..list(&[], None)
    };
    let owners = world.call(&by_tag).unwrap().tag_resources;
    assert!(
        owners
            .iter()
            .all(|row| row.resource_id.as_deref() == Some(a.as_str()))
    );
    assert_error(
        world.call(&list(&[], Some("not-a-token".into()))),
        "InvalidNextToken",
        None,
    );

    let all_tags = world
        .call(&ListTagsRequest {
            region_id: "cn-hangzhou".into(),
        })
        .unwrap()
        .tags;
    let pairs: Vec<_> = all_tags
        .iter()
        .map(|t| (t.tag_key.clone().unwrap(), t.tag_value.clone().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("env".to_owned(), "prod".to_owned()),
            ("env".to_owned(), "staging".to_owned()),
            ("owner".to_owned(), "li".to_owned()),
            ("team".to_owned(), "orders".to_owned()),
            ("tier".to_owned(), String::new()),
        ]
    );
    let shanghai = world
        .call(&ListTagsRequest {
            region_id: "cn-shanghai".into(),
        })
        .unwrap();
    assert!(shanghai.tags.is_empty());
}

#[test]
fn untag_by_key_or_all() {
    let world = TestWorld::new();
    let a = world.running_cluster("untag-a");
    world
        .call(&tag(
            "cn-hangzhou",
            &[&a],
            &[("env", "prod"), ("team", "orders"), ("tier", "gold")],
        ))
        .unwrap();
    let untag = |keys: &[&str], all: Option<bool>| UnTagResourcesRequest {
        region_id: "cn-hangzhou".into(),
        resource_id: vec![a.clone()],
        tag_key: keys.iter().map(|k| k.to_string()).collect(),
        all,
    };
    let keys = || {
        world
            .cluster(&a)
            .tags
            .0
            .into_iter()
            .map(|t| t.key.unwrap())
            .collect::<Vec<_>>()
    };
    world.call(&untag(&["env"], Some(true))).unwrap();
    assert_eq!(keys(), ["team", "tier"], "TagKey wins over All");
    let neither = world.call(&untag(&[], Some(false)));
    assert_error(neither, "MissingParameter", Some("TagKey"));
    assert_eq!(keys(), ["team", "tier"]);
    world.call(&untag(&[], Some(true))).unwrap();
    assert!(keys().is_empty());
}

#[test]
fn tag_rules_and_quotas() {
    let world = TestWorld::new();
    let a = world.running_cluster("tag-rules");
    let check =
        |request: TagResourcesRequest, code: &str, field: Option<&str>, rule: Option<&str>| {
            let error = assert_error(world.call(&request), code, field);
            if let Some(rule) = rule {
                assert_eq!(rule_of(&error), rule, "{error:?}");
            }
        };
    check(
        tag("cn-hangzhou", &[&a], &[("aliyun:owner", "x")]),
        "InvalidParameter",
        Some("Tag.1.Key"),
        Some("tag.key_reserved"),
    );
    check(
        tag("cn-hangzhou", &[&a], &[("k", "v"), ("k", "w")]),
        "InvalidParameter",
        Some("Tag.2.Key"),
        Some("tag.key_duplicate"),
    );
    let long = "v".repeat(129);
    check(
        tag("cn-hangzhou", &[&a], &[("k", &long)]),
        "InvalidParameter",
        Some("Tag.1.Value"),
        Some("tag.value_length"),
    );
    check(
        tag("cn-hangzhou", &[&a], &[]),
        "InvalidParameter",
        Some("Tag"),
        Some("tag.count"),
    );
    check(
        tag("cn-shanghai", &[&a], &[("k", "v")]),
        "InvalidResourceId.NotFound",
        None,
        None,
    );
    check(
        tag("cn-hangzhou", &[&a, "cds-bp1missing000000"], &[("k", "v")]),
        "InvalidResourceId.NotFound",
        None,
        None,
    );
    check(
        tag("mars-1", &[&a], &[("k", "v")]),
        "InvalidRegionId.NotFound",
        None,
        None,
    );

    let keys: Vec<String> = (0..20).map(|i| format!("k{i:02}")).collect();
    let twenty: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "v")).collect();
    world.call(&tag("cn-hangzhou", &[&a], &twenty)).unwrap();
    world
        .call(&tag("cn-hangzhou", &[&a], &[("k00", "changed")]))
        .unwrap();
    check(
        tag("cn-hangzhou", &[&a], &[("one-more", "v")]),
        "QuotaExceeded.Tags",
        None,
        None,
    );
    assert_eq!(world.cluster(&a).tags.len(), 20);
}
