//! Describing clusters, data centers, regions and offerings; renaming; not-found errors.

use shared::actions::*;
use shared::enums::{AcceptLanguage, ClusterStatus, DiskType, LockMode, PayType};

use crate::helpers::*;

#[test]
fn describe_cluster_reports_what_was_created() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-describe");
    let cluster = world.cluster(&id);
    assert_eq!(cluster.cluster_id.as_deref(), Some(id.as_str()));
    assert_eq!(cluster.cluster_name.as_deref(), Some("apitest"));
    assert_eq!(
        cluster.created_time.as_deref(),
        Some("2024-03-04T08:00:00Z")
    );
    assert_eq!(cluster.data_center_count, Some(1));
    assert_eq!(cluster.major_version.as_deref(), Some("3.11"));
    assert_eq!(cluster.pay_type, Some(PayType::PayAsYouGo));
    assert_eq!(cluster.lock_mode, Some(LockMode::None));
    assert_eq!(cluster.resource_group_id.as_deref(), Some("rg-default"));
    assert_eq!(cluster.maintain_start_time.as_deref(), Some("2:00Z"));
    assert_eq!(cluster.maintain_end_time.as_deref(), Some("4:00Z"));
    // Pay-as-you-go has no expiry and no renewal.
    assert_eq!(
        (
            cluster.expire_time,
            cluster.auto_renewal,
            cluster.auto_renew_period
        ),
        (None, None, None)
    );

    let status = world.call(&cluster_status(&id)).unwrap();
    assert_eq!(status.created_time.as_deref(), Some("2024-03-04T08:00:00Z"));
    assert_eq!(status.status, Some(ClusterStatus::Running));
}

#[test]
fn data_centers_describe_their_configuration() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-dcs");
    let listed = world.data_centers(&id);
    assert_eq!(listed.len(), 1);
    let dc = &listed[0];
    assert_eq!(dc.data_center_id.as_deref(), Some("cn-hangzhou-h"));
    assert_eq!(dc.zone_id.as_deref(), Some("cn-hangzhou-h"));
    assert_eq!(dc.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(dc.cluster_id.as_deref(), Some(id.as_str()));
    assert_eq!(dc.commodity_instance.as_deref(), Some(id.as_str()));
    assert_eq!(dc.instance_type.as_deref(), Some("cassandra.c.xlarge"));
    assert_eq!(dc.disk_type, Some(DiskType::CloudSsd));
    assert_eq!((dc.disk_size, dc.node_count), (Some(160), Some(3)));
    assert_eq!(dc.vpc_id.as_deref(), Some("vpc-bp1oxxxxxxxxxxgzv26cd"));
    assert_eq!(dc.vswitch_id.as_deref(), Some("vsw-oqscxxxxxxxxxxxxx5e8c"));
    assert_eq!(dc.status, Some(ClusterStatus::Running));

    let one = world
        .call(&DescribeDataCenterRequest {
            cluster_id: id.clone(),
            data_center_id: "cn-hangzhou-h".into(),
        })
        .unwrap();
    assert_eq!(&one.data_center, dc);

    world
        .call(&ModifyDataCenterRequest {
            cluster_id: id.clone(),
            data_center_id: "cn-hangzhou-h".into(),
            data_center_name: Some("primary".into()),
        })
        .unwrap();
    assert_eq!(
        world.data_centers(&id)[0].data_center_name.as_deref(),
        Some("primary")
    );
}

