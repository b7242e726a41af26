//! What one operation costs: its median time in nanoseconds, over batches
//! long enough that the clock's resolution does not matter; or, under
//! valgrind's callgrind (`-- --instructions`, see `main.rs`), the
//! instructions it executes.
//!
//! Time is what a user waits for, and it moves by tens of per cent from run
//! to run on a shared machine. Instructions move by a fraction of a per cent,
//! so a change of a few per cent in the work a path does shows there first;
//! but they miss what costs time without instructions (cache misses, page
//! faults), so a memcpy-bound row can be cheap in instructions and slow.
//! Callgrind also simulates the data caches ([`Misses`]), which `ring.rs`
//! reports beside its floors; TLB misses and page faults stay unmeasured.
//!
//! `LINEAR_MEMORY_BENCH_QUICK=1` takes one short batch per row instead: the
//! samples test (runner/tests/samples.rs) runs the benchmark that way to check
//! what it prints, not how fast anything is.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The variable that says this process runs under callgrind, set by the
/// process that started it there, to the file callgrind dumps into.
pub const COUNTING: &str = "LINEAR_MEMORY_BENCH_CALLGRIND_OUT";

/// The function whose every call callgrind counts on its own: zeroed before
/// it starts, dumped after it ends (`--zero-before`, `--dump-after`).
pub const COUNTED: &str = "linear_memory_bench_counted";

/// Calls of the operation counted per row: the rest of the loop is a few
/// instructions per call, and a row's count varies by less than one.
const COUNTED_CALLS: u32 = 20;

/// Batches per row, and how long each takes.
static PLAN: LazyLock<(usize, Duration)> = LazyLock::new(|| match quick() {
    true => (1, Duration::from_millis(1)),
    false => (11, Duration::from_millis(20)),
});

/// Whether this run takes one short batch per row
/// (`LINEAR_MEMORY_BENCH_QUICK`).
pub fn quick() -> bool {
    std::env::var_os("LINEAR_MEMORY_BENCH_QUICK").is_some()
}

/// Whether this run counts instructions rather than time.
pub fn counting() -> bool {
    std::env::var_os(COUNTING).is_some()
}

/// What one call to `op` costs: median nanoseconds, or instructions under
/// callgrind. `op` should pass what it computes through
/// `std::hint::black_box`.
pub fn per_op(op: impl FnMut()) -> f64 {
    match std::env::var_os(COUNTING) {
        Some(out) => instructions_per_op(op, out.to_str().expect("a UTF-8 path")),
        None => ns_per_op(op),
    }
}

fn ns_per_op(mut op: impl FnMut()) -> f64 {
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

/// How many dumps callgrind has written: the next one is `{out}.{n + 1}-01`.
static DUMPS: AtomicUsize = AtomicUsize::new(0);

/// Where a row's instructions go, by the part of the stack that executes
/// them: the first group whose pattern a function's name contains.
const GROUPS: &[(&str, &str)] = &[
    ("tokio::", "tokio: block_on, the timeout's timer"),
    (
        "wasmtime_internal_fiber",
        "wasmtime: switching to and from the guest's fiber",
    ),
    (
        "runtime::fiber::",
        "wasmtime: switching to and from the guest's fiber",
    ),
    (
        "wasmtime::runtime::component::concurrent",
        "wasmtime: tasks, waitables, streams",
    ),
    ("wasmtime", "wasmtime: lifting, lowering, tables, other"),
    ("memcpy", "memcpy"),
    ("memmove", "memcpy"),
    ("memset", "memset"),
    ("malloc", "malloc and free"),
    ("free", "malloc and free"),
    ("__rust_alloc", "malloc and free"),
    ("__rust_dealloc", "malloc and free"),
    ("__rdl_", "malloc and free"),
    ("linear_memory_host", "the host library (runner/host)"),
];

/// Where the instructions of the row measured last went: each group's
/// share, largest first, from the functions' own (exclusive) counts in the
/// row's callgrind dump. Empty when the run does not count.
pub fn where_the_last_row_went() -> Vec<(&'static str, f64)> {
    let Some(out) = std::env::var_os(COUNTING) else {
        return Vec::new();
    };
    let (_, text) = dump(
        out.to_str().expect("a UTF-8 path"),
        DUMPS.load(Ordering::SeqCst),
    );
    let mut shares: Vec<(&str, f64)> = Vec::new();
    for (function, cost) in exclusive_costs(&text) {
        let group = match function.starts_with("0x") {
            // Code callgrind has no symbol for: what Cranelift compiled.
            true => "guest code and trampolines (compiled by Cranelift)",
            false => GROUPS
                .iter()
                .find(|(pattern, _)| function.contains(pattern))
                .map_or("other", |(_, group)| group),
        };
        match shares.iter_mut().find(|(name, _)| *name == group) {
            Some((_, total)) => *total += cost,
            None => shares.push((group, cost)),
        }
    }
    let total: f64 = shares.iter().map(|(_, cost)| cost).sum();
    shares.iter_mut().for_each(|(_, cost)| *cost /= total);
    shares.sort_by(|a, b| b.1.total_cmp(&a.1));
    shares
}

/// `shares` under `heading`, one line each; nothing when there are none
/// (a run that does not count).
pub fn shares(heading: &str, shares: &[(&str, f64)]) -> Vec<String> {
    if shares.is_empty() {
        return Vec::new();
    }
    let lines = shares
        .iter()
        .map(|(group, share)| format!("  {:>5.1}%  {group}", share * 100.0));
    std::iter::once(heading.to_string()).chain(lines).collect()
}

/// Each function's own instructions in a callgrind dump: the cost lines
/// under its `fn=`, less those that follow a `calls=` line (a callee's
/// inclusive cost). Names are given once, then referred to by `(id)`.
fn exclusive_costs(text: &str) -> Vec<(String, f64)> {
    let mut names: Vec<(String, String)> = Vec::new();
    let mut costs: Vec<(String, f64)> = Vec::new();
    let mut current = String::new();
    let mut a_call = false;
    for line in text.lines() {
        if let Some(function) = line.strip_prefix("fn=") {
            current = named(&mut names, function);
        } else if let Some(callee) = line.strip_prefix("cfn=") {
            named(&mut names, callee);
        } else if line.starts_with("calls=") {
            a_call = true;
        } else if line.starts_with(|c: char| c.is_ascii_digit() || "+-*".contains(c)) {
            let cost: f64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|c| c.parse().ok())
                .unwrap_or(0.0);
            if !std::mem::take(&mut a_call) {
                match costs.iter_mut().find(|(name, _)| *name == current) {
                    Some((_, total)) => *total += cost,
                    None => costs.push((current.clone(), cost)),
                }
            }
        }
    }
    costs
}

