//! Page-based listing parameters.

use super::violation::{Rule, Violation};

/// `PageNumber`: an integer greater than 0 (documented; the default is 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageNumber(u32);

impl PageNumber {
    pub fn parse(number: i32) -> Result<Self, Violation> {
        u32::try_from(number)
            .ok()
            .filter(|&n| n > 0)
            .map(Self)
            .ok_or_else(|| {
                Violation::new(Rule::PageNumber, format!("must be 1 or more, not {number}"))
            })
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// `PageSize`: greater than 0. The seed states no maximum (defaults are 10 and 20), so none
/// is enforced here; the cloud caps what it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageSize(u32);

impl PageSize {
    pub fn parse(size: i32) -> Result<Self, Violation> {
        u32::try_from(size)
            .ok()
            .filter(|&n| n > 0)
            .map(Self)
            .ok_or_else(|| Violation::new(Rule::PageSize, format!("must be 1 or more, not {size}")))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_is_positive() {
        for n in [1, 2, i32::MAX] {
            assert_eq!(PageNumber::parse(n).unwrap().get(), n as u32);
        }
        for n in [0, -1, i32::MIN] {
            let err = PageNumber::parse(n).unwrap_err();
            assert_eq!(
                (err.rule, err.message),
                (Rule::PageNumber, format!("must be 1 or more, not {n}"))
            );
        }
    }

    #[test]
    fn page_size_is_positive() {
        assert_eq!(PageSize::parse(1).unwrap().get(), 1);
        assert_eq!(PageSize::parse(100).unwrap().get(), 100);
        for n in [0, -10] {
            assert_eq!(PageSize::parse(n).unwrap_err().rule, Rule::PageSize);
        }
    }
}
