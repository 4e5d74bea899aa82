//! The catalog: every action once, in reference order, with the metadata the panel relies on.

mod common;

use std::collections::BTreeSet;

use shared::{Action, ActionMeta, ActionVisitor, Group, Role, catalog};

/// The metadata of the type `visit` resolves a name to.
struct MetaOf;

impl ActionVisitor for MetaOf {
    type Output = ActionMeta;

    fn visit<A: Action>(self) -> ActionMeta {
        A::META
    }
}

#[test]
fn lists_the_58_actions_of_the_reference_in_order() {
    let spec = common::spec();
    let names: Vec<&str> = catalog::ALL.iter().map(|m| m.name).collect();
    let reference: Vec<&str> = common::actions(&spec).iter().map(common::name).collect();
    assert_eq!(names.len(), 58);
    assert_eq!(names, reference);
    assert_eq!(
        names.iter().collect::<BTreeSet<_>>().len(),
        58,
        "names are unique"
    );
}

#[test]
fn counts_mutating_and_sdk_actions() {
    let mutating = catalog::ALL.iter().filter(|m| m.mutates).count();
    assert_eq!(mutating, 32);
    let outside_sdk: Vec<&str> = catalog::ALL
        .iter()
        .filter(|m| !m.in_sdk)
        .map(|m| m.name)
        .collect();
    assert_eq!(outside_sdk.len(), 5);
    assert!(
        outside_sdk
            .iter()
            .all(|name| catalog::meta(name).unwrap().group == Group::DynamoDb)
    );
}

#[test]
fn agrees_with_the_spec_on_mutation_and_group() {
    let spec = common::spec();
    for action in common::actions(&spec) {
        let meta = catalog::meta(common::name(action)).expect("in the catalog");
        assert_eq!(
            Some(meta.mutates),
            action["mutating"].as_bool(),
            "{}",
            meta.name
        );
        let group = match action["group"].as_str().unwrap() {
            "Instance management" => Group::Instances,
            "Security" => Group::Security,
            "Accounts" => Group::Accounts,
            "DynamoDB" => Group::DynamoDb,
            "Zones and data centers" => Group::RegionsAndDataCenters,
            "Backups" => Group::Backups,
            "Contact points" => Group::ContactPoints,
            "Nodetool" => Group::Nodetool,
            "Parameters" => Group::Parameters,
            "Dashboard" => Group::Dashboard,
            "Monitoring" => Group::Monitoring,
            "Tags" => Group::Tags,
            other => panic!("unknown group {other}"),
        };
        assert_eq!(meta.group, group, "{}", meta.name);
    }
}

#[test]
fn every_name_resolves_to_its_own_type() {
    for meta in catalog::ALL {
        let resolved = catalog::visit(meta.name, MetaOf).expect("visit knows every name");
        assert_eq!(&resolved, meta);
        assert_eq!(catalog::meta(meta.name), Some(meta));
    }
}

#[test]
fn unknown_names_resolve_to_nothing() {
    assert_eq!(catalog::meta("Nope"), None);
    assert!(catalog::visit("Nope", MetaOf).is_none());
    assert!(
        catalog::visit("describeclusters", MetaOf).is_none(),
        "names are case-sensitive"
    );
}

#[test]
fn reads_need_a_viewer_and_writes_more() {
    for meta in catalog::ALL {
        if meta.mutates {
            assert_ne!(meta.min_role, Role::Viewer, "{}", meta.name);
        } else {
            assert_eq!(meta.min_role, Role::Viewer, "{}", meta.name);
        }
    }
    let admin: BTreeSet<&str> = catalog::ALL
        .iter()
        .filter(|m| m.min_role == Role::Admin)
        .map(|m| m.name)
        .collect();
    let expected = BTreeSet::from([
        "CreateCluster",
        "CreateDataCenter",
        "DeleteCluster",
        "DeleteDataCenter",
        "ModifyAccountPassword",
        "ModifySecurityGroups",
        "MoveResourceGroup",
        "PurgeCluster",
        "UpgradeClusterVersion",
    ]);
    assert_eq!(admin, expected);
}
