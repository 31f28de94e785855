//! Core errors to JavaScript errors, and the panic guard every export runs inside.

use std::panic::{catch_unwind, AssertUnwindSafe};

use smc_core::SmcError;

/// A stable error code (`SMC_*`), surfaced to JavaScript as `err.code`.
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

// Named `Result` because napi-derive recognises fallible exports by that name.
pub type Result<T> = napi::Result<T, Code>;

pub fn to_napi(err: SmcError) -> napi::Error<Code> {
    napi::Error::new(Code(err.code()), err.to_string())
}

/// Runs `f`, converting its error and any panic into a coded JavaScript error, so that a panic
/// never unwinds across the N-API boundary (which would abort the Node process).
pub fn guard<T>(f: impl FnOnce() -> smc_core::Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(to_napi),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(to_napi(SmcError::Internal(msg)))
        }
    }
}

/// Panics on purpose, inside the guard: lets the test suite prove that a panic in the core
/// reaches JavaScript as an `SMC_INTERNAL` error instead of aborting Node. Not part of the SDK.
#[napi_derive::napi(js_name = "__smcTestPanic")]
pub fn test_panic() -> Result<()> {
    guard(|| -> smc_core::Result<()> { panic!("deliberate panic for the error-model test") })
}
