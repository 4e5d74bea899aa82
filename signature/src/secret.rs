//! The AccessKey secret, kept as a ready HMAC key and never printed.

use std::fmt;

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub(crate) type HmacSha1 = Hmac<Sha1>;

/// An AccessKey secret. `Debug` and `Display` print `[redacted]`.
///
/// It holds the HMAC-SHA1 state keyed with `secret + "&"` rather than the text itself: the
/// key is prepared once, each signature only clones it, and nothing can read the secret back.
#[derive(Clone)]
pub struct Secret {
    key: HmacSha1,
}

impl Secret {
    pub fn new(secret: &str) -> Self {
        // The protocol's HMAC key is the raw secret followed by a literal `&`.
        let mut key = Vec::with_capacity(secret.len() + 1);
        key.extend_from_slice(secret.as_bytes());
        key.push(b'&');
        let key = HmacSha1::new_from_slice(&key).expect("HMAC accepts keys of any length");
        Self { key }
    }

    pub(crate) fn mac(&self) -> HmacSha1 {
        self.key.clone()
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Self {
        Self::new(secret)
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Self::new(&secret)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_secret() {
        let secret = Secret::new("hunter2-very-secret");
        let shown = format!("{secret:?} {secret} {:?}", Some(&secret));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }
}
