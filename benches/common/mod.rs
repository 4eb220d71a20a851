//! Shared by the benches: timing by median.

use std::time::{Duration, Instant};

/// The middle of some durations.
pub fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs.get(xs.len() / 2).copied().unwrap_or_default()
}

/// Time `f` `runs` times (after one warm-up run); the median and the last result.
///
/// Each run's result is dropped before the next run starts, as a process
/// holds one workspace at a time: kept alive, it made every run allocate
/// beside it, twice the memory of one process. (A whole process also
/// touches fresh pages, which a run here mostly does not; `compare.sh` and
/// `hyperfine` time that.)
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = f();
    let mut xs = Vec::new();
    for _ in 0..runs {
        drop(last);
        let t = Instant::now();
        last = f();
        xs.push(t.elapsed());
    }
    (median(xs), last)
}
