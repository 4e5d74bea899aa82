//! One handler per action, one module per chapter of the API reference. Each handler takes
//! the parsed request and returns the shared response type (its `request_id` left empty: the
//! gateway adds `RequestId`).

pub mod accounts;
pub mod backups;
pub mod contact_points;
pub mod dashboard;
pub mod dynamodb;
pub mod instances;
pub mod monitoring;
pub mod nodetool;
pub mod operations;
pub mod parameters;
pub mod regions;
pub mod security;
pub mod tags;

use shared::enums::DiskType;

use super::errors;
use super::offerings::{self, InstanceType, Region};
use crate::ApiError;

/// A region DescribeRegions lists.
fn region(id: &str) -> Result<&'static Region, ApiError> {
    let id = super::validation::required("RegionId", id)?;
    offerings::region(id).ok_or_else(|| errors::region_not_found(id))
}

/// A zone of `region`.
fn zone<'a>(region: &Region, zone_id: &'a str) -> Result<&'a str, ApiError> {
    let zone_id = super::validation::required("ZoneId", zone_id)?;
    if region.has_zone(zone_id) {
        Ok(zone_id)
    } else {
        Err(errors::zone_not_found(region.id, zone_id))
    }
}

/// An instance type DescribeInstanceType lists.
fn instance_type(name: &str) -> Result<&'static InstanceType, ApiError> {
    let name = super::validation::required("InstanceType", name)?;
    offerings::instance_type(name).ok_or_else(|| errors::instance_type_not_supported(name))
}

/// One of the documented disk types.
fn disk_type(disk_type: &DiskType) -> Result<DiskType, ApiError> {
    if disk_type.is_known() {
        return Ok(disk_type.clone());
    }
    let known: Vec<&str> = DiskType::KNOWN.iter().map(DiskType::as_str).collect();
    Err(ApiError::invalid_parameter_because(
        "DiskType",
        &format!("must be one of {}, not `{disk_type}`", known.join(", ")),
    ))
}
