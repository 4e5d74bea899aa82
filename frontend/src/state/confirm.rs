//! Destructive actions ask the user to type the cluster name first.

/// Whether what the user typed names the cluster: exactly, apart from surrounding spaces.
/// Case matters (cluster names are case-sensitive) and an empty name never confirms.
pub fn name_confirms(typed: &str, expected: &str) -> bool {
    !expected.is_empty() && typed.trim() == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_name_confirms() {
        assert!(name_confirms("prod-cluster", "prod-cluster"));
        assert!(name_confirms("  prod-cluster ", "prod-cluster"));
        assert!(!name_confirms("Prod-cluster", "prod-cluster"));
        assert!(!name_confirms("prod", "prod-cluster"));
        assert!(!name_confirms("", ""));
    }
}
