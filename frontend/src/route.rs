//! Every page of the app and its URL, written once: `app.rs` builds the router from the
//! segment constants here, and links use [`Page::path`].

use std::fmt;

use shared::actions::CreateClusterRequest;
use shared::{Action, Role};

/// URL segments shared by the router (`app.rs`) and [`Page::path`].
pub mod seg {
    pub const LOGIN: &str = "login";
    pub const CLUSTERS: &str = "clusters";
    /// `/clusters/new`; cluster ids start with `cds-`, so `new` can never be one.
    pub const NEW: &str = "new";
    pub const RECYCLE_BIN: &str = "recycle-bin";
    pub const AUDIT: &str = "audit";
    pub const USERS: &str = "users";
    pub const TOKENS: &str = "tokens";
    pub const ACCOUNT: &str = "account";
    /// Route parameter names.
    pub const ID: &str = "id";
    pub const TAB: &str = "tab";
}

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Login,
    Clusters,
    CreateCluster,
    Cluster { id: String, tab: ClusterTab },
    RecycleBin,
    Audit,
    Users,
    Tokens,
    Account,
}

impl Page {
    /// The page's URL (absolute path).
    pub fn path(&self) -> String {
        use seg::*;
        match self {
            Page::Login => format!("/{LOGIN}"),
            Page::Clusters => format!("/{CLUSTERS}"),
            Page::CreateCluster => format!("/{CLUSTERS}/{NEW}"),
            Page::Cluster {
                id,
                tab: ClusterTab::Overview,
            } => format!("/{CLUSTERS}/{id}"),
            Page::Cluster { id, tab } => format!("/{CLUSTERS}/{id}/{}", tab.slug()),
            Page::RecycleBin => format!("/{RECYCLE_BIN}"),
            Page::Audit => format!("/{AUDIT}"),
            Page::Users => format!("/{USERS}"),
            Page::Tokens => format!("/{TOKENS}"),
            Page::Account => format!("/{ACCOUNT}"),
        }
    }

    /// The page at `path` (query and fragment ignored), as the router resolves it.
    pub fn parse(path: &str) -> Option<Page> {
        use seg::*;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let page = match parts.as_slice() {
            [] => Page::Clusters,
            [LOGIN] => Page::Login,
            [CLUSTERS] => Page::Clusters,
            [CLUSTERS, NEW] => Page::CreateCluster,
            [CLUSTERS, id] => Page::Cluster {
                id: (*id).to_owned(),
                tab: ClusterTab::Overview,
            },
            [CLUSTERS, id, tab] => Page::Cluster {
                id: (*id).to_owned(),
                tab: ClusterTab::from_slug(tab)?,
            },
            [RECYCLE_BIN] => Page::RecycleBin,
            [AUDIT] => Page::Audit,
            [USERS] => Page::Users,
            [TOKENS] => Page::Tokens,
            [ACCOUNT] => Page::Account,
            _ => return None,
        };
        Some(page)
    }

    /// The lowest role that sees this page (the server enforces the same on its endpoints).
    pub fn min_role(&self) -> Role {
        match self {
            Page::Audit | Page::Users => Role::Admin,
            Page::CreateCluster => CreateClusterRequest::META.min_role,
            _ => Role::Viewer,
        }
    }

    /// Where to go after signing in: the page asked for, unless it is the login page itself
    /// or not one of ours (an open redirect through `?next=https://...` is refused).
    pub fn after_login(next: Option<&str>) -> String {
        match next.and_then(|n| Page::parse(n).filter(|p| *p != Page::Login).map(|_| n)) {
            Some(next) if next.starts_with('/') && !next.starts_with("//") => next.to_owned(),
            _ => Page::Clusters.path(),
        }
    }
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// The tabs of the cluster detail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClusterTab {
    Overview,
    DataCenters,
    Resize,
    Whitelists,
    SecurityGroups,
    Parameters,
    Backups,
    Nodetool,
    Accounts,
    ContactPoints,
    DynamoDb,
}

impl ClusterTab {
    pub const ALL: [ClusterTab; 11] = [
        ClusterTab::Overview,
        ClusterTab::DataCenters,
        ClusterTab::Resize,
        ClusterTab::Whitelists,
        ClusterTab::SecurityGroups,
        ClusterTab::Parameters,
        ClusterTab::Backups,
        ClusterTab::Nodetool,
        ClusterTab::Accounts,
        ClusterTab::ContactPoints,
        ClusterTab::DynamoDb,
    ];

