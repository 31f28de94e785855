//! Where the real-data tests find `../shared/data`, and what they do when it is missing.
//!
//! A user's clone may not have the shared data: the test then prints one line and passes (libtest
//! shows it only with `--nocapture`). CI sets `SMC_REQUIRE_DATA=1`, under which a missing file
//! fails the test instead, so a moved or deleted file cannot turn a real-data test into a silent
//! pass.

#![allow(dead_code)]

use std::path::PathBuf;

/// `$SMC_SHARED_DATA`, or `../shared/data` beside the repository.
pub fn shared_data_dir() -> PathBuf {
    std::env::var_os("SMC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// Whether `SMC_REQUIRE_DATA=1` is set.
pub fn data_required() -> bool {
    std::env::var("SMC_REQUIRE_DATA").is_ok_and(|v| v == "1")
}

/// The path of `relative` under the shared data directory if the file exists. Otherwise prints
/// that `suite` is skipped and returns `None`, or panics under `SMC_REQUIRE_DATA=1`.
pub fn shared_data(relative: &str, suite: &str) -> Option<PathBuf> {
    let path = shared_data_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    if data_required() {
        panic!(
            "[data] {suite}: {} not found and SMC_REQUIRE_DATA=1 (set SMC_SHARED_DATA to the \
             shared data directory, or unset SMC_REQUIRE_DATA to skip)",
            path.display()
        );
    }
    eprintln!("[data] {suite}: skipped ({} not found)", path.display());
    None
}
