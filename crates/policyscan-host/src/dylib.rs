//! Loading analyzers from shared libraries (the plugin side is `policyscan_api::ffi`).
//!
//! The loader checks, in order: the file exists; it loads as a shared library (`RTLD_NOW`,
//! so missing symbols fail here and not mid-run); it has the entry symbol; its ABI version
//! is ours; its metadata is valid. Each failure is a [`PluginError`] naming the path.
//!
//! Libraries are never unloaded (`RTLD_NODELETE`, and the handle is leaked): Rust code in a
//! library registers thread-local destructors that run when rayon's workers exit, and
//! unloading first crashes the process. The same file (canonical path) is loaded only once.
//!
//! This module (with `policyscan_api::ffi`) is the only place with `unsafe` code; each block
//! says why it is sound.
#![allow(unsafe_code)]

mod interner;
use interner::Interner;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use policyscan_api::fast_hash::FastBuildHasher;
use policyscan_api::ffi::{
    AnalyzeBatchedFn, AnalyzeFn, CreateFn, DestroyFn, FfiBatch, FfiBatchFinding, FfiCapture,
    FfiDocument, FfiFinding, FfiPin, FfiStr, PluginDecl, ABI_VERSION, ENTRY_SYMBOL, NO_PIN,
    OTHER_ENTRY_SYMBOLS, PLUGIN_DECL_V1_SIZE, STATUS_OK, STATUS_PANIC,
};
use policyscan_api::{
    AnalyzeError, Analyzer, AnalyzerFactory, AnalyzerInfo, Attrs, BuiltAnalyzer, Capture,
    ConfigProblem, Document, Example, Finding, FindingSink, RuleInfo, Span,
};

/// Why a plugin could not be loaded. Every variant names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PluginError {
    #[error("{path}: plugin file does not exist")]
    NotFound { path: String },
    #[error("{path}: not a loadable shared library: {reason}")]
    NotALibrary { path: String, reason: String },
    #[error("{path}: not a policyscan plugin (no `policyscan_plugin_v1` entry symbol)")]
    NoEntrySymbol { path: String },
    #[error("{path}: plugin built for another plugin ABI ({found}); this policyscan speaks ABI v{expected}")]
    OtherAbiSymbol {
        path: String,
        found: String,
        expected: u32,
    },
    #[error("{path}: plugin declares ABI version {found}; this policyscan speaks ABI v{expected}")]
    AbiMismatch {
        path: String,
        found: u32,
        expected: u32,
    },
    #[error("{path}: the plugin's entry function failed (returned no declaration)")]
    EntryFailed { path: String },
    #[error("{path}: invalid plugin metadata: {reason}")]
    BadMetadata { path: String, reason: String },
}

/// What a plugin says about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct PluginMetadata {
    pub id: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    pub abi_version: u32,
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub panic_strategy: String,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// A loaded plugin library. Lives for the rest of the process.
#[derive(Debug)]
pub struct PluginLibrary {
    /// Canonical path of the file.
    pub path: PathBuf,
    pub metadata: PluginMetadata,
    entry: EntryPoints,
    /// `AnalyzerInfo` wants `'static` strings; the library never goes away, neither do these.
    info: AnalyzerInfo,
}

/// The functions of a plugin's declaration, copied out of it: the fields after
/// [`PLUGIN_DECL_V1_SIZE`] exist only in plugins built since they were appended.
#[derive(Debug, Clone, Copy)]
struct EntryPoints {
    create: CreateFn,
    analyze: AnalyzeFn,
    destroy: DestroyFn,
    /// `None` for a plugin that predates batches or does not offer them.
    analyze_batched: Option<AnalyzeBatchedFn>,
}

/// Every library loaded so far, by canonical path, so a file is never loaded twice. Like
/// the libraries themselves, entries live for the rest of the process.
static LOADED: Mutex<Vec<&'static PluginLibrary>> = Mutex::new(Vec::new());

/// Loads the plugin at `path` (or returns the already loaded one).
pub fn load_plugin(path: &Path) -> Result<&'static PluginLibrary, PluginError> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(PluginError::NotFound { path: shown });
    }
    let canonical = path.canonicalize().map_err(|e| PluginError::NotALibrary {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(lib) = loaded.iter().find(|l| l.path == canonical) {
        return Ok(lib);
    }
    let library = open_library(&canonical).map_err(|reason| PluginError::NotALibrary {
        path: shown.clone(),
        reason,
    })?;
    // Never unloaded: see the module doc.
    let library: &'static libloading::Library = Box::leak(Box::new(library));

    type Entry = extern "C" fn() -> *const PluginDecl;
    // SAFETY: the symbol, if present, is the function `export_plugin!` emits, whose type is
    // exactly `Entry`; the library stays loaded for the rest of the process.
    let entry = match unsafe { library.get::<Entry>(ENTRY_SYMBOL) } {
        Ok(symbol) => *symbol,
        Err(_) => {
            for other in OTHER_ENTRY_SYMBOLS {
                // SAFETY: only checks whether the symbol exists; it is never called.
                if unsafe { library.get::<*const c_void>(*other) }.is_ok() {
                    let name = String::from_utf8_lossy(&other[..other.len() - 1]).into_owned();
                    return Err(PluginError::OtherAbiSymbol {
                        path: shown,
                        found: name,
                        expected: ABI_VERSION,
                    });
                }
            }
            return Err(PluginError::NoEntrySymbol { path: shown });
        }
    };
    let lib = declare(entry, canonical, shown)?;
    loaded.push(lib);
    Ok(lib)
}

/// The plugin boundary without `dlopen`: an entry function linked into this process (for
/// benches that measure the boundary alone, and for tests). `name` stands for the path.
pub fn in_process_plugin(
    entry: extern "C" fn() -> *const PluginDecl,
    name: &str,
) -> Result<&'static PluginLibrary, PluginError> {
    declare(entry, PathBuf::from(name), name.to_string())
}