#[test]
fn describe_clusters_pages_and_filters() {
    let world = TestWorld::new();
    let ids: Vec<String> = (0..5)
        .map(|i| {
            let id = world.create(CreateClusterRequest {
                cluster_name: Some(format!("pager{i}")),
                ..create_cluster(&format!("page-{i}"))
            });
            world.advance(10);
            id
        })
        .collect();
    world.create(CreateClusterRequest {
        region_id: "cn-shanghai".into(),
        zone_id: "cn-shanghai-e".into(),
        cluster_name: Some("elsewhere".into()),
        ..create_cluster("page-sh")
    });

    let page = |number, size| DescribeClustersRequest {
        page_number: Some(number),
        page_size: Some(size),
        ..list_clusters(Some("cn-hangzhou"))
    };
    let first = world.call(&page(1, 2)).unwrap();
    assert_eq!(
        (first.page_number, first.page_size, first.total_count),
        (Some(1), Some(2), Some(5))
    );
    let names = |r: &DescribeClustersResponse| -> Vec<String> {
        r.clusters
            .iter()
            .map(|c| c.cluster_name.clone().unwrap())
            .collect()
    };
    // Newest first.
    assert_eq!(names(&first), ["pager4", "pager3"]);
    assert_eq!(names(&world.call(&page(3, 2)).unwrap()), ["pager0"]);
    assert!(world.call(&page(4, 2)).unwrap().clusters.is_empty());
    assert_eq!(
        world.call(&list_clusters(None)).unwrap().total_count,
        Some(6)
    );

    let by_name = DescribeClustersRequest {
        cluster_name: Some("pager2".into()),
        ..list_clusters(None)
    };
    let found = world.call(&by_name).unwrap();
    assert_eq!(found.total_count, Some(1));
    assert_eq!(
        found.clusters[0].cluster_id.as_deref(),
        Some(ids[2].as_str())
    );

    let zero = world.call(&page(0, 10));
    let error = assert_error(zero, "InvalidParameter", Some("PageNumber"));
    assert_eq!(rule_of(&error), "page.number");
    assert_error(
        world.call(&list_clusters(Some("mars-1"))),
        "InvalidRegionId.NotFound",
        None,
    );
}

#[test]
fn describe_clusters_filters_by_tag_and_resource_group() {
    let world = TestWorld::new();
    let a = world.running_cluster("rg-a");
    let b = world.running_cluster("rg-b");
    world
        .call(&MoveResourceGroupRequest {
            cluster_id: b.clone(),
            new_resource_group_id: "rg-acfmtest0001".into(),
        })
        .unwrap();
    world
        .call(&TagResourcesRequest {
            region_id: "cn-hangzhou".into(),
            resource_id: vec![a.clone()],
            tag: vec![TagParam {
                key: "env".into(),
                value: Some("prod".into()),
            }],
        })
        .unwrap();
    let in_group = DescribeClustersRequest {
        resource_group_id: Some("rg-acfmtest0001".into()),
        ..list_clusters(None)
    };
    let found = world.call(&in_group).unwrap();
    let ids: Vec<_> = found
        .clusters
        .iter()
        .map(|c| c.cluster_id.as_deref())
        .collect();
    assert_eq!(ids, [Some(b.as_str())]);
    assert_eq!(
        world.cluster(&b).resource_group_id.as_deref(),
        Some("rg-acfmtest0001")
    );

    let tagged = |value: Option<&str>| DescribeClustersRequest {
        tag: vec![TagParam {
            key: "env".into(),
            value: value.map(Into::into),
        }],
        ..list_clusters(None)
    };
    let found = world.call(&tagged(Some("prod"))).unwrap();
    assert_eq!(found.total_count, Some(1));
    assert_eq!(found.clusters[0].cluster_id.as_deref(), Some(a.as_str()));
    let tags = &found.clusters[0].tags;
    assert_eq!(
        (tags[0].key.as_deref(), tags[0].value.as_deref()),
        (Some("env"), Some("prod"))
    );
    assert_eq!(world.call(&tagged(None)).unwrap().total_count, Some(1));
    assert_eq!(
        world.call(&tagged(Some("dev"))).unwrap().total_count,
        Some(0)
    );

    let bad = MoveResourceGroupRequest {
        cluster_id: a,
        new_resource_group_id: "group 1".into(),
    };
    assert_error(
        world.call(&bad),
        "InvalidParameter",
        Some("NewResourceGroupId"),
    );
}

