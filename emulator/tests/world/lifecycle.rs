//! Clusters and data centers moving through their states on the clock.

use shared::actions::*;
use shared::enums::{ClusterStatus, LockMode, NodeStatus, PayType, PeriodUnit};

use crate::helpers::*;

fn dashboard(world: &TestWorld, cluster_id: &str) -> Vec<(String, Vec<NodeStatus>)> {
    let request = DescribeClusterDashboardRequest {
        cluster_id: cluster_id.into(),
    };
    let dashboard = world.call(&request).unwrap().dashboard.unwrap();
    assert_eq!(dashboard.cluster_id.as_deref(), Some(cluster_id));
    dashboard
        .data_centers
        .0
        .into_iter()
        .map(|dc| {
            let statuses = dc
                .nodes
                .0
                .into_iter()
                .map(|node| node.status.unwrap())
                .collect();
            (dc.data_center_id.unwrap(), statuses)
        })
        .collect()
}

#[test]
fn create_is_creating_then_running_after_the_simulated_minute() {
    let world = TestWorld::new();
    let id = world.create(create_cluster("token-lifecycle"));
    assert!(id.starts_with("cds-bp1") && id.len() == 20, "{id}");
    assert_eq!(world.status(&id), "Creating");
    let dcs = world.data_centers(&id);
    assert_eq!(dcs[0].status, Some(ClusterStatus::Creating));
    assert!(
        dashboard(&world, &id)[0]
            .1
            .iter()
            .all(|s| *s == NodeStatus::UpJoining)
    );

    world.advance(59);
    assert_eq!(world.status(&id), "Creating");
    world.advance(1);
    assert_eq!(world.status(&id), "Running");
    let cluster = world.cluster(&id);
    assert_eq!(cluster.status, Some(ClusterStatus::Running));
    // New clusters get the release before the latest, which stays an upgrade.
    assert_eq!(cluster.minor_version.as_deref(), Some("3.11.9"));
    assert_eq!(cluster.is_latest_version, Some(false));
    assert_eq!(dashboard(&world, &id)[0].1, vec![NodeStatus::UpNormal; 3]);
}

#[test]
fn speed_factor_divides_the_durations() {
    let world = TestWorld::new();
    world.clock.set_speed(60.0);
    let id = world.create(create_cluster("token-fast"));
    world.advance(1);
    assert_eq!(world.status(&id), "Running");
}

#[test]
fn delete_then_deleted_list_then_purge() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-delete");
    world
        .call(&DeleteClusterRequest {
            cluster_id: id.clone(),
        })
        .unwrap();
    assert_eq!(world.status(&id), "Deleting");
    let listed = world.call(&DescribeClustersRequest {
        region_id: Some("cn-hangzhou".into()),
        page_number: None,
        page_size: None,
        tag: vec![],
        cluster_name: None,
        resource_group_id: None,
    });
    assert_eq!(
        listed.unwrap().clusters[0].status,
        Some(ClusterStatus::Deleting)
    );
    // Purging needs the deletion to be over.
    let early = world.call(&PurgeClusterRequest {
        cluster_id: id.clone(),
    });
    assert_error(early, "OperationDenied.ClusterStatus", None);

    world.advance(30);
    assert_error(
        world.call(&cluster_status(&id)),
        "InvalidClusterId.NotFound",
        None,
    );
    let all = DescribeClustersRequest {
        region_id: None,
        page_number: None,
        page_size: None,
        tag: vec![],
        cluster_name: None,
        resource_group_id: None,
    };
    assert_eq!(world.call(&all).unwrap().total_count, Some(0));
    let deleted_request = DescribeDeletedClustersRequest {
        region_id: Some("cn-hangzhou".into()),
        page_number: None,
        page_size: None,
    };
    let deleted = world.call(&deleted_request).unwrap();
    assert_eq!(deleted.total_count, Some(1));
    assert_eq!(deleted.clusters[0].cluster_id.as_deref(), Some(id.as_str()));
    assert_eq!(deleted.clusters[0].status, Some(ClusterStatus::Deleted));
    assert_eq!(deleted.clusters[0].cluster_name.as_deref(), Some("apitest"));
    // Other regions' deleted clusters are not listed.
    let shanghai = DescribeDeletedClustersRequest {
        region_id: Some("cn-shanghai".into()),
        ..deleted_request.clone()
    };
    assert_eq!(world.call(&shanghai).unwrap().total_count, Some(0));

    world
        .call(&PurgeClusterRequest {
            cluster_id: id.clone(),
        })
        .unwrap();
    assert_eq!(world.call(&deleted_request).unwrap().total_count, Some(0));
    let again = world.call(&PurgeClusterRequest { cluster_id: id });
    assert_error(again, "InvalidClusterId.NotFound", None);
}

