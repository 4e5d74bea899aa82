//! Who and what may connect: whitelists, security groups, accounts, contact points and the
//! DynamoDB-compatible endpoint.

use shared::actions::*;

use crate::helpers::*;

fn groups(world: &TestWorld, id: &str) -> Vec<(String, i32, Vec<String>)> {
    let request = DescribeIpWhitelistGroupsRequest {
        cluster_id: id.into(),
    };
    world
        .call(&request)
        .unwrap()
        .groups
        .0
        .into_iter()
        .map(|g| {
            (
                g.group_name.unwrap(),
                g.ip_version.unwrap(),
                g.ip_list.0.into_iter().map(|ip| ip.0).collect(),
            )
        })
        .collect()
}

#[test]
fn whitelist_starts_with_localhost_and_is_replaced() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-wl");
    assert_eq!(
        groups(&world, &id),
        [("default".to_owned(), 4, vec!["127.0.0.1".to_owned()])]
    );

    world
        .call(&ModifyIpWhitelistRequest {
            cluster_id: id.clone(),
            ip_list: "192.168.0.23, 10.0.0.0/8".into(),
        })
        .unwrap();
    let list = world
        .call(&DescribeIpWhitelistRequest {
            cluster_id: id.clone(),
        })
        .unwrap()
        .ip_list;
    assert_eq!(
        list.iter().map(|ip| ip.0.as_str()).collect::<Vec<_>>(),
        ["192.168.0.23", "10.0.0.0/8"]
    );

    let bad = ModifyIpWhitelistRequest {
        cluster_id: id.clone(),
        ip_list: "192.168.0.23,300.1.1.1".into(),
    };
    let error = assert_error(world.call(&bad), "InvalidParameter", Some("IpList"));
    assert_eq!(rule_of(&error), "ip.format");
    assert!(error.message.contains("entry 2"), "{error:?}");
    let empty = ModifyIpWhitelistRequest {
        cluster_id: id,
        ip_list: " , ".into(),
    };
    assert_eq!(
        rule_of(&assert_error(
            world.call(&empty),
            "InvalidParameter",
            Some("IpList")
        )),
        "ip_list.empty"
    );
}

#[test]
fn whitelist_groups_keep_to_their_ip_version() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-groups");
    let group = |name: &str, version, list: &str| ModifyIpWhitelistGroupRequest {
        cluster_id: id.clone(),
        group_name: name.into(),
        ip_list: list.into(),
        ip_version: version,
    };
    world
        .call(&group("office_v6", 6, "2001:db8::/32,2001:DB8::1"))
        .unwrap();
    world.call(&group("office", 4, "42.120.74.126")).unwrap();
    assert_eq!(
        groups(&world, &id),
        [
            ("default".to_owned(), 4, vec!["127.0.0.1".to_owned()]),
            ("office".to_owned(), 4, vec!["42.120.74.126".to_owned()]),
            (
                "office_v6".to_owned(),
                6,
                vec!["2001:db8::/32".to_owned(), "2001:db8::1".to_owned()]
            ),
        ]
    );

    let error = assert_error(
        world.call(&group("office_v6", 6, "10.0.0.1")),
        "InvalidParameter",
        Some("IpList"),
    );
    assert_eq!(rule_of(&error), "ip.version_mismatch");
    let error = assert_error(
        world.call(&group("office", 5, "10.0.0.1")),
        "InvalidParameter",
        Some("IpVersion"),
    );
    assert_eq!(rule_of(&error), "ip_version");
    let error = assert_error(
        world.call(&group("Office Net", 4, "10.0.0.1")),
        "InvalidParameter",
        Some("GroupName"),
    );
    assert_eq!(rule_of(&error), "whitelist_group.name");
    assert_eq!(groups(&world, &id).len(), 3, "failed calls change nothing");
}

#[test]
fn security_groups_at_most_three() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-sg");
    let describe = || {
        world
            .call(&DescribeSecurityGroupsRequest {
                cluster_id: id.clone(),
            })
            .unwrap()
            .security_group_ids
            .0
            .into_iter()
            .map(|sg| sg.0)
            .collect::<Vec<_>>()
    };
    assert!(describe().is_empty());
    let set = |ids: &str| ModifySecurityGroupsRequest {
        cluster_id: id.clone(),
        security_group_ids: ids.into(),
    };
    world.call(&set("sg-a1,sg-b2,sg-c3")).unwrap();
    assert_eq!(describe(), ["sg-a1", "sg-b2", "sg-c3"]);
    let error = assert_error(
        world.call(&set("sg-a1,sg-b2,sg-c3,sg-d4")),
        "InvalidParameter",
        Some("SecurityGroupIds"),
    );
    assert_eq!(rule_of(&error), "security_groups.count");
    let error = assert_error(
        world.call(&set("sg-a1,default")),
        "InvalidParameter",
        Some("SecurityGroupIds"),
    );
    assert_eq!(rule_of(&error), "security_groups.format");
    assert_eq!(describe(), ["sg-a1", "sg-b2", "sg-c3"]);
}

