//! Page-based listing: PageNumber (default 1) and PageSize (default 10) in, the page and
//! TotalCount out. The request's `Validate` has already refused pages below 1.

/// A requested page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: i32,
    pub size: i32,
}

impl Page {
    pub const DEFAULT_SIZE: i32 = 10;
    /// The seed states no maximum; like the cloud, we cap what one page returns.
    pub const MAX_SIZE: i32 = 100;

    pub fn new(number: Option<i32>, size: Option<i32>) -> Self {
        Self {
            number: number.unwrap_or(1).max(1),
            size: size.unwrap_or(Self::DEFAULT_SIZE).clamp(1, Self::MAX_SIZE),
        }
    }

    /// This page of `items`, and how many items there are in all.
    pub fn slice<T>(self, items: Vec<T>) -> (Vec<T>, i64) {
        let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let size = usize::try_from(self.size).unwrap_or(usize::MAX);
        let skip = usize::try_from(self.number - 1)
            .unwrap_or(0)
            .saturating_mul(size);
        (items.into_iter().skip(skip).take(size).collect(), total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_slice_and_count() {
        let page = Page::new(Some(2), Some(3));
        assert_eq!(page.slice((1..=7).collect()), (vec![4, 5, 6], 7));
        let last = Page::new(Some(3), Some(3));
        assert_eq!(last.slice((1..=7).collect()), (vec![7], 7));
        let beyond = Page::new(Some(9), None);
        assert_eq!(beyond.slice((1..=7).collect()), (vec![], 7));
        assert_eq!(
            Page::new(None, None),
            Page {
                number: 1,
                size: 10
            }
        );
        assert_eq!(Page::new(Some(1), Some(5000)).size, 100);
    }
}
