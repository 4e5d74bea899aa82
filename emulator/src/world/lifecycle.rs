//! Time passing: transitions are computed lazily from the clock whenever the world is read or
//! changed (no background tasks), so `Clock::advance` moves them instantly.

use shared::enums::{BackupType, LockMode};
use time::{Duration, OffsetDateTime, Time};

use super::ids::stable_hash;
use super::model::{Backup, BackupPlan, Billing, Cluster, DataCenter, OperationKind, Phase, Ring};
use super::offerings::DOMAIN;

/// Renewals looked at per settle at most: a clock moved decades ahead ends up locked-free
/// but stops renewing after this many terms in one step (the next call continues).
const MAX_RENEWALS: usize = 1200;

impl Cluster {
    /// Bring the cluster up to `now`: finish what has finished, renew or lock expired
    /// subscriptions, take due backups.
    pub fn settle(&mut self, now: OffsetDateTime) {
        match self.phase {
            Phase::Creating { until } if until <= now => self.phase = Phase::Active,
            Phase::Deleting { until } if until <= now => self.phase = Phase::Deleted { at: until },
            _ => {}
        }
        if self.phase == Phase::Active
            && let Some(operation) = self.operation.take_if(|op| op.until <= now)
        {
            self.finish(operation.kind);
        }
        if matches!(self.phase, Phase::Deleted { .. }) {
            return;
        }
        let cluster_id = self.id.clone();
        for dc in &mut self.data_centers {
            renew(dc, now);
            take_backups(dc, &cluster_id, now);
        }
    }

    fn finish(&mut self, kind: OperationKind) {
        match kind {
            // The data center exists from the start; only its status was Creating.
            OperationKind::CreateDataCenter { .. } | OperationKind::Reboot { .. } => {}
            OperationKind::DeleteDataCenter { data_center_id } => {
                self.data_centers.retain(|dc| dc.id != data_center_id);
            }
            OperationKind::ResizeDisk {
                data_center_id,
                disk_size,
            } => {
                if let Some(dc) = self.data_center_mut(&data_center_id) {
                    dc.disk_size = disk_size;
                }
            }
            OperationKind::ResizeNodes { data_center_id } => {
                if let Some(dc) = self.data_center_mut(&data_center_id) {
                    dc.nodes.retain(|node| node.ring != Ring::Leaving);
                    for node in &mut dc.nodes {
                        node.ring = Ring::Normal;
                    }
                }
            }
            OperationKind::ChangeInstanceType {
                data_center_id,
                instance_type,
            } => {
                if let Some(dc) = self.data_center_mut(&data_center_id) {
                    dc.instance_type = instance_type;
                }
            }
            OperationKind::Upgrade { to_minor_version } => self.minor_version = to_minor_version,
        }
    }
}

/// Renew an expired subscription when auto-renewal is on, else lock it.
fn renew(dc: &mut DataCenter, now: OffsetDateTime) {
    let Billing::Subscription {
        expires_at,
        auto_renew_months,
        ..
    } = &mut dc.billing
    else {
        return;
    };
    if *expires_at > now {
        return;
    }
    match auto_renew_months {
        Some(months) => {
            for _ in 0..MAX_RENEWALS {
                *expires_at = add_months(*expires_at, *months);
                if *expires_at > now {
                    break;
                }
            }
        }
        None => dc.lock_mode = LockMode::Expired,
    }
}

/// `at` plus whole calendar months, keeping the time of day; the day is clamped to the
/// target month's length (31 January + 1 month = 28/29 February).
pub fn add_months(at: OffsetDateTime, months: i32) -> OffsetDateTime {
    let date = at.date();
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    // month0 is 0..=11, so the conversions cannot fail; fall back to `at` regardless.
    let Ok(month) = time::Month::try_from(u8::try_from(month0 + 1).unwrap_or(1)) else {
        return at;
    };
    let day = date.day().min(time::util::days_in_month(month, year));
    match time::Date::from_calendar_date(year, month, day) {
        Ok(new_date) => at.replace_date(new_date),
        Err(_) => at,
    }
}

