//! The plugin side of the pin promise (see [`FfiFinding::pin_generation`]): each distinct
//! (rule, attributes) pair an analyzer reports gets a dense id, so a finding crosses the
//! boundary as a span and an id, and the host decodes each pair once per thread.
//!
//! [`FfiFinding::pin_generation`]: super::FfiFinding::pin_generation

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::FfiStr;
use crate::fast_hash::FastBuildHasher;
use crate::Attrs;

/// A pair already sent from this thread. The clones of the `Arc`s keep its addresses from
/// being reused for other contents while it is pinned, and keep the strings the host
/// reads alive.
struct Pinned {
    rule: Arc<str>,
    attrs: Arc<Attrs>,
    /// The attributes as JSON; empty for none.
    json: Box<str>,
    /// Whether a batch delivered to the host announced this pair (see `FfiBatch`).
    announced: bool,
}

/// A slot of the direct-mapped front of the cache: the `Arc` addresses of a pair, its id,
/// and a copy of its `announced` flag, so the common case reads this slot only.
#[derive(Clone, Copy)]
struct Slot {
    rule: usize,
    attrs: usize,
    id: u32,
    announced: bool,
}

const EMPTY_SLOT: Slot = Slot {
    rule: 0,
    attrs: 0,
    id: u32::MAX,
    announced: false,
};

const RECENT_SLOTS: usize = 128;

/// (rule, attributes) pairs pinned on this thread, by the addresses of their `Arc`s.
pub(super) struct PinCache {
    /// Changes whenever the cache starts over; unique across threads.
    pub(super) generation: u64,
    ids: HashMap<(usize, usize), u32, FastBuildHasher>,
    pinned: Vec<Pinned>,
    /// A direct-mapped front for `ids`, checked first: the common case is a few
    /// instructions, not a hash lookup. Inline, so that it is one line away from the sink.
    recent: [Slot; RECENT_SLOTS],
}

/// Pairs kept per thread before the cache starts over: analyzers that share rules and
/// attributes (one `Arc` per dictionary term) stay far below it; analyzers that make fresh
/// attributes per finding must not make it grow without bound.
pub(super) const PIN_CACHE_LIMIT: usize = 1 << 14;

/// Source of unique generations.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

impl Default for PinCache {
    fn default() -> Self {
        PinCache {
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
            ids: HashMap::default(),
            pinned: Vec::new(),
            recent: [EMPTY_SLOT; RECENT_SLOTS],
        }
    }
}

impl PinCache {
    /// Whether pinning a new pair would start the cache over (which frees the strings of
    /// every pair pinned so far).
    #[inline]
    fn is_full(&self) -> bool {
        self.pinned.len() >= PIN_CACHE_LIMIT
    }

    /// Whether pinning this pair would start the cache over: it is full and the pair new.
    pub(super) fn would_start_over(&self, rule: &Arc<str>, attrs: &Arc<Attrs>) -> bool {
        self.is_full() && !self.ids.contains_key(&key(rule, attrs))
    }

    /// The pin id of a pair in its recent slot and already announced: the common case,
    /// one slot read.
    #[inline(always)]
    pub(super) fn announced_pin(&self, rule: &Arc<str>, attrs: &Arc<Attrs>) -> Option<u32> {
        let key = key(rule, attrs);
        let s = self.recent[slot(key)];
        (s.rule == key.0 && s.attrs == key.1 && s.announced).then_some(s.id)
    }

    /// The pin id of a finding's (rule, attributes) pair, pinning it if new (which starts
    /// the cache over when it [`is_full`](PinCache::is_full)). Read the generation after
    /// pinning.
    pub(super) fn pin(&mut self, rule: &Arc<str>, attrs: &Arc<Attrs>) -> u32 {
        let key = key(rule, attrs);
        let slot = slot(key);
        let s = self.recent[slot];
        if s.rule == key.0 && s.attrs == key.1 && s.id != u32::MAX {
            return s.id;
        }
        let id = match self.ids.get(&key) {
            Some(&id) => id,
            None => {
                if self.is_full() {
                    *self = PinCache::default();
                }
                let json = if attrs.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(&**attrs).unwrap_or_default()
                };
                let id = self.pinned.len() as u32;
                self.pinned.push(Pinned {
                    rule: rule.clone(),
                    attrs: attrs.clone(),
                    json: json.into_boxed_str(),
                    announced: false,
                });
                self.ids.insert(key, id);
                id
            }
        };
        // `*self` may have started over above: the slot index is still right.
        self.recent[slot] = Slot {
            rule: key.0,
            attrs: key.1,
            id,
            announced: self.pinned[id as usize].announced,
        };
        id
    }

    /// The rule id and attributes JSON of pin `id`, alive until the cache starts over.
    pub(super) fn strings(&self, id: u32) -> (FfiStr, FfiStr) {
        let pinned = &self.pinned[id as usize];
        (FfiStr::new(&pinned.rule), FfiStr::new(&pinned.json))
    }

    pub(super) fn is_announced(&self, id: u32) -> bool {
        self.pinned[id as usize].announced
    }

    /// Records whether the host has pin `id` (in the pin and in its slot's copy).
    pub(super) fn set_announced(&mut self, id: u32, announced: bool) {
        let Some(pinned) = self.pinned.get_mut(id as usize) else {
            return;
        };
        pinned.announced = announced;
        let slot = &mut self.recent[slot(key(&pinned.rule, &pinned.attrs))];
        if slot.id == id {
            slot.announced = announced;
        }
    }
}

fn key(rule: &Arc<str>, attrs: &Arc<Attrs>) -> (usize, usize) {
    (
        Arc::as_ptr(rule).cast::<u8>() as usize,
        Arc::as_ptr(attrs) as usize,
    )
}

/// The slot of a pair. The addresses are mixed by a multiplication, taking the top bits:
/// allocations are aligned and evenly spaced, so their low bits alone would leave most
/// slots unused and make pairs evict one another.
fn slot(key: (usize, usize)) -> usize {
    let mixed = (key.0.rotate_left(29) ^ key.1) as u64;
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
}
