//! Rule ids and attributes that plugins send as bytes, decoded into shared values.
//!
//! Each thread looks up its own cache without a lock. While a thread warms up (its first
//! [`SHARED_WARM_UP`] misses) a miss goes to one process-wide cache behind a mutex, so a
//! pair some thread already decoded is not parsed again: pins are announced once per
//! thread, and without it every new worker thread parsed every pair of a dictionary again.
//! After the warm-up a miss is decoded directly: by then misses are mostly values that
//! occur once (a citation's own attributes), which the shared cache would only make pay a
//! lock and an insert each — on the 100 MB bench corpus, with the shared cache consulted
//! on every miss and decoding under the lock, the loaded citation and phrase plugins ran
//! 7 % slower with two workers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use policyscan_api::fast_hash::FastBuildHasher;
use policyscan_api::Attrs;

/// Distinct values kept per cache before it starts over (bounded memory for plugins whose
/// attributes differ in every finding).
const CACHE_LIMIT: usize = 1 << 14;

/// Values by the bytes they were decoded from.
type BytesMap<T> = HashMap<Box<[u8]>, T, FastBuildHasher>;

/// Decoded values by their bytes, bounded by [`CACHE_LIMIT`]. Errors are not kept: bytes
/// that do not decode are rare and are reported each time.
#[derive(Default)]
struct DecodedCache {
    rules: BytesMap<Arc<str>>,
    attrs: BytesMap<Arc<Attrs>>,
}

fn lookup_or_insert<T: Clone>(
    map: &mut BytesMap<T>,
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

/// Misses per thread that go through the process-wide cache: more than a dictionary's
/// pairs, few enough that values occurring once cost the lock a bounded number of times.
const SHARED_WARM_UP: usize = 1 << 10;

/// The process-wide cache, locked for a lookup or an insert, never while decoding.
fn shared() -> std::sync::MutexGuard<'static, DecodedCache> {
    static SHARED: OnceLock<Mutex<DecodedCache>> = OnceLock::new();
    // A panic while the lock was held cannot leave the maps inconsistent (an entry is
    // inserted whole), so a poisoned lock is used as is.
    SHARED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A value from the process-wide cache, or decoded and added to it. Two threads may both
/// decode a value that neither found; the second to insert takes the first one's.
fn through_shared<T: Clone>(
    map: fn(&mut DecodedCache) -> &mut BytesMap<T>,
    bytes: &[u8],
    decode: fn(&[u8]) -> Result<T, String>,
) -> Result<T, String> {
    let found = map(&mut shared()).get(bytes).cloned();
    if let Some(value) = found {
        return Ok(value);
    }
    let value = decode(bytes)?;
    lookup_or_insert(map(&mut shared()), bytes, |_| Ok(value.clone()))
}

/// A thread's interner: its own cache, in front of the process-wide one while it warms up.
#[derive(Default)]
pub(super) struct Interner {
    local: DecodedCache,
    /// Misses that went through the process-wide cache so far.
    shared_misses: usize,
}

impl Interner {
    /// A rule id (or capture name) from its UTF-8 bytes.
    pub(super) fn rule(&mut self, bytes: &[u8]) -> Result<Arc<str>, String> {
        self.intern(|c| &mut c.rules, bytes, decode_rule)
    }

    /// Attributes from their JSON object; empty bytes are no attributes.
    pub(super) fn attrs(&mut self, bytes: &[u8]) -> Result<Arc<Attrs>, String> {
        if bytes.is_empty() {
            return Ok(Arc::default());
        }
        self.intern(|c| &mut c.attrs, bytes, decode_attrs)
    }

    /// The value of `bytes` from this thread's cache; on a miss, from the process-wide
    /// cache while the thread warms up, else decoded.
    fn intern<T: Clone>(
        &mut self,
        map: fn(&mut DecodedCache) -> &mut BytesMap<T>,
        bytes: &[u8],
        decode: fn(&[u8]) -> Result<T, String>,
    ) -> Result<T, String> {
        let misses = &mut self.shared_misses;
        lookup_or_insert(map(&mut self.local), bytes, |bytes| {
            if *misses < SHARED_WARM_UP {
                *misses += 1;
                through_shared(map, bytes, decode)
            } else {
                decode(bytes)
            }
        })
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
    fn after_its_warm_up_a_thread_decodes_on_its_own() {
        let json = br#"{"interner-test":"after the warm-up"}"#;
        let shared_value = Interner::default().attrs(json).expect("decodes");
        let mut warm = Interner::default();
        for i in 0..SHARED_WARM_UP {
            warm.rule(format!("t/warm-up-{i}").as_bytes())
                .expect("decodes");
        }
        let own = warm.attrs(json).expect("decodes");
        assert_eq!(own, shared_value);
        assert!(
            !Arc::ptr_eq(&own, &shared_value),
            "not through the shared cache"
        );
        // Nor did it add what it decoded: a thread still warming up decodes it again.
        let later = br#"{"interner-test":"decoded after the warm-up"}"#;
        let after = warm.attrs(later).expect("decodes");
        let fresh = Interner::default().attrs(later).expect("decodes");
        assert!(!Arc::ptr_eq(&after, &fresh));
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
            lookup_or_insert(&mut cache.rules, bytes.as_bytes(), decode_rule).expect("decodes");
        }
        assert_eq!(
            cache.rules.len(),
            1,
            "cleared when full, then the new value"
        );
    }
}
