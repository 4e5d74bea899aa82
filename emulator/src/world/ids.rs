//! Identifiers and other generated values, deterministic under the world's seed: the same
//! seed and the same sequence of calls give the same ids.

use std::net::Ipv4Addr;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::offerings::Region;

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The world's source of randomness.
#[derive(Debug)]
pub struct Ids {
    rng: StdRng,
}

impl Ids {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// `cds-` and 16 lowercase alphanumerics, starting with the region's prefix
    /// (`cds-bp1...` in Hangzhou), like the cloud's.
    pub fn cluster_id(&mut self, region: &Region) -> String {
        let rest = 16usize.saturating_sub(region.id_prefix.len());
        format!("cds-{}{}", region.id_prefix, self.chars(LOWER_ALNUM, rest))
    }

    /// `job-` and 16 mixed-case alphanumerics (`job-0XDBTwhOxelqFikQ`).
    pub fn job_id(&mut self) -> String {
        format!("job-{}", self.chars(MIXED_ALNUM, 16))
    }

    /// The third octet of a data center's private subnet (`192.168.x.0/24`).
    pub fn subnet(&mut self) -> u8 {
        self.rng.random_range(1..=254)
    }

    /// A node's address in its data center's subnet; `index` counts from 0.
    pub fn node_address(subnet: u8, index: usize) -> Ipv4Addr {
        // Hosts from .10 up; a data center has at most 100 nodes, so this stays below .255.
        let host = u8::try_from(10 + index % 240).unwrap_or(250);
        Ipv4Addr::new(192, 168, subnet, host)
    }

    /// A fresh node's load, in MiB.
    pub fn load_mib(&mut self) -> f64 {
        let hundredths: u32 = self.rng.random_range(3000..8000);
        f64::from(hundredths) / 100.0
    }

    fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| char::from(alphabet[self.rng.random_range(0..alphabet.len())]))
            .collect()
    }
}

/// A hash that is stable across runs and platforms (FNV-1a), for values that must not depend
/// on the order of calls, such as a backup's size.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::offerings::region;

    #[test]
    fn ids_have_the_cloud_shape_and_repeat_under_a_seed() {
        let hangzhou = region("cn-hangzhou").expect("documented region");
        let mut a = Ids::new(7);
        let mut b = Ids::new(7);
        let id = a.cluster_id(hangzhou);
        assert_eq!(id, b.cluster_id(hangzhou));
        assert_eq!(id.len(), "cds-".len() + 16);
        assert!(id.starts_with("cds-bp1"));
        assert!(
            id[4..]
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        let job = a.job_id();
        assert_eq!(job.len(), "job-".len() + 16);
        assert_ne!(a.cluster_id(hangzhou), id, "the next id differs");
    }

    #[test]
    fn stable_hash_separates_parts() {
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
        assert_eq!(stable_hash(&["x"]), stable_hash(&["x"]));
    }
}
