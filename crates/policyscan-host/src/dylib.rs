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

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use policyscan_api::fast_hash::FastBuildHasher;
use policyscan_api::ffi::{
    FfiDocument, FfiFinding, FfiStr, PluginDecl, ABI_VERSION, ENTRY_SYMBOL, NO_PIN,
    OTHER_ENTRY_SYMBOLS, STATUS_OK, STATUS_PANIC,
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
    decl: &'static PluginDecl,
    /// `AnalyzerInfo` wants `'static` strings; the library never goes away, neither do these.
    info: AnalyzerInfo,
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
    let struct_size = unsafe { std::ptr::addr_of!((*decl_ptr).struct_size).read() };
    if (struct_size as usize) < std::mem::size_of::<PluginDecl>() {
        return Err(PluginError::BadMetadata {
            path: shown,
            reason: format!(
                "declaration of {struct_size} bytes is shorter than ABI v{ABI_VERSION}'s {}",
                std::mem::size_of::<PluginDecl>()
            ),
        });
    }
    // SAFETY: same ABI version and a declaration at least as long as ours, so the whole
    // `PluginDecl` has our layout; it is static data of a library that is never unloaded.
    let decl: &'static PluginDecl = unsafe { &*decl_ptr };
    // SAFETY: the metadata string is static data of the library.
    let metadata_text =
        unsafe { decl.metadata_json.to_str() }.map_err(|e| PluginError::BadMetadata {
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
        decl,
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
            (self.decl.create)(
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
        unsafe { (self.lib.decl.destroy)(self.handle) }
    }
}

/// Rule ids and attributes decoded from their bytes, per thread: they repeat across
/// findings and documents.
#[derive(Default)]
struct Interner {
    rules: HashMap<Box<[u8]>, Arc<str>, FastBuildHasher>,
    attrs: HashMap<Box<[u8]>, Arc<Attrs>, FastBuildHasher>,
}

/// Distinct values kept per thread before a cache starts over (bounded memory for plugins
/// whose attributes differ in every finding).
const CACHE_LIMIT: usize = 1 << 14;

impl Interner {
    fn rule(&mut self, bytes: &[u8]) -> Result<Arc<str>, String> {
        if let Some(r) = self.rules.get(bytes) {
            return Ok(r.clone());
        }
        let text = std::str::from_utf8(bytes).map_err(|e| format!("rule id is not UTF-8: {e}"))?;
        if self.rules.len() >= CACHE_LIMIT {
            self.rules.clear();
        }
        let rule: Arc<str> = Arc::from(text);
        self.rules.insert(bytes.into(), rule.clone());
        Ok(rule)
    }

    fn attrs(&mut self, bytes: &[u8]) -> Result<Arc<Attrs>, String> {
        if bytes.is_empty() {
            return Ok(Arc::default());
        }
        if let Some(a) = self.attrs.get(bytes) {
            return Ok(a.clone());
        }
        let attrs: Attrs = serde_json::from_slice(bytes)
            .map_err(|e| format!("attributes are not a JSON object: {e}"))?;
        if self.attrs.len() >= CACHE_LIMIT {
            self.attrs.clear();
        }
        let attrs = Arc::new(attrs);
        self.attrs.insert(bytes.into(), attrs.clone());
        Ok(attrs)
    }
}

/// The (rule, attributes) pairs a plugin pinned on this thread, by pin id (see
/// `FfiFinding::pin_id`): the common case costs an index, not a hash.
#[derive(Default)]
struct PinTable {
    generation: u64,
    pairs: Vec<Option<(Arc<str>, Arc<Attrs>)>>,
}

/// Per thread: the byte interner, and one pin table per plugin library (pin ids are
/// numbered by each library's own copy of the plugin SDK).
#[derive(Default)]
struct HostCaches {
    interner: Interner,
    pins: HashMap<usize, PinTable, FastBuildHasher>,
}

thread_local! {
    static CACHES: RefCell<HostCaches> = RefCell::default();
}

/// Copies findings from the plugin into the engine's sink.
struct Collector<'s> {
    sink: &'s mut dyn FindingSink,
    interner: &'s mut Interner,
    pins: &'s mut PinTable,
    /// The document's normalized text: spans must lie inside it, on character boundaries.
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
            if f.pin_generation != self.pins.generation {
                self.pins.generation = f.pin_generation;
                self.pins.pairs.clear();
            }
            if let Some(Some((r, a))) = self.pins.pairs.get(f.pin_id as usize) {
                return Ok((r.clone(), a.clone()));
            }
        }
        // SAFETY: the plugin's strings are valid for the duration of the callback, which is
        // when they are read.
        let (rule_bytes, attrs_bytes) = unsafe { (f.rule.bytes(), f.attrs_json.bytes()) };
        let rule = self.interner.rule(rule_bytes)?;
        if !self.declared.iter().any(|r| r.id == *rule) {
            return Err(format!(
                "rule '{rule}' is not one of the rules the analyzer declared"
            ));
        }
        let pair = (rule, self.interner.attrs(attrs_bytes)?);
        let index = f.pin_id as usize;
        if pinned && index < CACHE_LIMIT {
            if self.pins.pairs.len() <= index {
                self.pins.pairs.resize(index + 1, None);
            }
            self.pins.pairs[index] = Some(pair.clone());
        }
        Ok(pair)
    }

    /// A span inside the document text, on character boundaries.
    fn check_span(&self, what: &str, start: usize, end: usize) -> Result<(), String> {
        let ok = start <= end
            && end <= self.text.len()
            && self.text.is_char_boundary(start)
            && self.text.is_char_boundary(end);
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{what} span {start}..{end} is not a span of the document's text ({} bytes)",
                self.text.len()
            ))
        }
    }

    fn take(&mut self, f: &FfiFinding) -> Result<(), String> {
        self.check_span("finding", f.start, f.end)?;
        // The common case: a pair already decoded, no captures. Handed on borrowed, so the
        // sink clones only if it keeps the finding — exactly as for a built-in analyzer.
        if f.n_captures == 0 && f.pin_id != NO_PIN && f.pin_generation == self.pins.generation {
            if let Some(Some((rule, attrs))) = self.pins.pairs.get(f.pin_id as usize) {
                self.sink.push_shared(
                    rule,
                    Span {
                        start: f.start,
                        end: f.end,
                    },
                    attrs,
                );
                return Ok(());
            }
        }
        let (rule, attrs) = self.rule_and_attrs(f)?;
        let captures = if f.n_captures == 0 || f.captures.is_null() {
            Vec::new()
        } else {
            // SAFETY: the plugin passes `n_captures` captures at `captures`, valid for the
            // duration of the callback.
            let raw = unsafe { std::slice::from_raw_parts(f.captures, f.n_captures) };
            raw.iter()
                .map(|c| {
                    self.check_span("capture", c.start, c.end)?;
                    // SAFETY: as above.
                    let name = self.interner.rule(unsafe { c.name.bytes() })?;
                    Ok(Capture {
                        name,
                        span: Span {
                            start: c.start,
                            end: c.end,
                        },
                    })
                })
                .collect::<Result<Vec<_>, String>>()?
        };
        self.sink.push(Finding {
            rule,
            span: Span {
                start: f.start,
                end: f.end,
            },
            captures,
            attrs,
        });
        Ok(())
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

/// Host callback: copies one finding into the [`Collector`] behind `ctx`.
unsafe extern "C" fn collect_finding(ctx: *mut c_void, f: *const FfiFinding) {
    if ctx.is_null() || f.is_null() {
        return;
    }
    // SAFETY: `ctx` is the `&mut Collector` passed for this analyze call (calls on one
    // document are sequential); `f` is valid for the duration of the callback.
    let (collector, finding) = unsafe { (&mut *ctx.cast::<Collector<'_>>(), &*f) };
    if collector.bad.is_some() || collector.panic.is_some() {
        return;
    }
    // The sink is the host's code and may panic; a panic must not unwind into the plugin.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| collector.take(finding))) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => collector.bad = Some(e),
        Err(payload) => collector.panic = Some(payload),
    }
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
            let library = self.lib as *const PluginLibrary as usize;
            let mut collector = Collector {
                sink,
                interner: &mut caches.interner,
                pins: caches.pins.entry(library).or_default(),
                text: doc.text,
                declared: &self.rules,
                bad: None,
                error: String::new(),
                panic: None,
            };
            // SAFETY: `analyze` comes from a validated declaration and `handle` from its
            // `create`; the document and the collector outlive the call, and the two
            // callbacks match their types and only touch the collector they are given.
            let status = unsafe {
                (self.lib.decl.analyze)(
                    self.handle,
                    &ffi_doc,
                    (&mut collector as *mut Collector<'_>).cast(),
                    collect_finding,
                    collect_error,
                )
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
