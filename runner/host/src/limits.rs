//! What the host allows each instance, and how its deadline is counted.

use std::time::Duration;

/// How often the engine's epoch advances: the granularity of [`Limits::timeout`].
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// What the host allows each instance of a component. A component file is
/// untrusted input: these bound what it can take from the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most linear memory one instance may have, in bytes. Past it,
    /// `memory.grow` fails (and `grow-memory` returns `grow-refused`).
    pub max_memory: usize,
    /// How long one call may run before it is interrupted with a trap.
    pub timeout: Duration,
}

impl Default for Limits {
    /// 4 MiB of memory (the Rust component starts at 1.1 MiB), 5 s per call.
    fn default() -> Self {
        Self {
            max_memory: 4 << 20,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }
}

impl Limits {
    /// The default [`Limits::timeout`]: 5 s per call.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

    /// Epoch ticks in [`Limits::timeout`]: the deadline each call (and
    /// instantiation) gets.
    pub(crate) fn deadline_ticks(&self) -> u64 {
        (self.timeout.div_duration_f64(EPOCH_TICK).ceil() as u64).max(1)
    }
}
