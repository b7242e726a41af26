//! What the host enforces on an untrusted component: a memory cap and a
//! per-call deadline, each reported as a value or one clear error.

use std::time::{Duration, Instant};

use runner::model::{Checker, Op};
use runner::{BufferError, GrowRefused, Host, Limits};

use super::fixtures;

fn host(max_memory: usize, timeout: Duration) -> Host {
    Host::with_limits(Limits {
        max_memory,
        timeout,
    })
    .unwrap()
}

#[test]
fn growing_past_the_memory_cap_is_grow_refused_not_a_crash() {
    let host = host(2 << 20, Duration::from_secs(5)); // 32 pages
    let mut buffer = host
        .load(runner::DEFAULT_COMPONENT)
        .unwrap()
        .instantiate()
        .unwrap();
    let pages = buffer.memory_pages().unwrap();
    assert_eq!(buffer.grow_memory(32 - pages).unwrap(), Ok(pages));
    assert_eq!(buffer.memory_pages().unwrap(), 32);
    assert_eq!(
        buffer.grow_memory(1).unwrap(),
        Err(BufferError::GrowRefused(GrowRefused {
            current_pages: 32,
            requested_pages: 1,
        }))
    );
    // Calls that need no allocation still work.
    buffer.store(0, 24).unwrap().unwrap();
    assert_eq!(buffer.load(0).unwrap(), Ok(24));
    // The component's allocator cannot grow either: passing a list now fails
    // in `cabi_realloc`, as a trap the host reports, not a crash.
    let error = buffer.write(0, &[1; 100_000]).unwrap_err();
    assert_eq!(
        error.downcast_ref::<wasmtime::Trap>(),
        Some(&wasmtime::Trap::UnreachableCodeReached)
    );
}

#[test]
fn the_checker_knows_the_cap() {
    let limits = Limits {
        max_memory: 3 << 20,
        ..Limits::default()
    };
    let host = Host::with_limits(limits).unwrap();
    let buffer = host
        .load(runner::DEFAULT_COMPONENT)
        .unwrap()
        .instantiate()
        .unwrap();
    let mut checker = Checker::new(buffer, limits.max_memory).unwrap();
    for _ in 0..40 {
        checker.apply(&Op::GrowMemory { pages: 1 }).unwrap();
    }
    checker.apply(&Op::MemoryPages).unwrap();
    assert_eq!(checker.buffer().memory_pages().unwrap(), 48);
}

#[test]
fn a_component_that_never_returns_is_stopped_at_the_deadline() {
    let path = fixtures::file("spins-library.wasm", &fixtures::spinning_component());
    let host = host(4 << 20, Duration::from_millis(200));
    let mut buffer = host.load(&path).unwrap().instantiate().unwrap();
    let started = Instant::now();
    let error = buffer.get_wasm_memory_buffer_pointer().unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(
        error.downcast_ref::<wasmtime::Trap>(),
        Some(&wasmtime::Trap::Interrupt)
    );
    assert!(
        elapsed >= Duration::from_millis(190) && elapsed < Duration::from_secs(2),
        "stopped after {elapsed:?}"
    );
}

#[test]
fn each_call_gets_its_own_deadline() {
    // 300 ms of calls in all, each far shorter than the 100 ms deadline.
    let host = host(4 << 20, Duration::from_millis(100));
    let mut buffer = host
        .load(runner::DEFAULT_COMPONENT)
        .unwrap()
        .instantiate()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(300) {
        buffer.write(0, &[1; 4096]).unwrap().unwrap();
    }
}
