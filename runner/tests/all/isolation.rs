//! Isolation under load, on every implementation: threads, each with its own
//! store from one engine and one pre-instantiated component, each checked
//! against its own model.

use std::thread;

use linear_memory_host::{Call, Checked};

use super::{IMPLEMENTATIONS, Implementation, bytes};

const THREADS: u8 = 4;
const CALLS_PER_THREAD: u32 = 100_000;

/// A small deterministic generator (xorshift), so a failure replays.
struct Mixed(u64);

impl Mixed {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as u32
    }

    /// A mixed call that writes or reads near the start of the buffer, where
    /// every thread writes its own byte value.
    fn call(&mut self, mark: u8) -> Call {
        let offset = self.next() % 256;
        match self.next() % 4 {
            0 => Call::Store {
                index: offset,
                value: mark,
            },
            1 => Call::Load { index: offset },
            2 => Call::Write {
                offset,
                bytes: vec![mark; (self.next() % 64) as usize],
            },
            _ => Call::Read {
                offset,
                len: self.next() % 64,
            },
        }
    }
}

#[test]
fn every_thread_sees_only_its_own_bytes() {
    for implementation in IMPLEMENTATIONS.iter() {
        thread::scope(|scope| {
            for thread in 0..THREADS {
                scope.spawn(move || hammer(implementation, thread));
            }
        });
    }
}

/// One thread's share: its own instance, its own byte value, its own model.
fn hammer(implementation: &Implementation, thread: u8) {
    let max_memory = implementation.component.limits().max_memory;
    let mut checked = Checked::new(implementation.instance(), max_memory).unwrap();
    let mut calls = Mixed(0x9E37_79B9_7F4A_7C15 ^ u64::from(thread));
    let mark = thread + 1;
    for _ in 0..CALLS_PER_THREAD {
        checked.call(&calls.call(mark)).unwrap();
    }
    // Only this thread's mark, or zero, is anywhere it wrote.
    let bytes = bytes(
        checked.instance(),
        Call::Read {
            offset: 0,
            len: 320,
        },
    );
    let name = &implementation.name;
    assert!(
        bytes.iter().all(|&b| b == 0 || b == mark),
        "{name}, thread {thread} saw {bytes:?}"
    );
    assert!(bytes.contains(&mark), "{name}, thread {thread}");
}
