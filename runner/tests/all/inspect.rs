//! Looking inside components with wasmtime's guest-debug API (`--inspect`),
//! on every implementation: what the host sees in place is what `read`
//! copies, a write in place is what the component reads, and a normal
//! engine sees nothing at all.

use std::path::PathBuf;

use linear_memory_host::{AnyComponent, Call, CoreMemory, Host, Inside, Instance, Limits};

use super::{IMPLEMENTATIONS, Implementation, answer, bytes, fixtures, number, runner};

/// A fresh instance on a debugger's engine, and the memory that holds its
/// buffer, found by the probe.
fn inspected(implementation: &Implementation) -> (Instance, CoreMemory, usize) {
    let host = Host::inspecting(Limits::default()).unwrap();
    let mut instance = implementation.instance_on(&host);
    let memory = instance.find_buffer_memory().unwrap();
    let (memory, _) =
        memory.unwrap_or_else(|| panic!("{}: no memory holds the buffer", implementation.name));
    let pointer = number(&mut instance, Call::GetWasmMemoryBufferPointer) as usize;
    (instance, memory, pointer)
}

/// The component model's encapsulation, asserted: the engine every normal
/// run uses shows the host no core instance, so no memory.
#[test]
fn a_normal_engine_sees_no_core_instance() {
    for implementation in IMPLEMENTATIONS.iter() {
        let mut instance = implementation.instance();
        assert!(
            instance.core_memories().is_empty(),
            "{}",
            implementation.name
        );
        assert!(
            instance.find_buffer_memory().unwrap().is_none(),
            "{}",
            implementation.name
        );
    }
}

/// The seed's pointer, checked: the bytes at `pointer + offset` in the
/// component's memory are the bytes `read(offset, ..)` copies out, at every
/// step of a run of writes.
#[test]
fn the_bytes_at_the_pointer_are_what_read_copies() {
    for implementation in IMPLEMENTATIONS.iter() {
        let (mut instance, memory, pointer) = inspected(implementation);
        for (step, offset) in [0u32, 1, 17, 4096, 65000].into_iter().enumerate() {
            let written: Vec<u8> = (0..200).map(|i| (i * 7 + step * 31) as u8).collect();
            let len = written.len().min(65536 - offset as usize);
            let write = Call::Write {
                offset,
                bytes: written[..len].to_vec(),
            };
            assert_eq!(answer(&mut instance, write), "ok");
            let copied = bytes(
                &mut instance,
                Call::Read {
                    offset: 0,
                    len: 65536,
                },
            );
            let in_place = &instance.memory_bytes(&memory)[pointer..pointer + 65536];
            assert!(in_place == copied, "{}: step {step}", implementation.name);
        }
    }
}

/// The seed's part two, done its way: the host writes at `pointer + 1`, in
/// place, and the component reads what it wrote.
#[test]
fn a_write_in_place_is_what_the_component_reads() {
    for implementation in IMPLEMENTATIONS.iter() {
        let (mut instance, memory, pointer) = inspected(implementation);
        let store = Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 };
        answer(&mut instance, store);
        assert_eq!(
            instance.memory_bytes(&memory)[pointer],
            24,
            "{}",
            implementation.name
        );
        instance.memory_bytes_mut(&memory)[pointer + 1] = 25;
        let read = Call::ReadWasmMemoryBufferAndReturnIndexOne;
        assert_eq!(answer(&mut instance, read), "25", "{}", implementation.name);
    }
}

#[test]
fn the_handle_sees_memory_grow() {
    for implementation in IMPLEMENTATIONS.iter() {
        let (mut instance, memory, _) = inspected(implementation);
        let pages = number(&mut instance, Call::MemoryPages) as usize;
        assert_eq!(
            instance.memory_bytes(&memory).len(),
            pages * 65536,
            "{}",
            implementation.name
        );
        number(&mut instance, Call::GrowMemory { pages: 3 });
        assert_eq!(
            instance.memory_bytes(&memory).len(),
            (pages + 3) * 65536,
            "{}",
            implementation.name
        );
    }
}

/// An implementation whose pointer does not point at its buffer (it says
/// 4096; the fixture keeps its bytes at 1024): one line, exit 1.
#[test]
fn a_component_whose_buffer_is_not_at_its_pointer_is_one_clear_line() {
    let lie = [("get-wasm-memory-buffer-pointer", "(i32.const 4096)")];
    let path = fixtures::file("elsewhere.wasm", &fixtures::lying_component(&lie));
    let output = runner(&["--inspect", "--component", path.to_str().unwrap()]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: {} hides its buffer: what write(0, ...) wrote is not at the pointer (4096) \
             in any of its linear memories (1 looked at)\n",
            path.display()
        )
    );
}

/// `--inspect` runs on every implementation, and shows 24 and 25 (`18`,
/// `19`) at the pointer.
#[test]
fn the_inspected_lesson_runs_on_every_implementation() {
    for implementation in IMPLEMENTATIONS.iter() {
        let output = runner(&["--inspect", "--component", &implementation.path]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            implementation.name,
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("memory[pointer + 0] -> 24"), "{stdout}");
        assert!(
            stdout.contains("read-wasm-memory-buffer-and-return-index-one() -> 25"),
            "{stdout}"
        );
    }
}