    /// The URL segment (`/clusters/{id}/{slug}`).
    pub fn slug(self) -> &'static str {
        match self {
            ClusterTab::Overview => "overview",
            ClusterTab::DataCenters => "data-centers",
            ClusterTab::Resize => "resize",
            ClusterTab::Whitelists => "whitelists",
            ClusterTab::SecurityGroups => "security-groups",
            ClusterTab::Parameters => "parameters",
            ClusterTab::Backups => "backups",
            ClusterTab::Nodetool => "nodetool",
            ClusterTab::Accounts => "accounts",
            ClusterTab::ContactPoints => "contact-points",
            ClusterTab::DynamoDb => "dynamodb",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ClusterTab> {
        ClusterTab::ALL.into_iter().find(|tab| tab.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            ClusterTab::Overview => "Overview",
            ClusterTab::DataCenters => "Data centers",
            ClusterTab::Resize => "Resize",
            ClusterTab::Whitelists => "Whitelists",
            ClusterTab::SecurityGroups => "Security groups",
            ClusterTab::Parameters => "Parameters",
            ClusterTab::Backups => "Backups",
            ClusterTab::Nodetool => "Nodetool",
            ClusterTab::Accounts => "Accounts",
            ClusterTab::ContactPoints => "Contact points",
            ClusterTab::DynamoDb => "DynamoDB",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_pages() -> Vec<Page> {
        let mut pages = vec![
            Page::Login,
            Page::Clusters,
            Page::CreateCluster,
            Page::RecycleBin,
            Page::Audit,
            Page::Users,
            Page::Tokens,
            Page::Account,
        ];
        pages.extend(ClusterTab::ALL.map(|tab| Page::Cluster {
            id: "cds-bp1b136j5d58".into(),
            tab,
        }));
        pages
    }

    #[test]
    fn every_path_parses_back_to_its_page() {
        for page in all_pages() {
            assert_eq!(Page::parse(&page.path()), Some(page.clone()), "{page}");
        }
    }

    #[test]
    fn paths_are_distinct() {
        let mut paths: Vec<String> = all_pages().iter().map(Page::path).collect();
        let n = paths.len();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), n);
    }

    #[test]
    fn new_is_the_wizard_not_a_cluster_and_overview_has_the_short_url() {
        assert_eq!(Page::parse("/clusters/new"), Some(Page::CreateCluster));
        assert_eq!(
            Page::Cluster {
                id: "cds-1".into(),
                tab: ClusterTab::Overview
            }
            .path(),
            "/clusters/cds-1"
        );
        assert_eq!(
            Page::parse("/clusters/cds-1/overview"),
            Some(Page::Cluster {
                id: "cds-1".into(),
                tab: ClusterTab::Overview
            })
        );
        assert_eq!(Page::parse("/"), Some(Page::Clusters));
        assert_eq!(Page::parse("/clusters/cds-1/nope"), None);
        assert_eq!(Page::parse("/nope"), None);
        assert_eq!(Page::parse("/audit?actor=bob#x"), Some(Page::Audit));
    }

    #[test]
    fn after_login_goes_only_to_our_own_pages() {
        assert_eq!(Page::after_login(None), "/clusters");
        assert_eq!(
            Page::after_login(Some("/audit?actor=bob")),
            "/audit?actor=bob"
        );
        assert_eq!(Page::after_login(Some("/login")), "/clusters");
        assert_eq!(
            Page::after_login(Some("//evil.example/clusters")),
            "/clusters"
        );
        assert_eq!(
            Page::after_login(Some("https://evil.example/")),
            "/clusters"
        );
        assert_eq!(Page::after_login(Some("/no-such-page")), "/clusters");
    }

    #[test]
    fn admin_pages_need_admin() {
        assert_eq!(Page::Audit.min_role(), Role::Admin);
        assert_eq!(Page::Users.min_role(), Role::Admin);
        assert_eq!(Page::Clusters.min_role(), Role::Viewer);
        assert_eq!(Page::Tokens.min_role(), Role::Viewer);
    }
}
