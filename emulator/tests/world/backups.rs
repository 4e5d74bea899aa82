//! Backup plans and the backups they take as simulated days pass.

use shared::actions::*;
use shared::enums::{BackupStatus, BackupType};

use crate::helpers::*;

fn plan(id: &str, dc: &str, time: &str) -> CreateBackupPlanRequest {
    CreateBackupPlanRequest {
        backup_time: time.into(),
        cluster_id: id.into(),
        data_center_id: dc.into(),
        backup_period: Some("Monday,Thursday".into()),
        retention_period: Some(3),
        active: None,
        client_token: None,
    }
}

fn backups(world: &TestWorld, id: &str, dc: &str, kind: BackupType) -> Vec<Backup> {
    let request = DescribeBackupsRequest {
        backup_type: kind,
        cluster_id: id.into(),
        data_center_id: dc.into(),
    };
    world.call(&request).unwrap().backups.0
}

#[test]
fn a_plan_takes_backups_every_day_and_keeps_them_for_the_retention() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-backup");
    let dc = world.first_dc(&id);
    world.call(&plan(&id, &dc, "00:30Z")).unwrap();

    let described = world
        .call(&DescribeBackupPlanRequest {
            cluster_id: id.clone(),
            data_center_id: dc.clone(),
        })
        .unwrap()
        .backup_plan
        .unwrap();
    assert_eq!(described.backup_time.as_deref(), Some("00:30Z"));
    assert_eq!(described.backup_period.as_deref(), Some("Monday,Thursday"));
    assert_eq!(described.retention_period, Some(3));
    assert_eq!(described.active, Some(true));
    assert_eq!(described.created_time.as_deref(), Some("2024-03-04T09:00Z"));
    assert_eq!(described.cluster_id.as_deref(), Some(id.as_str()));
    let all = world
        .call(&DescribeBackupPlansRequest {
            cluster_id: id.clone(),
        })
        .unwrap()
        .backup_plans;
    assert_eq!(all.0, vec![described]);

    // The plan's first backup is a full one, listed once it has ended (five seconds).
    assert!(backups(&world, &id, &dc, BackupType::Full).is_empty());
    world.advance(5);
    let full = backups(&world, &id, &dc, BackupType::Full);
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].backup_id.as_deref(), Some("20240304090000"));
    assert_eq!(full[0].end_time.as_deref(), Some("2024-03-04T09:00:05Z"));

    // 2024-03-04 is a Monday: Tuesday's 00:30 run is incremental, Thursday's full.
    world.advance(86_400);
    let incremental = backups(&world, &id, &dc, BackupType::Incremental);
    assert_eq!(incremental.len(), 1);
    let first = &incremental[0];
    assert_eq!(first.backup_id.as_deref(), Some("20240305003000"));
    assert_eq!(first.start_time.as_deref(), Some("2024-03-05T00:30:00Z"));
    assert_eq!(first.status, Some(BackupStatus::Succeeded));
    assert_eq!(first.data_center_id.as_deref(), Some(dc.as_str()));
    assert!(first.size.unwrap() > 0);
    world.advance(2 * 86_400 - 3600);
    let full: Vec<_> = backups(&world, &id, &dc, BackupType::Full)
        .into_iter()
        .map(|b| b.backup_id.unwrap())
        .collect();
    assert_eq!(full, ["20240304090000", "20240307003000"]);

    let detail = world
        .call(&DescribeBackupRequest {
            backup_id: "20240307003000".into(),
            backup_type: BackupType::Full,
            cluster_id: id.clone(),
            data_center_id: dc.clone(),
        })
        .unwrap()
        .backup
        .unwrap();
    assert_eq!(detail.backup_type, Some(BackupType::Full));
    let details = detail.details.unwrap();
    assert!(details.ends_with("}\n"), "{details:?}");
    let parsed: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(parsed["name"], format!("{id}-20240307003000"));
    assert_eq!(parsed["start"], "2024-03-07 00:30:00");
    assert_eq!(parsed["completeNodes"].as_array().unwrap().len(), 3);
    assert_eq!(parsed["size"].as_i64(), detail.size);
    let wrong_type = DescribeBackupRequest {
        backup_id: "20240307003000".into(),
        backup_type: BackupType::Incremental,
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
    };
    assert_error(world.call(&wrong_type), "InvalidBackupId.NotFound", None);

    // Three days' retention: a week later only the last three runs remain.
    world.advance(7 * 86_400);
    let mut kept: Vec<String> = [BackupType::Full, BackupType::Incremental]
        .into_iter()
        .flat_map(|kind| backups(&world, &id, &dc, kind))
        .map(|b| b.backup_id.unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept, ["20240312003000", "20240313003000", "20240314003000"]);
}

#[test]
fn plans_are_modified_paused_and_deleted() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-plan");
    let dc = world.first_dc(&id);
    let describe = DescribeBackupPlanRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
    };
    assert_error(world.call(&describe), "InvalidBackupPlan.NotFound", None);
    world.call(&plan(&id, &dc, "01:00Z")).unwrap();
    assert_error(
        world.call(&plan(&id, &dc, "01:00Z")),
        "OperationDenied.BackupPlanExists",
        None,
    );

    world
        .call(&ModifyBackupPlanRequest {
            backup_time: "23:15Z".into(),
            cluster_id: id.clone(),
            data_center_id: dc.clone(),
            backup_period: None,
            retention_period: Some(7),
            active: Some(false),
        })
        .unwrap();
    let modified = world.call(&describe).unwrap().backup_plan.unwrap();
    assert_eq!(modified.backup_time.as_deref(), Some("23:15Z"));
    assert_eq!(
        modified.backup_period.as_deref(),
        Some("Monday,Thursday"),
        "kept"
    );
    assert_eq!(
        (modified.retention_period, modified.active),
        (Some(7), Some(false))
    );
    world.advance(3 * 86_400);
    assert!(
        backups(&world, &id, &dc, BackupType::Incremental).is_empty(),
        "a paused plan takes nothing"
    );

    world
        .call(&DeleteBackupPlanRequest {
            cluster_id: id.clone(),
            data_center_id: dc.clone(),
        })
        .unwrap();
    assert_error(world.call(&describe), "InvalidBackupPlan.NotFound", None);
    let again = DeleteBackupPlanRequest {
        cluster_id: id,
        data_center_id: dc,
    };
    assert_error(world.call(&again), "InvalidBackupPlan.NotFound", None);
}

#[test]
fn demo_cluster_already_has_backups() {
    let world = TestWorld::demo();
    let request = DescribeClustersRequest {
        cluster_name: Some("orders-prod".into()),
        ..list_clusters(None)
    };
    let id = world.call(&request).unwrap().clusters[0]
        .cluster_id
        .clone()
        .unwrap();
    let dc = world.first_dc(&id);
    let taken = backups(&world, &id, &dc, BackupType::Incremental).len()
        + backups(&world, &id, &dc, BackupType::Full).len();
    assert_eq!(taken, 7, "one run a day for the seven-day retention");
}
