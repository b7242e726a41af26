//! Bulk transfer through `stream<u8>` against `list<u8>`, from this host,
//! against a native copy of the same size: the streams component on an
//! engine with the async ABI on. Sizes past the buffer's 64 KiB loop over
//! it, one 64 KiB call after another, as a host moving more than the buffer
//! holds would.

use std::hint::black_box;
use std::sync::Arc;

use linear_memory_host::{Host, Limits, Outgoing, STREAMS_COMPONENT, StreamsInstance};

use crate::bulk;
use crate::measure::{consume, ns_per_op};
use crate::report::{self, Row, human};

/// Transfer sizes, to 1 MiB (sixteen times the buffer).
pub const SIZES: [usize; 6] = [64, 4096, 16384, 65536, 262_144, 1_048_576];
const BUFFER: usize = 65536;

/// Measures the rows, and returns what they say about where streams win:
/// a line for writes and one for reads.
pub fn measure(rows: &mut Vec<Row>) -> wasmtime::Result<[String; 2]> {
    let host = Host::concurrent(Limits::default())?;
    let mut instance = host.load_streams(STREAMS_COMPONENT)?.instantiate()?;
    rows.extend(fixed_costs(&mut instance));
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for size in SIZES {
        let memcpy_ns = floor(size);
        let floor = Some((format!("memcpy {}", human(size)), memcpy_ns));
        let row = |name: &str, path, ns_per_op, baseline: Option<_>| Row {
            group: "streams",
            name: format!("{name} {}", human(size)),
            path,
            bytes: Some(size),
            ns_per_op,
            floor: baseline.is_some(),
            baseline,
        };
        let source: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let path = "native memcpy in 64 KiB pieces, best of 4 alignments";
        rows.push(row("memcpy", path, memcpy_ns, None));
        let list = write(&mut instance, &source);
        let stream = write_via_stream(&mut instance, &source);
        rows.push(row(
            "write",
            "write: list<u8>, 2 copies",
            list,
            floor.clone(),
        ));
        let path = "write-via-stream: stream<u8>, 1 copy";
        rows.push(row("write-via-stream", path, stream, floor.clone()));
        writes.push((size, list, stream));
        let list = read(&mut instance, size);
        let stream = read_via_stream(&mut instance, size);
        rows.push(row("read", "read: list<u8>, 1 copy", list, floor.clone()));
        let path = "read-via-stream: stream<u8>, 1 copy";
        rows.push(row("read-via-stream", path, stream, floor));
        reads.push((size, list, stream));
    }
    Ok([
        crossover("write-via-stream", "write", &writes),
        crossover("read-via-stream", "read", &reads),
    ])
}

/// What a call costs with no bytes to move: the list's, and the stream's
/// (a task, an event loop on the host's runtime, a stream and its timer).
fn fixed_costs(instance: &mut StreamsInstance) -> [Row; 2] {
    let list = ns_per_op(|| instance.write(0, &[]).unwrap().unwrap());
    let stream = ns_per_op(|| {
        let empty = Outgoing::new([]);
        assert_eq!(instance.write_via_stream(0, 0, empty).unwrap(), Ok(0));
    });
    report::compared(
        "streams",
        "an empty write",
        None,
        ("write(0, [])", "write: list<u8>", list),
        (
            "write-via-stream(0, 0, <empty>)",
            "write-via-stream: stream<u8>",
            stream,
        ),
    )
}

/// Where the stream starts beating the list: the smallest size from which
/// it is faster at every larger size measured too, if there is one.
fn crossover(stream: &str, list: &str, times: &[(usize, f64, f64)]) -> String {
    let last_slower = times.iter().rposition(|&(_, list, stream)| stream >= list);
    match last_slower {
        None => format!("{stream} is faster than {list} at every size measured"),
        Some(i) if i + 1 == times.len() => {
            format!("{stream} is slower than {list} at the largest size measured")
        }
        Some(i) => format!(
            "{stream} is faster than {list} from {}, slower below",
            human(times[i + 1].0)
        ),
    }
}

/// The floor: `size` bytes copied natively in the pieces the calls move,
/// each from a cached buffer into another (past 64 KiB, the paths move the
/// same 64 KiB of the component's buffer again and again, which stays in
/// the cache; a single copy of 1 MiB would not, and a path could beat it).
fn floor(size: usize) -> f64 {
    let (whole, rest) = (size / BUFFER, size % BUFFER);
    let rest = if rest > 0 { bulk::memcpy(rest) } else { 0.0 };
    whole as f64 * bulk::memcpy(size.min(BUFFER)) + rest
}

/// The 64 KiB pieces `size` bytes make: (offset in the source, length).
fn pieces(size: usize) -> impl Iterator<Item = (usize, u32)> {
    (0..size)
        .step_by(BUFFER)
        .map(move |at| (at, (size - at).min(BUFFER) as u32))
}

fn write(instance: &mut StreamsInstance, source: &[u8]) -> f64 {
    ns_per_op(|| {
        for (at, len) in pieces(source.len()) {
            let piece = black_box(&source[at..at + len as usize]);
            instance.write(0, piece).unwrap().unwrap();
        }
    })
}

/// The host's bytes are copied once, into the buffer: each piece is an
/// `Arc<[u8]>` made before the timing, which every call shares.
fn write_via_stream(instance: &mut StreamsInstance, source: &[u8]) -> f64 {
    let pieces: Vec<(u32, Arc<[u8]>)> = pieces(source.len())
        .map(|(at, len)| (len, source[at..at + len as usize].into()))
        .collect();
    ns_per_op(|| {
        for (len, bytes) in &pieces {
            let data = Outgoing::new(black_box(bytes.clone()));
            assert_eq!(instance.write_via_stream(0, *len, data).unwrap(), Ok(*len));
        }
    })
}

fn read(instance: &mut StreamsInstance, size: usize) -> f64 {
    ns_per_op(|| {
        for (_, len) in pieces(size) {
            consume(instance.read(0, len).unwrap().unwrap());
        }
    })
}

fn read_via_stream(instance: &mut StreamsInstance, size: usize) -> f64 {
    ns_per_op(|| {
        for (_, len) in pieces(size) {
            consume(instance.read_via_stream(0, len).unwrap().unwrap());
        }
    })
}
