//! Percent-encoding as the RPC signature defines it (RFC 3986, upper-case hex, byte-wise UTF-8).

/// `true` for the bytes RFC 3986 leaves as they are: `A-Z a-z 0-9 - _ . ~`.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        byte += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encode `value`: every byte outside `A-Z a-z 0-9 - _ . ~` becomes `%XY`.
///
/// Space is `%20` (never `+`), `*` is `%2A`, `~` stays literal, and non-ASCII text is encoded
/// byte by byte (`测` is `%E6%B5%8B`).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 2);
    encode_into(&mut out, value, Pass::Once);
    out
}

/// How many times a value is encoded on its way into the string to sign.
#[derive(Clone, Copy)]
pub(crate) enum Pass {
    /// `percentEncode(value)`: a name or value in the canonical query string.
    Once,
    /// `percentEncode(percentEncode(value))`: a name or value as it appears in the string to
    /// sign, where the whole canonical query string is encoded again.
    Twice,
}

/// Append the encoding of `value` to `out`.
///
/// Encoding twice needs no intermediate string: an unreserved byte survives both passes, and
/// any other byte becomes `%XY` and then `%25XY` (hex digits are unreserved).
pub(crate) fn encode_into(out: &mut String, value: &str, pass: Pass) {
    let bytes = value.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(b)] {
            continue;
        }
        // A non-empty run of unreserved bytes is ASCII, so it lies on char boundaries (an empty
        // one may start inside a multi-byte character and must not be sliced).
        if run_start < i {
            out.push_str(&value[run_start..i]);
        }
        out.push('%');
        if let Pass::Twice = pass {
            out.push_str("25");
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0F)]));
        run_start = i + 1;
    }
    out.push_str(&value[run_start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unreserved_and_escapes_the_rest_in_upper_case() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        let cases = [
            (" ", "%20"),
            ("*", "%2A"),
            ("+", "%2B"),
            ("/", "%2F"),
            ("=", "%3D"),
            ("&", "%26"),
            ("%", "%25"),
            ("@", "%40"),
            ("\n", "%0A"),
            (":", "%3A"),
            ("测", "%E6%B5%8B"),
            ("🚀", "%F0%9F%9A%80"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(percent_encode(raw), encoded, "encoding {raw:?}");
        }
        assert_eq!(percent_encode("a b*c~"), "a%20b%2Ac~");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn encoding_twice_equals_encoding_the_encoding() {
        for value in [
            "2024-01-15T08:30:00Z",
            "测试 cluster",
            "Pa!@#$%^&*()_+-=",
            "plain",
            "",
        ] {
            let mut twice = String::new();
            encode_into(&mut twice, value, Pass::Twice);
            assert_eq!(
                twice,
                percent_encode(&percent_encode(value)),
                "value {value:?}"
            );
        }
    }
}