#[test]
fn modify_cluster_renames_and_sets_the_maintenance_window() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-modify");
    world
        .call(&ModifyClusterRequest {
            cluster_id: id.clone(),
            cluster_name: Some("订单-prod.1".into()),
        })
        .unwrap();
    let nameless = ModifyClusterRequest {
        cluster_id: id.clone(),
        cluster_name: None,
    };
    assert_error(
        world.call(&nameless),
        "MissingParameter",
        Some("ClusterName"),
    );
    assert_eq!(
        world.cluster(&id).cluster_name.as_deref(),
        Some("订单-prod.1")
    );

    let window = |start: &str, end: &str| ModifyInstanceMaintainTimeRequest {
        cluster_id: id.clone(),
        maintain_start_time: start.into(),
        maintain_end_time: end.into(),
    };
    world.call(&window("22:00", "1:30")).unwrap();
    let cluster = world.cluster(&id);
    assert_eq!(cluster.maintain_start_time.as_deref(), Some("22:00Z"));
    assert_eq!(cluster.maintain_end_time.as_deref(), Some("1:30Z"));
    let error = assert_error(
        world.call(&window("25:00", "1:00")),
        "InvalidParameter",
        Some("MaintainStartTime"),
    );
    assert_eq!(rule_of(&error), "time.format");
    let error = assert_error(
        world.call(&window("3:00", "3:00")),
        "InvalidParameter",
        Some("MaintainEndTime"),
    );
    assert_eq!(rule_of(&error), "maintenance_window.empty");
}

#[test]
fn instance_types_and_regions() {
    let world = TestWorld::new();
    let all = world
        .call(&DescribeInstanceTypeRequest {
            instance_type: String::new(),
        })
        .unwrap();
    assert!(all.instance_type_spec_list.len() >= 6);
    let large = world
        .call(&DescribeInstanceTypeRequest {
            instance_type: "cassandra.c.large".into(),
        })
        .unwrap();
    let spec = &large.instance_type_spec_list[0];
    assert_eq!(
        (spec.instance_type.as_deref(), spec.cpu_size, spec.mem_size),
        (Some("cassandra.c.large"), Some(2), Some(4))
    );
    let none = world
        .call(&DescribeInstanceTypeRequest {
            instance_type: "cassandra.z.tiny".into(),
        })
        .unwrap();
    assert!(none.instance_type_spec_list.is_empty());

    let chinese = world
        .call(&DescribeRegionsRequest {
            accept_language: None,
        })
        .unwrap();
    assert_eq!(chinese.regions.len(), 7);
    let hangzhou = &chinese.regions[0];
    assert_eq!(hangzhou.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(hangzhou.local_name.as_deref(), Some("华东1（杭州）"));
    assert_eq!(
        hangzhou.region_endpoint.as_deref(),
        Some("cassandra.aliyuncs.com")
    );
    assert_eq!(hangzhou.zones[0].id.as_deref(), Some("cn-hangzhou-h"));
    assert_eq!(hangzhou.zones.len(), 6);
    let english = world
        .call(&DescribeRegionsRequest {
            accept_language: Some(AcceptLanguage::EnUs),
        })
        .unwrap();
    assert_eq!(english.regions[6].local_name.as_deref(), Some("Singapore"));
}

#[test]
fn unknown_clusters_and_data_centers_are_not_found() {
    let world = TestWorld::new();
    let error = assert_error(
        world.call(&cluster_status("cds-bp1nosuchcluster0")),
        "InvalidClusterId.NotFound",
        None,
    );
    assert_eq!(error.status, 404);
    assert!(error.message.contains("cds-bp1nosuchcluster0"));
    let id = world.running_cluster("token-404");
    let dc = DescribeDataCenterRequest {
        cluster_id: id.clone(),
        data_center_id: "cn-hangzhou-b".into(),
    };
    assert_eq!(
        assert_error(world.call(&dc), "InvalidDataCenterId.NotFound", None).status,
        404
    );
    let resize = ResizeNodeCountRequest {
        cluster_id: id,
        data_center_id: "nope".into(),
        node_count: 4,
    };
    assert_error(world.call(&resize), "InvalidDataCenterId.NotFound", None);
    let missing = world.raw("DescribeCluster", &[]);
    assert_error(missing, "MissingParameter", Some("ClusterId"));
    let empty = world.raw("DescribeCluster", &[("ClusterId", "")]);
    assert_error(empty, "MissingParameter", Some("ClusterId"));
    let unknown = world.raw("DescribeEverything", &[]);
    assert_error(unknown, "InvalidAction.NotFound", None);
}

#[test]
fn create_rejects_unknown_places_and_offerings() {
    let world = TestWorld::new();
    let region = CreateClusterRequest {
        region_id: "mars-1".into(),
        ..create_cluster("bad-1")
    };
    assert_eq!(
        assert_error(world.call(&region), "InvalidRegionId.NotFound", None).status,
        404
    );
    let zone = CreateClusterRequest {
        zone_id: "cn-shanghai-e".into(),
        ..create_cluster("bad-2")
    };
    assert_error(world.call(&zone), "InvalidZoneId.NotFound", None);
    let kind = CreateClusterRequest {
        instance_type: "cassandra.q.large".into(),
        ..create_cluster("bad-3")
    };
    assert_error(
        world.call(&kind),
        "InvalidInstanceType.ValueNotSupported",
        None,
    );
    let version = CreateClusterRequest {
        major_version: "2.2".into(),
        ..create_cluster("bad-4")
    };
    assert_error(
        world.call(&version),
        "InvalidMajorVersion.ValueNotSupported",
        None,
    );
    let disk = CreateClusterRequest {
        disk_type: DiskType::Other("floppy".into()),
        ..create_cluster("bad-5")
    };
    assert_error(world.call(&disk), "InvalidParameter", Some("DiskType"));
    let missing_vpc = world.raw(
        "CreateCluster",
        &[
            ("ClientToken", "bad-6"),
            ("DiskSize", "160"),
            ("DiskType", "cloud_ssd"),
            ("InstanceType", "cassandra.c.large"),
        ],
    );
    assert_error(missing_vpc, "MissingParameter", None);
    assert_eq!(
        world.call(&list_clusters(None)).unwrap().total_count,
        Some(0),
        "nothing was created"
    );
}

#[test]
fn get_cms_url_points_at_the_cluster() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-cms");
    let url = world
        .call(&GetCmsUrlRequest {
            cluster_id: id.clone(),
        })
        .unwrap()
        .url
        .unwrap();
    assert!(
        url.starts_with(&format!(
            "https://cloudmonitor.console.aliyun.com?instanceId={id}#/group/groupId="
        )),
        "{url}"
    );
    assert!(url.contains("-cassandra/groupdashboard/cds//"), "{url}");
    assert_eq!(
        world
            .call(&GetCmsUrlRequest { cluster_id: id })
            .unwrap()
            .url
            .unwrap(),
        url,
        "stable"
    );
}

