//! The C ABI between the policyscan host and analyzers built as shared libraries.
//!
//! Why a hand-written C ABI: it is the only ABI Rust keeps stable, so a plugin built with
//! another rustc (or in another language) still loads. The rules:
//!
//! - The library exports one symbol, [`ENTRY_SYMBOL`] (`policyscan_plugin_v1`), a function
//!   returning a pointer to a static [`PluginDecl`]. Its first field, `abi_version`, is read
//!   before anything else; fields are only ever appended.
//! - Strings cross as ([`FfiStr`]) pointer + length, UTF-8, borrowed for the duration of the
//!   call. Findings and messages come back through host callbacks that copy them at once, so
//!   neither side ever frees the other's memory.
//! - Every entry point catches panics: a panic becomes status [`STATUS_PANIC`] and a
//!   message; it never unwinds across `extern "C"` (which would abort the host).
//! - Plugins must not spawn threads: the host calls `analyze` from its worker threads, on
//!   one shared handle, so analyzers are `Send + Sync`.
//!
//! This module (with `policyscan-host`'s `dylib.rs`) is the only place with `unsafe` code;
//! each block says why it is sound.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use crate::fast_hash::FastBuildHasher;
use crate::{AnalyzeError, Analyzer, AnalyzerFactory, Attrs, Document, Finding, FindingSink};

/// The ABI version this crate speaks. Bumped on any incompatible change to the types below.
pub const ABI_VERSION: u32 = 1;

/// Name of the exported entry symbol (NUL-terminated, for `dlsym`). The version is part of
/// the name, so a host can tell "built for another ABI" from "not a plugin".
pub const ENTRY_SYMBOL: &[u8] = b"policyscan_plugin_v1\0";

/// Entry symbol names of other ABI versions, probed to explain a mismatch.
pub const OTHER_ENTRY_SYMBOLS: &[&[u8]] = &[b"policyscan_plugin_v0\0", b"policyscan_plugin_v2\0"];

/// The call succeeded.
pub const STATUS_OK: i32 = 0;
/// The call failed; the message callback got the reason.
pub const STATUS_ERROR: i32 = 1;
/// The call panicked (caught); the message callback got the panic message.
pub const STATUS_PANIC: i32 = 2;

/// A borrowed UTF-8 string: pointer and length in bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct FfiStr {
    pub ptr: *const u8,
    pub len: usize,
}

