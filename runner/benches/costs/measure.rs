//! Timing: median nanoseconds per operation, over batches long enough that
//! the clock's resolution does not matter.

use std::time::{Duration, Instant};

const SAMPLES: usize = 11;
const SAMPLE_TIME: Duration = Duration::from_millis(20);

/// Median time of one call to `op`, in nanoseconds. `op` should pass what it
/// computes through `std::hint::black_box`.
pub fn ns_per_op(mut op: impl FnMut()) -> f64 {
    // Warm up (caches, lazily initialised state), then find a batch size
    // that takes about SAMPLE_TIME.
    let warm = Instant::now() + 2 * SAMPLE_TIME;
    while Instant::now() < warm {
        op();
    }
    let mut batch = 1u64;
    loop {
        let started = Instant::now();
        (0..batch).for_each(|_| op());
        let elapsed = started.elapsed();
        if elapsed >= SAMPLE_TIME / 8 {
            let scale = SAMPLE_TIME.as_secs_f64() / elapsed.as_secs_f64();
            batch = ((batch as f64 * scale) as u64).max(1);
            break;
        }
        batch *= 2;
    }
    let mut samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let started = Instant::now();
            (0..batch).for_each(|_| op());
            started.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[SAMPLES / 2]
}