/// Checks what an entry function returns (ABI version, then metadata) and records it.
fn declare(
    entry: extern "C" fn() -> *const PluginDecl,
    canonical: PathBuf,
    shown: String,
) -> Result<&'static PluginLibrary, PluginError> {
    let decl_ptr = entry();
    if decl_ptr.is_null() {
        return Err(PluginError::EntryFailed { path: shown });
    }
    // SAFETY: the entry returned a non-null pointer to a static declaration. Only its first
    // field, `abi_version` (a u32 at offset 0 in every ABI version), is read before the
    // version is known to be ours.
    let abi_version = unsafe { std::ptr::addr_of!((*decl_ptr).abi_version).read() };
    if abi_version != ABI_VERSION {
        return Err(PluginError::AbiMismatch {
            path: shown,
            found: abi_version,
            expected: ABI_VERSION,
        });
    }
    // SAFETY: as above; `struct_size` (offset 4 in every version) is read next.
    let struct_size = unsafe { std::ptr::addr_of!((*decl_ptr).struct_size).read() } as usize;
    if struct_size < PLUGIN_DECL_V1_SIZE {
        return Err(PluginError::BadMetadata {
            path: shown,
            reason: format!(
                "declaration of {struct_size} bytes is shorter than ABI v{ABI_VERSION}'s \
                 {PLUGIN_DECL_V1_SIZE}"
            ),
        });
    }
    // SAFETY: same ABI version, and the declaration is at least as long as ABI v1 was
    // first released, so the fields up to `destroy` have our layout; fields appended later
    // are read only when `struct_size` covers them. The declaration is static data of a
    // library that is never unloaded. No reference to the whole struct is made: it may be
    // shorter than ours.
    let (metadata_json, entry) = unsafe {
        let batched_end = std::mem::offset_of!(PluginDecl, analyze_batched)
            + std::mem::size_of::<Option<AnalyzeBatchedFn>>();
        (
            std::ptr::addr_of!((*decl_ptr).metadata_json).read(),
            EntryPoints {
                create: std::ptr::addr_of!((*decl_ptr).create).read(),
                analyze: std::ptr::addr_of!((*decl_ptr).analyze).read(),
                destroy: std::ptr::addr_of!((*decl_ptr).destroy).read(),
                analyze_batched: if struct_size >= batched_end {
                    std::ptr::addr_of!((*decl_ptr).analyze_batched).read()
                } else {
                    None
                },
            },
        )
    };
    // SAFETY: the metadata string is static data of the library.
    let metadata_text =
        unsafe { metadata_json.to_str() }.map_err(|e| PluginError::BadMetadata {
            path: shown.clone(),
            reason: format!("not UTF-8: {e}"),
        })?;
    let metadata: PluginMetadata =
        serde_json::from_str(metadata_text).map_err(|e| PluginError::BadMetadata {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
    validate_metadata(&metadata).map_err(|reason| PluginError::BadMetadata {
        path: shown,
        reason,
    })?;
    let info = AnalyzerInfo {
        id: Box::leak(metadata.id.clone().into_boxed_str()),
        version: Box::leak(metadata.version.clone().into_boxed_str()),
        description: Box::leak(metadata.description.clone().into_boxed_str()),
    };
    let lib: &'static PluginLibrary = Box::leak(Box::new(PluginLibrary {
        path: canonical,
        metadata,
        entry,
        info,
    }));
    Ok(lib)
}

fn validate_metadata(m: &PluginMetadata) -> Result<(), String> {
    let id_ok = !m.id.is_empty()
        && m.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !id_ok {
        return Err(format!("id '{}' must be non-empty [a-z0-9_-]", m.id));
    }
    if m.version.trim().is_empty() {
        return Err("empty version".to_string());
    }
    if m.abi_version != ABI_VERSION {
        return Err(format!(
            "metadata says ABI {}, declaration says {ABI_VERSION}",
            m.abi_version
        ));
    }
    if m.panic_strategy == "abort" {
        return Err("built with panic = \"abort\": a panic would kill the whole run".to_string());
    }
    Ok(())
}

#[cfg(unix)]
fn open_library(path: &Path) -> Result<libloading::Library, String> {
    use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
    // SAFETY: loading a library runs its initializers; the user chose to load this file as
    // a plugin. RTLD_NODELETE keeps it mapped even if a handle were ever closed.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL | libc::RTLD_NODELETE) }
        .map(libloading::Library::from)
        .map_err(|e| describe(&e))
}

/// libloading's message plus the system's reason (`dlerror`), which is in its source.
fn describe(e: &libloading::Error) -> String {
    match std::error::Error::source(e) {
        Some(source) => format!("{e}: {source}"),
        None => e.to_string(),
    }
}

#[cfg(not(unix))]
fn open_library(path: &Path) -> Result<libloading::Library, String> {
    // SAFETY: as above; the handle is leaked by the caller, so the library stays loaded.
    unsafe { libloading::Library::new(path) }.map_err(|e| describe(&e))
}

// ---------------------------------------------------------------------------------------
// The loaded library as a factory, and its analyzers.

