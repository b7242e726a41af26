//! `write` and `read` of whole ranges, against a native copy of the same size.

use std::hint::black_box;

use runner::{BufferError, DEFAULT_COMPONENT, Host, Instance};
use wasmtime::Store;
use wasmtime::component::{Component, Linker, TypedFunc, WasmList};

use crate::measure::{consume, ns_per_op};
use crate::report::{Row, human};

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
        let row = |name: &str, path, ns_per_op, baseline| Row {
            group: "bulk",
            name: format!("{name} {}", human(size)),
            path,
            bytes: Some(size),
            ns_per_op,
            baseline,
        };
        rows.push(row("memcpy", "native memcpy", memcpy_ns, None));
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

fn memcpy(size: usize) -> f64 {
    let source = vec![0xA5; size];
    let mut target = vec![0; size];
    ns_per_op(|| {
        target.copy_from_slice(black_box(&source));
        black_box(&mut target);
    })
}

pub fn write(instance: &mut Instance, size: usize) -> f64 {
    let source = vec![0xA5; size];
    ns_per_op(|| instance.write(0, black_box(&source)).unwrap().unwrap())
}

pub fn read(instance: &mut Instance, size: usize) -> f64 {
    ns_per_op(|| consume(instance.read(0, size as u32).unwrap().unwrap()))
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
        Ok(Self { store, read })
    }

    fn read_into_host_buffer(&mut self, size: usize) -> f64 {
        let mut target = vec![0; size];
        ns_per_op(|| {
            self.store.set_epoch_deadline(DEADLINE);
            let (list,) = self.read.call(&mut self.store, (0, size as u32)).unwrap();
            target.copy_from_slice(list.unwrap().as_le_slice(&self.store));
            black_box(&mut target);
        })
    }
}
