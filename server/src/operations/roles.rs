//! The role table: which panel role each action needs, from `shared::catalog::ALL` (the one
//! place it is written). The README shows it between [`BEGIN_MARKER`] and [`END_MARKER`];
//! `cassadmin roles` prints it, and a test fails when the README differs.

use std::fmt::Write as _;

use shared::{ActionMeta, Group, Role, catalog};

pub const BEGIN_MARKER: &str = "<!-- roles:begin -->";
pub const END_MARKER: &str = "<!-- roles:end -->";

fn group_name(group: Group) -> &'static str {
    match group {
        Group::Instances => "Instances",
        Group::Security => "Security",
        Group::Accounts => "Accounts",
        Group::DynamoDb => "DynamoDB",
        Group::RegionsAndDataCenters => "Regions and data centers",
        Group::Backups => "Backups",
        Group::ContactPoints => "Contact points",
        Group::Nodetool => "Nodetool",
        Group::Parameters => "Parameters",
        Group::Dashboard => "Dashboard",
        Group::Monitoring => "Monitoring",
        Group::Tags => "Tags",
    }
}

/// The Markdown table (generated; the README holds a copy).
pub fn markdown_table() -> String {
    markdown_table_of(catalog::ALL)
}

fn markdown_table_of(actions: &[ActionMeta]) -> String {
    let count = |role: Role| actions.iter().filter(|m| m.min_role == role).count();
    let mut out = format!(
        "Generated from `shared::catalog` by `cassadmin roles`; do not edit by hand. \
         {} actions: {} for viewers, {} for operators, {} for admins.\n\n",
        actions.len(),
        count(Role::Viewer),
        count(Role::Operator),
        count(Role::Admin),
    );
    out.push_str("| Action | Area | Changes the cluster | Minimum role |\n");
    out.push_str("| --- | --- | --- | --- |\n");
    for meta in actions {
        let changes = if meta.mutates { "yes" } else { "no" };
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "| `{}` | {} | {changes} | {} |",
            meta.name,
            group_name(meta.group),
            meta.min_role
        );
    }
    out
}

/// The text between the markers, trimmed; `None` if the markers are missing or out of order.
pub fn section(document: &str) -> Option<&str> {
    let start = document.find(BEGIN_MARKER)? + BEGIN_MARKER.len();
    let end = start + document[start..].find(END_MARKER)?;
    Some(document[start..end].trim())
}

/// `document` with the text between the markers replaced by `table`.
pub fn replace_section(document: &str, table: &str) -> Option<String> {
    let start = document.find(BEGIN_MARKER)? + BEGIN_MARKER.len();
    let end = start + document[start..].find(END_MARKER)?;
    Some(format!(
        "{}\n{}\n{}",
        &document[..start],
        table.trim(),
        &document[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_action_once_with_its_role() {
        let table = markdown_table();
        for meta in catalog::ALL {
            let row = format!("| `{}` |", meta.name);
            assert_eq!(table.matches(&row).count(), 1, "{}", meta.name);
        }
        assert!(table.contains("| `CreateCluster` | Instances | yes | admin |"));
        assert!(table.contains("| `DescribeClusters` | Instances | no | viewer |"));
    }

    #[test]
    fn sections_are_found_and_replaced_between_the_markers() {
        let doc = format!("# Title\n\n{BEGIN_MARKER}\nold\n{END_MARKER}\nafter\n");
        assert_eq!(section(&doc), Some("old"));
        let new = replace_section(&doc, "new table\n").unwrap();
        assert_eq!(section(&new), Some("new table"));
        assert!(new.starts_with("# Title") && new.ends_with("after\n"));
        assert_eq!(section("no markers"), None);
    }
}
