//! Backup plans (one per data center) and the backups they take: a full one when the plan is
//! created, then one a day at BackupTime (full on BackupPeriod's days, incremental on the
//! others), each listed once it has ended and kept for RetentionPeriod days.

use serde_json::{Value, json};
use shared::actions::{
    Backup as BackupView, BackupDetail, BackupPlan as BackupPlanView, CreateBackupPlanRequest,
    CreateBackupPlanResponse, DeleteBackupPlanRequest, DeleteBackupPlanResponse,
    DescribeBackupPlanRequest, DescribeBackupPlanResponse, DescribeBackupPlansRequest,
    DescribeBackupPlansResponse, DescribeBackupRequest, DescribeBackupResponse,
    DescribeBackupsRequest, DescribeBackupsResponse, ModifyBackupPlanRequest,
    ModifyBackupPlanResponse,
};
use shared::enums::{BackupStatus, Weekday};
use shared::rules::{BackupPeriod, BackupTime, RetentionPeriod};

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::lifecycle;
use crate::world::model::{Backup, BackupPlan, Cluster, DataCenter};
use crate::world::render;
use crate::world::validation::{field, optional};

/// Backups are kept this many days unless the plan says otherwise.
const DEFAULT_RETENTION_DAYS: i32 = 7;

fn plan_view(cluster: &Cluster, dc: &DataCenter, plan: &BackupPlan) -> BackupPlanView {
    let period = match &plan.backup_period {
        Some(period) => period.to_string(),
        None => Weekday::KNOWN
            .iter()
            .map(Weekday::as_str)
            .collect::<Vec<_>>()
            .join(","),
    };
    BackupPlanView {
        active: Some(plan.active),
        backup_period: Some(period),
        backup_time: Some(plan.backup_time.to_string()),
        cluster_id: Some(cluster.id.clone()),
        created_time: Some(render::iso_minutes(plan.created_at)),
        data_center_id: Some(dc.id.clone()),
        retention_period: Some(plan.retention.days()),
    }
}

fn backup_view(cluster: &Cluster, dc: &DataCenter, backup: &Backup) -> BackupView {
    BackupView {
        backup_id: Some(backup.id.clone()),
        backup_type: Some(backup.backup_type.clone()),
        cluster_id: Some(cluster.id.clone()),
        data_center_id: Some(dc.id.clone()),
        end_time: Some(render::iso(backup.ended_at)),
        size: Some(backup.size_bytes),
        start_time: Some(render::iso(backup.started_at)),
        status: Some(BackupStatus::Succeeded),
    }
}

/// The Details string: a JSON document in Python's `json.dumps` style (`", "` and `": "`
/// separators), ending with a newline, as the seed shows it.
fn details(cluster: &Cluster, backup: &Backup) -> String {
    let fields: [(&str, Value); 8] = [
        ("name", json!(format!("{}-{}", cluster.id, backup.id))),
        ("start", json!(render::spaced(backup.started_at))),
        ("end", json!(render::spaced(backup.ended_at))),
        ("completeNodes", json!(backup.nodes)),
        ("incompleteNodes", json!([])),
        ("missingNodes", json!([])),
        ("files", json!(backup.files)),
        ("size", json!(backup.size_bytes)),
    ];
    let fields: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}: {}", Value::from(*key), python_style(value)))
        .collect();
    format!("{{{}}}\n", fields.join(", "))
}

fn python_style(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(python_style)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(key, value)| {
                    format!("{}: {}", Value::from(key.as_str()), python_style(value))
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

pub fn describe_backup(
    call: &mut Call<'_>,
    req: DescribeBackupRequest,
) -> Result<DescribeBackupResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    let backup = dc
        .backups
        .iter()
        .filter(|backup| backup.is_done(call.now))
        .find(|backup| backup.id == req.backup_id && backup.backup_type == req.backup_type)
        .ok_or_else(|| errors::backup_not_found(&req.backup_id))?;
    let view = backup_view(cluster, dc, backup);
    Ok(DescribeBackupResponse {
        backup: Some(BackupDetail {
            backup_id: view.backup_id,
            backup_type: view.backup_type,
            cluster_id: view.cluster_id,
            data_center_id: view.data_center_id,
            details: Some(details(cluster, backup)),
            end_time: view.end_time,
            size: view.size,
            start_time: view.start_time,
            status: view.status,
        }),
        ..Default::default()
    })
}

pub fn describe_backups(
    call: &mut Call<'_>,
    req: DescribeBackupsRequest,
) -> Result<DescribeBackupsResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    let backups = dc
        .backups
        .iter()
        .filter(|backup| backup.is_done(call.now) && backup.backup_type == req.backup_type)
        .map(|backup| backup_view(cluster, dc, backup))
        .collect();
    Ok(DescribeBackupsResponse {
        backups,
        ..Default::default()
    })
}

