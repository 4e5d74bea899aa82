//! Cassandra configuration parameters, their allowed values and their change history.

use shared::actions::{
    DescribeParameterModificationHistoriesRequest, DescribeParameterModificationHistoriesResponse,
    DescribeParametersRequest, DescribeParametersResponse, ModifyParameterRequest,
    ModifyParameterResponse, Parameter, ParameterHistory,
};
use shared::rules::check_parameter_value;

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::ParameterChange;
use crate::world::offerings::{self, PARAMETERS};
use crate::world::paging::Page;
use crate::world::render;
use crate::world::validation::{rejected, required};

pub fn describe_parameters(
    call: &mut Call<'_>,
    req: DescribeParametersRequest,
) -> Result<DescribeParametersResponse, ApiError> {
    let page = Page::new(req.page_number, req.page_size);
    let cluster = call.state.cluster(&req.cluster_id)?;
    let parameters = PARAMETERS
        .iter()
        .map(|def| Parameter {
            allowed_values: Some(def.allowed_values.to_owned()),
            data_type: Some(def.data_type.clone()),
            default_value: Some(def.default.to_owned()),
            description: Some(def.description.to_owned()),
            name: Some(def.name.to_owned()),
            value: Some(
                cluster
                    .parameters
                    .get(def.name)
                    .map_or(def.default, String::as_str)
                    .to_owned(),
            ),
        })
        .collect();
    let (parameters, total) = page.slice(parameters);
    Ok(DescribeParametersResponse {
        parameters: parameters.into(),
        page_number: Some(page.number),
        page_size: Some(page.size),
        total_count: Some(total),
        ..Default::default()
    })
}

/// Sets one parameter; the value must satisfy its AllowedValues. Setting the current value
/// again changes nothing and records nothing.
pub fn modify_parameter(
    call: &mut Call<'_>,
    req: ModifyParameterRequest,
) -> Result<ModifyParameterResponse, ApiError> {
    let name = required("Name", &req.name)?;
    let def = offerings::parameter(name).ok_or_else(|| errors::parameter_name_not_found(name))?;
    check_parameter_value(def.name, &req.value, def.allowed_values).map_err(|e| rejected(&e))?;
    let now = call.now;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_serving()?;
    let current = cluster
        .parameters
        .entry(def.name.to_owned())
        .or_insert_with(|| def.default.to_owned());
    if *current != req.value {
        let old_value = std::mem::replace(current, req.value.clone());
        cluster.parameter_history.push(ParameterChange {
            name: def.name.to_owned(),
            old_value,
            new_value: req.value,
            at: now,
        });
    }
    Ok(ModifyParameterResponse::default())
}

pub fn describe_parameter_modification_histories(
    call: &mut Call<'_>,
    req: DescribeParameterModificationHistoriesRequest,
) -> Result<DescribeParameterModificationHistoriesResponse, ApiError> {
    let page = Page::new(req.page_number, req.page_size);
    let cluster = call.state.cluster(&req.cluster_id)?;
    let newest_first = cluster
        .parameter_history
        .iter()
        .rev()
        .map(|change| ParameterHistory {
            name: Some(change.name.clone()),
            new_value: Some(change.new_value.clone()),
            old_value: Some(change.old_value.clone()),
            time: Some(render::epoch_ms(change.at)),
        })
        .collect();
    let (histories, total) = page.slice(newest_first);
    Ok(DescribeParameterModificationHistoriesResponse {
        histories: histories.into(),
        page_number: Some(page.number),
        page_size: Some(page.size),
        total_count: Some(total),
        ..Default::default()
    })
}
