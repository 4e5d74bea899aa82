//! The action-level errors of the emulated cloud: one constructor per code.
//!
//! The seed documents no action-level codes, so these follow the naming of Alibaba Cloud's
//! other database products (`InvalidDBInstanceId.NotFound`, `OperationDenied.*`,
//! `IdempotentParameterMismatch`). Input rules (bad password, name, period, IP, a disk that
//! would shrink, an unchanged node count, ...) answer `InvalidParameter` / `MissingParameter`
//! naming the field and the shared rule's code; see [`super::validation`].
//!
//! | HTTP | Code | When |
//! |---|---|---|
//! | 404 | `InvalidClusterId.NotFound` | no such cluster (or it is deleted, except for PurgeCluster) |
//! | 404 | `InvalidDataCenterId.NotFound` | no such data center in the cluster |
//! | 404 | `InvalidRegionId.NotFound` | RegionId is not one of DescribeRegions' regions |
//! | 404 | `InvalidZoneId.NotFound` | ZoneId is not a zone of the request's region |
//! | 400 | `InvalidZoneId.InUse` | the cluster already has a data center in that zone |
//! | 400 | `InvalidInstanceType.ValueNotSupported` | InstanceType is not in DescribeInstanceType |
//! | 400 | `InvalidMajorVersion.ValueNotSupported` | MajorVersion is not offered |
//! | 400 | `InvalidInstanceType.Unchanged` | ModifyInstanceType to the current type |
//! | 404 | `InvalidAccount.NotFound` | ModifyAccountPassword for an unknown account |
//! | 404 | `InvalidParameterName.NotFound` | ModifyParameter for a name DescribeParameters lacks |
//! | 404 | `InvalidBackupPlan.NotFound` | the data center has no backup plan |
//! | 404 | `InvalidBackupId.NotFound` | no backup with that id and type |
//! | 404 | `InvalidJobId.NotFound` | no nodetool job with that id in that data center |
//! | 404 | `InvalidResourceId.NotFound` | a tag call names a cluster unknown in that region |
//! | 400 | `InvalidNextToken` | ListTagResources' NextToken was not issued by us |
//! | 400 | `QuotaExceeded.Tags` | a cluster would carry more than 20 tags |
//! | 400 | `IdempotentParameterMismatch` | a ClientToken reused with different parameters |
//! | 403 | `OperationDenied.ClusterStatus` | the cluster's status forbids the action (not Running; PurgeCluster of a cluster that is not Deleted) |
//! | 403 | `OperationDenied.DataCenterStatus` | the data center is being created or deleted |
//! | 403 | `OperationDenied.OperationInProgress` | another operation is still running on the cluster |
//! | 403 | `OperationDenied.ClusterLocked` | the subscription expired (LockMode `Expired`) |
//! | 403 | `OperationDenied.LastDataCenter` | DeleteDataCenter of the only data center |
//! | 403 | `OperationDenied.LatestVersion` | UpgradeClusterVersion of a cluster already on the latest minor version |
//! | 403 | `OperationDenied.BackupPlanExists` | CreateBackupPlan where the data center has one |
//! | 403 | `OperationDenied.JobRunning` | DeleteNodeToolExecutionHistory of a job not ended |
//! | 403 | `OperationDenied.DynamoDbEnabled` | EnableDynamoDB where it is enabled |
//! | 403 | `OperationDenied.DynamoDbDisabled` | a DynamoDB call where it is not enabled |
//! | 403 | `OperationDenied.PublicEndpointExists` | allocating a public address that exists |
//! | 403 | `OperationDenied.NoPublicEndpoint` | releasing a public address that does not exist |

use shared::enums::ClusterStatus;

use crate::ApiError;

pub fn cluster_not_found(cluster_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidClusterId.NotFound",
        format!("The specified cluster \"{cluster_id}\" does not exist."),
    )
}

pub fn data_center_not_found(cluster_id: &str, data_center_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidDataCenterId.NotFound",
        format!(
            "The specified data center \"{data_center_id}\" does not exist in cluster \
             \"{cluster_id}\"."
        ),
    )
}

pub fn region_not_found(region_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidRegionId.NotFound",
        format!("The specified region \"{region_id}\" does not exist."),
    )
}

pub fn zone_not_found(region_id: &str, zone_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidZoneId.NotFound",
        format!("The specified zone \"{zone_id}\" does not exist in region \"{region_id}\"."),
    )
}

pub fn zone_in_use(cluster_id: &str, zone_id: &str) -> ApiError {
    ApiError::new(
        400,
        "InvalidZoneId.InUse",
        format!("Cluster \"{cluster_id}\" already has a data center in zone \"{zone_id}\"."),
    )
}

pub fn instance_type_not_supported(instance_type: &str) -> ApiError {
    ApiError::new(
        400,
        "InvalidInstanceType.ValueNotSupported",
        format!(
            "The specified instance type \"{instance_type}\" is not supported; \
             DescribeInstanceType lists the available types."
        ),
    )
}

