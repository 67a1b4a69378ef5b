//! `export_plugin!`: turns an [`AnalyzerFactory`](crate::AnalyzerFactory) into a loadable
//! plugin.

/// Exports the entry symbol `policyscan_plugin_v1` for a factory, so the crate built as a
/// cdylib loads with `policyscan analyze --plugin`.
///
/// The symbol is emitted only when the *calling* crate's `export` feature is on: statically
/// linked built-ins must not export it (two copies would clash at link time), and cargo
/// builds the cdylibs in a separate invocation (`cargo xtask plugins`).
///
/// ```text
/// #[derive(Default)]
/// pub struct MyFactory;
/// impl policyscan_api::AnalyzerFactory for MyFactory { /* … */ }
/// policyscan_api::export_plugin!(MyFactory);
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($factory:expr) => {
        /// The plugin entry: returns this library's `PluginDecl` (see `policyscan_api::ffi`).
        #[cfg(feature = "export")]
        #[allow(unsafe_code)] // `no_mangle` is flagged by the lint; the body is safe.
        #[no_mangle]
        pub extern "C" fn policyscan_plugin_v1() -> *const $crate::ffi::PluginDecl {
            $crate::ffi::plugin_entry(
                || ::std::boxed::Box::new($factory),
                $crate::ffi::PluginBuild {
                    // Evaluated here, in the plugin crate, which decides the panic strategy.
                    panic_unwind: cfg!(panic = "unwind"),
                    quiet_panic_hook: true,
                },
            )
        }
    };
}
