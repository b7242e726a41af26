//! The seed lesson's values and its pointer, on every implementation. (That
//! the pointer is where `read` copies from is checked by looking at the
//! memory itself, in `inspect.rs`.)

use linear_memory_host::Call;

use super::{IMPLEMENTATIONS, answer, number};

#[test]
fn part_one_the_component_writes_index_0_and_the_host_reads_24() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance();
        let store = Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 };
        assert_eq!(answer(&mut instance, store), "()", "{name}");
        let read = Call::Read { offset: 0, len: 2 };
        assert_eq!(answer(&mut instance, read), "ok([24, 0])", "{name}");
        let load = Call::Load { index: 0 };
        assert_eq!(answer(&mut instance, load), "ok(24)", "{name}");
    }
}

#[test]
fn part_two_the_host_writes_index_1_and_the_component_reads_25() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance();
        let write = Call::Write {
            offset: 1,
            bytes: vec![25],
        };
        assert_eq!(answer(&mut instance, write), "ok", "{name}");
        let read = Call::ReadWasmMemoryBufferAndReturnIndexOne;
        assert_eq!(answer(&mut instance, read), "25", "{name}");
    }
}

#[test]
fn the_pointer_is_a_fixed_address_inside_linear_memory() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance();
        let pointer = number(&mut instance, Call::GetWasmMemoryBufferPointer);
        let len = number(&mut instance, Call::BufferLen);
        let memory_bytes = u64::from(number(&mut instance, Call::MemoryPages)) * 65536;
        assert!(pointer > 0, "{name}: the buffer is a static, not address 0");
        assert!(
            u64::from(pointer) + u64::from(len) <= memory_bytes,
            "{name}: buffer {pointer}..+{len} lies outside {memory_bytes} bytes of memory"
        );
        // The same address in every call and every instance: it is a static.
        let write = Call::Write {
            offset: 0,
            bytes: vec![1; 4096],
        };
        assert_eq!(answer(&mut instance, write), "ok", "{name}");
        number(&mut instance, Call::GrowMemory { pages: 1 });
        let now = number(&mut instance, Call::GetWasmMemoryBufferPointer);
        assert_eq!(now, pointer, "{name}");
        let other = number(
            &mut implementation.instance(),
            Call::GetWasmMemoryBufferPointer,
        );
        assert_eq!(other, pointer, "{name}");
    }
}

#[test]
fn instances_do_not_share_memory() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut first = implementation.instance();
        let mut second = implementation.instance();
        let store = Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 };
        answer(&mut first, store);
        assert_eq!(
            answer(&mut second, Call::Load { index: 0 }),
            "ok(0)",
            "{name}"
        );
        assert_eq!(
            answer(&mut first, Call::Load { index: 0 }),
            "ok(24)",
            "{name}"
        );
    }
}