#[test]
fn demo_world_has_clusters_in_various_states() {
    let world = TestWorld::demo();
    let clusters = world.call(&list_clusters(None)).unwrap();
    assert_eq!(clusters.total_count, Some(3));
    let statuses: Vec<_> = clusters
        .clusters
        .iter()
        .map(|c| c.status.clone().unwrap())
        .collect();
    assert!(statuses.contains(&ClusterStatus::Creating), "{statuses:?}");
    assert!(statuses.contains(&ClusterStatus::Running));
    assert!(clusters.clusters.iter().all(|c| !c.tags.is_empty()));
    let regions: Vec<_> = clusters
        .clusters
        .iter()
        .map(|c| c.cluster_id.clone().unwrap())
        .collect();
    assert!(
        regions.iter().any(|id| id.starts_with("cds-bp1"))
            && regions.iter().any(|id| id.starts_with("cds-uf6"))
    );
    let deleted = world
        .call(&DescribeDeletedClustersRequest {
            region_id: None,
            page_number: None,
            page_size: None,
        })
        .unwrap();
    assert_eq!(deleted.total_count, Some(1));

    let creating = clusters
        .clusters
        .iter()
        .find(|c| c.status == Some(ClusterStatus::Creating))
        .unwrap();
    let creating = creating.cluster_id.clone().unwrap();
    world.advance(60);
    assert_eq!(world.status(&creating), "Running");

    // Same seed, same demo.
    let again = TestWorld::demo();
    let ids = |w: &TestWorld| -> Vec<_> {
        w.call(&list_clusters(None))
            .unwrap()
            .clusters
            .0
            .into_iter()
            .map(|c| c.cluster_id)
            .collect()
    };
    assert_eq!(ids(&world), ids(&again));
}