/// A composition: the bytes the client passed to `write` are in three
/// memories after the run, the client's, the checker's and the
/// implementation's: each boundary they crossed is one copy, into a block
/// the receiving memory's `cabi_realloc` gave, as the run's map saw it
/// (write's list into the checker's and the implementation's, read's
/// result back into the checker's and the client's).
#[test]
#[ignore = "needs the compositions interop/build makes; .ci/test runs it"]
fn a_composition_holds_the_clients_bytes_in_every_memory_they_crossed() {
    let manifest =
        PathBuf::from(std::env::var_os("LINEAR_MEMORY_IMPLEMENTATIONS").expect("set by .ci/test"));
    let compositions = manifest.parent().unwrap().join("compositions");
    for implementation in ["rust", "go", "c"] {
        let path = compositions.join(format!("rust-client+{implementation}.wasm"));
        let host = Host::inspecting(Limits::default()).unwrap();
        let AnyComponent::Command(command) = host.load_any(&path).unwrap() else {
            panic!("{} is a command", path.display());
        };
        let mut run = command.run_mapped().unwrap();
        assert!(run.succeeded, "{implementation}");
        let memories = run.core_memories();
        assert_eq!(
            memories.len(),
            3,
            "{implementation}: the client's memory, the checker's and the implementation's"
        );
        let map = run.map.clone().expect("a mapped run");
        for memory in &memories {
            let bytes = run.memory_bytes(memory);
            let holds = bytes.windows(15).any(|window| window == b"crossed by copy");
            assert!(holds, "{implementation}: memory {memory:?}");
            let copied_in = map.allocations.iter().any(|allocation| {
                allocation.memory.same(memory)
                    && allocation.bytes.as_deref() == Some(&b"crossed by copy"[..])
            });
            assert!(copied_in, "{implementation}: memory {memory:?}: {map:#?}");
        }
    }
}

/// The streams composition: the bytes the client sent through a stream are
/// in the implementation's memory once, where its buffer is (no block
/// `cabi_realloc` gave holds them), and in the client's memory too.
#[test]
#[ignore = "needs the compositions interop/build makes; .ci/test runs it"]
fn a_streams_composition_leaves_the_streamed_bytes_once_in_the_implementation() {
    let manifest =
        PathBuf::from(std::env::var_os("LINEAR_MEMORY_IMPLEMENTATIONS").expect("set by .ci/test"));
    let path = manifest
        .parent()
        .unwrap()
        .join("compositions/streams-client+rust-streams.wasm");
    let host = Host::inspecting(Limits::default()).unwrap();
    let AnyComponent::Command(command) = host.load_any(&path).unwrap() else {
        panic!("{} is a command", path.display());
    };
    assert!(command.is_async());
    let mut run = command.run().unwrap();
    assert!(run.succeeded);
    let stdout = String::from_utf8(run.stdout.clone()).unwrap();
    let pointer: usize = stdout
        .split_once("at address ")
        .and_then(|(_, rest)| rest.split_once(' '))
        .and_then(|(number, _)| number.parse().ok())
        .unwrap_or_else(|| panic!("the client prints the pointer: {stdout}"));
    let message = b"crossed by stream";
    // For each memory: is the message where the buffer is, and how often
    // is it there at all.
    let places: Vec<(bool, usize)> = run
        .core_memories()
        .iter()
        .map(|memory| {
            let bytes = run.memory_bytes(memory);
            let at_buffer = pointer + 2..pointer + 2 + message.len();
            let in_buffer = bytes.get(at_buffer) == Some(message.as_slice());
            let count = bytes
                .windows(message.len())
                .filter(|w| w == message)
                .count();
            (in_buffer, count)
        })
        .collect();
    assert_eq!(
        places.len(),
        2,
        "the client's memory and the implementation's"
    );
    let implementation: Vec<usize> = places.iter().filter(|p| p.0).map(|p| p.1).collect();
    assert_eq!(implementation, [1], "{places:?}");
    let client: Vec<usize> = places.iter().filter(|p| !p.0).map(|p| p.1).collect();
    assert!(
        client[0] >= 1,
        "the client's memory holds them too: {places:?}"
    );
}

/// A map is of the call it was asked for: `write`'s list, in the one block
/// cabi_realloc gave while the host lowered it; the call after it is not
/// traced, and makes no map.
#[test]
fn a_map_is_of_the_one_call_it_was_asked_for() {
    let host = Host::inspecting(Limits::default()).unwrap();
    let component = host.load(linear_memory_host::DEFAULT_COMPONENT).unwrap();
    let mut instance = component.instantiate().unwrap();
    let bytes: Vec<u8> = (0..40).collect();
    let write = Call::Write {
        offset: 0,
        bytes: bytes.clone(),
    };
    instance.map_next_call();
    instance.call(&write).unwrap();
    let map = instance.take_map().unwrap().expect("the write's map");
    let sizes: Vec<(u32, bool)> = map
        .allocations
        .iter()
        .map(|allocation| (allocation.size, allocation.lowering))
        .collect();
    assert_eq!(sizes, [(40, true)], "{map:#?}");
    assert_eq!(map.arguments.len(), 1, "{map:#?}");
    assert_eq!(map.arguments[0].bytes, bytes);
    assert_eq!(
        Some(map.arguments[0].block.address),
        map.allocations[0].address
    );
    instance.call(&write).unwrap();
    assert!(instance.take_map().unwrap().is_none());
}
