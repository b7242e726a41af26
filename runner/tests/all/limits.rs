//! What the host enforces on an untrusted component: a memory cap and a
//! per-call deadline, each reported as a value or one clear error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use linear_memory_host::{Call, Checked, Host, Instance, Limits, Sent, StillWaiting};

use super::{IMPLEMENTATIONS, answer, bytes, fixtures, number};

fn host(max_memory: usize, timeout: Duration) -> Host {
    Host::with_limits(Limits {
        max_memory,
        timeout,
    })
    .unwrap()
}

/// An instance, on `host`, of a component whose
/// `get-wasm-memory-buffer-pointer` never returns.
fn spinning_instance(host: &Host, name: &str) -> Instance {
    let path = fixtures::file(name, &fixtures::spinning_component());
    host.load(&path).unwrap().instantiate().unwrap()
}

/// A host that lets each instance's memory reach `pages` 64 KiB pages.
fn capped_at(pages: u32) -> Host {
    host(pages as usize * 65536, Duration::from_secs(5))
}

/// A loaded component reports the limits of the host that loaded it, which
/// the tests that size their work to the cap rely on.
#[test]
fn a_loaded_component_reports_its_hosts_limits() {
    let host = host(3 * 65536, Duration::from_millis(1500));
    let component = host.load(&super::workspace().path).unwrap();
    assert_eq!(component.limits(), host.limits());
    assert_eq!(component.limits().max_memory, 3 * 65536);
}

#[test]
fn growing_past_the_memory_cap_is_grow_refused_not_a_crash() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let start = number(&mut implementation.instance(), Call::MemoryPages);
        let cap = start + 8;
        let mut instance = implementation.instance_on(&capped_at(cap));
        let grown = answer(&mut instance, Call::GrowMemory { pages: 8 });
        assert_eq!(grown, format!("ok({start})"), "{name}");
        let refused = answer(&mut instance, Call::GrowMemory { pages: 1 });
        let expected = format!("err(grow-refused({{current-pages: {cap}, requested-pages: 1}}))");
        assert_eq!(refused, expected, "{name}");
        // Calls that need no allocation still work.
        assert_eq!(
            answer(
                &mut instance,
                Call::Store {
                    index: 0,
                    value: 24
                }
            ),
            "ok",
            "{name}"
        );
        assert_eq!(
            answer(&mut instance, Call::Load { index: 0 }),
            "ok(24)",
            "{name}"
        );
        // A list as long as the whole capped memory fits nowhere in it: the
        // component's realloc fails, as a trap the host reports, not a
        // crash. (A shorter one may fit in the pages grown above, which an
        // allocator that knows the memory's size, as the C one does, uses.)
        let write = Call::Write {
            offset: 0,
            bytes: vec![1; cap as usize * 65536],
        };
        let error = instance.call(&write).unwrap_err();
        let trap = error.downcast_ref::<wasmtime::Trap>();
        assert_eq!(
            trap,
            Some(&wasmtime::Trap::UnreachableCodeReached),
            "{name}: {error:?}"
        );
    }
}

/// The checked instance holds growth to the cap it is told: growth past
/// it must be refused, and is.
#[test]
fn a_checked_instance_knows_the_cap() {
    for implementation in IMPLEMENTATIONS.iter() {
        let start = number(&mut implementation.instance(), Call::MemoryPages);
        let instance = implementation.instance_on(&capped_at(start + 40));
        let mut checked = Checked::new(instance, (start as usize + 40) * 65536).unwrap();
        for _ in 0..48 {
            checked.call(&Call::GrowMemory { pages: 1 }).unwrap();
        }
        checked.call(&Call::MemoryPages).unwrap();
        let pages = number(checked.instance(), Call::MemoryPages);
        assert_eq!(pages, start + 40, "{}", implementation.name);
    }
}

/// The deadline fires, and is reported as the deadline (`Trap::Interrupt`),
/// never before the timeout: a busy machine can only make it later, so the
/// test holds no upper bound.
#[test]
fn a_component_that_never_returns_is_stopped_at_the_deadline() {
    let timeout = Duration::from_millis(200);
    let host = host(4 << 20, timeout);
    let mut instance = spinning_instance(&host, "spins-library.wasm");
    let started = Instant::now();
    let error = instance
        .call(&Call::GetWasmMemoryBufferPointer)
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(
        error.downcast_ref::<wasmtime::Trap>(),
        Some(&wasmtime::Trap::Interrupt)
    );
    // Less one epoch tick: the first tick may come at once.
    let earliest = timeout - Duration::from_millis(10);
    assert!(elapsed >= earliest, "stopped after {elapsed:?}");
}

/// The deadline counts the epochs of the engine `Host::engine` returns (the
/// one the test below ticks by hand): a call given a minute is stopped as
/// soon as that engine's epoch, advanced by hand, passes its deadline. (If
/// the ticks went to another engine, the host's own ticker would stop the
/// call only after the minute: hence the bound, far above the milliseconds
/// this takes.)
#[test]
fn the_deadline_counts_the_hosts_engine_epochs() {
    let timeout = Duration::from_secs(60);
    let host = host(4 << 20, timeout);
    let mut instance = spinning_instance(&host, "spins-for-ticks.wasm");
    let started = Instant::now();
    let returned = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !returned.load(Ordering::Relaxed) {
                host.engine().increment_epoch();
            }
        });
        let result = instance.call(&Call::GetWasmMemoryBufferPointer);
        // Before anything can panic: the scope waits for the ticker.
        returned.store(true, Ordering::Relaxed);
        result
    });
    let error = result.unwrap_err();
    assert!(
        started.elapsed() < timeout / 2,
        "the ticks did not reach the call's engine"
    );
    assert_eq!(
        error.downcast_ref::<wasmtime::Trap>(),
        Some(&wasmtime::Trap::Interrupt)
    );
}