/// Host callback: copies a string the plugin sends into the `String` behind `ctx`.
unsafe extern "C" fn collect_text(ctx: *mut c_void, s: FfiStr) {
    if ctx.is_null() {
        return;
    }
    // SAFETY: `ctx` is the `&mut String` the host passed for this very call; the plugin's
    // string is valid for the duration of the callback.
    let (out, bytes) = unsafe { (&mut *ctx.cast::<String>(), s.bytes()) };
    out.push_str(&String::from_utf8_lossy(bytes));
}

#[derive(serde::Deserialize)]
struct CreatedInfo {
    rules: Vec<CreatedRule>,
    config_hash: String,
    #[serde(default)]
    problems: Vec<CreatedProblem>,
}

#[derive(serde::Deserialize)]
struct CreatedRule {
    id: String,
    label: String,
}

#[derive(serde::Deserialize)]
struct CreatedProblem {
    path: Option<String>,
    message: String,
}

impl AnalyzerFactory for &'static PluginLibrary {
    fn info(&self) -> AnalyzerInfo {
        self.info.clone()
    }

    fn examples(&self) -> Vec<Example> {
        self.metadata.examples.clone()
    }

    fn create(&self, config: &serde_json::Value) -> Result<BuiltAnalyzer, String> {
        let config_text = config.to_string();
        let mut handle: *mut c_void = std::ptr::null_mut();
        let mut text = String::new();
        // SAFETY: `create` comes from a validated declaration; the config string, the
        // handle slot and the text buffer all outlive the call, and `collect_text` matches
        // the callback type and only touches the buffer passed as context.
        let status = unsafe {
            (self.entry.create)(
                FfiStr::new(&config_text),
                &mut handle,
                (&mut text as *mut String).cast(),
                collect_text,
            )
        };
        if status != STATUS_OK {
            let what = if status == STATUS_PANIC {
                "panicked"
            } else {
                "failed"
            };
            return Err(format!(
                "plugin {} {what} in create: {text}",
                self.path.display()
            ));
        }
        if handle.is_null() {
            return Err(format!(
                "plugin {} returned no analyzer",
                self.path.display()
            ));
        }
        // Owned from here on, so that every early return destroys the handle.
        let mut analyzer = DynAnalyzer {
            lib: self,
            handle,
            rules: Vec::new(),
            config_hash: String::new(),
        };
        let info: CreatedInfo = serde_json::from_str(&text).map_err(|e| {
            format!(
                "plugin {} sent invalid analyzer info: {e}",
                self.path.display()
            )
        })?;
        let prefix = format!("{}/", self.info.id);
        if let Some(bad) = info.rules.iter().find(|r| !r.id.starts_with(&prefix)) {
            return Err(format!(
                "plugin {}: rule '{}' does not start with '{prefix}'",
                self.path.display(),
                bad.id
            ));
        }
        analyzer.rules = info
            .rules
            .into_iter()
            .map(|r| RuleInfo {
                id: r.id,
                label: r.label,
            })
            .collect();
        analyzer.config_hash = info.config_hash;
        Ok(BuiltAnalyzer {
            analyzer: Box::new(analyzer),
            problems: info
                .problems
                .into_iter()
                .map(|p| ConfigProblem {
                    path: p.path,
                    message: p.message,
                })
                .collect(),
        })
    }
}

/// An analyzer living in a plugin library: to the engine, just another `Analyzer`.
struct DynAnalyzer {
    lib: &'static PluginLibrary,
    handle: *mut c_void,
    rules: Vec<RuleInfo>,
    config_hash: String,
}

// SAFETY: the handle is only passed back to the plugin's own functions. The plugin contract
// (enforced by `policyscan_api`'s `Analyzer: Send + Sync` bound for Rust plugins) is that
// `analyze` may be called concurrently from several threads on one handle, and `destroy`
// runs once, from `Drop`, when no call is in flight.
unsafe impl Send for DynAnalyzer {}
// SAFETY: as above.
unsafe impl Sync for DynAnalyzer {}

impl Drop for DynAnalyzer {
    fn drop(&mut self) {
        // SAFETY: the handle came from this library's `create` and is destroyed once.
        unsafe { (self.lib.entry.destroy)(self.handle) }
    }
}

/// Pin ids a host accepts (a plugin built with `policyscan_api` uses fewer than 2^14):
/// the pin table is indexed by id, so this bounds its memory per thread and plugin.
const MAX_PIN_ID: usize = 1 << 16;

/// Refused announcements remembered per thread and plugin, with their reasons.
const MAX_REFUSED: usize = 1 << 10;

/// The (rule, attributes) pairs a plugin pinned on this thread, by pin id (see
/// `FfiFinding::pin_id`): the common case costs an index, not a hash.
#[derive(Default)]
struct PinTable {
    generation: u64,
    pairs: Vec<Option<(Arc<str>, Arc<Attrs>)>>,
    /// Announcements that were refused, with the reason: the plugin will not announce
    /// them again, so a later finding that names one gets the same reason, not a puzzle.
    refused: HashMap<u32, String, FastBuildHasher>,
}

impl PinTable {
    /// Forgets every pin of an older generation.
    fn start_generation(&mut self, generation: u64) {
        if generation != self.generation {
            self.generation = generation;
            self.pairs.clear();
            self.refused.clear();
        }
    }

    /// The pair of pin `id`, if the table holds it.
    #[inline(always)]
    fn pair(&self, id: u32) -> Option<&(Arc<str>, Arc<Attrs>)> {
        self.pairs.get(id as usize)?.as_ref()
    }