impl FfiStr {
    pub fn new(s: &str) -> FfiStr {
        FfiStr {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    pub const EMPTY: FfiStr = FfiStr {
        ptr: std::ptr::null(),
        len: 0,
    };

    /// The bytes, or an empty slice for a null pointer.
    ///
    /// # Safety
    /// `ptr` must point to `len` readable bytes that stay valid and unchanged for `'a`.
    pub unsafe fn bytes<'a>(self) -> &'a [u8] {
        if self.ptr.is_null() || self.len == 0 {
            return &[];
        }
        // SAFETY: non-null, and the caller guarantees `len` readable bytes living for 'a.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The string, checked to be UTF-8 (for strings coming from the other side).
    ///
    /// # Safety
    /// As for [`FfiStr::bytes`].
    pub unsafe fn to_str<'a>(self) -> Result<&'a str, std::str::Utf8Error> {
        // SAFETY: forwarded to the caller's guarantee.
        std::str::from_utf8(unsafe { self.bytes() })
    }
}

/// A document as the host hands it to a plugin's `analyze`.
#[repr(C)]
#[derive(Debug)]
pub struct FfiDocument {
    pub id: FfiStr,
    /// The normalized text (UTF-8, guaranteed by the host).
    pub text: FfiStr,
    /// Canonical region id; empty when unknown.
    pub region: FfiStr,
    pub year: i32,
    /// 1 when `year` is known.
    pub has_year: u8,
}

/// A named sub-span of a finding.
#[repr(C)]
#[derive(Debug)]
pub struct FfiCapture {
    pub name: FfiStr,
    pub start: usize,
    pub end: usize,
}

/// A finding as a plugin reports it; valid only during the callback.
#[repr(C)]
#[derive(Debug)]
pub struct FfiFinding {
    pub rule: FfiStr,
    pub start: usize,
    pub end: usize,
    pub captures: *const FfiCapture,
    pub n_captures: usize,
    /// Attributes as a JSON object; empty for none.
    pub attrs_json: FfiStr,
    /// With `pin_id`: a promise that lets the host decode each (rule, attributes) pair
    /// once. On one OS thread, findings with equal `pin_generation` and equal `pin_id` carry
    /// the same `rule` and `attrs_json` bytes. `pin_id == NO_PIN`: no promise.
    pub pin_generation: u64,
    pub pin_id: u32,
}

/// `FfiFinding::pin_id` when the plugin makes no promise about its rule and attributes.
pub const NO_PIN: u32 = u32::MAX;

/// Receives a string (a message, or JSON) from the other side; copies it before returning.
pub type StrCallback = unsafe extern "C" fn(ctx: *mut c_void, s: FfiStr);
/// Receives one finding; copies it before returning.
///
/// The `ctx` of a callback is valid only on the thread that made the call into the plugin,
/// and only until that call returns: a plugin must not keep it or call back from elsewhere.
pub type FindingCallback = unsafe extern "C" fn(ctx: *mut c_void, f: *const FfiFinding);

/// Builds an analyzer from a JSON configuration. On success writes the handle to `out` and
/// sends a JSON object `{"rules": [{"id", "label"}], "config_hash", "problems": [{"path",
/// "message"}]}` to `on_text`; on failure sends the reason.
pub type CreateFn = unsafe extern "C" fn(
    config_json: FfiStr,
    out: *mut *mut c_void,
    ctx: *mut c_void,
    on_text: StrCallback,
) -> i32;

/// Analyzes one document with a handle from `create`, pushing findings in span order.
pub type AnalyzeFn = unsafe extern "C" fn(
    handle: *const c_void,
    doc: *const FfiDocument,
    ctx: *mut c_void,
    on_finding: FindingCallback,
    on_error: StrCallback,
) -> i32;

/// Frees a handle from `create`.
pub type DestroyFn = unsafe extern "C" fn(handle: *mut c_void);

/// What the entry symbol returns. `#[repr(C)]` and append-only: new fields go at the end,
/// and a host reads only the fields its `abi_version` knows.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDecl {
    pub abi_version: u32,
    /// `size_of::<PluginDecl>()` as the plugin was built: a host reads only the fields that
    /// fit, so fields appended later do not make an older plugin unreadable.
    pub struct_size: u32,
    /// JSON: `{"id", "version", "description", "abi_version", "api_version",
    /// "panic_strategy", "examples": [{"text", "expected": [{"rule", "text"}]}]}`.
    pub metadata_json: FfiStr,
    pub create: CreateFn,
    pub analyze: AnalyzeFn,
    pub destroy: DestroyFn,
}

// SAFETY: a declaration is immutable static data of a loaded library (its pointers lead to
// equally static metadata and to functions), so it may be shared and sent between threads.
unsafe impl Sync for PluginDecl {}
// SAFETY: as above.
unsafe impl Send for PluginDecl {}

// ---------------------------------------------------------------------------------------
// Plugin side: what `export_plugin!` expands to.

/// The plugin's one factory and its declaration, made on the first call of the entry.
struct PluginState {
    factory: Box<dyn AnalyzerFactory>,
    /// Owns the bytes `decl.metadata_json` points to.
    _metadata: String,
    decl: PluginDecl,
}

// SAFETY: `decl.metadata_json` points into `_metadata`, owned by the same value, never
// mutated after construction and never moved (the state lives in a static). The factory is
// `Send + Sync` by its trait bound. So sharing the state across threads is sound.
unsafe impl Sync for PluginState {}
// SAFETY: as above; the raw pointer is only an address into data the value owns.
unsafe impl Send for PluginState {}

/// Each cdylib links its own copy of this crate, so this static is per plugin.
static PLUGIN: OnceLock<PluginState> = OnceLock::new();

thread_local! {
    /// Where the last panic on this thread happened, recorded by the plugin's panic hook.
    static PANIC_LOCATION: std::cell::RefCell<Option<String>> =
        const { std::cell::RefCell::new(None) };
}

/// The plugin has its own copy of std, hence its own panic hook, which would print every
/// caught panic (with a backtrace) to stderr. The host reports panics as failure records, so
/// the hook only remembers where the panic happened, for that record.
fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        PANIC_LOCATION.with(|cell| *cell.borrow_mut() = location);
    }));
}

/// The message of a caught panic. The payload is forgotten, not dropped: its `Drop` could
/// panic again, outside any `catch_unwind`, inside an `extern "C"` function.
fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    let message = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    };
    std::mem::forget(payload);
    match PANIC_LOCATION.with(|cell| cell.borrow_mut().take()) {
        Some(location) => format!("{message} (at {location})"),
        None => message,
    }
}