/// Each call gets a deadline of its own, counted from its start: after far
/// more epoch ticks than one call may take (made by hand, so no clock is
/// involved), the next call still runs.
#[test]
fn each_call_gets_its_own_deadline() {
    let host = host(4 << 20, Duration::from_millis(100));
    let mut instance = host
        .load(linear_memory_host::DEFAULT_COMPONENT)
        .unwrap()
        .instantiate()
        .unwrap();
    for _ in 0..3 {
        let write = Call::Write {
            offset: 0,
            bytes: vec![1; 4096],
        };
        assert_eq!(answer(&mut instance, write), "ok");
        for _ in 0..1000 {
            host.engine().increment_epoch();
        }
    }
    assert_eq!(
        answer(&mut instance, Call::Read { offset: 0, len: 2 }),
        "ok([1, 1])"
    );
}

/// `write-via-stream(0, 4, <stream of 4 bytes>)`.
fn write_via_stream() -> Call {
    Call::WriteViaStream {
        offset: 0,
        len: 4,
        data: Sent::from(vec![1; 4]),
    }
}

/// A host with the async ABI on, for `streams`.
fn concurrent_host(max_memory: usize, timeout: Duration) -> Host {
    Host::concurrent(Limits {
        max_memory,
        timeout,
    })
    .unwrap()
}

/// A stream call that runs for ever is stopped by the deadline, as any
/// other call is: wasmtime interrupts guest code at its epoch deadline.
#[test]
fn a_stream_call_that_spins_is_stopped_by_the_deadline() {
    let spins = "(loop (br 0)) unreachable";
    let path = fixtures::file(
        "streams-spinning.wasm",
        &fixtures::streams_component(spins, spins),
    );
    let host = concurrent_host(4 << 20, Duration::from_millis(200));
    let mut instance = host.load_streams(&path).unwrap().instantiate().unwrap();
    let started = Instant::now();
    let error = instance.call(&write_via_stream()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let trap = error.downcast_ref::<wasmtime::Trap>();
    assert_eq!(trap, Some(&wasmtime::Trap::Interrupt), "{error:?}");
}

/// A stream call that waits for something that never comes runs no guest
/// code, so no deadline fires; the host's timeout for the whole call does.
#[test]
fn a_stream_call_that_waits_for_ever_is_stopped_by_the_timeout() {
    let waits = fixtures::WAITS_FOR_EVER;
    let path = fixtures::file(
        "streams-waiting.wasm",
        &fixtures::streams_component(waits, waits),
    );
    let host = concurrent_host(4 << 20, Duration::from_millis(200));
    let read_via_stream = Call::ReadViaStream {
        offset: 0,
        len: 4,
        take: None,
    };
    for call in [write_via_stream(), read_via_stream] {
        let mut instance = host.load_streams(&path).unwrap().instantiate().unwrap();
        let started = Instant::now();
        let error = instance.call(&call).unwrap_err();
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(200) && waited < Duration::from_secs(3),
            "{call}: {waited:?}"
        );
        let waiting = error.downcast_ref::<StillWaiting>();
        assert_eq!(
            waiting.map(ToString::to_string).as_deref(),
            Some("the call was still waiting after 200ms"),
            "{call}"
        );
    }
}

/// A stream needs no room in the component for the bytes it carries, a
/// list does: under a memory cap that leaves one page free, `write` of 64
/// KiB traps in the component's `cabi_realloc` (which cannot find room for
/// the list), and `write-via-stream` stores the same bytes, in the buffer
/// itself (its own state for the call takes a few bytes of heap).
#[test]
fn a_stream_needs_no_room_for_its_bytes_a_list_does() {
    let implementation = &super::STREAMS_IMPLEMENTATIONS[0];
    let start = number(&mut implementation.instance(), Call::MemoryPages);
    let host = concurrent_host((start as usize + 1) * 65536, Duration::from_secs(5));
    let component = host.load_streams(&implementation.path).unwrap();
    let sent: Vec<u8> = (0..65536u32).map(|i| (i % 253) as u8).collect();

    let mut instance = component.instantiate().unwrap();
    let write = Call::Write {
        offset: 0,
        bytes: sent.clone(),
    };
    let error = instance.call(&write).unwrap_err();
    assert!(format!("{error:?}").contains("unreachable"), "{error:?}");

    let mut instance = component.instantiate().unwrap();
    let write = Call::WriteViaStream {
        offset: 0,
        len: 65536,
        data: Sent::from(sent.clone()),
    };
    assert_eq!(number(&mut instance, write), 65536);
    let read = Call::Read {
        offset: 0,
        len: 65536,
    };
    assert_eq!(bytes(&mut instance, read), sent);
}