    /// Records the pair of pin `id`, which is below [`MAX_PIN_ID`].
    fn insert(&mut self, id: u32, pair: (Arc<str>, Arc<Attrs>)) {
        let index = id as usize;
        debug_assert!(index < MAX_PIN_ID);
        if self.pairs.len() <= index {
            self.pairs.resize(index + 1, None);
        }
        self.pairs[index] = Some(pair);
    }

    /// Why a finding that names pin `id` cannot be taken (the pair is not in the table).
    fn missing(&self, id: u32) -> String {
        match self.refused.get(&id) {
            Some(reason) => format!("finding names pin {id}, refused when announced: {reason}"),
            None if id as usize >= MAX_PIN_ID => {
                format!("finding names pin {id}, beyond the host's limit of {MAX_PIN_ID}")
            }
            None => format!("finding names pin {id}, never announced"),
        }
    }
}

/// Per thread: the byte interner (in front of the process-wide one), and one pin table per
/// sender of pins. Pin ids and generations are numbered by each library's own copy of the
/// plugin SDK, so the table is keyed by the analyze function that sends them: two
/// declarations of one library share the pins it announced once, two libraries never mix
/// theirs.
#[derive(Default)]
struct HostCaches {
    interner: Interner,
    /// By the address of the analyze function; a run loads a handful of plugins, so a list
    /// beats a map.
    pins: Vec<(usize, PinTable)>,
}

/// The pin table of `sender` among a thread's tables.
#[inline]
fn pin_table(tables: &mut Vec<(usize, PinTable)>, sender: usize) -> &mut PinTable {
    let index = match tables.iter().position(|(s, _)| *s == sender) {
        Some(index) => index,
        None => {
            tables.push((sender, PinTable::default()));
            tables.len() - 1
        }
    };
    &mut tables[index].1
}

thread_local! {
    static CACHES: RefCell<HostCaches> = RefCell::default();
}

/// Copies findings from the plugin into the engine's sink.
struct Collector<'s> {
    sink: &'s mut dyn FindingSink,
    interner: &'s mut Interner,
    pins: &'s mut PinTable,
    /// The document's normalized text: spans must lie inside it (that they lie on character
    /// boundaries is the engine's check).
    text: &'s str,
    /// The rules the analyzer declared: a plugin must not report another analyzer's rule.
    declared: &'s [RuleInfo],
    bad: Option<String>,
    error: String,
    /// A panic in the host's sink, caught in the callback and resumed after the plugin
    /// returns (it must not unwind through the plugin's frames).
    panic: Option<Box<dyn std::any::Any + Send>>,
}