/// Record the scheduled runs that have started by `now` (listed once they end), and drop
/// expired backups.
fn take_backups(dc: &mut DataCenter, cluster_id: &str, now: OffsetDateTime) {
    if let Some(plan) = dc.backup_plan.as_mut().filter(|plan| plan.active) {
        let retention = Duration::days(i64::from(plan.retention.days()));
        let clock_time = plan.backup_time.time();
        let at =
            Time::from_hms(clock_time.hour(), clock_time.minute(), 0).unwrap_or(Time::MIDNIGHT);
        // Runs older than the retention would expire at once: start after them.
        let earliest = plan
            .scheduled_after
            .max(now - retention - Duration::days(1));
        let mut day = earliest.date();
        while day <= now.date() {
            let start = day.with_time(at).assume_utc();
            if start > plan.scheduled_after && start >= earliest && start <= now {
                let weekday = shared::enums::Weekday::from(start.weekday().to_string().as_str());
                let backup_type = if plan.is_full_backup_day(&weekday) {
                    BackupType::Full
                } else {
                    BackupType::Incremental
                };
                let run = Run::new(cluster_id, &dc.id, dc.number, dc.nodes.len());
                let took =
                    Duration::seconds(30 + i64::try_from(run.hash(start) % 900).unwrap_or(0));
                dc.backups.push(run.backup(plan, backup_type, start, took));
                plan.scheduled_after = start;
            }
            match day.next_day() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    dc.backups.retain(|backup| backup.expires_at > now);
}

/// The first backup of a new plan: a full one, starting at once and taking `took`.
pub fn first_backup(dc: &mut DataCenter, cluster_id: &str, start: OffsetDateTime, took: Duration) {
    let run = Run::new(cluster_id, &dc.id, dc.number, dc.nodes.len());
    if let Some(plan) = &dc.backup_plan {
        let backup = run.backup(plan, BackupType::Full, start, took);
        dc.backups.push(backup);
    }
}

/// Where a backup runs.
struct Run<'a> {
    cluster_id: &'a str,
    data_center_id: &'a str,
    data_center_number: u32,
    nodes: usize,
}

impl<'a> Run<'a> {
    fn new(cluster_id: &'a str, data_center_id: &'a str, number: u32, nodes: usize) -> Self {
        Self {
            cluster_id,
            data_center_id,
            data_center_number: number,
            nodes: nodes.max(1),
        }
    }

    fn hash(&self, start: OffsetDateTime) -> u64 {
        stable_hash(&[
            self.cluster_id,
            self.data_center_id,
            &start.unix_timestamp().to_string(),
        ])
    }

    /// The backup a run starting at `start` produces. Its size comes from a stable hash, so
    /// the same schedule always yields the same backups.
    fn backup(
        &self,
        plan: &BackupPlan,
        backup_type: BackupType,
        start: OffsetDateTime,
        took: Duration,
    ) -> Backup {
        let (cluster_id, number, nodes) = (self.cluster_id, self.data_center_number, self.nodes);
        let per_node = 40_000_000 + i64::try_from(self.hash(start) % 20_000_000).unwrap_or(0);
        let size_bytes = per_node * i64::try_from(nodes).unwrap_or(1);
        let ended_at = start + took;
        Backup {
            // `yyyyMMddHHmmss`, like the seed's `2020010121****`.
            id: format!(
                "{:04}{:02}{:02}{:02}{:02}{:02}",
                start.year(),
                u8::from(start.month()),
                start.day(),
                start.hour(),
                start.minute(),
                start.second()
            ),
            backup_type,
            started_at: start,
            ended_at,
            size_bytes,
            files: size_bytes / 160_000 + 1,
            nodes: (1..=nodes)
                .map(|n| format!("{cluster_id}-{number}-core-{n:03}.{DOMAIN}"))
                .collect(),
            expires_at: ended_at + Duration::days(i64::from(plan.retention.days())),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(
            add_months(datetime!(2024-01-31 10:00 UTC), 1),
            datetime!(2024-02-29 10:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2024-11-15 0:00 UTC), 14),
            datetime!(2026-01-15 0:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2024-03-01 0:00 UTC), 0),
            datetime!(2024-03-01 0:00 UTC)
        );
    }
}
