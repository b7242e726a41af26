//! `memory-pages` and `grow-memory`, on every implementation: the seed's
//! "memory grew" note, for real.

use linear_memory_host::{BufferError, GrowRefused, Host, Limits};

use super::IMPLEMENTATIONS;

#[test]
fn growing_adds_exactly_the_pages_asked_for_and_returns_the_previous_size() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        for pages in [0, 1, 3] {
            let before = instance.memory_pages().unwrap();
            let previous = instance.grow_memory(pages).unwrap();
            assert_eq!(previous, Ok(before), "{}", implementation.name);
            let after = instance.memory_pages().unwrap();
            assert_eq!(after, before + pages, "{}", implementation.name);
        }
    }
}

/// Under a host cap above 4 GiB, so that only the 32-bit limit can refuse:
/// requests past 4 GiB are refused with the current size and change
/// nothing, and memory grows to exactly 4 GiB, then not a page more. (Under
/// the default 4 MiB cap the cap would refuse first, and growing to 4 GiB
/// would fail.) Growth reserves address space; the pages are never touched.
#[test]
fn growing_past_4_gib_is_refused_with_the_current_size() {
    let host = Host::with_limits(Limits {
        max_memory: 8 << 30,
        ..Limits::default()
    })
    .unwrap();
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance_on(&host);
        let pages = instance.memory_pages().unwrap();
        for requested_pages in [65536, 65536 - pages + 1, u32::MAX] {
            let answer = instance.grow_memory(requested_pages).unwrap();
            assert_eq!(answer, Err(grow_refused(pages, requested_pages)), "{name}");
        }
        assert_eq!(
            instance.memory_pages().unwrap(),
            pages,
            "{name}: nothing grew"
        );
        let to_4_gib = 65536 - pages;
        assert_eq!(instance.grow_memory(to_4_gib).unwrap(), Ok(pages), "{name}");
        assert_eq!(instance.memory_pages().unwrap(), 65536, "{name}");
        let answer = instance.grow_memory(1).unwrap();
        assert_eq!(answer, Err(grow_refused(65536, 1)), "{name}");
    }
}

fn grow_refused(current_pages: u32, requested_pages: u32) -> BufferError {
    BufferError::GrowRefused(GrowRefused {
        current_pages,
        requested_pages,
    })
}

#[test]
fn the_buffer_keeps_its_address_and_bytes_when_memory_grows() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        let pointer = instance.get_wasm_memory_buffer_pointer().unwrap();
        instance.write(0, &[24, 25]).unwrap().unwrap();
        instance.grow_memory(2).unwrap().unwrap();
        let moved_to = instance.get_wasm_memory_buffer_pointer().unwrap();
        assert_eq!(moved_to, pointer, "{}", implementation.name);
        assert_eq!(
            instance.read(0, 2).unwrap(),
            Ok(vec![24, 25]),
            "{}",
            implementation.name
        );
    }
}
