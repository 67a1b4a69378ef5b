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
//! - Findings cross in batches ([`FfiBatch`], through `analyze_batched`, appended to the
//!   declaration): a finding is a span and a pin id, each (rule, attributes) pair is decoded
//!   once, and there is one indirect call and one panic guard per batch instead of per
//!   finding. That is what keeps a loaded analyzer within a few percent of a built-in one.
//!   The per-finding `analyze` stays for hosts that predate batches.
//! - Every entry point catches panics: a panic becomes status [`STATUS_PANIC`] and a
//!   message; it never unwinds across `extern "C"` (which would abort the host).
//! - Plugins must not spawn threads: the host calls `analyze` from its worker threads, on
//!   one shared handle, so analyzers are `Send + Sync`.
//!
//! This module (with `policyscan-host`'s `dylib.rs`) is the only place with `unsafe` code;
//! each block says why it is sound.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

mod pin_cache;
use pin_cache::PinCache;

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

/// A (rule, attributes) pair that a batch announces, so that its findings can name it by
/// `id` alone. The pin promise of [`FfiFinding::pin_generation`] holds: on one OS thread,
/// a (generation, id) always stands for the same bytes.
#[repr(C)]
#[derive(Debug)]
pub struct FfiPin {
    pub id: u32,
    pub rule: FfiStr,
    /// Attributes as a JSON object; empty for none.
    pub attrs_json: FfiStr,
}

/// A finding in an [`FfiBatch`]: rule and attributes are those of pin `pin_id`; the
/// captures are the batch's next `n_captures` (the captures of the batch's findings
/// follow one another in finding order).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct FfiBatchFinding {
    pub start: usize,
    pub end: usize,
    pub pin_id: u32,
    pub n_captures: u32,
}

/// Findings in span order, and the pins first used in them. A pin is announced once per
/// OS thread and generation: a finding names a pin of generation `pin_generation` that
/// this batch or an earlier batch on the same thread announced. So the host keeps, per
/// thread and per plugin (each library has its own copy of this SDK, hence its own ids and
/// generations), every pin of the current generation, and may forget them all when the
/// generation changes; it must record a batch's pins even when it rejects the batch's
/// findings.
///
/// Why this shape: a finding crosses as three words, and each pair crosses and is decoded
/// once per thread, so a loaded analyzer costs within a few percent of a built-in one.
#[repr(C)]
#[derive(Debug)]
pub struct FfiBatch {
    pub pin_generation: u64,
    pub pins: *const FfiPin,
    pub n_pins: usize,
    pub findings: *const FfiBatchFinding,
    pub n_findings: usize,
    pub captures: *const FfiCapture,
    pub n_captures: usize,
}

/// Receives a batch of findings; copies what it needs before returning. The same rule as
/// for [`FindingCallback`] holds for `ctx` and for everything the batch points to.
pub type BatchCallback = unsafe extern "C" fn(ctx: *mut c_void, batch: *const FfiBatch);

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

/// As [`AnalyzeFn`], with findings delivered in batches through `on_batch`.
pub type AnalyzeBatchedFn = unsafe extern "C" fn(
    handle: *const c_void,
    doc: *const FfiDocument,
    ctx: *mut c_void,
    on_batch: BatchCallback,
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
    // ---- appended after the first release of ABI v1; read only when `struct_size` covers
    // it. `None`: the host calls `analyze`.
    pub analyze_batched: Option<AnalyzeBatchedFn>,
}

/// The size of a [`PluginDecl`] as ABI v1 was first released (up to `destroy`): the least
/// a host accepts. Fields after it are read only when the plugin's `struct_size` covers them.
pub const PLUGIN_DECL_V1_SIZE: usize = std::mem::offset_of!(PluginDecl, analyze_batched);

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
                analyze_batched: Some(plugin_analyze_batched),
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

/// How a [`BatchSink`] hands its findings to the host.
#[derive(Clone, Copy)]
enum Delivery {
    /// A batch per call (`analyze_batched`).
    Batch(BatchCallback),
    /// One finding per call (`analyze`, for hosts that predate batches).
    Each(FindingCallback),
}

/// Findings per batch: enough that the per-call cost all but vanishes, few enough (6 KB)
/// to stay in the L1 cache.
const BATCH_LEN: usize = 256;

/// Capture slots reserved at a time for the findings of one batch.
const BATCH_CAPTURES: usize = 1024;