#[test]
fn purging_a_running_cluster_is_refused() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-purge");
    let error = assert_error(
        world.call(&PurgeClusterRequest {
            cluster_id: id.clone(),
        }),
        "OperationDenied.ClusterStatus",
        None,
    );
    assert_eq!(error.status, 403);
    assert!(
        error.message.contains("Running") && error.message.contains("Deleted"),
        "{error:?}"
    );
    assert_eq!(world.status(&id), "Running");
}

#[test]
fn the_same_client_token_gives_the_same_cluster_once() {
    let world = TestWorld::new();
    let first = world.create(create_cluster("same-token"));
    let second = world.create(create_cluster("same-token"));
    assert_eq!(first, second);
    let all = DescribeClustersRequest {
        region_id: None,
        page_number: None,
        page_size: None,
        tag: vec![],
        cluster_name: None,
        resource_group_id: None,
    };
    assert_eq!(world.call(&all).unwrap().total_count, Some(1));

    // The token is scoped to the AccessKey: another caller gets its own cluster.
    let other = world
        .as_key("LTAI5tOtherKey")
        .call(&create_cluster("same-token"))
        .unwrap();
    assert_ne!(other.cluster_id.as_deref(), Some(first.as_str()));
    assert_eq!(world.call(&all).unwrap().total_count, Some(2));

    // Reusing the token for a different request is an error, not a second cluster.
    let changed = CreateClusterRequest {
        node_count: 5,
        ..create_cluster("same-token")
    };
    assert_error(world.call(&changed), "IdempotentParameterMismatch", None);
    assert_eq!(world.call(&all).unwrap().total_count, Some(2));
}

#[test]
fn the_same_seed_gives_the_same_ids() {
    let ids = |seed| {
        let world = TestWorld::with_config(emulator::world::WorldConfig {
            seed,
            ..Default::default()
        });
        (
            world.create(create_cluster("a")),
            world.create(create_cluster("b")),
        )
    };
    assert_eq!(ids(1), ids(1));
    assert_ne!(ids(1), ids(2));
}

#[test]
fn resize_disk_grows_and_never_shrinks() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-disk");
    let dc = world.first_dc(&id);
    let resize = |size| ResizeDiskSizeRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
        disk_size: size,
    };

    let error = assert_error(
        world.call(&resize(150)),
        "InvalidParameter",
        Some("DiskSize"),
    );
    assert_eq!(rule_of(&error), "disk_size.range");
    let error = assert_error(
        world.call(&resize(160)),
        "InvalidParameter",
        Some("DiskSize"),
    );
    assert_eq!(rule_of(&error), "disk_size.grow");

    world.call(&resize(320)).unwrap();
    assert_eq!(world.status(&id), "Resizing");
    assert_eq!(
        world.data_centers(&id)[0].status,
        Some(ClusterStatus::Resizing)
    );
    assert_eq!(
        world.data_centers(&id)[0].disk_size,
        Some(160),
        "applied when done"
    );
    // One change at a time.
    let busy = assert_error(
        world.call(&resize(480)),
        "OperationDenied.OperationInProgress",
        None,
    );
    assert!(busy.message.contains("ResizeDiskSize"), "{busy:?}");

    world.advance(120);
    assert_eq!(world.status(&id), "Running");
    assert_eq!(world.data_centers(&id)[0].disk_size, Some(320));
    let error = assert_error(
        world.call(&resize(200)),
        "InvalidParameter",
        Some("DiskSize"),
    );
    assert_eq!(rule_of(&error), "disk_size.grow");
    assert!(error.message.contains("320"), "{error:?}");
}

