//! The seed lesson's values, and its pointer, through the typed API.

use super::instance;

#[test]
fn part_one_the_component_writes_index_0_and_the_host_reads_24() {
    let mut buffer = instance();
    buffer
        .store_value_in_wasm_memory_buffer_index_zero(24)
        .unwrap();
    assert_eq!(buffer.read(0, 2).unwrap(), Ok(vec![24, 0]));
    assert_eq!(buffer.load(0).unwrap(), Ok(24));
}

#[test]
fn part_two_the_host_writes_index_1_and_the_component_reads_25() {
    let mut buffer = instance();
    buffer.write(1, &[25]).unwrap().unwrap();
    assert_eq!(
        buffer
            .read_wasm_memory_buffer_and_return_index_one()
            .unwrap(),
        25
    );
}

#[test]
fn the_pointer_is_a_fixed_address_inside_linear_memory() {
    let mut buffer = instance();
    let pointer = buffer.get_wasm_memory_buffer_pointer().unwrap();
    let len = buffer.buffer_len().unwrap();
    let memory_bytes = u64::from(buffer.memory_pages().unwrap()) * 65536;
    assert!(pointer > 0, "the buffer is a static, not address 0");
    assert!(
        u64::from(pointer) + u64::from(len) <= memory_bytes,
        "buffer {pointer}..+{len} lies outside {memory_bytes} bytes of memory"
    );
    // The same address in every call and every instance: it is a static.
    assert_eq!(buffer.get_wasm_memory_buffer_pointer().unwrap(), pointer);
    assert_eq!(
        instance().get_wasm_memory_buffer_pointer().unwrap(),
        pointer
    );
}

#[test]
fn instances_do_not_share_memory() {
    let mut first = instance();
    let mut second = instance();
    first
        .store_value_in_wasm_memory_buffer_index_zero(24)
        .unwrap();
    assert_eq!(second.load(0).unwrap(), Ok(0));
    assert_eq!(first.load(0).unwrap(), Ok(24));
}