impl Collector<'_> {
    fn rule_and_attrs(&mut self, f: &FfiFinding) -> Result<(Arc<str>, Arc<Attrs>), String> {
        let pinned = f.pin_id != NO_PIN;
        if pinned {
            if let Some(pair) = self.pins.pair(f.pin_id) {
                return Ok(pair.clone());
            }
        }
        // SAFETY: the plugin's strings are valid for the duration of the callback, which is
        // when they are read.
        let (rule_bytes, attrs_bytes) = unsafe { (f.rule.bytes(), f.attrs_json.bytes()) };
        let pair = self.decode(rule_bytes, attrs_bytes)?;
        if pinned && (f.pin_id as usize) < MAX_PIN_ID {
            self.pins.insert(f.pin_id, pair.clone());
        }
        Ok(pair)
    }

    /// A rule id (one the analyzer declared) and attributes, from their bytes.
    fn decode(&mut self, rule: &[u8], attrs: &[u8]) -> Result<(Arc<str>, Arc<Attrs>), String> {
        let rule = self.interner.rule(rule)?;
        if !self.declared.iter().any(|r| r.id == *rule) {
            return Err(format!(
                "rule '{rule}' is not one of the rules the analyzer declared"
            ));
        }
        Ok((rule, self.interner.attrs(attrs)?))
    }

    /// A span inside the document text. Whether it lies on character boundaries is the
    /// engine's check, made for every analyzer alike (`span_check.rs`); here only what
    /// costs no read of the text.
    fn check_span(&self, what: &str, start: usize, end: usize) -> Result<(), String> {
        if start <= end && end <= self.text.len() {
            Ok(())
        } else {
            Err(format!(
                "{what} span {start}..{end} is not inside the document's text ({} bytes)",
                self.text.len()
            ))
        }
    }

    /// Decodes a pin the plugin announces, unless this thread already holds its pair: by
    /// the pin promise, a (generation, id) always stands for the same bytes.
    fn announce(&mut self, pin: &FfiPin) -> Result<(), String> {
        if pin.id as usize >= MAX_PIN_ID {
            return Err(format!("pin id {} is not below {MAX_PIN_ID}", pin.id));
        }
        if self.pins.pair(pin.id).is_some() {
            return Ok(());
        }
        // SAFETY: the plugin's strings are valid for the duration of the callback, which is
        // when they are read.
        let (rule_bytes, attrs_bytes) = unsafe { (pin.rule.bytes(), pin.attrs_json.bytes()) };
        let pair = match self.decode(rule_bytes, attrs_bytes) {
            Ok(pair) => pair,
            Err(reason) => {
                if self.pins.refused.len() < MAX_REFUSED {
                    self.pins.refused.insert(pin.id, reason.clone());
                }
                return Err(reason);
            }
        };
        self.pins.insert(pin.id, pair);
        Ok(())
    }

    /// Records the pins a batch announces: all of them, whatever else fails, as the plugin
    /// will not announce them again on this thread.
    fn take_pins(&mut self, batch: &FfiBatch) -> Result<(), String> {
        self.pins.start_generation(batch.pin_generation);
        // SAFETY: the plugin passes the array with its length, valid for the callback.
        let pins = unsafe { ffi_slice(batch.pins, batch.n_pins, "pins") }?;
        let mut first_error = Ok(());
        for pin in pins {
            if let Err(e) = self.announce(pin) {
                first_error = first_error.and(Err(e));
            }
        }
        first_error
    }

    /// Copies a batch's findings (after [`Collector::take_pins`]).
    fn take_findings(&mut self, batch: &FfiBatch) -> Result<(), String> {
        // SAFETY (both): the plugin passes each array with its length, valid for the
        // duration of the callback.
        let findings = unsafe { ffi_slice(batch.findings, batch.n_findings, "findings") }?;
        let mut captures = unsafe { ffi_slice(batch.captures, batch.n_captures, "captures") }?;
        for f in findings {
            // The common case, kept to a few instructions per finding.
            let plain = f.n_captures == 0 && f.start <= f.end && f.end <= self.text.len();
            if plain && self.push_pinned(f.pin_id, f.start, f.end) {
                continue;
            }
            captures = self.take_with_captures(f, captures)?;
        }
        if !captures.is_empty() {
            return Err(format!(
                "{} captures belong to no finding of the batch",
                captures.len()
            ));
        }
        Ok(())
    }

    /// A batch finding off the common path: it has captures, or something is wrong with
    /// it. Returns the batch's captures after this finding's.
    #[cold]
    #[inline(never)]
    fn take_with_captures<'b>(
        &mut self,
        f: &FfiBatchFinding,
        captures: &'b [FfiCapture],
    ) -> Result<&'b [FfiCapture], String> {
        self.check_span("finding", f.start, f.end)?;
        let Some(pair) = self.pins.pair(f.pin_id).cloned() else {
            return Err(self.pins.missing(f.pin_id));
        };
        let Some((own, rest)) = captures.split_at_checked(f.n_captures as usize) else {
            return Err(format!(
                "a finding has {} captures, the batch only {} more",
                f.n_captures,
                captures.len()
            ));
        };
        self.push_owned(pair, f.start, f.end, own)?;
        Ok(rest)
    }

    /// Hands a finding of pin `id` to the sink, borrowed, so the sink clones only if it
    /// keeps the finding (exactly as for a built-in analyzer). False when the table does
    /// not hold the pin.
    #[inline(always)]
    fn push_pinned(&mut self, id: u32, start: usize, end: usize) -> bool {
        match self.pins.pair(id) {
            Some((rule, attrs)) => {
                self.sink.push_shared(rule, Span::new(start, end), attrs);
                true
            }
            _ => false,
        }
    }

    /// Hands a finding with its own rule, attributes and captures to the sink.
    fn push_owned(
        &mut self,
        (rule, attrs): (Arc<str>, Arc<Attrs>),
        start: usize,
        end: usize,
        raw_captures: &[FfiCapture],
    ) -> Result<(), String> {
        let captures = raw_captures
            .iter()
            .map(|c| {
                self.check_span("capture", c.start, c.end)?;
                // SAFETY: the name is valid for the duration of the callback.
                let name = self.interner.rule(unsafe { c.name.bytes() })?;
                Ok(Capture {
                    name,
                    span: Span::new(c.start, c.end),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        self.sink.push(Finding {
            rule,
            span: Span::new(start, end),
            captures,
            attrs,
        });
        Ok(())
    }

    /// Copies one finding (plugins without batches).
    fn take(&mut self, f: &FfiFinding) -> Result<(), String> {
        self.check_span("finding", f.start, f.end)?;
        let pinned = f.pin_id != NO_PIN;
        if pinned {
            self.pins.start_generation(f.pin_generation);
            if f.n_captures == 0 && self.push_pinned(f.pin_id, f.start, f.end) {
                return Ok(());
            }
        }
        let pair = self.rule_and_attrs(f)?;
        // SAFETY: the plugin passes `n_captures` captures at `captures`, valid for the
        // duration of the callback.
        let raw = unsafe { ffi_slice(f.captures, f.n_captures, "captures") }?;
        self.push_owned(pair, f.start, f.end, raw)
    }
}

/// Host callback: copies the plugin's error message into the [`Collector`] behind `ctx`.
unsafe extern "C" fn collect_error(ctx: *mut c_void, s: FfiStr) {
    if ctx.is_null() {
        return;
    }
    // SAFETY: `ctx` is the `&mut Collector` passed for this analyze call; the message is
    // valid for the duration of the callback.
    let (collector, bytes) = unsafe { (&mut *ctx.cast::<Collector<'_>>(), s.bytes()) };
    collector.error.push_str(&String::from_utf8_lossy(bytes));
}

impl Collector<'_> {
    /// Runs `copy`, keeping its error (the first of the call) or its panic. The sink is
    /// the host's code and may panic; a panic must not unwind into the plugin, so it is
    /// kept and resumed after the plugin returns.
    fn guarded(&mut self, copy: impl FnOnce(&mut Self) -> Result<(), String>) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| copy(self))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                self.bad.get_or_insert(e);
            }
            Err(payload) => {
                self.panic.get_or_insert(payload);
            }
        }
    }

    /// Whether an earlier callback of this call went wrong: later findings are ignored.
    fn failed(&self) -> bool {
        self.bad.is_some() || self.panic.is_some()
    }
}