/// The findings of the batch being filled: the thread's fixed array, and the count, kept
/// in the sink (on the stack). Adding a finding touches one line of the array and nothing
/// else, which matters as the analyzer's own scan evicts the sink between two findings.
struct FindingBuffer<'p> {
    items: &'p mut [FfiBatchFinding; BATCH_LEN],
    len: usize,
}

impl FindingBuffer<'_> {
    /// Adds a finding to a buffer that is not full; returns whether it is full now.
    #[inline(always)]
    fn push(&mut self, finding: FfiBatchFinding) -> bool {
        self.items[self.len] = finding;
        self.len += 1;
        self.len == BATCH_LEN
    }

    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn as_slice(&self) -> &[FfiBatchFinding] {
        &self.items[..self.len]
    }

    fn clear(&mut self) {
        self.len = 0;
    }
}

/// What a [`BatchSink`] keeps across calls, per thread: the pins (a term's attributes recur
/// in every document) and the batch buffers (no allocation per document).
struct SinkBuffers {
    pins: PinCache,
    new_pins: Vec<FfiPin>,
    findings: Box<[FfiBatchFinding; BATCH_LEN]>,
    captures: Vec<FfiCapture>,
}

impl Default for SinkBuffers {
    fn default() -> Self {
        SinkBuffers {
            pins: PinCache::default(),
            new_pins: Vec::new(),
            findings: Box::new([FfiBatchFinding::default(); BATCH_LEN]),
            captures: Vec::new(),
        }
    }
}

impl SinkBuffers {
    /// What is left of a batch never delivered (its call panicked): the pins it would have
    /// announced are still to be announced. Out of line: it almost never happens.
    #[cold]
    #[inline(never)]
    fn discard_lost_batch(&mut self) {
        for pin in self.new_pins.drain(..) {
            self.pins.set_announced(pin.id, false);
        }
        self.captures.clear();
    }
}

thread_local! {
    static BUFFERS: std::cell::RefCell<SinkBuffers> = std::cell::RefCell::default();
}

/// Collects findings into [`FfiBatch`]es and hands them to the host.
///
/// What a pending batch points to stays alive and in place until it is delivered: rule ids
/// and attributes JSON are pinned in the [`PinCache`] (which is never started over while
/// findings are pending), the capture array never grows while findings are pending, and
/// owned findings' capture names are kept in `held`.
struct BatchSink<'p> {
    ctx: *mut c_void,
    delivery: Delivery,
    pins: &'p mut PinCache,
    new_pins: &'p mut Vec<FfiPin>,
    findings: FindingBuffer<'p>,
    captures: &'p mut Vec<FfiCapture>,
    held: Vec<Vec<crate::Capture>>,
}

impl<'p> BatchSink<'p> {
    fn new(ctx: *mut c_void, delivery: Delivery, buffers: &'p mut SinkBuffers) -> Self {
        if !buffers.new_pins.is_empty() || !buffers.captures.is_empty() {
            buffers.discard_lost_batch();
        }
        BatchSink {
            ctx,
            delivery,
            pins: &mut buffers.pins,
            new_pins: &mut buffers.new_pins,
            findings: FindingBuffer {
                items: &mut buffers.findings,
                len: 0,
            },
            captures: &mut buffers.captures,
            held: Vec::new(),
        }
    }

    /// Hands the pending findings to the host and starts an empty batch.
    #[inline(never)]
    fn deliver(&mut self) {
        if self.findings.is_empty() {
            // A pin is announced only together with a finding.
            debug_assert!(self.new_pins.is_empty());
            return;
        }
        match self.delivery {
            Delivery::Batch(on_batch) => {
                let batch = FfiBatch {
                    pin_generation: self.pins.generation,
                    pins: self.new_pins.as_ptr(),
                    n_pins: self.new_pins.len(),
                    findings: self.findings.as_slice().as_ptr(),
                    n_findings: self.findings.len(),
                    captures: self.captures.as_ptr(),
                    n_captures: self.captures.len(),
                };
                // SAFETY: callback and context come from the host for this call; the batch
                // and everything it points to are alive and unmoved (see the type's doc),
                // and the host copies what it needs before returning.
                unsafe { on_batch(self.ctx, &batch) }
            }
            Delivery::Each(on_finding) => {
                let mut captures = self.captures.as_slice();
                for f in self.findings.as_slice() {
                    let (own, rest) = captures.split_at(f.n_captures as usize);
                    captures = rest;
                    let (rule, attrs_json) = self.pins.strings(f.pin_id);
                    let finding = FfiFinding {
                        rule,
                        start: f.start,
                        end: f.end,
                        captures: if own.is_empty() {
                            std::ptr::null()
                        } else {
                            own.as_ptr()
                        },
                        n_captures: own.len(),
                        attrs_json,
                        pin_generation: self.pins.generation,
                        pin_id: f.pin_id,
                    };
                    // SAFETY: as above, one finding at a time.
                    unsafe { on_finding(self.ctx, &finding) }
                }
            }
        }
        self.new_pins.clear();
        self.findings.clear();
        self.captures.clear();
        self.held.clear();
    }