/// How the plugin library was built, as only the exporting crate can tell (a `cfg!` in this
/// crate would describe how *this* crate was compiled, not the final library).
#[derive(Debug, Clone, Copy)]
pub struct PluginBuild {
    /// `cfg!(panic = "unwind")` in the exporting crate.
    pub panic_unwind: bool,
    /// Replace this copy of std's panic hook with a quiet one. True for a real plugin
    /// library (its std is its own); false when the "plugin" is linked into the host, whose
    /// panic hook must stay.
    pub quiet_panic_hook: bool,
}

/// The body of the exported entry function (see [`export_plugin!`](crate::export_plugin)).
/// Returns null if building the declaration panicked (the reason is printed to stderr).
pub fn plugin_entry(
    make: fn() -> Box<dyn AnalyzerFactory>,
    build: PluginBuild,
) -> *const PluginDecl {
    let state = catch_unwind(|| {
        PLUGIN.get_or_init(|| {
            if build.quiet_panic_hook {
                install_quiet_panic_hook();
            }
            let factory = make();
            let info = factory.info();
            let metadata = serde_json::json!({
                "id": info.id,
                "version": info.version,
                "description": info.description,
                "abi_version": ABI_VERSION,
                "api_version": env!("CARGO_PKG_VERSION"),
                "panic_strategy": if build.panic_unwind { "unwind" } else { "abort" },
                "examples": factory.examples(),
            })
            .to_string();
            let decl = PluginDecl {
                abi_version: ABI_VERSION,
                struct_size: std::mem::size_of::<PluginDecl>() as u32,
                metadata_json: FfiStr::new(&metadata),
                create: plugin_create,
                analyze: plugin_analyze,
                destroy: plugin_destroy,
            };
            PluginState {
                factory,
                _metadata: metadata,
                decl,
            }
        })
    });
    match state {
        Ok(s) => &s.decl,
        Err(payload) => {
            // The host can only say "the entry failed"; say why here.
            eprintln!(
                "policyscan plugin: building the plugin declaration panicked: {}",
                panic_text(payload)
            );
            std::ptr::null()
        }
    }
}

/// Sends `s` to a host string callback.
fn send(ctx: *mut c_void, callback: StrCallback, s: &str) {
    // SAFETY: the host gave us `callback` and `ctx` for this call; the string is valid
    // for the duration of the call, and the host copies it before returning.
    unsafe { callback(ctx, FfiStr::new(s)) }
}

unsafe extern "C" fn plugin_create(
    config_json: FfiStr,
    out: *mut *mut c_void,
    ctx: *mut c_void,
    on_text: StrCallback,
) -> i32 {
    let outcome = catch_unwind(AssertUnwindSafe(
        || -> Result<(*mut c_void, String), String> {
            let state = PLUGIN.get().ok_or("plugin entry was not called")?;
            // SAFETY: the host passes a string valid for this call.
            let text = unsafe { config_json.to_str() }.map_err(|e| format!("config: {e}"))?;
            let config: serde_json::Value = if text.trim().is_empty() {
                serde_json::Value::Object(Default::default())
            } else {
                serde_json::from_str(text).map_err(|e| format!("config is not JSON: {e}"))?
            };
            let built = state.factory.create(&config)?;
            let info = serde_json::json!({
                "rules": built.analyzer.rules().iter()
                    .map(|r| serde_json::json!({"id": r.id, "label": r.label}))
                    .collect::<Vec<_>>(),
                "config_hash": built.analyzer.config_hash(),
                "problems": built.problems.iter()
                    .map(|p| serde_json::json!({"path": p.path, "message": p.message}))
                    .collect::<Vec<_>>(),
            })
            .to_string();
            let handle: Box<Box<dyn Analyzer>> = Box::new(built.analyzer);
            Ok((Box::into_raw(handle).cast::<c_void>(), info))
        },
    ));
    match outcome {
        Ok(Ok((handle, info))) => {
            if out.is_null() {
                send(ctx, on_text, "create: null output pointer");
                return STATUS_ERROR;
            }
            // SAFETY: `out` is non-null and points to the host's writable handle slot.
            unsafe { *out = handle };
            send(ctx, on_text, &info);
            STATUS_OK
        }
        Ok(Err(message)) => {
            send(ctx, on_text, &message);
            STATUS_ERROR
        }
        Err(payload) => {
            send(ctx, on_text, &panic_text(payload));
            STATUS_PANIC
        }
    }
}

