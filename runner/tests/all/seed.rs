//! The seed lesson's values and its pointer, through the typed API, on every
//! implementation. (That the pointer is where `read` copies from is checked
//! by looking at the memory itself, in `inspect.rs`.)

use super::IMPLEMENTATIONS;

#[test]
fn part_one_the_component_writes_index_0_and_the_host_reads_24() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        instance
            .store_value_in_wasm_memory_buffer_index_zero(24)
            .unwrap();
        assert_eq!(
            instance.read(0, 2).unwrap(),
            Ok(vec![24, 0]),
            "{}",
            implementation.name
        );
        assert_eq!(instance.load(0).unwrap(), Ok(24), "{}", implementation.name);
    }
}

#[test]
fn part_two_the_host_writes_index_1_and_the_component_reads_25() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        instance.write(1, &[25]).unwrap().unwrap();
        let value = instance
            .read_wasm_memory_buffer_and_return_index_one()
            .unwrap();
        assert_eq!(value, 25, "{}", implementation.name);
    }
}

#[test]
fn the_pointer_is_a_fixed_address_inside_linear_memory() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance();
        let pointer = instance.get_wasm_memory_buffer_pointer().unwrap();
        let len = instance.buffer_len().unwrap();
        let memory_bytes = u64::from(instance.memory_pages().unwrap()) * 65536;
        assert!(pointer > 0, "{name}: the buffer is a static, not address 0");
        assert!(
            u64::from(pointer) + u64::from(len) <= memory_bytes,
            "{name}: buffer {pointer}..+{len} lies outside {memory_bytes} bytes of memory"
        );
        // The same address in every call and every instance: it is a static.
        instance.write(0, &[1; 4096]).unwrap().unwrap();
        instance.grow_memory(1).unwrap().unwrap();
        assert_eq!(
            instance.get_wasm_memory_buffer_pointer().unwrap(),
            pointer,
            "{name}"
        );
        let other = implementation
            .instance()
            .get_wasm_memory_buffer_pointer()
            .unwrap();
        assert_eq!(other, pointer, "{name}");
    }
}

#[test]
fn instances_do_not_share_memory() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut first = implementation.instance();
        let mut second = implementation.instance();
        first
            .store_value_in_wasm_memory_buffer_index_zero(24)
            .unwrap();
        assert_eq!(second.load(0).unwrap(), Ok(0), "{}", implementation.name);
        assert_eq!(first.load(0).unwrap(), Ok(24), "{}", implementation.name);
    }
}