    /// Adds a finding to the batch: the general case (see `push_shared` for the common
    /// one).
    #[inline(never)]
    fn send(
        &mut self,
        rule: &Arc<str>,
        span: crate::Span,
        captures: &[crate::Capture],
        attrs: &Arc<Attrs>,
    ) {
        if self.pins.would_start_over(rule, attrs) {
            // Starting over frees what pending findings point to.
            self.deliver();
        }
        let pin_id = self.pins.pin(rule, attrs);
        // Before the pin is announced, as adding captures may deliver the pending batch.
        let n_captures = if captures.is_empty() {
            0
        } else {
            self.add_captures(captures)
        };
        // Pins are announced only in batches; one finding at a time carries its strings.
        let batched = matches!(self.delivery, Delivery::Batch(_));
        if batched && !self.pins.is_announced(pin_id) {
            self.pins.set_announced(pin_id, true);
            let (rule, attrs_json) = self.pins.strings(pin_id);
            self.new_pins.push(FfiPin {
                id: pin_id,
                rule,
                attrs_json,
            });
        }
        let full = self.findings.push(FfiBatchFinding {
            start: span.start,
            end: span.end,
            pin_id,
            n_captures,
        });
        if full {
            self.deliver();
        }
    }

    /// Appends a finding's captures and returns their count. Out of line: most findings
    /// have none.
    #[inline(never)]
    fn add_captures(&mut self, captures: &[crate::Capture]) -> u32 {
        let count = u32::try_from(captures.len()).expect("fewer than 2^32 captures");
        if self.captures.len() + captures.len() > self.captures.capacity() {
            // Growing would move the captures of pending findings.
            self.deliver();
            self.captures.reserve(BATCH_CAPTURES.max(captures.len()));
        }
        self.captures.extend(captures.iter().map(|c| FfiCapture {
            name: FfiStr::new(&c.name),
            start: c.span.start,
            end: c.span.end,
        }));
        count
    }
}

impl FindingSink for BatchSink<'_> {
    fn push(&mut self, finding: Finding) {
        self.send(
            &finding.rule,
            finding.span,
            &finding.captures,
            &finding.attrs,
        );
        if !finding.captures.is_empty() && !self.findings.is_empty() {
            // The pending finding points to these names.
            self.held.push(finding.captures);
        }
    }

    /// Borrowed, not cloned: the pin cache keeps what the host will read alive.
    fn push_shared(&mut self, rule: &Arc<str>, span: crate::Span, attrs: &Arc<Attrs>) {
        // The common case, a few instructions: a pair the host already has, and room in
        // the batch.
        if let Some(pin_id) = self.pins.announced_pin(rule, attrs) {
            if self.findings.len() + 1 < BATCH_LEN {
                // Not full after this push: checked above.
                self.findings.push(FfiBatchFinding {
                    start: span.start,
                    end: span.end,
                    pin_id,
                    n_captures: 0,
                });
                return;
            }
        }
        self.send(rule, span, &[], attrs);
    }
}

