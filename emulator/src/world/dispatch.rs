//! From an action name to its handler: one line per action.

use std::collections::BTreeMap;

use shared::Action;
use shared::actions::*;

use super::actions::{
    accounts, backups, contact_points, dashboard, dynamodb, instances, monitoring, nodetool,
    operations, parameters, regions, security, tags,
};
use super::{CallContext, World};
use crate::ApiError;

/// Lists every request type with its handler; the action name comes from the type's
/// `Action::META`, so a name is written once (in `shared`).
macro_rules! handlers {
    ($($request:ty => $handler:path,)+) => {
        /// Run the handler of `action`; `InvalidAction.NotFound` for a name we do not know.
        pub(super) fn dispatch(
            world: &World,
            action: &str,
            params: &BTreeMap<String, String>,
            ctx: &CallContext,
        ) -> Result<serde_json::Value, ApiError> {
            $(
                if action == <$request as Action>::META.name {
                    return world.run::<$request>(params, ctx, $handler);
                }
            )+
            Err(ApiError::action_not_found())
        }

        /// The names of the actions the world handles.
        #[cfg(test)]
        pub(super) const HANDLED: &[&str] = &[$(<$request as Action>::META.name,)+];
    };
}

handlers! {
    // Instance management
    CreateClusterRequest => instances::create_cluster,
    CreateDataCenterRequest => instances::create_data_center,
    DeleteClusterRequest => instances::delete_cluster,
    DescribeClusterRequest => instances::describe_cluster,
    DescribeClustersRequest => instances::describe_clusters,
    DescribeClusterStatusRequest => instances::describe_cluster_status,
    DescribeDeletedClustersRequest => instances::describe_deleted_clusters,
    DescribeDataCenterRequest => instances::describe_data_center,
    DescribeInstanceTypeRequest => instances::describe_instance_type,
    ModifyClusterRequest => instances::modify_cluster,
    ModifyInstanceMaintainTimeRequest => instances::modify_instance_maintain_time,
    ModifyInstanceTypeRequest => operations::modify_instance_type,
    PurgeClusterRequest => instances::purge_cluster,
    RebootClusterRequest => operations::reboot_cluster,
    ResizeDiskSizeRequest => operations::resize_disk_size,
    ResizeNodeCountRequest => operations::resize_node_count,
    UpgradeClusterVersionRequest => operations::upgrade_cluster_version,
    // Security
    ModifyIpWhitelistRequest => security::modify_ip_whitelist,
    DescribeIpWhitelistRequest => security::describe_ip_whitelist,
    DescribeIpWhitelistGroupsRequest => security::describe_ip_whitelist_groups,
    ModifyIpWhitelistGroupRequest => security::modify_ip_whitelist_group,
    DescribeSecurityGroupsRequest => security::describe_security_groups,
    ModifySecurityGroupsRequest => security::modify_security_groups,
    // Accounts
    DescribeAccountsRequest => accounts::describe_accounts,
    ModifyAccountPasswordRequest => accounts::modify_account_password,
    // DynamoDB
    DisableDynamoDBRequest => dynamodb::disable_dynamodb,
    EnableDynamoDBRequest => dynamodb::enable_dynamodb,
    DescribeDynamoDbEndpointsRequest => dynamodb::describe_dynamodb_endpoints,
    ReleaseDynamoDbPublicEndpointRequest => dynamodb::release_dynamodb_public_endpoint,
    AllocateDynamoDbPublicEndpointRequest => dynamodb::allocate_dynamodb_public_endpoint,
    // Regions and data centers
    DescribeRegionsRequest => regions::describe_regions,
    DeleteDataCenterRequest => regions::delete_data_center,
    ModifyDataCenterRequest => regions::modify_data_center,
    DescribeDataCentersRequest => regions::describe_data_centers,
    // Backups
    DescribeBackupRequest => backups::describe_backup,
    DeleteBackupPlanRequest => backups::delete_backup_plan,
    CreateBackupPlanRequest => backups::create_backup_plan,
    DescribeBackupPlanRequest => backups::describe_backup_plan,
    DescribeBackupsRequest => backups::describe_backups,
    ModifyBackupPlanRequest => backups::modify_backup_plan,
    DescribeBackupPlansRequest => backups::describe_backup_plans,
    // Contact points
    AllocatePublicContactPointsRequest => contact_points::allocate_public_contact_points,
    DescribeContactPointsRequest => contact_points::describe_contact_points,
    ReleasePublicContactPointsRequest => contact_points::release_public_contact_points,
    // Nodetool
    DescribeNodeToolExecutionHistoryRequest => nodetool::describe_node_tool_execution_history,
    DescribeNodeToolExecutionHistoriesRequest => nodetool::describe_node_tool_execution_histories,
    ExecuteNodeToolRequest => nodetool::execute_node_tool,
    DeleteNodeToolExecutionHistoryRequest => nodetool::delete_node_tool_execution_history,
    // Parameters
    DescribeParameterModificationHistoriesRequest =>
        parameters::describe_parameter_modification_histories,
    ModifyParameterRequest => parameters::modify_parameter,
    DescribeParametersRequest => parameters::describe_parameters,
    // Dashboard and monitoring
    DescribeClusterDashboardRequest => dashboard::describe_cluster_dashboard,
    GetCmsUrlRequest => monitoring::get_cms_url,
    // Tags and resource groups
    ListTagResourcesRequest => tags::list_tag_resources,
    ListTagsRequest => tags::list_tags,
    UnTagResourcesRequest => tags::un_tag_resources,
    TagResourcesRequest => tags::tag_resources,
    MoveResourceGroupRequest => tags::move_resource_group,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::HANDLED;

    #[test]
    fn every_catalogued_action_has_one_handler() {
        let handled: BTreeSet<&str> = HANDLED.iter().copied().collect();
        assert_eq!(handled.len(), HANDLED.len(), "an action is listed twice");
        let catalogued: BTreeSet<&str> =
            shared::catalog::ALL.iter().map(|meta| meta.name).collect();
        assert_eq!(handled, catalogued);
        assert_eq!(handled.len(), 58);
    }
}
