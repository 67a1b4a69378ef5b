//! Test fixture: exports the entry symbol by hand with ABI version 99, as a plugin built for
//! a future policyscan would. The host must refuse it after reading only `abi_version`.
// Hand-writing the declaration needs `no_mangle` and `unsafe extern "C" fn` items; none of
// them is ever called.
#![allow(unsafe_code)]

#[cfg(feature = "export")]
mod entry {
    use std::ffi::c_void;

    use policyscan_api::ffi::{
        FfiDocument, FfiStr, FindingCallback, PluginDecl, StrCallback, STATUS_ERROR,
    };

    unsafe extern "C" fn create(
        _config: FfiStr,
        _out: *mut *mut c_void,
        _ctx: *mut c_void,
        _on_text: StrCallback,
    ) -> i32 {
        STATUS_ERROR
    }

    unsafe extern "C" fn analyze(
        _handle: *const c_void,
        _doc: *const FfiDocument,
        _ctx: *mut c_void,
        _on_finding: FindingCallback,
        _on_error: StrCallback,
    ) -> i32 {
        STATUS_ERROR
    }

    unsafe extern "C" fn destroy(_handle: *mut c_void) {}

    const METADATA: &str = r#"{"id":"wrong-abi","version":"9.9.9","abi_version":99}"#;

    static DECL: PluginDecl = PluginDecl {
        abi_version: 99,
        struct_size: std::mem::size_of::<PluginDecl>() as u32,
        metadata_json: FfiStr {
            ptr: METADATA.as_ptr(),
            len: METADATA.len(),
        },
        create,
        analyze,
        destroy,
        analyze_batched: None,
    };

    #[no_mangle]
    pub extern "C" fn policyscan_plugin_v1() -> *const PluginDecl {
        &DECL
    }
}
