//! Security: the IP whitelist (legacy single list and named groups) and security groups.

use shared::actions::{
    DescribeIpWhitelistGroupsRequest, DescribeIpWhitelistGroupsResponse,
    DescribeIpWhitelistRequest, DescribeIpWhitelistResponse, DescribeSecurityGroupsRequest,
    DescribeSecurityGroupsResponse, Ip, IpWhitelistGroup, ModifyIpWhitelistGroupRequest,
    ModifyIpWhitelistGroupResponse, ModifyIpWhitelistRequest, ModifyIpWhitelistResponse,
    ModifySecurityGroupsRequest, ModifySecurityGroupsResponse, SecurityGroupId,
};
use shared::rules::{IpList, IpVersion, SecurityGroupIds, WhitelistGroupName};

use crate::ApiError;
use crate::world::Call;
use crate::world::model::WhitelistGroup;
use crate::world::provision::DEFAULT_WHITELIST_GROUP;
use crate::world::validation::{field, fields};

fn entries(list: &IpList) -> Vec<String> {
    list.entries().iter().map(ToString::to_string).collect()
}

/// Sets the legacy whitelist, which is the `default` group. It takes any mix of versions; the
/// group reports IpVersion 6 only when every entry is IPv6.
pub fn modify_ip_whitelist(
    call: &mut Call<'_>,
    req: ModifyIpWhitelistRequest,
) -> Result<ModifyIpWhitelistResponse, ApiError> {
    let list = fields(IpList::parse(&req.ip_list).map_err(|error| error.at("IpList")))?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_serving()?;
    let all_v6 = list
        .entries()
        .iter()
        .all(|entry| entry.version() == IpVersion::V6);
    let ip_version = if all_v6 { IpVersion::V6 } else { IpVersion::V4 };
    cluster.whitelist.insert(
        DEFAULT_WHITELIST_GROUP.to_owned(),
        WhitelistGroup {
            ip_version,
            ips: entries(&list),
        },
    );
    Ok(ModifyIpWhitelistResponse::default())
}

pub fn describe_ip_whitelist(
    call: &mut Call<'_>,
    req: DescribeIpWhitelistRequest,
) -> Result<DescribeIpWhitelistResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let ips = cluster
        .whitelist
        .get(DEFAULT_WHITELIST_GROUP)
        .map(|group| group.ips.iter().map(|ip| Ip(ip.clone())).collect())
        .unwrap_or_default();
    Ok(DescribeIpWhitelistResponse {
        ip_list: ips,
        ..Default::default()
    })
}

pub fn describe_ip_whitelist_groups(
    call: &mut Call<'_>,
    req: DescribeIpWhitelistGroupsRequest,
) -> Result<DescribeIpWhitelistGroupsResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let groups = cluster
        .whitelist
        .iter()
        .map(|(name, group)| IpWhitelistGroup {
            group_name: Some(name.clone()),
            ip_list: group.ips.iter().map(|ip| Ip(ip.clone())).collect(),
            ip_version: Some(group.ip_version.number()),
        })
        .collect();
    Ok(DescribeIpWhitelistGroupsResponse {
        groups,
        ..Default::default()
    })
}

/// Sets a group's addresses and version; a group that does not exist yet is created (the seed
/// does not say; the console works this way).
pub fn modify_ip_whitelist_group(
    call: &mut Call<'_>,
    req: ModifyIpWhitelistGroupRequest,
) -> Result<ModifyIpWhitelistGroupResponse, ApiError> {
    let name = field("GroupName", WhitelistGroupName::parse(&req.group_name))?;
    let ip_version = field("IpVersion", IpVersion::parse(req.ip_version))?;
    let list =
        fields(IpList::parse_group(&req.ip_list, ip_version).map_err(|error| error.at("IpList")))?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_serving()?;
    cluster.whitelist.insert(
        name.as_str().to_owned(),
        WhitelistGroup {
            ip_version,
            ips: entries(&list),
        },
    );
    Ok(ModifyIpWhitelistGroupResponse::default())
}

pub fn describe_security_groups(
    call: &mut Call<'_>,
    req: DescribeSecurityGroupsRequest,
) -> Result<DescribeSecurityGroupsResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let ids = cluster
        .security_groups
        .iter()
        .map(|id| SecurityGroupId(id.clone()))
        .collect();
    Ok(DescribeSecurityGroupsResponse {
        security_group_ids: ids,
        ..Default::default()
    })
}

/// Replaces the cluster's security groups (1-3, by the shared rule).
pub fn modify_security_groups(
    call: &mut Call<'_>,
    req: ModifySecurityGroupsRequest,
) -> Result<ModifySecurityGroupsResponse, ApiError> {
    let ids = field(
        "SecurityGroupIds",
        SecurityGroupIds::parse(&req.security_group_ids),
    )?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_serving()?;
    cluster.security_groups = ids.ids().to_vec();
    Ok(ModifySecurityGroupsResponse::default())
}