/// (rule, attributes) pairs already sent from this thread, pinned: a clone of each `Arc`
/// is held, so its address cannot be reused for other contents while it is here. Each pair
/// gets a dense id (see [`FfiFinding::pin_id`]); the generation changes whenever the cache
/// starts over, and is unique across threads.
struct PinCache {
    generation: u64,
    ids: HashMap<(usize, usize), u32, FastBuildHasher>,
    pinned: Vec<(Arc<str>, Arc<Attrs>, Box<str>)>,
    /// A direct-mapped front for `ids`: one slot per attributes address bucket, checked
    /// before the hash map (the boundary costs a few nanoseconds per finding, not tens).
    recent: Box<[(usize, usize, u32); RECENT_SLOTS]>,
}

const RECENT_SLOTS: usize = 256;
const EMPTY_SLOT: (usize, usize, u32) = (0, 0, u32::MAX);

/// Pairs kept per thread before the cache starts over: analyzers that share rules and
/// attributes (one `Arc` per dictionary term) stay far below it; analyzers that make fresh
/// attributes per finding must not make it grow without bound.
const PIN_CACHE_LIMIT: usize = 1 << 14;

/// Source of unique generations.
static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for PinCache {
    fn default() -> Self {
        PinCache {
            generation: next_generation(),
            ids: HashMap::default(),
            pinned: Vec::new(),
            recent: Box::new([EMPTY_SLOT; RECENT_SLOTS]),
        }
    }
}

impl PinCache {
    /// The generation, pin id and attributes JSON of a finding's (rule, attributes) pair.
    /// The generation is read after pinning: pinning may start the cache over.
    #[inline]
    fn pin(&mut self, rule: &Arc<str>, attrs: &Arc<Attrs>) -> (u64, u32, &str) {
        let key = (
            Arc::as_ptr(rule).cast::<u8>() as usize,
            Arc::as_ptr(attrs) as usize,
        );
        let slot = (key.1 >> 4 ^ key.0 >> 4) % RECENT_SLOTS;
        let (r, a, id) = self.recent[slot];
        if (r, a) == key && id != u32::MAX {
            return (self.generation, id, &self.pinned[id as usize].2);
        }
        let id = match self.ids.get(&key) {
            Some(&id) => id,
            None => {
                if self.pinned.len() >= PIN_CACHE_LIMIT {
                    *self = PinCache::default();
                }
                let json = if attrs.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(&**attrs).unwrap_or_default()
                };
                let id = self.pinned.len() as u32;
                self.pinned
                    .push((rule.clone(), attrs.clone(), json.into_boxed_str()));
                self.ids.insert(key, id);
                id
            }
        };
        // `*self` may have started over above: the slot index is still right.
        self.recent[slot] = (key.0, key.1, id);
        (self.generation, id, &self.pinned[id as usize].2)
    }
}

thread_local! {
    /// Kept across calls: a document is small, a term's attributes recur in every document.
    static PINS: std::cell::RefCell<PinCache> = std::cell::RefCell::default();
}

/// Converts findings to [`FfiFinding`]s for the host callback.
struct FfiSink<'p> {
    ctx: *mut c_void,
    on_finding: FindingCallback,
    pins: &'p mut PinCache,
    captures: Vec<FfiCapture>,
}

impl FfiSink<'_> {
    fn send(
        &mut self,
        rule: &Arc<str>,
        span: crate::Span,
        captures: &[crate::Capture],
        attrs: &Arc<Attrs>,
    ) {
        let (generation, pin_id, attrs_json) = self.pins.pin(rule, attrs);
        let (captures_ptr, n_captures) = if captures.is_empty() {
            (std::ptr::null(), 0)
        } else {
            self.captures.clear();
            self.captures.extend(captures.iter().map(|c| FfiCapture {
                name: FfiStr::new(&c.name),
                start: c.span.start,
                end: c.span.end,
            }));
            (self.captures.as_ptr(), self.captures.len())
        };
        let ffi = FfiFinding {
            rule: FfiStr::new(rule),
            start: span.start,
            end: span.end,
            captures: captures_ptr,
            n_captures,
            attrs_json: FfiStr::new(attrs_json),
            pin_generation: generation,
            pin_id,
        };
        // SAFETY: callback and context come from the host for this call; `ffi` and what it
        // points to (the rule, the captures, the attrs JSON) outlive the call, and the host
        // copies the finding before returning.
        unsafe { (self.on_finding)(self.ctx, &ffi) }
    }
}

