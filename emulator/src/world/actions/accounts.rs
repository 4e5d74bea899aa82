//! Database accounts.

use shared::actions::{
    Account, DescribeAccountsRequest, DescribeAccountsResponse, ModifyAccountPasswordRequest,
    ModifyAccountPasswordResponse,
};
use shared::rules::Password;

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::validation::field;

pub fn describe_accounts(
    call: &mut Call<'_>,
    req: DescribeAccountsRequest,
) -> Result<DescribeAccountsResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let accounts = cluster
        .accounts
        .keys()
        .map(|name| Account {
            name: Some(name.clone()),
        })
        .collect();
    Ok(DescribeAccountsResponse {
        accounts,
        ..Default::default()
    })
}

pub fn modify_account_password(
    call: &mut Call<'_>,
    req: ModifyAccountPasswordRequest,
) -> Result<ModifyAccountPasswordResponse, ApiError> {
    let password = field("Password", Password::parse(req.password.expose()))?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_serving()?;
    let slot = cluster
        .accounts
        .get_mut(&req.account)
        .ok_or_else(|| errors::account_not_found(&req.account))?;
    *slot = password.into_secret();
    Ok(ModifyAccountPasswordResponse::default())
}
