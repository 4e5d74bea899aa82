//! How big a data center is: disk size per node and node count.

use std::fmt;

use super::violation::{Rule, Violation};

/// Disk size per node, in GB: 160-2000 in steps of 10.
///
/// The seed states no range. This is the range the product documents for its per-node cloud
/// disks (160-2000 GB, step 10); checking it here gives the user a message that names the
/// limit instead of a cloud error that does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DiskSize(u16);

impl DiskSize {
    pub const MIN_GB: i32 = 160;
    pub const MAX_GB: i32 = 2000;
    pub const STEP_GB: i32 = 10;

    pub fn parse(gb: i32) -> Result<Self, Violation> {
        if !(Self::MIN_GB..=Self::MAX_GB).contains(&gb) {
            return Err(Violation::new(
                Rule::DiskSizeRange,
                format!(
                    "must be between {} and {} GB; {gb} GB is out of range",
                    Self::MIN_GB,
                    Self::MAX_GB
                ),
            ));
        }
        if gb % Self::STEP_GB != 0 {
            return Err(Violation::new(
                Rule::DiskSizeStep,
                format!(
                    "must be a multiple of {} GB, e.g. {} or {}; not {gb}",
                    Self::STEP_GB,
                    gb - gb % Self::STEP_GB,
                    gb - gb % Self::STEP_GB + Self::STEP_GB
                ),
            ));
        }
        // 160..=2000 fits in u16.
        Ok(Self(gb as u16))
    }

    /// ResizeDiskSize only expands disks: the new size must be valid and larger than the
    /// current one (taken as reported by the cloud, so not re-checked against the range).
    pub fn grow_only(current_gb: i32, new_gb: i32) -> Result<Self, Violation> {
        let new = Self::parse(new_gb)?;
        if new_gb == current_gb {
            return Err(Violation::new(
                Rule::DiskSizeGrow,
                format!("is already {current_gb} GB; choose a larger size"),
            ));
        }
        if new_gb < current_gb {
            return Err(Violation::new(
                Rule::DiskSizeGrow,
                format!(
                    "can only grow: {new_gb} GB is smaller than the current {current_gb} GB \
                     (disks cannot shrink)"
                ),
            ));
        }
        Ok(new)
    }

    pub fn gb(self) -> i32 {
        i32::from(self.0)
    }
}

impl fmt::Display for DiskSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} GB", self.0)
    }
}

/// Nodes in one data center: 1-100.
///
/// The seed states no limit; 1-100 is our own documented rule (cassadmin's API reference), so
/// a typo such as 1000 for 10 is caught before it becomes an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeCount(u8);

impl NodeCount {
    pub const MIN: i32 = 1;
    pub const MAX: i32 = 100;

    pub fn parse(nodes: i32) -> Result<Self, Violation> {
        if !(Self::MIN..=Self::MAX).contains(&nodes) {
            return Err(Violation::new(
                Rule::NodeCountRange,
                format!(
                    "must be between {} and {} nodes, not {nodes}",
                    Self::MIN,
                    Self::MAX
                ),
            ));
        }
        // 1..=100 fits in u8.
        Ok(Self(nodes as u8))
    }

    /// ResizeNodeCount: a valid count that differs from the current one.
    pub fn change(current: i32, new: i32) -> Result<Self, Violation> {
        let parsed = Self::parse(new)?;
        if new == current {
            return Err(Violation::new(
                Rule::NodeCountChange,
                format!("is already {current}; choose a different node count"),
            ));
        }
        Ok(parsed)
    }

    pub fn get(self) -> i32 {
        i32::from(self.0)
    }
}

impl fmt::Display for NodeCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_size_range_and_step() {
        for gb in [160, 170, 240, 1990, 2000] {
            assert_eq!(DiskSize::parse(gb).unwrap().gb(), gb);
        }
        for gb in [i32::MIN, -160, 0, 150, 159, 2001, 2010, i32::MAX] {
            assert_eq!(
                DiskSize::parse(gb).unwrap_err().rule,
                Rule::DiskSizeRange,
                "{gb}"
            );
        }
        for gb in [161, 165, 169, 1999] {
            assert_eq!(
                DiskSize::parse(gb).unwrap_err().rule,
                Rule::DiskSizeStep,
                "{gb}"
            );
        }
        assert_eq!(
            DiskSize::parse(165).unwrap_err().message,
            "must be a multiple of 10 GB, e.g. 160 or 170; not 165"
        );
        assert!(
            DiskSize::parse(100)
                .unwrap_err()
                .message
                .contains("between 160 and 2000 GB")
        );
    }

    #[test]
    fn disk_size_only_grows() {
        assert_eq!(DiskSize::grow_only(160, 170).unwrap().gb(), 170);
        assert_eq!(DiskSize::grow_only(160, 2000).unwrap().gb(), 2000);
        let same = DiskSize::grow_only(240, 240).unwrap_err();
        assert_eq!(same.rule, Rule::DiskSizeGrow);
        assert!(same.message.contains("already 240 GB"));
        let shrink = DiskSize::grow_only(240, 230).unwrap_err();
        assert_eq!(shrink.rule, Rule::DiskSizeGrow);
        assert!(shrink.message.contains("cannot shrink"));
        // The new size must still be valid on its own.
        assert_eq!(
            DiskSize::grow_only(160, 2010).unwrap_err().rule,
            Rule::DiskSizeRange
        );
        assert_eq!(
            DiskSize::grow_only(160, 175).unwrap_err().rule,
            Rule::DiskSizeStep
        );
    }

    #[test]
    fn node_count_range() {
        for nodes in [1, 2, 99, 100] {
            assert_eq!(NodeCount::parse(nodes).unwrap().get(), nodes);
        }
        for nodes in [i32::MIN, -1, 0, 101, 1000] {
            let err = NodeCount::parse(nodes).unwrap_err();
            assert_eq!(err.rule, Rule::NodeCountRange);
            assert!(err.message.contains("between 1 and 100"));
        }
    }

    #[test]
    fn node_count_change_rejects_no_change() {
        assert_eq!(NodeCount::change(3, 4).unwrap().get(), 4);
        assert_eq!(NodeCount::change(3, 2).unwrap().get(), 2);
        let same = NodeCount::change(3, 3).unwrap_err();
        assert_eq!(same.rule, Rule::NodeCountChange);
        assert!(same.message.contains("already 3"));
        assert_eq!(
            NodeCount::change(3, 0).unwrap_err().rule,
            Rule::NodeCountRange
        );
    }
}