/// The body of both analyze entry points.
fn analyze_document(
    handle: *const c_void,
    doc: *const FfiDocument,
    ctx: *mut c_void,
    delivery: Delivery,
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
        BUFFERS.with(|buffers| {
            let mut buffers = buffers.borrow_mut();
            let mut sink = BatchSink::new(ctx, delivery, &mut buffers);
            let result = analyzer.analyze(&view, &mut sink);
            // Also after an error: the host sees what was found before it, as it would
            // from a built-in analyzer (and decides what to keep). After a panic the
            // pending batch is lost (see `discard_lost_batch`); hosts drop the findings of
            // a call that failed anyway.
            sink.deliver();
            result
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

unsafe extern "C" fn plugin_analyze(
    handle: *const c_void,
    doc: *const FfiDocument,
    ctx: *mut c_void,
    on_finding: FindingCallback,
    on_error: StrCallback,
) -> i32 {
    analyze_document(handle, doc, ctx, Delivery::Each(on_finding), on_error)
}

unsafe extern "C" fn plugin_analyze_batched(
    handle: *const c_void,
    doc: *const FfiDocument,
    ctx: *mut c_void,
    on_batch: BatchCallback,
    on_error: StrCallback,
) -> i32 {
    analyze_document(handle, doc, ctx, Delivery::Batch(on_batch), on_error)
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
    use std::collections::{HashMap, HashSet};

    use super::pin_cache::PIN_CACHE_LIMIT;
    use super::*;

    /// A finding as the host copied it: rule, attributes JSON, span, captures.
    type Copied = (String, String, usize, usize, Vec<(String, usize, usize)>);

    /// A host that copies findings and checks the plugin keeps the protocol: a (generation,
    /// pin id) always stands for the same bytes, a batch names only pins announced before
    /// on this thread, and a pin is announced once.
    #[derive(Default)]
    struct TestHost {
        promise: HashMap<(u64, u32), (String, String)>,
        announced: HashSet<(u64, u32)>,
        copied: Vec<Copied>,
    }

    impl TestHost {
        fn ctx(&mut self) -> *mut c_void {
            (self as *mut TestHost).cast()
        }

        fn keep_promise(&mut self, generation: u64, id: u32, rule: &str, attrs: &str) {
            let seen = self
                .promise
                .entry((generation, id))
                .or_insert_with(|| (rule.to_string(), attrs.to_string()));
            assert_eq!(
                (seen.0.as_str(), seen.1.as_str()),
                (rule, attrs),
                "pin promise broken"
            );
        }
    }

    /// Reads the bytes of a plugin string (valid during the callback).
    fn text(s: FfiStr) -> String {
        // SAFETY: called only on strings the plugin passes for the current callback.
        unsafe { s.to_str() }.expect("UTF-8").to_string()
    }

    /// Reads `n` items at `ptr` (valid during the callback).
    fn items<'a, T>(ptr: *const T, n: usize) -> &'a [T] {
        if n == 0 {
            return &[];
        }
        // SAFETY: called only on arrays the plugin passes for the current callback.
        unsafe { std::slice::from_raw_parts(ptr, n) }
    }

    fn copy_captures(captures: &[FfiCapture]) -> Vec<(String, usize, usize)> {
        captures
            .iter()
            .map(|c| (text(c.name), c.start, c.end))
            .collect()
    }

    unsafe extern "C" fn host_each(ctx: *mut c_void, f: *const FfiFinding) {
        // SAFETY: test callback; `ctx` is a `TestHost` and `f` valid for the call.
        let (host, f) = unsafe { (&mut *ctx.cast::<TestHost>(), &*f) };
        let (rule, attrs) = (text(f.rule), text(f.attrs_json));
        host.keep_promise(f.pin_generation, f.pin_id, &rule, &attrs);
        let captures = copy_captures(items(f.captures, f.n_captures));
        host.copied.push((rule, attrs, f.start, f.end, captures));
    }

    unsafe extern "C" fn host_batch(ctx: *mut c_void, batch: *const FfiBatch) {
        // SAFETY: test callback; `ctx` is a `TestHost` and `batch` valid for the call.
        let (host, batch) = unsafe { (&mut *ctx.cast::<TestHost>(), &*batch) };
        let generation = batch.pin_generation;
        for pin in items(batch.pins, batch.n_pins) {
            host.keep_promise(generation, pin.id, &text(pin.rule), &text(pin.attrs_json));
            assert!(
                host.announced.insert((generation, pin.id)),
                "pin {} announced twice",
                pin.id
            );
        }
        let mut captures = items(batch.captures, batch.n_captures);
        for f in items(batch.findings, batch.n_findings) {
            assert!(
                host.announced.contains(&(generation, f.pin_id)),
                "finding names pin {}, never announced",
                f.pin_id
            );
            let (rule, attrs) = host.promise[&(generation, f.pin_id)].clone();
            let (own, rest) = captures.split_at(f.n_captures as usize);
            captures = rest;
            host.copied
                .push((rule, attrs, f.start, f.end, copy_captures(own)));
        }
        assert!(captures.is_empty(), "captures left over in a batch");
    }

    const DELIVERIES: [Delivery; 2] = [Delivery::Each(host_each), Delivery::Batch(host_batch)];

    #[test]
    fn pin_ids_keep_their_meaning_across_a_cache_reset() {
        for delivery in DELIVERIES {
            let mut host = TestHost::default();
            let mut buffers = SinkBuffers::default();
            let mut sink = BatchSink::new(host.ctx(), delivery, &mut buffers);
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
            sink.deliver();
            assert!(host.promise.len() > PIN_CACHE_LIMIT);
            assert_eq!(host.copied.len(), PIN_CACHE_LIMIT + 100);
        }
    }

    /// Owned findings whose rule, attributes and capture names are dropped by the analyzer
    /// right after `push`: what the batch points to must stay alive until it is delivered,
    /// across full batches, a growing capture buffer and a pin cache that starts over.
    #[test]
    fn a_batch_keeps_what_its_findings_point_to_alive() {
        for delivery in DELIVERIES {
            let mut host = TestHost::default();
            let mut expected: Vec<Copied> = Vec::new();
            let mut buffers = SinkBuffers::default();
            let mut sink = BatchSink::new(host.ctx(), delivery, &mut buffers);
            for i in 0..(PIN_CACHE_LIMIT + 3 * BATCH_LEN) {
                let n_captures = match i % 7 {
                    0 => 0,
                    1 => BATCH_CAPTURES + 5,
                    k => k,
                };
                let captures: Vec<crate::Capture> = (0..n_captures)
                    .map(|k| crate::Capture {
                        name: Arc::from(format!("cap{i}-{k}")),
                        span: crate::Span::new(k, k + 1),
                    })
                    .collect();
                let mut attrs = Attrs::new();
                attrs.insert("i".into(), i.into());
                let rule = format!("t/rule{}", i % 300);
                expected.push((
                    rule.clone(),
                    serde_json::to_string(&attrs).expect("json"),
                    i,
                    i + 1,
                    captures
                        .iter()
                        .map(|c| (c.name.to_string(), c.span.start, c.span.end))
                        .collect(),
                ));
                sink.push(Finding {
                    rule: Arc::from(rule),
                    span: crate::Span::new(i, i + 1),
                    captures,
                    attrs: Arc::new(attrs),
                });
            }
            sink.deliver();
            assert_eq!(host.copied.len(), expected.len());
            assert!(
                host.copied == expected,
                "a delivered finding differs from the pushed one"
            );
        }
    }

    /// Later calls on the thread name a pin announced by an earlier call without
    /// announcing it again; a batch that was never delivered (its call panicked) announced
    /// nothing, and neither did per-finding delivery.
    #[test]
    fn a_pin_is_announced_once_per_thread_unless_its_batch_was_lost() {
        let mut host = TestHost::default();
        let mut buffers = SinkBuffers::default();
        let rule: Arc<str> = Arc::from("t/rule");
        let attrs = Arc::new(Attrs::new());
        let lost: Arc<str> = Arc::from("t/lost");
        let ctx = host.ctx();
        {
            // Per-finding delivery first: the pair crosses with its bytes, unannounced.
            let mut sink = BatchSink::new(ctx, Delivery::Each(host_each), &mut buffers);
            sink.push_shared(&rule, crate::Span::new(0, 1), &attrs);
            sink.deliver();
        }
        {
            // A call that panics mid-batch: its sink is dropped undelivered.
            let mut sink = BatchSink::new(ctx, Delivery::Batch(host_batch), &mut buffers);
            sink.push_shared(&lost, crate::Span::new(0, 1), &attrs);
        }
        for call in 0..3 {
            let mut sink = BatchSink::new(ctx, Delivery::Batch(host_batch), &mut buffers);
            for i in 0..(BATCH_LEN + 10) {
                let which = if i % 2 == 0 { &rule } else { &lost };
                sink.push_shared(which, crate::Span::new(i, i + call), &attrs);
            }
            sink.deliver();
        }
        assert_eq!(host.copied.len(), 1 + 3 * (BATCH_LEN + 10));
        assert_eq!(host.announced.len(), 2, "two pairs, each announced once");
    }
}