pub fn instance_type_unchanged(instance_type: &str) -> ApiError {
    ApiError::new(
        400,
        "InvalidInstanceType.Unchanged",
        format!("The data center already uses instance type \"{instance_type}\"."),
    )
}

pub fn major_version_not_supported(version: &str, supported: &str) -> ApiError {
    ApiError::new(
        400,
        "InvalidMajorVersion.ValueNotSupported",
        format!(
            "The specified major version \"{version}\" is not supported (supported: {supported})."
        ),
    )
}

pub fn account_not_found(account: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidAccount.NotFound",
        format!("The specified account \"{account}\" does not exist."),
    )
}

pub fn parameter_name_not_found(name: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidParameterName.NotFound",
        format!(
            "The specified parameter name \"{name}\" does not exist; DescribeParameters lists \
             the parameters."
        ),
    )
}

pub fn backup_plan_not_found(data_center_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidBackupPlan.NotFound",
        format!("Data center \"{data_center_id}\" has no backup plan."),
    )
}

pub fn backup_not_found(backup_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidBackupId.NotFound",
        format!("The specified backup \"{backup_id}\" does not exist."),
    )
}

pub fn job_not_found(job_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidJobId.NotFound",
        format!("The specified nodetool job \"{job_id}\" does not exist."),
    )
}

pub fn resource_not_found(resource_id: &str, region_id: &str) -> ApiError {
    ApiError::new(
        404,
        "InvalidResourceId.NotFound",
        format!(
            "The specified resource \"{resource_id}\" does not exist in region \"{region_id}\"."
        ),
    )
}

pub fn invalid_next_token() -> ApiError {
    ApiError::new(
        400,
        "InvalidNextToken",
        "The specified NextToken is not valid.",
    )
}

pub fn tag_quota(resource_id: &str, max: usize) -> ApiError {
    ApiError::new(
        400,
        "QuotaExceeded.Tags",
        format!("Resource \"{resource_id}\" would carry more than {max} tags."),
    )
}

pub fn idempotent_mismatch() -> ApiError {
    ApiError::new(
        400,
        "IdempotentParameterMismatch",
        "The specified parameters differ from those of an earlier request with the same \
         ClientToken.",
    )
}

pub fn cluster_status(status: &ClusterStatus, needed: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.ClusterStatus",
        format!("The operation is not allowed while the cluster is {status}; it must be {needed}."),
    )
}

pub fn data_center_status(data_center_id: &str, status: &ClusterStatus) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.DataCenterStatus",
        format!("The operation is not allowed while data center \"{data_center_id}\" is {status}."),
    )
}

pub fn operation_in_progress(operation: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.OperationInProgress",
        format!(
            "Another operation ({operation}) is in progress on the cluster; retry when it ends."
        ),
    )
}

pub fn cluster_locked() -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.ClusterLocked",
        "The cluster is locked because its subscription expired.",
    )
}

pub fn last_data_center() -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.LastDataCenter",
        "The last data center of a cluster cannot be deleted; delete the cluster instead.",
    )
}

pub fn latest_version(minor_version: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.LatestVersion",
        format!("The cluster already runs the latest minor version ({minor_version})."),
    )
}

pub fn backup_plan_exists(data_center_id: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.BackupPlanExists",
        format!("Data center \"{data_center_id}\" already has a backup plan; modify it instead."),
    )
}

pub fn job_running(job_id: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.JobRunning",
        format!("Nodetool job \"{job_id}\" has not ended yet."),
    )
}

pub fn dynamodb_enabled(data_center_id: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.DynamoDbEnabled",
        format!("DynamoDB is already enabled on data center \"{data_center_id}\"."),
    )
}

pub fn dynamodb_disabled(data_center_id: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.DynamoDbDisabled",
        format!("DynamoDB is not enabled on data center \"{data_center_id}\"."),
    )
}

pub fn public_endpoint_exists(data_center_id: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.PublicEndpointExists",
        format!("Data center \"{data_center_id}\" already has public addresses."),
    )
}

pub fn no_public_endpoint(data_center_id: &str) -> ApiError {
    ApiError::new(
        403,
        "OperationDenied.NoPublicEndpoint",
        format!("Data center \"{data_center_id}\" has no public addresses to release."),
    )
}

#[cfg(test)]
mod tests {
    /// The table in the module documentation lists exactly the codes this module emits.
    #[test]
    fn table_lists_every_code() {
        let source = include_str!("errors.rs");
        let (docs, rest) = source
            .split_once("use shared::enums")
            .expect("module layout");
        let (code, _tests) = rest.split_once("#[cfg(test)]").expect("module layout");
        let emitted: Vec<&str> = code
            .split("ApiError::new(")
            .skip(1)
            .filter_map(|call| call.split('"').nth(1))
            .collect();
        assert!(emitted.len() >= 25, "found {emitted:?}");
        for code in emitted {
            assert!(
                docs.contains(&format!("`{code}`")),
                "{code} missing from the table"
            );
        }
    }
}