/// The [`Collector`] behind a callback's `ctx`.
///
/// # Safety
/// `ctx` must be null or the `&mut Collector` passed for the current analyze call (whose
/// callbacks are sequential).
unsafe fn collector<'c>(ctx: *mut c_void) -> Option<&'c mut Collector<'c>> {
    // SAFETY: by the caller's guarantee.
    unsafe { ctx.cast::<Collector<'c>>().as_mut() }
}

/// Host callback: copies a batch of findings into the [`Collector`] behind `ctx`.
unsafe extern "C" fn collect_batch(ctx: *mut c_void, batch: *const FfiBatch) {
    // SAFETY: `ctx` is the collector of this call; `batch` is null or valid for the call.
    let (Some(collector), batch) = (unsafe { collector(ctx) }, unsafe { batch.as_ref() }) else {
        return;
    };
    let Some(batch) = batch else {
        collector
            .bad
            .get_or_insert_with(|| "a null batch".to_string());
        return;
    };
    collector.guarded(|c| {
        // The pins even after an earlier failure of this call (see `take_pins`); the
        // findings only without one.
        let had_failed = c.failed();
        c.take_pins(batch)?;
        if had_failed {
            return Ok(());
        }
        c.take_findings(batch)
    });
}

/// Host callback for plugins without batches: copies one finding.
unsafe extern "C" fn collect_finding(ctx: *mut c_void, f: *const FfiFinding) {
    // SAFETY: `ctx` is the collector of this call; `f` is null or valid for the call.
    let (Some(collector), f) = (unsafe { collector(ctx) }, unsafe { f.as_ref() }) else {
        return;
    };
    if collector.failed() {
        return;
    }
    match f {
        Some(f) => collector.guarded(|c| c.take(f)),
        None => {
            collector
                .bad
                .get_or_insert_with(|| "a null finding".to_string());
        }
    }
}

/// `n` items at `ptr`, as a slice; an error for a null pointer with a non-zero length.
///
/// # Safety
/// A non-null `ptr` must point to `n` initialized items valid for `'a`.
unsafe fn ffi_slice<'a, T>(ptr: *const T, n: usize, what: &str) -> Result<&'a [T], String> {
    if n == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(format!("{n} {what} at a null pointer"));
    }
    // SAFETY: non-null, and the caller guarantees `n` items living for 'a.
    Ok(unsafe { std::slice::from_raw_parts(ptr, n) })
}

impl Analyzer for DynAnalyzer {
    fn id(&self) -> &str {
        self.lib.info.id
    }

    fn rules(&self) -> Vec<RuleInfo> {
        self.rules.clone()
    }