/// The schedule fields of Create/ModifyBackupPlan, checked with the shared rules.
struct Schedule {
    backup_time: BackupTime,
    backup_period: Option<BackupPeriod>,
    retention: Option<RetentionPeriod>,
}

fn schedule(
    backup_time: &str,
    backup_period: Option<&str>,
    retention: Option<i32>,
) -> Result<Schedule, ApiError> {
    Ok(Schedule {
        backup_time: field("BackupTime", BackupTime::parse(backup_time))?,
        backup_period: optional("BackupPeriod", backup_period, BackupPeriod::parse)?,
        retention: retention
            .map(|days| field("RetentionPeriod", RetentionPeriod::parse(days)))
            .transpose()?,
    })
}

pub fn create_backup_plan(
    call: &mut Call<'_>,
    req: CreateBackupPlanRequest,
) -> Result<CreateBackupPlanResponse, ApiError> {
    let schedule = schedule(
        &req.backup_time,
        req.backup_period.as_deref(),
        req.retention_period,
    )?;
    let retention = match schedule.retention {
        Some(retention) => retention,
        None => field(
            "RetentionPeriod",
            RetentionPeriod::parse(DEFAULT_RETENTION_DAYS),
        )?,
    };
    let (now, took) = (
        call.now,
        call.clock.scaled(call.config.durations.first_backup),
    );
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_data_center_serving(&req.data_center_id)?;
    let cluster_id = cluster.id.clone();
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    if dc.backup_plan.is_some() {
        return Err(errors::backup_plan_exists(&dc.id));
    }
    let active = req.active.unwrap_or(true);
    dc.backup_plan = Some(BackupPlan {
        backup_time: schedule.backup_time,
        backup_period: schedule.backup_period,
        retention,
        active,
        created_at: now,
        scheduled_after: now,
    });
    if active {
        lifecycle::first_backup(dc, &cluster_id, now, took);
    }
    Ok(CreateBackupPlanResponse::default())
}

pub fn describe_backup_plan(
    call: &mut Call<'_>,
    req: DescribeBackupPlanRequest,
) -> Result<DescribeBackupPlanResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    let plan = dc
        .backup_plan
        .as_ref()
        .ok_or_else(|| errors::backup_plan_not_found(&dc.id))?;
    Ok(DescribeBackupPlanResponse {
        backup_plan: Some(plan_view(cluster, dc, plan)),
        ..Default::default()
    })
}

pub fn describe_backup_plans(
    call: &mut Call<'_>,
    req: DescribeBackupPlansRequest,
) -> Result<DescribeBackupPlansResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let plans = cluster
        .data_centers
        .iter()
        .filter_map(|dc| {
            dc.backup_plan
                .as_ref()
                .map(|plan| plan_view(cluster, dc, plan))
        })
        .collect();
    Ok(DescribeBackupPlansResponse {
        backup_plans: plans,
        ..Default::default()
    })
}

/// Changes the schedule; omitted optional fields keep their values. Runs scheduled before now
/// are not taken retroactively.
pub fn modify_backup_plan(
    call: &mut Call<'_>,
    req: ModifyBackupPlanRequest,
) -> Result<ModifyBackupPlanResponse, ApiError> {
    let schedule = schedule(
        &req.backup_time,
        req.backup_period.as_deref(),
        req.retention_period,
    )?;
    let now = call.now;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_data_center_serving(&req.data_center_id)?;
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    let dc_id = dc.id.clone();
    let plan = dc
        .backup_plan
        .as_mut()
        .ok_or_else(|| errors::backup_plan_not_found(&dc_id))?;
    plan.backup_time = schedule.backup_time;
    if let Some(period) = schedule.backup_period {
        plan.backup_period = Some(period);
    }
    if let Some(retention) = schedule.retention {
        plan.retention = retention;
    }
    if let Some(active) = req.active {
        plan.active = active;
    }
    plan.scheduled_after = plan.scheduled_after.max(now);
    Ok(ModifyBackupPlanResponse::default())
}

/// Removes the plan; the backups it took stay until they expire.
pub fn delete_backup_plan(
    call: &mut Call<'_>,
    req: DeleteBackupPlanRequest,
) -> Result<DeleteBackupPlanResponse, ApiError> {
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    if dc.backup_plan.take().is_none() {
        return Err(errors::backup_plan_not_found(&dc.id));
    }
    Ok(DeleteBackupPlanResponse::default())
}
