//! Output columns handed to JavaScript without copying.

use napi::bindgen_prelude::Float64Array;

/// Allocates a zeroed column of `len` values, lets `fill` write it (a core `*_into` function),
/// and hands the memory to JavaScript as a Float64Array without copying.
///
/// Tried and rejected: mapping large columns as transparent huge pages to save the page faults
/// of a fresh 8 MB buffer. On the test machine (THP `defrag=madvise`) it made system time worse
/// (direct compaction on fault), so plain `calloc` memory it is: glibc reuses freed columns.
pub fn column(
    len: usize,
    fill: impl FnOnce(&mut [f64]) -> smc_core::Result<()>,
) -> smc_core::Result<Float64Array> {
    let mut values = vec![0.0; len];
    fill(&mut values)?;
    Ok(Float64Array::new(values))
}
