//! Every implementation frees what the canonical ABI hands it: after
//! 200 000 `write`/`read` round trips of 0 to 4096 bytes on one instance,
//! its memory has not grown. A leak of one byte per round trip would add
//! three pages. The streams implementations, which keep each call's state
//! on the heap between events, make 20 000 round trips through
//! `write-via-stream`/`read-via-stream` (each takes longer: a task, an event
//! loop, a timer), where a leak of that state (40 bytes) would add 12 pages.
//! The long mode runs a million of each:
//!
//! ```sh
//! LINEAR_MEMORY_ROUND_TRIPS=1000000 cargo test -p runner --test all leaks -- --nocapture
//! ```

use linear_memory_host::{Call, Instance, Sent};

use super::{IMPLEMENTATIONS, STREAMS_IMPLEMENTATIONS, answer, bytes, number};

const MAX_LEN: u32 = 4096;

/// `LINEAR_MEMORY_ROUND_TRIPS`, or `default`.
fn round_trips(default: u32) -> u32 {
    std::env::var("LINEAR_MEMORY_ROUND_TRIPS").map_or(default, |n| {
        n.parse()
            .expect("LINEAR_MEMORY_ROUND_TRIPS is a number of round trips")
    })
}

/// Round trip `i`'s offset, and its bytes out of `pattern`: sizes and
/// offsets in a scattered order, contents that differ.
fn sized(pattern: &[u8], i: u32) -> (u32, &[u8]) {
    let len = i.wrapping_mul(7919) % (MAX_LEN + 1);
    let offset = i.wrapping_mul(104_729) % (65536 - len);
    let start = (i % MAX_LEN) as usize;
    (offset, &pattern[start..start + len as usize])
}

fn round_trip(instance: &mut Instance, pattern: &[u8], i: u32) {
    let (offset, sent) = sized(pattern, i);
    let len = sent.len() as u32;
    let write = Call::Write {
        offset,
        bytes: sent.to_vec(),
    };
    assert_eq!(answer(instance, write), "ok");
    let copy = bytes(instance, Call::Read { offset, len });
    assert!(copy == sent, "round trip {i} changed the bytes");
}

#[test]
fn round_trips_do_not_grow_memory() {
    let round_trips = round_trips(200_000);
    let pattern: Vec<u8> = (0..2 * MAX_LEN).map(|i| (i % 251) as u8).collect();
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        // Every size once first, so the allocator reaches its working size.
        for i in 0..=MAX_LEN {
            round_trip(&mut instance, &pattern, i);
        }
        let pages = number(&mut instance, Call::MemoryPages);
        for i in 0..round_trips {
            round_trip(&mut instance, &pattern, i);
        }
        let after = number(&mut instance, Call::MemoryPages);
        assert_eq!(after, pages, "{}: memory grew, a leak", implementation.name);
        eprintln!(
            "{}: {round_trips} round trips at {pages} pages",
            implementation.name
        );
    }
}

fn stream_round_trip(instance: &mut Instance, pattern: &[u8], i: u32) {
    let (offset, sent) = sized(pattern, i);
    let len = sent.len() as u32;
    let write = Call::WriteViaStream {
        offset,
        len,
        data: Sent::from(sent.to_vec()),
    };
    assert_eq!(number(instance, write), len);
    let read = Call::ReadViaStream {
        offset,
        len,
        take: None,
    };
    let copy = bytes(instance, read);
    assert!(copy == sent, "stream round trip {i} changed the bytes");
}

#[test]
fn stream_round_trips_do_not_grow_memory() {
    let round_trips = round_trips(20_000);
    let pattern: Vec<u8> = (0..2 * MAX_LEN).map(|i| (i % 251) as u8).collect();
    for implementation in STREAMS_IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        for i in 0..64 {
            stream_round_trip(&mut instance, &pattern, i);
        }
        let pages = number(&mut instance, Call::MemoryPages);
        for i in 0..round_trips {
            stream_round_trip(&mut instance, &pattern, i);
        }
        let after = number(&mut instance, Call::MemoryPages);
        assert_eq!(after, pages, "{}: memory grew, a leak", implementation.name);
        eprintln!(
            "{}: {round_trips} stream round trips at {pages} pages",
            implementation.name
        );
    }
}