#[test]
fn accounts_and_passwords() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-accounts");
    let accounts = world
        .call(&DescribeAccountsRequest {
            cluster_id: id.clone(),
        })
        .unwrap()
        .accounts;
    assert_eq!(
        accounts
            .iter()
            .map(|a| a.name.clone().unwrap())
            .collect::<Vec<_>>(),
        ["cassandra"]
    );

    let change = |account: &str, password: &str| ModifyAccountPasswordRequest {
        account: account.into(),
        cluster_id: id.clone(),
        password: password.into(),
    };
    world.call(&change("cassandra", "NewPassw0rd!")).unwrap();
    let error = assert_error(
        world.call(&change("cassandra", "password")),
        "InvalidParameter",
        Some("Password"),
    );
    assert_eq!(rule_of(&error), "password.classes");
    assert!(
        !error.message.contains("password\""),
        "the message never repeats the password"
    );
    let error = assert_error(
        world.call(&change("cassandra", "Alibaba@#￥**")),
        "InvalidParameter",
        Some("Password"),
    );
    assert_eq!(rule_of(&error), "password.character");
    assert_error(
        world.call(&change("nobody", "NewPassw0rd!")),
        "InvalidAccount.NotFound",
        None,
    );
}

#[test]
fn public_contact_points_are_allocated_and_released() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-cp");
    let dc = world.first_dc(&id);
    let describe = || {
        let points = world
            .call(&DescribeContactPointsRequest {
                cluster_id: id.clone(),
            })
            .unwrap()
            .contact_points;
        assert_eq!(points.len(), 1);
        points.0.into_iter().next().unwrap()
    };
    let point = describe();
    assert_eq!(point.port, Some(9042));
    assert_eq!(point.data_center_id.as_deref(), Some(dc.as_str()));
    assert_eq!(point.private_addresses.len(), 3);
    assert_eq!(
        point.private_addresses[0].0,
        format!("{id}-1-core-001.cassandra.rds.aliyuncs.com")
    );
    assert!(point.public_addresses.is_empty());

    let allocate = AllocatePublicContactPointsRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
        client_token: Some("cp-1".into()),
    };
    world.call(&allocate).unwrap();
    world.call(&allocate).unwrap(); // the same ClientToken: the same (successful) answer
    let public = describe().public_addresses;
    assert_eq!(public.len(), 3);
    let short = id.trim_start_matches("cds-");
    assert_eq!(
        public[0].0,
        format!("cds-proxy-pub-{short}-1-core-001.cassandra.rds.aliyuncs.com")
    );
    let twice = AllocatePublicContactPointsRequest {
        client_token: None,
        ..allocate.clone()
    };
    assert_error(
        world.call(&twice),
        "OperationDenied.PublicEndpointExists",
        None,
    );

    let release = ReleasePublicContactPointsRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
    };
    world.call(&release).unwrap();
    assert!(describe().public_addresses.is_empty());
    assert_error(
        world.call(&release),
        "OperationDenied.NoPublicEndpoint",
        None,
    );
    let unknown = ReleasePublicContactPointsRequest {
        cluster_id: id.clone(),
        data_center_id: "cn-hangzhou-q".into(),
    };
    assert_error(world.call(&unknown), "InvalidDataCenterId.NotFound", None);
}

#[test]
fn dynamodb_is_enabled_exposed_and_released() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-ddb");
    let dc = world.first_dc(&id);
    let endpoints = || {
        world
            .call(&DescribeDynamoDbEndpointsRequest {
                cluster_id: id.clone(),
            })
            .unwrap()
            .endpoints
            .0
    };
    assert!(endpoints().is_empty());
    let allocate = AllocateDynamoDbPublicEndpointRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
    };
    assert_error(
        world.call(&allocate),
        "OperationDenied.DynamoDbDisabled",
        None,
    );

    let enable = EnableDynamoDBRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
    };
    world.call(&enable).unwrap();
    assert_error(world.call(&enable), "OperationDenied.DynamoDbEnabled", None);
    let endpoint = &endpoints()[0];
    let private = format!("{id}-1-proxy-dynamodb.cassandra.rds.aliyuncs.com");
    assert_eq!(endpoint.address.as_deref(), Some(private.as_str()));
    assert_eq!(endpoint.private_address.as_deref(), Some(private.as_str()));
    assert_eq!(
        (endpoint.port, endpoint.public_address.as_deref()),
        (Some(80), None)
    );
    assert_eq!(endpoint.data_center_id.as_deref(), Some(dc.as_str()));

    world.call(&allocate).unwrap();
    let public = format!("{id}-1-proxy-dynamodb-pub.cassandra.rds.aliyuncs.com");
    assert_eq!(
        endpoints()[0].public_address.as_deref(),
        Some(public.as_str())
    );
    assert_error(
        world.call(&allocate),
        "OperationDenied.PublicEndpointExists",
        None,
    );

    let release = ReleaseDynamoDbPublicEndpointRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
    };
    world.call(&release).unwrap();
    assert_eq!(endpoints()[0].public_address, None);
    assert_error(
        world.call(&release),
        "OperationDenied.NoPublicEndpoint",
        None,
    );

    world
        .call(&DisableDynamoDBRequest {
            cluster_id: id.clone(),
            data_center_id: dc.clone(),
        })
        .unwrap();
    assert!(endpoints().is_empty());
    let disable = DisableDynamoDBRequest {
        cluster_id: id,
        data_center_id: dc,
    };
    assert_error(
        world.call(&disable),
        "OperationDenied.DynamoDbDisabled",
        None,
    );
}
