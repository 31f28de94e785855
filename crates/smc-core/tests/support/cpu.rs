//! CPU time of the calling thread, for benches that report a rate per CPU second next to
//! criterion's wall-clock figures (a rate that stays meaningful on a machine shared with other
//! jobs).

/// Seconds of user + system CPU time used by this thread; NaN where unsupported.
#[cfg(target_os = "linux")]
pub fn thread_cpu_seconds() -> f64 {
    #[repr(C)]
    struct Rusage {
        utime: [i64; 2],
        stime: [i64; 2],
        rest: [i64; 14],
    }
    extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    const RUSAGE_THREAD: i32 = 1;
    // SAFETY: getrusage fills the struct it is given; Rusage matches Linux's layout on 64-bit.
    let mut u: Rusage = unsafe { std::mem::zeroed() };
    unsafe { getrusage(RUSAGE_THREAD, &mut u) };
    (u.utime[0] + u.stime[0]) as f64 + (u.utime[1] + u.stime[1]) as f64 * 1e-6
}

#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_seconds() -> f64 {
    f64::NAN
}
