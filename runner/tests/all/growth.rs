//! `memory-pages` and `grow-memory`, on every implementation: the seed's
//! "memory grew" note, for real.

use runner::{BufferError, GrowRefused};

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

#[test]
fn growing_past_4_gib_is_refused_with_the_current_size() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        let pages = instance.memory_pages().unwrap();
        for requested_pages in [65536, 65536 - pages + 1, u32::MAX] {
            let refused = BufferError::GrowRefused(GrowRefused {
                current_pages: pages,
                requested_pages,
            });
            let answer = instance.grow_memory(requested_pages).unwrap();
            assert_eq!(answer, Err(refused), "{}", implementation.name);
        }
        let after = instance.memory_pages().unwrap();
        assert_eq!(after, pages, "{}: nothing grew", implementation.name);
    }
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
