//! `write` and `read` of whole ranges, against a native copy of the same size.

use std::hint::black_box;

use linear_memory_host::{BufferError, Call, DEFAULT_COMPONENT, Host, Instance};
use wasmtime::Store;
use wasmtime::component::{Component, Linker, TypedFunc, WasmList};

use crate::measure::{consume, per_op};
use crate::report::{self, Row, human};

/// Transfer sizes; 64 KiB is the whole buffer.
pub const SIZES: [usize; 4] = [64, 4096, 16384, 65536];

const INTERFACE: &str = "wasm-by-example:linear-memory/buffer@0.1.0";

/// Generous: these stores only run calls that return at once.
const DEADLINE: u64 = 1000;

/// What `read` returns, lifted as a view of the component's memory.
type ReadResult = (Result<WasmList<u8>, BufferError>,);

pub fn measure(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let mut instance = host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let mut view = ReadView::new(host)?;
    for size in SIZES {
        let memcpy_ns = memcpy(size);
        let baseline = Some((format!("memcpy {}", human(size)), memcpy_ns));
        // Every path copies each byte at least once: memcpy is its floor.
        let row =
            |name: &str, path, per_op, floor| report::bulk("bulk", name, size, path, per_op, floor);
        let path = "native memcpy, best of 4 alignments";
        rows.push(row("memcpy", path, memcpy_ns, None));
        rows.push(row(
            "write",
            "write: &[u8] in (bindgen)",
            write(&mut instance, size),
            baseline.clone(),
        ));
        rows.push(row(
            "read",
            "read: Vec<u8> out (bindgen)",
            read(&mut instance, size),
            baseline.clone(),
        ));
        let ns = view.read_into_host_buffer(size);
        rows.push(row(
            "read into a host buffer",
            "read: WasmList<u8> view, one copy",
            ns,
            baseline,
        ));
    }
    Ok(())
}

/// How far the target of the floor's copy is shifted, in bytes, past a
/// 4 KiB-aligned distance from the source.
const TARGET_SHIFTS: [usize; 4] = [0, 64, 1024 + 64, 2048 + 64];

/// The floor: the fastest copy of `size` bytes from one cached buffer to
/// another, over several relative alignments. Two separate allocations of
/// 64 KiB come back at the same offset within a page, and a copy between
/// 4 KiB-aliased buffers runs slower on many CPUs (loads are held up by
/// stores to an address with the same low 12 bits); a floor measured so
/// could be beaten by paths that copy twice. One allocation holds both
/// buffers here, so their distance is chosen.
pub fn memcpy(size: usize) -> f64 {
    let gap = size.next_multiple_of(4096);
    let mut arena = vec![0xA5u8; gap + size + 4096];
    let (source, rest) = arena.split_at_mut(gap);
    let source = &source[..size];
    TARGET_SHIFTS
        .iter()
        .map(|&shift| {
            let target = &mut rest[shift..shift + size];
            per_op(|| {
                target.copy_from_slice(black_box(source));
                black_box(&mut *target);
            })
        })
        .fold(f64::INFINITY, f64::min)
}

/// `write(0, [size bytes])`, made again and again from the same `Call`: its
/// bytes are lowered from where the call holds them, not copied first.
pub fn write(instance: &mut Instance, size: usize) -> f64 {
    let write = Call::Write {
        offset: 0,
        bytes: vec![0xA5; size],
    };
    per_op(|| consume(instance.call(black_box(&write)).unwrap()))
}

pub fn read(instance: &mut Instance, size: usize) -> f64 {
    let read = Call::Read {
        offset: 0,
        len: size as u32,
    };
    per_op(|| consume(instance.call(black_box(&read)).unwrap()))
}

/// `read` returning a `WasmList<u8>`: a view of the bytes where the
/// component keeps them. This component's `read` points the list into its
/// buffer and frees nothing afterwards, so the view stays valid until the
/// next call; with a component that frees its result in post-return (which
/// wasmtime now runs inside `call`), the view would show freed memory.
struct ReadView {
    store: Store<()>,
    read: TypedFunc<(u32, u32), ReadResult>,
}

impl ReadView {
    fn new(host: &Host) -> wasmtime::Result<Self> {
        let engine = host.engine();
        let component = Component::from_file(engine, DEFAULT_COMPONENT)?;
        let mut store = Store::new(engine, ());
        let instance = Linker::new(engine).instantiate(&mut store, &component)?;
        let interface = instance
            .get_export_index(&mut store, None, INTERFACE)
            .expect("the interface");
        let read = instance
            .get_export_index(&mut store, Some(&interface), "read")
            .expect("read");
        let read = instance.get_typed_func(&mut store, read)?;
        Self::fill_buffer(&mut store, &instance, &interface)?;
        Ok(Self { store, read })
    }

    /// Writes every byte of the buffer once. Pages of linear memory that
    /// were never written are all the kernel's one zero page, which stays in
    /// the L1 cache however many of them a copy reads: a read of an unwritten
    /// buffer would beat the `memcpy` floor. The other rows' instances have
    /// had their buffers written by the `write` rows.
    fn fill_buffer(
        store: &mut Store<()>,
        instance: &wasmtime::component::Instance,
        interface: &wasmtime::component::ComponentExportIndex,
    ) -> wasmtime::Result<()> {
        let write = instance
            .get_export_index(&mut *store, Some(interface), "write")
            .expect("write");
        let write = instance
            .get_typed_func::<(u32, &[u8]), (Result<(), BufferError>,)>(&mut *store, write)?;
        store.set_epoch_deadline(DEADLINE);
        let bytes = vec![0xA5; *SIZES.iter().max().unwrap()];
        write
            .call(&mut *store, (0, &bytes))?
            .0
            .expect("the whole buffer");
        Ok(())
    }

    fn read_into_host_buffer(&mut self, size: usize) -> f64 {
        let mut target = vec![0; size];
        per_op(|| {
            self.store.set_epoch_deadline(DEADLINE);
            let (list,) = self.read.call(&mut self.store, (0, size as u32)).unwrap();
            target.copy_from_slice(list.unwrap().as_le_slice(&self.store));
            black_box(&mut target);
        })
    }
}
