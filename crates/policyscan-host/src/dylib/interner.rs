//! Rule ids and attributes that plugins send as bytes, decoded once per process.
//!
//! Two levels: each thread looks up its own cache without a lock; a miss goes to one
//! process-wide cache behind a mutex, which decodes (parses the JSON) only what no thread
//! has decoded yet. Why: pins are announced once per thread, so with a per-thread cache
//! alone every new worker thread parsed every pair again — a fixed cost per thread that a
//! run over a small corpus, or a process that runs the engine repeatedly, paid in full.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use policyscan_api::fast_hash::FastBuildHasher;
use policyscan_api::Attrs;

/// Distinct values kept per cache before it starts over (bounded memory for plugins whose
/// attributes differ in every finding).
const CACHE_LIMIT: usize = 1 << 14;

/// Decoded values by their bytes, bounded by [`CACHE_LIMIT`]. Errors are not kept: bytes
/// that do not decode are rare and are reported each time.
#[derive(Default)]
struct DecodedCache {
    rules: HashMap<Box<[u8]>, Arc<str>, FastBuildHasher>,
    attrs: HashMap<Box<[u8]>, Arc<Attrs>, FastBuildHasher>,
}

impl DecodedCache {
    fn rule(
        &mut self,
        bytes: &[u8],
        decode: impl FnOnce(&[u8]) -> Result<Arc<str>, String>,
    ) -> Result<Arc<str>, String> {
        lookup_or_insert(&mut self.rules, bytes, decode)
    }

    fn attrs(
        &mut self,
        bytes: &[u8],
        decode: impl FnOnce(&[u8]) -> Result<Arc<Attrs>, String>,
    ) -> Result<Arc<Attrs>, String> {
        lookup_or_insert(&mut self.attrs, bytes, decode)
    }
}

fn lookup_or_insert<T: Clone>(
    map: &mut HashMap<Box<[u8]>, T, FastBuildHasher>,
    bytes: &[u8],
    decode: impl FnOnce(&[u8]) -> Result<T, String>,
) -> Result<T, String> {
    if let Some(value) = map.get(bytes) {
        return Ok(value.clone());
    }
    let value = decode(bytes)?;
    if map.len() >= CACHE_LIMIT {
        map.clear();
    }
    map.insert(bytes.into(), value.clone());
    Ok(value)
}

/// The process-wide level. Its lock is taken only on a thread's first use of a value.
fn shared() -> std::sync::MutexGuard<'static, DecodedCache> {
    static SHARED: OnceLock<Mutex<DecodedCache>> = OnceLock::new();
    // A panic while the lock was held cannot leave the maps inconsistent (an entry is
    // inserted whole, after decoding), so a poisoned lock is used as is.
    SHARED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A thread's interner: its own cache in front of the process-wide one.
#[derive(Default)]
pub(super) struct Interner {
    local: DecodedCache,
}

impl Interner {
    /// A rule id (or capture name) from its UTF-8 bytes.
    pub(super) fn rule(&mut self, bytes: &[u8]) -> Result<Arc<str>, String> {
        self.local
            .rule(bytes, |bytes| shared().rule(bytes, decode_rule))
    }

    /// Attributes from their JSON object; empty bytes are no attributes.
    pub(super) fn attrs(&mut self, bytes: &[u8]) -> Result<Arc<Attrs>, String> {
        if bytes.is_empty() {
            return Ok(Arc::default());
        }
        self.local
            .attrs(bytes, |bytes| shared().attrs(bytes, decode_attrs))
    }
}

fn decode_rule(bytes: &[u8]) -> Result<Arc<str>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("rule id is not UTF-8: {e}"))?;
    Ok(Arc::from(text))
}

fn decode_attrs(bytes: &[u8]) -> Result<Arc<Attrs>, String> {
    serde_json::from_slice(bytes)
        .map(Arc::new)
        .map_err(|e| format!("attributes are not a JSON object: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_share_what_one_of_them_decoded() {
        // Bytes no other test uses, so the process-wide cache cannot hold them already.
        let json = br#"{"interner-test":"threads share"}"#;
        let first = Interner::default().attrs(json).expect("decodes");
        let second = std::thread::spawn(|| Interner::default().attrs(json).expect("decodes"))
            .join()
            .expect("thread");
        assert!(Arc::ptr_eq(&first, &second), "decoded once, shared");
        assert_eq!(first.get("interner-test"), Some(&"threads share".into()));
        let rule = Interner::default()
            .rule(b"t/interner-test")
            .expect("decodes");
        let again = std::thread::spawn(|| Interner::default().rule(b"t/interner-test"))
            .join()
            .expect("thread")
            .expect("decodes");
        assert!(Arc::ptr_eq(&rule, &again));
    }

    #[test]
    fn bad_bytes_are_an_error_every_time() {
        let mut interner = Interner::default();
        for _ in 0..2 {
            let e = interner.attrs(b"[1, 2]").expect_err("not an object");
            assert!(e.starts_with("attributes are not a JSON object"), "{e}");
            let e = interner.rule(&[0xff, 0xfe]).expect_err("not UTF-8");
            assert!(e.starts_with("rule id is not UTF-8"), "{e}");
        }
        assert!(interner.attrs(b"").expect("none").is_empty());
    }

    #[test]
    fn a_full_cache_starts_over() {
        let mut cache = DecodedCache::default();
        for i in 0..=CACHE_LIMIT {
            let bytes = format!("r/{i}");
            cache.rule(bytes.as_bytes(), decode_rule).expect("decodes");
        }
        assert_eq!(
            cache.rules.len(),
            1,
            "cleared when full, then the new value"
        );
    }
}