/// The name `reference` (`(id) name`, or `(id)` once named) stands for.
fn named(names: &mut Vec<(String, String)>, reference: &str) -> String {
    let (id, name) = reference.split_once(' ').unwrap_or((reference, ""));
    if !name.is_empty() {
        names.push((id.to_string(), name.to_string()));
        return name.to_string();
    }
    names
        .iter()
        .find(|(known, _)| known == id)
        .map_or_else(String::new, |(_, name)| name.clone())
}

/// Data misses per operation, as callgrind's simulation of this machine's
/// caches counts them: what costs time without costing instructions. A
/// model (its sizes read from the CPU, no TLB, no prefetcher), not the
/// machine's own counters, which this kind of machine does not expose.
#[derive(Clone, Copy, Debug, Default)]
pub struct Misses {
    /// Reads and writes that missed the first-level data cache.
    pub first_level: f64,
    /// Reads and writes that missed the last-level cache: memory traffic.
    pub last_level: f64,
}

/// The misses of the row measured last, when the run counts.
static LAST_MISSES: std::sync::Mutex<Misses> = std::sync::Mutex::new(Misses {
    first_level: 0.0,
    last_level: 0.0,
});

/// The data misses per operation of the row measured last (zero when the
/// run does not count).
pub fn misses_of_the_last_row() -> Misses {
    *LAST_MISSES.lock().unwrap()
}

/// Runs `op` a few times to warm it up, then [`COUNTED_CALLS`] times inside
/// [`counted`], and reads what callgrind dumped when that returned: the
/// instructions per call, and the simulated data misses (kept for
/// [`misses_of_the_last_row`]).
fn instructions_per_op(mut op: impl FnMut(), out: &str) -> f64 {
    for _ in 0..3 {
        op();
    }
    counted(&mut op, COUNTED_CALLS);
    let (path, text) = dump(out, DUMPS.fetch_add(1, Ordering::SeqCst) + 1);
    let line = |prefix: &str| text.lines().find_map(|line| line.strip_prefix(prefix));
    let events: Vec<&str> = line("events: ")
        .unwrap_or_else(|| panic!("{path} has no events line"))
        .split_whitespace()
        .collect();
    let totals: Vec<f64> = line("summary: ")
        .or(line("totals: "))
        .unwrap_or_else(|| panic!("{path} has no summary line"))
        .split_whitespace()
        .map(|total| total.parse().unwrap_or(0.0))
        .collect();
    let per_call = |event: &str| {
        let at = events.iter().position(|name| *name == event);
        at.and_then(|at| totals.get(at)).copied().unwrap_or(0.0) / f64::from(COUNTED_CALLS)
    };
    *LAST_MISSES.lock().unwrap() = Misses {
        first_level: per_call("D1mr") + per_call("D1mw"),
        last_level: per_call("DLmr") + per_call("DLmw"),
    };
    per_call("Ir")
}

/// Callgrind's `n`th dump into `out` of the main thread, which makes every
/// counted call (`-01`: callgrind counts each thread on its own, so the
/// threads that compile a component for the next row, and spin a while
/// after, are not counted in this one): its path, and what it holds.
fn dump(out: &str, n: usize) -> (String, String) {
    let path = format!("{out}.{n}-01");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path, text)
}

/// The counted calls: a symbol of its own, which callgrind's options name.
#[unsafe(export_name = "linear_memory_bench_counted")]
#[inline(never)]
extern "Rust" fn counted(op: &mut dyn FnMut(), calls: u32) {
    for _ in 0..calls {
        op();
    }
}

/// Keeps `value` observable, so the work that made it is not optimised away.
pub fn consume<T>(value: T) {
    std::hint::black_box(value);
}
