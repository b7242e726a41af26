//! Timing: median nanoseconds per operation, over batches long enough that
//! the clock's resolution does not matter.
//!
//! `LINEAR_MEMORY_BENCH_QUICK=1` takes one short batch per row instead: the
//! samples test (runner/tests/samples.rs) runs the benchmark that way to check
//! what it prints, not how fast anything is.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// Batches per row, and how long each takes.
static PLAN: LazyLock<(usize, Duration)> =
    LazyLock::new(|| match std::env::var_os("LINEAR_MEMORY_BENCH_QUICK") {
        Some(_) => (1, Duration::from_millis(1)),
        None => (11, Duration::from_millis(20)),
    });

/// Median time of one call to `op`, in nanoseconds. `op` should pass what it
/// computes through `std::hint::black_box`.
pub fn ns_per_op(mut op: impl FnMut()) -> f64 {
    let (samples, sample_time) = *PLAN;
    // Warm up (caches, lazily initialised state), then find a batch size
    // that takes about `sample_time`.
    let warm = Instant::now() + 2 * sample_time;
    while Instant::now() < warm {
        op();
    }
    let batch = batch_size(&mut op, sample_time);
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let started = Instant::now();
            (0..batch).for_each(|_| op());
            started.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[samples / 2]
}

/// How many calls of `op` take about `sample_time`.
fn batch_size(op: &mut impl FnMut(), sample_time: Duration) -> u64 {
    let mut batch = 1u64;
    loop {
        let started = Instant::now();
        (0..batch).for_each(|_| op());
        let elapsed = started.elapsed();
        if elapsed >= sample_time / 8 {
            let scale = sample_time.as_secs_f64() / elapsed.as_secs_f64();
            return ((batch as f64 * scale) as u64).max(1);
        }
        batch *= 2;
    }
}

/// Keeps `value` observable, so the work that made it is not optimised away.
pub fn consume<T>(value: T) {
    std::hint::black_box(value);
}
