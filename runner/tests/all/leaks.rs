//! Every implementation frees what the canonical ABI hands it: after
//! 200 000 `write`/`read` round trips of 0 to 4096 bytes on one instance,
//! its memory has not grown. A leak of one byte per round trip would add
//! three pages. The long mode runs a million:
//!
//! ```sh
//! LINEAR_MEMORY_ROUND_TRIPS=1000000 cargo test -p runner --test all leaks -- --nocapture
//! ```

use linear_memory_host::Instance;

use super::IMPLEMENTATIONS;

const MAX_LEN: u32 = 4096;

/// `LINEAR_MEMORY_ROUND_TRIPS`, or 200 000.
fn round_trips() -> u32 {
    std::env::var("LINEAR_MEMORY_ROUND_TRIPS").map_or(200_000, |n| {
        n.parse()
            .expect("LINEAR_MEMORY_ROUND_TRIPS is a number of round trips")
    })
}

/// Round trip `i`: sizes and offsets in a scattered order, contents that differ.
fn round_trip(instance: &mut Instance, pattern: &[u8], i: u32) {
    let len = i.wrapping_mul(7919) % (MAX_LEN + 1);
    let offset = i.wrapping_mul(104_729) % (65536 - len);
    let start = (i % MAX_LEN) as usize;
    let bytes = &pattern[start..start + len as usize];
    instance.write(offset, bytes).unwrap().unwrap();
    let copy = instance.read(offset, len).unwrap().unwrap();
    assert!(copy == bytes, "round trip {i} changed the bytes");
}

#[test]
fn round_trips_do_not_grow_memory() {
    let round_trips = round_trips();
    let pattern: Vec<u8> = (0..2 * MAX_LEN).map(|i| (i % 251) as u8).collect();
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        // Every size once first, so the allocator reaches its working size.
        for i in 0..=MAX_LEN {
            round_trip(&mut instance, &pattern, i);
        }
        let pages = instance.memory_pages().unwrap();
        for i in 0..round_trips {
            round_trip(&mut instance, &pattern, i);
        }
        let after = instance.memory_pages().unwrap();
        assert_eq!(after, pages, "{}: memory grew, a leak", implementation.name);
        eprintln!(
            "{}: {round_trips} round trips at {pages} pages",
            implementation.name
        );
    }
}
