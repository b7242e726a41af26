//! `memory-pages` and `grow-memory`: the seed's "memory grew" note, for real.

use runner::{BufferError, GrowRefused};

use super::instance;

#[test]
fn growing_adds_exactly_the_pages_asked_for_and_returns_the_previous_size() {
    let mut buffer = instance();
    for pages in [0, 1, 3, 16] {
        let before = buffer.memory_pages().unwrap();
        assert_eq!(buffer.grow_memory(pages).unwrap(), Ok(before));
        assert_eq!(buffer.memory_pages().unwrap(), before + pages);
    }
}

#[test]
fn growing_past_4_gib_is_refused_with_the_current_size() {
    let mut buffer = instance();
    let pages = buffer.memory_pages().unwrap();
    for requested_pages in [65536, 65536 - pages + 1, u32::MAX] {
        assert_eq!(
            buffer.grow_memory(requested_pages).unwrap(),
            Err(BufferError::GrowRefused(GrowRefused {
                current_pages: pages,
                requested_pages,
            }))
        );
    }
    assert_eq!(buffer.memory_pages().unwrap(), pages, "nothing grew");
}

#[test]
fn the_buffer_keeps_its_address_and_bytes_when_memory_grows() {
    let mut buffer = instance();
    let pointer = buffer.get_wasm_memory_buffer_pointer().unwrap();
    buffer.write(0, &[24, 25]).unwrap().unwrap();
    buffer.grow_memory(2).unwrap().unwrap();
    assert_eq!(buffer.get_wasm_memory_buffer_pointer().unwrap(), pointer);
    assert_eq!(buffer.read(0, 2).unwrap(), Ok(vec![24, 25]));
}