#[test]
fn node_count_changes_move_the_dashboard() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-nodes");
    let dc = world.first_dc(&id);
    let resize = |count| ResizeNodeCountRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
        node_count: count,
    };

    let error = assert_error(
        world.call(&resize(3)),
        "InvalidParameter",
        Some("NodeCount"),
    );
    assert_eq!(rule_of(&error), "node_count.change");

    world.call(&resize(5)).unwrap();
    assert_eq!(world.status(&id), "Resizing");
    let nodes = &dashboard(&world, &id)[0].1;
    assert_eq!(
        nodes,
        &[
            NodeStatus::UpNormal,
            NodeStatus::UpNormal,
            NodeStatus::UpNormal,
            NodeStatus::UpJoining,
            NodeStatus::UpJoining,
        ]
    );
    assert_eq!(world.data_centers(&id)[0].node_count, Some(3));
    world.advance(180);
    assert_eq!(dashboard(&world, &id)[0].1, vec![NodeStatus::UpNormal; 5]);
    assert_eq!(world.data_centers(&id)[0].node_count, Some(5));

    world.call(&resize(2)).unwrap();
    let nodes = &dashboard(&world, &id)[0].1;
    assert_eq!(
        nodes
            .iter()
            .filter(|s| **s == NodeStatus::UpLeaving)
            .count(),
        3
    );
    world.advance(180);
    assert_eq!(dashboard(&world, &id)[0].1, vec![NodeStatus::UpNormal; 2]);
    // The addresses of the nodes that stayed did not change.
    let request = DescribeClusterDashboardRequest {
        cluster_id: id.clone(),
    };
    let first = world
        .call(&request)
        .unwrap()
        .dashboard
        .unwrap()
        .data_centers[0]
        .nodes[0]
        .address
        .clone();
    assert!(first.unwrap().ends_with(".10"));
}

#[test]
fn reboot_takes_nodes_down_then_up() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-reboot");
    world
        .call(&RebootClusterRequest {
            cluster_id: id.clone(),
            data_center_id: None,
        })
        .unwrap();
    assert_eq!(world.status(&id), "Restarting");
    assert_eq!(dashboard(&world, &id)[0].1, vec![NodeStatus::DownNormal; 3]);
    world.advance(60);
    assert_eq!(world.status(&id), "Running");
    assert_eq!(dashboard(&world, &id)[0].1, vec![NodeStatus::UpNormal; 3]);

    let unknown = RebootClusterRequest {
        cluster_id: id.clone(),
        data_center_id: Some("cn-hangzhou-z".into()),
    };
    assert_error(world.call(&unknown), "InvalidDataCenterId.NotFound", None);
}

#[test]
fn modify_instance_type_applies_after_resizing() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-type");
    let dc = world.first_dc(&id);
    let change = |ty: &str| ModifyInstanceTypeRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
        instance_type: ty.into(),
    };
    assert_error(
        world.call(&change("cassandra.x.huge")),
        "InvalidInstanceType.ValueNotSupported",
        None,
    );
    assert_error(
        world.call(&change("cassandra.c.xlarge")),
        "InvalidInstanceType.Unchanged",
        None,
    );
    world.call(&change("cassandra.c.2xlarge")).unwrap();
    assert_eq!(world.status(&id), "Resizing");
    world.advance(180);
    assert_eq!(
        world.data_centers(&id)[0].instance_type.as_deref(),
        Some("cassandra.c.2xlarge")
    );
}

#[test]
fn upgrade_is_refused_on_the_latest_version_and_applied_otherwise() {
    let world = TestWorld::new();
    let orders = world.running_cluster("token-upgrade");
    assert_eq!(world.cluster(&orders).is_latest_version, Some(false));
    world
        .call(&UpgradeClusterVersionRequest {
            cluster_id: orders.clone(),
        })
        .unwrap();
    assert_eq!(world.status(&orders), "Upgrading");
    world.advance(120);
    let cluster = world.cluster(&orders);
    assert_eq!(cluster.minor_version.as_deref(), Some("3.11.12"));
    assert_eq!(cluster.is_latest_version, Some(true));
    let again = world.call(&UpgradeClusterVersionRequest { cluster_id: orders });
    assert_error(again, "OperationDenied.LatestVersion", None);
}