impl FindingSink for FfiSink<'_> {
    fn push(&mut self, finding: Finding) {
        self.send(
            &finding.rule,
            finding.span,
            &finding.captures,
            &finding.attrs,
        );
    }

    /// Borrowed, not cloned: the host copies what it needs, so no reference counts change.
    fn push_shared(&mut self, rule: &Arc<str>, span: crate::Span, attrs: &Arc<Attrs>) {
        self.send(rule, span, &[], attrs);
    }
}

unsafe extern "C" fn plugin_analyze(
    handle: *const c_void,
    doc: *const FfiDocument,
    ctx: *mut c_void,
    on_finding: FindingCallback,
    on_error: StrCallback,
) -> i32 {
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), AnalyzeError> {
        if handle.is_null() || doc.is_null() {
            return Err(AnalyzeError::new("analyze: null handle or document"));
        }
        // SAFETY: `handle` came from `plugin_create` (a leaked `Box<Box<dyn Analyzer>>`) and
        // is not destroyed while the host calls analyze; `doc` points to a document the host
        // keeps alive for this call.
        let (analyzer, doc) = unsafe { (&*handle.cast::<Box<dyn Analyzer>>(), &*doc) };
        // SAFETY: the host passes the document's strings as valid UTF-8 (they are Rust
        // `&str`s on its side) for the duration of the call; skipping the check keeps a
        // loaded analyzer as fast as a built-in one.
        let (id, text, region) = unsafe {
            (
                std::str::from_utf8_unchecked(doc.id.bytes()),
                std::str::from_utf8_unchecked(doc.text.bytes()),
                std::str::from_utf8_unchecked(doc.region.bytes()),
            )
        };
        let view = Document {
            id,
            text,
            region: (!region.is_empty()).then_some(region),
            year: (doc.has_year != 0).then_some(doc.year),
        };
        PINS.with(|pins| {
            let mut pins = pins.borrow_mut();
            let mut sink = FfiSink {
                ctx,
                on_finding,
                pins: &mut pins,
                captures: Vec::new(),
            };
            analyzer.analyze(&view, &mut sink)
        })
    }));
    match outcome {
        Ok(Ok(())) => STATUS_OK,
        Ok(Err(e)) => {
            send(ctx, on_error, &e.message);
            if e.panicked {
                STATUS_PANIC
            } else {
                STATUS_ERROR
            }
        }
        Err(payload) => {
            send(ctx, on_error, &panic_text(payload));
            STATUS_PANIC
        }
    }
}

unsafe extern "C" fn plugin_destroy(handle: *mut c_void) {
    if handle.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `handle` came from `plugin_create` and the host destroys it exactly once.
        drop(unsafe { Box::from_raw(handle.cast::<Box<dyn Analyzer>>()) });
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host's view of the pin promise: the first bytes seen for (generation, id).
    struct Promise(HashMap<(u64, u32), (String, String)>);

    unsafe extern "C" fn check_promise(ctx: *mut c_void, f: *const FfiFinding) {
        // SAFETY: test callback; `ctx` is the `Promise` below and `f` valid for the call.
        let (promise, f) = unsafe { (&mut *ctx.cast::<Promise>(), &*f) };
        // SAFETY: valid for the duration of the callback.
        let (rule, attrs) = unsafe {
            (
                f.rule.to_str().unwrap_or("?"),
                f.attrs_json.to_str().unwrap_or("?"),
            )
        };
        let seen = promise
            .0
            .entry((f.pin_generation, f.pin_id))
            .or_insert_with(|| (rule.to_string(), attrs.to_string()));
        assert_eq!(
            (seen.0.as_str(), seen.1.as_str()),
            (rule, attrs),
            "pin promise broken"
        );
    }

    #[test]
    fn pin_ids_keep_their_meaning_across_a_cache_reset() {
        let mut promise = Promise(HashMap::new());
        let mut pins = PinCache::default();
        let mut sink = FfiSink {
            ctx: (&mut promise as *mut Promise).cast(),
            on_finding: check_promise,
            pins: &mut pins,
            captures: Vec::new(),
        };
        let first: Arc<str> = Arc::from("t/first");
        let other: Arc<str> = Arc::from("t/other");
        // More distinct pairs than the cache holds, so it starts over in the middle.
        for i in 0..(PIN_CACHE_LIMIT + 100) {
            let mut attrs = Attrs::new();
            attrs.insert("i".into(), i.into());
            let rule = if i == 0 { first.clone() } else { other.clone() };
            sink.push(Finding {
                rule,
                span: crate::Span::new(0, 0),
                captures: Vec::new(),
                attrs: Arc::new(attrs),
            });
        }
        assert!(promise.0.len() > PIN_CACHE_LIMIT);
    }
}
