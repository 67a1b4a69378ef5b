//! A small, fast, non-cryptographic hasher for the plugin boundary's caches (pointers and
//! short strings), where std's DoS-resistant SipHash would cost more than the work it saves.
//! The keys are produced by analyzers, not by untrusted input.

use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing, one machine word at a time.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `HashMap<K, V, FastBuildHasher>`.
pub type FastBuildHasher = BuildHasherDefault<FastHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn distinguishes_keys() {
        let mut m: HashMap<&str, usize, FastBuildHasher> = HashMap::default();
        for (i, k) in [
            "a",
            "b",
            "ab",
            "ba",
            "keyword/blockchain",
            "keyword/big_data",
        ]
        .iter()
        .enumerate()
        {
            m.insert(k, i);
        }
        assert_eq!(m.len(), 6);
        assert_eq!(m["keyword/big_data"], 5);
    }
}
