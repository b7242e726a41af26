//! Bulk transfer through `stream<u8>` against `list<u8>`, from this host,
//! against a native copy of the same size: the streams component on an
//! engine with the async ABI on. Sizes past the buffer's 64 KiB loop over
//! it, one 64 KiB call after another, as a host moving more than the buffer
//! holds would.

use std::hint::black_box;
use std::sync::Arc;

use linear_memory_host::{Answer, Call, Host, Instance, Limits, STREAMS_COMPONENT, Sent};

use crate::bulk;
use crate::measure::{self, consume, per_op};
use crate::nop_async;
use crate::report::{self, Row, human};

/// Transfer sizes, to 1 MiB (sixteen times the buffer).
pub const SIZES: [usize; 6] = [64, 4096, 16384, 65536, 262_144, 1_048_576];
const BUFFER: usize = 65536;

/// A list path's time and a stream path's, in nanoseconds.
#[derive(Clone, Copy)]
struct Pair {
    list: f64,
    stream: f64,
}

/// Measures the rows, and returns what they say about where streams win:
/// a line for writes and one for reads; when the run counts instructions,
/// then where an empty `write-via-stream`'s go.
pub fn measure(rows: &mut Vec<Row>) -> wasmtime::Result<Vec<String>> {
    let host = Host::concurrent(Limits::default())?;
    let mut instance = host.load_streams(STREAMS_COMPONENT)?.instantiate()?;
    let (empty, fixed_cost) = empty_calls(&mut instance, rows);
    let async_call = nop_async::per_call(host.engine())?;
    rows.push(Row {
        group: "streams",
        name: "an async call that returns at once, wasmtime alone".into(),
        path: "nop: async func(), calling task.return",
        bytes: None,
        per_op: async_call,
        baseline: Some(("an empty write, write(0, [])".into(), empty[0].list)),
        floor: false,
    });
    let mut whole_buffer = [Pair {
        list: 0.0,
        stream: 0.0,
    }; 2];
    for size in SIZES {
        let memcpy_ns = floor(size);
        let floor = Some((format!("memcpy {}", human(size)), memcpy_ns));
        let row = |name: &str, path, per_op, floor| {
            report::bulk("streams", name, size, path, per_op, floor)
        };
        let source: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let path = "native memcpy in 64 KiB pieces, best of 4 alignments";
        rows.push(row("memcpy", path, memcpy_ns, None));
        let writes = Pair {
            list: write(&mut instance, &source),
            stream: write_via_stream(&mut instance, &source),
        };
        let path = "write: list<u8>, 2 copies";
        rows.push(row("write", path, writes.list, floor.clone()));
        let path = "write-via-stream: stream<u8>, 1 copy";
        rows.push(row("write-via-stream", path, writes.stream, floor.clone()));
        let reads = Pair {
            list: read(&mut instance, size),
            stream: read_via_stream(&mut instance, size),
        };
        let path = "read: list<u8>, 1 copy";
        rows.push(row("read", path, reads.list, floor.clone()));
        let path = "read-via-stream: stream<u8>, 1 copy";
        rows.push(row("read-via-stream", path, reads.stream, floor));
        if size == BUFFER {
            whole_buffer = [writes, reads];
        }
    }
    let mut lines = vec![
        verdict(("write-via-stream", "write"), empty[0], whole_buffer[0]),
        verdict(("read-via-stream", "read"), empty[1], whole_buffer[1]),
    ];
    lines.extend(measure::shares(
        "where an empty write-via-stream's instructions go:",
        &fixed_cost,
    ));
    Ok(lines)
}

