//! Lower-case hex, the one spelling of hashes in policyscan's outputs (file sha256,
//! analyzer configuration hashes).

/// `bytes` as lower-case hex, two digits per byte.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_digits_per_byte() {
        assert_eq!(super::to_hex(&[0, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