    fn config_hash(&self) -> String {
        self.config_hash.clone()
    }

    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        let ffi_doc = FfiDocument {
            id: FfiStr::new(doc.id),
            text: FfiStr::new(doc.text),
            region: doc.region.map_or(FfiStr::EMPTY, FfiStr::new),
            year: doc.year.unwrap_or(0),
            has_year: u8::from(doc.year.is_some()),
        };
        CACHES.with(|caches| {
            let caches = &mut *caches.borrow_mut();
            let entry = &self.lib.entry;
            let sender = match entry.analyze_batched {
                Some(analyze_batched) => analyze_batched as usize,
                None => entry.analyze as usize,
            };
            let mut collector = Collector {
                sink,
                interner: &mut caches.interner,
                pins: pin_table(&mut caches.pins, sender),
                text: doc.text,
                declared: &self.rules,
                bad: None,
                error: String::new(),
                panic: None,
            };
            let ctx = (&mut collector as *mut Collector<'_>).cast();
            // SAFETY: the analyze functions come from a validated declaration and `handle`
            // from its `create`; the document and the collector outlive the call, and the
            // callbacks match their types and only touch the collector they are given.
            let status = unsafe {
                match entry.analyze_batched {
                    Some(analyze_batched) => {
                        analyze_batched(self.handle, &ffi_doc, ctx, collect_batch, collect_error)
                    }
                    None => {
                        (entry.analyze)(self.handle, &ffi_doc, ctx, collect_finding, collect_error)
                    }
                }
            };
            if let Some(payload) = collector.panic {
                std::panic::resume_unwind(payload);
            }
            if let Some(bad) = collector.bad {
                return Err(AnalyzeError::new(format!(
                    "plugin sent an invalid finding: {bad}"
                )));
            }
            let error = collector.error;
            match status {
                STATUS_OK => Ok(()),
                STATUS_PANIC => Err(AnalyzeError::panic(format!("panicked: {error}"))),
                _ => Err(AnalyzeError::new(error)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    //! The host side of the batch protocol, with plugins linked into the test binary: the
    //! same analyzer through every kind of declaration, and hand-made malformed batches.

    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;

    use policyscan_api::ffi::{plugin_entry, BatchCallback, PluginBuild, StrCallback};

    use super::*;

    const WORD: &str = "区块链";

    /// Reports every 区块链: shared pairs, owned findings with fresh attributes, and owned
    /// findings with captures, so every path of the boundary is taken.
    struct WordAnalyzer {
        rule: Arc<str>,
        shared: Arc<Attrs>,
    }

    impl Analyzer for WordAnalyzer {
        fn id(&self) -> &str {
            "t"
        }
        fn rules(&self) -> Vec<RuleInfo> {
            vec![RuleInfo {
                id: "t/word".into(),
                label: "word".into(),
            }]
        }
        fn config_hash(&self) -> String {
            "0".into()
        }
        fn analyze(
            &self,
            doc: &Document<'_>,
            sink: &mut dyn FindingSink,
        ) -> Result<(), AnalyzeError> {
            for (n, (start, _)) in doc.text.match_indices(WORD).enumerate() {
                let span = Span::new(start, start + WORD.len());
                match n % 3 {
                    0 => sink.push_shared(&self.rule, span, &self.shared),
                    1 => {
                        let mut attrs = Attrs::new();
                        attrs.insert("n".into(), n.into());
                        sink.push(Finding {
                            rule: self.rule.clone(),
                            span,
                            captures: Vec::new(),
                            attrs: Arc::new(attrs),
                        });
                    }
                    _ => sink.push(Finding {
                        rule: self.rule.clone(),
                        span,
                        captures: vec![Capture {
                            name: Arc::from(format!("head{}", n % 5)),
                            span: Span::new(start, start + 3),
                        }],
                        attrs: self.shared.clone(),
                    }),
                }
            }
            Ok(())
        }
    }

    struct WordFactory;

    impl AnalyzerFactory for WordFactory {
        fn info(&self) -> AnalyzerInfo {
            AnalyzerInfo {
                id: "t",
                version: "1.0.0",
                description: "test",
            }
        }
        fn create(&self, _config: &serde_json::Value) -> Result<BuiltAnalyzer, String> {
            let mut shared = Attrs::new();
            shared.insert("kind".into(), "shared".into());
            Ok(BuiltAnalyzer {
                analyzer: Box::new(WordAnalyzer {
                    rule: Arc::from("t/word"),
                    shared: Arc::new(shared),
                }),
                problems: Vec::new(),
            })
        }
    }

    /// The test binary has one copy of the plugin SDK, so one plugin declaration: the word
    /// analyzer's. The other declarations below are variants of it.
    extern "C" fn word_entry() -> *const PluginDecl {
        let build = PluginBuild {
            panic_unwind: true,
            quiet_panic_hook: false,
        };
        plugin_entry(|| Box::new(WordFactory), build)
    }

    /// The word plugin's declaration with `analyze_batched` and `struct_size` replaced.
    fn variant(
        analyze_batched: Option<policyscan_api::ffi::AnalyzeBatchedFn>,
        struct_size: usize,
    ) -> PluginDecl {
        // SAFETY: the entry returns a pointer to its static declaration.
        let decl = unsafe { &*word_entry() };
        PluginDecl {
            abi_version: decl.abi_version,
            struct_size: struct_size as u32,
            metadata_json: decl.metadata_json,
            create: decl.create,
            analyze: decl.analyze,
            destroy: decl.destroy,
            analyze_batched,
        }
    }

    static WITHOUT_BATCHES: OnceLock<PluginDecl> = OnceLock::new();
    static FIRST_V1: OnceLock<PluginDecl> = OnceLock::new();
    static CRAFTED: OnceLock<PluginDecl> = OnceLock::new();

    extern "C" fn without_batches_entry() -> *const PluginDecl {
        WITHOUT_BATCHES.get_or_init(|| variant(None, std::mem::size_of::<PluginDecl>()))
    }

    /// As a plugin built before `analyze_batched` was appended: the host must not read it.
    extern "C" fn first_v1_entry() -> *const PluginDecl {
        FIRST_V1.get_or_init(|| {
            // SAFETY: as in `variant`.
            let batched = unsafe { &*word_entry() }.analyze_batched;
            variant(batched, PLUGIN_DECL_V1_SIZE)
        })
    }

    extern "C" fn crafted_entry() -> *const PluginDecl {
        CRAFTED.get_or_init(|| variant(Some(crafted_analyze), std::mem::size_of::<PluginDecl>()))
    }

    /// What `analyzer` finds in a document of `text`.
    fn analyze_text(analyzer: &dyn Analyzer, text: &str) -> Result<Vec<Finding>, AnalyzeError> {
        let doc = Document {
            id: "d",
            text,
            region: None,
            year: None,
        };
        let mut found = Vec::new();
        analyzer.analyze(&doc, &mut found).map(|()| found)
    }

    fn findings_of(analyzer: &dyn Analyzer, text: &str) -> Vec<Finding> {
        analyze_text(analyzer, text).expect("analyzes")
    }

    #[test]
    fn every_kind_of_declaration_copies_the_same_findings() {
        // Several batches' worth, with ASCII and CJK around each word.
        let text = (0..700)
            .map(|i| format!("第{i}段，区块链 x{i}。"))
            .collect::<String>();
        let built_in = WordFactory
            .create(&serde_json::json!({}))
            .expect("creates")
            .analyzer;
        let direct = findings_of(built_in.as_ref(), &text);
        assert_eq!(direct.len(), 700);
        for (entry, name) in [
            (
                word_entry as extern "C" fn() -> *const PluginDecl,
                "<batched>",
            ),
            (without_batches_entry, "<without batches>"),
            (first_v1_entry, "<first v1>"),
        ] {
            let library = in_process_plugin(entry, name).expect("declares");
            let analyzer = library
                .create(&serde_json::json!({}))
                .expect("creates")
                .analyzer;
            // Twice: the second call names the shared pair the first one announced.
            for _ in 0..2 {
                assert!(
                    findings_of(analyzer.as_ref(), &text) == direct,
                    "{name}: findings differ from the analyzer's own"
                );
            }
        }
    }

    /// Generations for the crafted plugin: a fresh one per call, so no case depends on
    /// pins another case announced.
    static CRAFTED_GENERATION: AtomicU64 = AtomicU64::new(1 << 40);

    /// Sends one hand-made batch, chosen by the document's text.
    unsafe extern "C" fn crafted_analyze(
        _handle: *const c_void,
        doc: *const FfiDocument,
        ctx: *mut c_void,
        on_batch: BatchCallback,
        _on_error: StrCallback,
    ) -> i32 {
        // SAFETY: the host passes a valid document.
        let text = unsafe { (*doc).text.to_str() }.unwrap_or("");
        let case = text.split(' ').next().unwrap_or("");
        let word_at = text.find(WORD).unwrap_or(0);
        let word = |pin_id: u32, n_captures: u32| FfiBatchFinding {
            start: word_at,
            end: word_at + WORD.len(),
            pin_id,
            n_captures,
        };
        let pin = |id: u32, rule: &'static str| FfiPin {
            id,
            rule: FfiStr::new(rule),
            attrs_json: FfiStr::EMPTY,
        };
        let capture = FfiCapture {
            name: FfiStr::new("head"),
            start: word_at,
            end: word_at + 3,
        };
        // A generation given in the text ("again 7 …"), or a fresh one.
        let generation = match text.split(' ').nth(1).and_then(|g| g.parse().ok()) {
            Some(given) => given,
            None => CRAFTED_GENERATION.fetch_add(1, Ordering::Relaxed),
        };
        let (pins, findings, captures): (Vec<FfiPin>, Vec<FfiBatchFinding>, Vec<FfiCapture>) =
            match case {
                "unannounced" => (vec![], vec![word(5, 0)], vec![]),
                "undeclared" => (vec![pin(0, "other/rule")], vec![word(0, 0)], vec![]),
                "too-few-captures" => (vec![pin(0, "t/word")], vec![word(0, 2)], vec![capture]),
                "stray-captures" => (vec![pin(0, "t/word")], vec![word(0, 0)], vec![capture]),
                "past-the-end" => (
                    vec![pin(0, "t/word")],
                    vec![FfiBatchFinding {
                        end: text.len() + 1,
                        ..word(0, 0)
                    }],
                    vec![],
                ),
                // A bad batch, then one that announces pin 0: the host must record the pin
                // although it ignores the rest of the call …
                "fail-then-announce" => {
                    let bad = [word(9, 0)];
                    let batch = FfiBatch {
                        pin_generation: generation,
                        pins: std::ptr::null(),
                        n_pins: 0,
                        findings: bad.as_ptr(),
                        n_findings: 1,
                        captures: std::ptr::null(),
                        n_captures: 0,
                    };
                    // SAFETY: as for the batch below.
                    unsafe { on_batch(ctx, &batch) };
                    (vec![pin(0, "t/word")], vec![word(0, 0)], vec![])
                }
                // … which the next call of the same generation names unannounced.
                "again" => (vec![], vec![word(0, 0)], vec![]),
                // An announcement the host refuses: later findings naming the pin get the
                // same reason.
                "refuse" => (vec![pin(0, "other/rule")], vec![word(0, 0)], vec![]),
                _ => (vec![pin(0, "t/word")], vec![word(0, 1)], vec![capture]),
            };
        let null_findings = case == "null";
        let batch = FfiBatch {
            pin_generation: generation,
            pins: pins.as_ptr(),
            n_pins: pins.len(),
            findings: if null_findings {
                std::ptr::null()
            } else {
                findings.as_ptr()
            },
            n_findings: findings.len(),
            captures: captures.as_ptr(),
            n_captures: captures.len(),
        };
        // SAFETY: the host's callback and context for this call; the batch and what it
        // points to live until the callback returns.
        unsafe { on_batch(ctx, &batch) };
        STATUS_OK
    }

    fn crafted(text: &str) -> Result<Vec<Finding>, String> {
        let library = in_process_plugin(crafted_entry, "<crafted>").expect("declares");
        let analyzer = library
            .create(&serde_json::json!({}))
            .expect("creates")
            .analyzer;
        analyze_text(analyzer.as_ref(), text).map_err(|e| e.message)
    }

    #[test]
    fn malformed_batches_are_refused_with_the_reason() {
        let good = crafted("good 区块链").expect("a well-formed batch");
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].captures.len(), 1);
        for (case, reason) in [
            ("unannounced", "names pin 5, never announced"),
            ("undeclared", "rule 'other/rule' is not one of the rules"),
            ("too-few-captures", "has 2 captures, the batch only 1 more"),
            ("stray-captures", "1 captures belong to no finding"),
            ("past-the-end", "is not inside the document's text"),
            ("null", "1 findings at a null pointer"),
        ] {
            let error = crafted(&format!("{case} 区块链")).expect_err(case);
            assert!(
                error.contains("plugin sent an invalid finding") && error.contains(reason),
                "{case}: {error}"
            );
        }
    }

    #[test]
    fn pins_of_a_refused_batch_are_still_recorded() {
        let error = crafted("fail-then-announce 7 区块链").expect_err("pin 9 is unknown");
        assert!(error.contains("names pin 9"), "{error}");
        let again = crafted("again 7 区块链").expect("pin 0 was announced before");
        assert_eq!(again.len(), 1);
    }

    #[test]
    fn a_refused_pin_gives_later_findings_the_same_reason() {
        let first = crafted("refuse 8 区块链").expect_err("undeclared rule");
        assert!(
            first.contains("rule 'other/rule' is not one of the rules"),
            "{first}"
        );
        let later = crafted("again 8 区块链").expect_err("the pin was refused");
        assert!(
            later.contains("names pin 0, refused when announced: rule 'other/rule'"),
            "{later}"
        );
    }
}