/// What a call costs with no bytes to move, for each way in and out: the
/// list's, and the stream's (a task, an event loop on the host's runtime, a
/// stream and its timer). Pushes the rows, returns the costs, and where an
/// empty stream write's instructions went when the run counts them.
fn empty_calls(
    instance: &mut Instance,
    rows: &mut Vec<Row>,
) -> ([Pair; 2], Vec<(&'static str, f64)>) {
    let mut time = |call: Call| per_op(|| consume(instance.call(black_box(&call)).unwrap()));
    let list = time(Call::Write {
        offset: 0,
        bytes: Vec::new(),
    });
    let stream = time(Call::WriteViaStream {
        offset: 0,
        len: 0,
        data: Sent::from(Vec::new()),
    });
    let fixed_cost = measure::where_the_last_row_went();
    let write = Pair { list, stream };
    let read = Pair {
        list: time(Call::Read { offset: 0, len: 0 }),
        stream: time(Call::ReadViaStream {
            offset: 0,
            len: 0,
            take: None,
        }),
    };
    let group = "streams";
    let list = ("write(0, [])", "write: list<u8>", write.list);
    let stream = (
        "write-via-stream(0, 0, <empty>)",
        "write-via-stream: stream<u8>",
        write.stream,
    );
    rows.extend(report::compared(
        group,
        "an empty write",
        None,
        list,
        stream,
    ));
    let list = ("read(0, 0)", "read: list<u8>", read.list);
    let stream = (
        "read-via-stream(0, 0)",
        "read-via-stream: stream<u8>",
        read.stream,
    );
    rows.extend(report::compared(group, "an empty read", None, list, stream));
    ([write, read], fixed_cost)
}

/// Where the stream wins and where it loses, from one run's times: each
/// path costs its empty call, then so much per byte (the time for the whole
/// buffer less the empty call's). The stream's fixed cost is higher and its
/// cost per byte lower (one copy, where `write` makes two): it wins on calls
/// larger than where the two lines cross, if that is within the buffer.
fn verdict((stream, list): (&str, &str), empty: Pair, whole: Pair) -> String {
    let per_buffer = Pair {
        list: whole.list - empty.list,
        stream: whole.stream - empty.stream,
    };
    let crossing = if per_buffer.stream >= per_buffer.list {
        "the stream never catches up".to_string()
    } else {
        let bytes =
            (empty.stream - empty.list) / (per_buffer.list - per_buffer.stream) * BUFFER as f64;
        let within = match whole.stream < whole.list {
            true => "within one call",
            false => "past the most one call moves (the 64 KiB buffer)",
        };
        format!("they cross at {}, {within}", human(bytes.max(0.0) as usize))
    };
    format!(
        "{stream}: {} fixed + {} per 64 KiB; {list}: {} + {}; {crossing}",
        report::cost(empty.stream),
        report::cost(per_buffer.stream),
        report::cost(empty.list),
        report::cost(per_buffer.list),
    )
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

/// Makes each of `calls` in turn, the time they took together (each seen
/// to succeed first).
fn each(instance: &mut Instance, calls: &[Call]) -> f64 {
    for call in calls {
        let answer = instance.call(call).unwrap();
        assert!(!matches!(answer, Answer::Err(_)), "{call} was refused");
    }
    per_op(|| {
        for call in calls {
            consume(instance.call(black_box(call)).unwrap());
        }
    })
}

/// The 64 KiB writes `source` makes, each a `Call` made before the timing.
pub fn write(instance: &mut Instance, source: &[u8]) -> f64 {
    let calls: Vec<Call> = pieces(source.len())
        .map(|(at, len)| Call::Write {
            offset: 0,
            bytes: source[at..at + len as usize].to_vec(),
        })
        .collect();
    each(instance, &calls)
}

/// The host's bytes are copied once, into the buffer: each piece is an
/// `Arc<[u8]>` made before the timing, which every call shares.
pub fn write_via_stream(instance: &mut Instance, source: &[u8]) -> f64 {
    let calls: Vec<Call> = pieces(source.len())
        .map(|(at, len)| {
            let bytes: Arc<[u8]> = source[at..at + len as usize].into();
            Call::WriteViaStream {
                offset: 0,
                len,
                data: Sent {
                    bytes,
                    pieces: Vec::new(),
                    pausing: false,
                },
            }
        })
        .collect();
    each(instance, &calls)
}

fn read(instance: &mut Instance, size: usize) -> f64 {
    let calls: Vec<Call> = pieces(size)
        .map(|(_, len)| Call::Read { offset: 0, len })
        .collect();
    each(instance, &calls)
}

fn read_via_stream(instance: &mut Instance, size: usize) -> f64 {
    let calls: Vec<Call> = pieces(size)
        .map(|(_, len)| Call::ReadViaStream {
            offset: 0,
            len,
            take: None,
        })
        .collect();
    each(instance, &calls)
}