#[test]
fn data_centers_are_added_and_deleted_but_never_the_last() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-dc");
    let first = world.first_dc(&id);
    let only = DeleteDataCenterRequest {
        cluster_id: id.clone(),
        data_center_id: first.clone(),
    };
    assert_error(world.call(&only), "OperationDenied.LastDataCenter", None);

    let added = world
        .call(&create_data_center(&id, "cn-hangzhou-i", "dc-token"))
        .unwrap();
    let second = added.data_center_id.unwrap();
    assert_eq!(second, "cn-hangzhou-i");
    let replay = world
        .call(&create_data_center(&id, "cn-hangzhou-i", "dc-token"))
        .unwrap();
    assert_eq!(replay.data_center_id.as_deref(), Some("cn-hangzhou-i"));
    assert_eq!(
        world.data_centers(&id)[1].status,
        Some(ClusterStatus::Creating)
    );
    assert_eq!(world.cluster(&id).data_center_count, Some(2));
    // The cluster is Running again only when the data center is ready.
    assert_eq!(world.status(&id), "Resizing");
    world.advance(60);
    assert_eq!(
        world.data_centers(&id)[1].status,
        Some(ClusterStatus::Running)
    );

    let same_zone = create_data_center(&id, "cn-hangzhou-i", "dc-token-2");
    assert_error(world.call(&same_zone), "InvalidZoneId.InUse", None);
    let wrong_zone = create_data_center(&id, "cn-shanghai-e", "dc-token-3");
    assert_error(world.call(&wrong_zone), "InvalidZoneId.NotFound", None);

    world
        .call(&DeleteDataCenterRequest {
            cluster_id: id.clone(),
            data_center_id: second.clone(),
        })
        .unwrap();
    assert_eq!(
        world.data_centers(&id)[1].status,
        Some(ClusterStatus::Deleting)
    );
    world.advance(30);
    let remaining: Vec<_> = world
        .data_centers(&id)
        .into_iter()
        .map(|dc| dc.data_center_id.unwrap())
        .collect();
    assert_eq!(remaining, vec![first]);
}

#[test]
fn changes_wait_for_creation() {
    let world = TestWorld::new();
    let id = world.create(create_cluster("token-wait"));
    let reboot = RebootClusterRequest {
        cluster_id: id.clone(),
        data_center_id: None,
    };
    let error = assert_error(world.call(&reboot), "OperationDenied.ClusterStatus", None);
    assert!(error.message.contains("Creating"), "{error:?}");
    assert_error(
        world.call(&DeleteClusterRequest { cluster_id: id }),
        "OperationDenied.ClusterStatus",
        None,
    );
}

#[test]
fn subscriptions_expire_into_a_lock_unless_renewed() {
    let world = TestWorld::new();
    let subscription =
        |token: &str, auto_renew: Option<bool>, renew_period: Option<i32>| CreateClusterRequest {
            pay_type: PayType::Subscription,
            period_unit: Some(PeriodUnit::Month),
            period: Some(1),
            auto_renew,
            auto_renew_period: renew_period,
            ..create_cluster(token)
        };
    let plain = world.create(subscription("sub-plain", None, None));
    let renewing = world.create(subscription("sub-renew", Some(true), Some(3)));
    world.advance(3600);
    let cluster = world.cluster(&plain);
    assert_eq!(cluster.pay_type, Some(PayType::Subscription));
    assert_eq!(cluster.expire_time.as_deref(), Some("2024-04-04T08:00:00Z"));
    assert_eq!(cluster.auto_renewal, Some(false));
    assert_eq!(cluster.auto_renew_period, None);

    world.advance(32 * 24 * 3600);
    assert_eq!(world.cluster(&plain).lock_mode, Some(LockMode::Expired));
    let resize = ResizeDiskSizeRequest {
        cluster_id: plain.clone(),
        data_center_id: world.first_dc(&plain),
        disk_size: 320,
    };
    assert_error(world.call(&resize), "OperationDenied.ClusterLocked", None);

    let renewed = world.cluster(&renewing);
    assert_eq!(renewed.lock_mode, Some(LockMode::None));
    assert_eq!(renewed.auto_renewal, Some(true));
    assert_eq!(renewed.auto_renew_period, Some(3));
    assert_eq!(renewed.expire_time.as_deref(), Some("2024-07-04T08:00:00Z"));
}
