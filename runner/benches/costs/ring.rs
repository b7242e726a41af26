//! One stream, many rounds: `write-ring-via-stream` moves 64 KiB, 1 MiB and
//! 16 MiB through the 64 KiB buffer in one call, from this host and from
//! another component, beside the paths that need a call per 64 KiB (`write`,
//! `write-via-stream`) and a floor that is like for like: a memcpy of the
//! same distinct bytes into a 64 KiB ring. Then the goals of issue 40, each
//! said met or not from this run's own figures.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use linear_memory_host::{Answer, Call, Host, Instance, Limits, STREAMS_COMPONENT, Sent, Value};

use wasmtime::Engine;

use crate::composed_streams::Client;
use crate::measure::{Misses, consume, misses_of_the_last_row, per_op};
use crate::report::{self, Row, cost, human};
use crate::streams;

/// One call's sizes: one round, sixteen, and 256.
pub const SIZES: [usize; 3] = [65536, 1 << 20, 16 << 20];
const RING: usize = 65536;
const GROUP: &str = "one stream, many rounds";
const COMPOSED: &str = "one stream, many rounds, component to component";

/// Measures the rows; returns the lines that say where the goals stand.
pub fn measure(composed: Option<&Path>, rows: &mut Vec<Row>) -> wasmtime::Result<Vec<String>> {
    let host = Host::concurrent(Limits::default())?;
    let mut instance = host.load_streams(STREAMS_COMPONENT)?.instantiate()?;
    let mut floors = Vec::new();
    let mut rings = Vec::new();
    let mut caches = Vec::new();
    for size in SIZES {
        let source: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let memcpy_ns = floor(&source);
        let floor_misses = misses_of_the_last_row();
        let floor = Some((format!("memcpy {} into a ring", human(size)), memcpy_ns));
        let row =
            |name: &str, path, per_op, floor| report::bulk(GROUP, name, size, path, per_op, floor);
        let path = "native memcpy into a 64 KiB ring";
        rows.push(row("memcpy into a ring", path, memcpy_ns, None));
        let ring_ns = write_ring(&mut instance, &source);
        let what = format!("host to component, {} through one call", human(size));
        caches.push(misses(&what, misses_of_the_last_row(), floor_misses));
        let path = "write-ring-via-stream: one call, 1 copy";
        rows.push(row("write-ring-via-stream", path, ring_ns, floor.clone()));
        let path = "write-via-stream: a call per 64 KiB";
        let stream_ns = streams::write_via_stream(&mut instance, &source);
        rows.push(row("write-via-stream", path, stream_ns, floor.clone()));
        let path = "write: list<u8>, a call per 64 KiB";
        rows.push(row(
            "write",
            path,
            streams::write(&mut instance, &source),
            floor,
        ));
        floors.push(memcpy_ns);
        rings.push(ring_ns);
    }
    let empty = Call::WriteRingViaStream {
        data: Sent::from(Vec::new()),
    };
    let empty_ring = per_op(|| consume(instance.call(black_box(&empty)).unwrap()));
    let empty_write = Call::Write {
        offset: 0,
        bytes: Vec::new(),
    };
    let empty_list = per_op(|| consume(instance.call(black_box(&empty_write)).unwrap()));
    let one_round_list = streams::write(&mut instance, &vec![0xA5; RING]);
    let mut lines = vec![
        break_even(empty_ring, rings[0], empty_list, one_round_list),
        round(&rings, &floors),
    ];
    for (i, size) in SIZES.iter().enumerate().skip(1) {
        lines.push(goal(
            &format!("host to component, {} through one call", human(*size)),
            floors[i] / rings[i],
            "of the floor's speed, goal at least 80 %",
            floors[i] / rings[i] >= 0.8,
        ));
    }
    if let Some(composed) = composed {
        let (line, cache) = between_components(composed, rows)?;
        lines.push(line);
        caches.push(cache);
    }
    if crate::measure::counting() {
        lines
            .push("Data misses a call, in callgrind's simulation of this machine's caches:".into());
        lines.extend(caches.into_iter().map(|line| format!("  {line}")));
    }
    Ok(lines)
}

/// What a path's simulated data misses are against its floor's: where its
/// time can go that its instructions do not show.
fn misses(what: &str, path: Misses, floor: Misses) -> String {
    let count = |n: f64| match n < 1e3 {
        true => format!("{n:.0}"),
        false => format!("{:.1} k", n / 1e3),
    };
    format!(
        "{what}: {} last-level, {} first-level (the floor's: {}, {})",
        count(path.last_level),
        count(path.first_level),
        count(floor.last_level),
        count(floor.first_level),
    )
}

/// The floor: `source`'s bytes copied natively, 64 KiB at a time, into one
/// 64 KiB ring, as the ring call copies them: each byte of the source once
/// (16 MiB are not in any cache, as the host's stream's bytes are not).
fn floor(source: &[u8]) -> f64 {
    let mut ring = vec![0u8; RING];
    per_op(|| {
        for piece in black_box(source).chunks(RING) {
            ring[..piece.len()].copy_from_slice(piece);
        }
        black_box(&mut ring);
    })
}

/// `write-ring-via-stream` with a stream of `source`'s bytes, shared with
/// every call, not copied first; every call's count is checked.
fn write_ring(instance: &mut Instance, source: &[u8]) -> f64 {
    let call = Call::WriteRingViaStream {
        data: Sent {
            bytes: Arc::from(source),
            pieces: Vec::new(),
            pausing: false,
        },
    };
    let all = Answer::Value(Value::U64(source.len() as u64));
    per_op(|| {
        let came = instance.call(black_box(&call)).unwrap();
        assert_eq!(came, all, "every byte came");
    })
}

/// Where a ring call beats the list path: `n` rounds through one ring call
/// cost its fixed cost and `n` rounds; through `write`, `n` calls, each
/// paying a call's fixed cost and its copy (`one_list`).
fn break_even(empty_ring: f64, one_round: f64, empty_list: f64, one_list: f64) -> String {
    let per_round = one_round - empty_ring;
    let crossing = match per_round < one_list {
        true => {
            let rounds = empty_ring / (one_list - per_round);
            let bytes = (rounds * RING as f64) as usize;
            format!("from {} on, the ring is the cheaper", human(bytes))
        }
        false => "the ring never catches up".to_string(),
    };
    format!(
        "write-ring-via-stream: {} fixed + {} per 64 KiB round; write: {} per 64 KiB call ({} of it the call's fixed cost); {crossing}",
        cost(empty_ring),
        cost(per_round),
        cost(one_list),
        cost(empty_list),
    )
}

/// What a 64 KiB round costs beyond its copy: the 16 MiB call's cost less
/// the 64 KiB one's (the fixed cost and one round), per round left, less
/// the floor's copy of a round's bytes (from the same uncached source).
fn round(rings: &[f64], floors: &[f64]) -> String {
    let rounds = (SIZES[2] / RING) as f64;
    let per_round = (rings[2] - rings[0]) / (rounds - 1.0);
    let copy = floors[2] / rounds;
    let beyond = per_round - copy;
    goal(
        &format!(
            "a 64 KiB round: {} beyond its copy ({})",
            cost(beyond),
            cost(copy)
        ),
        beyond / copy,
        "of the copy, goal at most 10 %",
        beyond / copy <= 0.1,
    )
}

/// 1 MiB (and the other sizes) through one call, from the composed client
/// into the implementation's buffer: the goal's line, and the 1 MiB call's
/// simulated data misses against its floor's.
fn between_components(composed: &Path, rows: &mut Vec<Row>) -> wasmtime::Result<(String, String)> {
    let engine = Engine::new(&Host::concurrent_config())?;
    let mut client = Client::new(&engine, composed)?;
    let mut at_1_mib = 0.0;
    let mut cache = String::new();
    for size in SIZES {
        let memcpy_ns = floor(&vec![0xA5; size]);
        let floor_misses = misses_of_the_last_row();
        let floor = Some((format!("memcpy {} into a ring", human(size)), memcpy_ns));
        let path = "component to component, write-ring-via-stream";
        let ring_ns = client.time_per_call("write-ring-via-stream", size)?;
        if size == 1 << 20 {
            let what = "component to component, 1 MiB through one call";
            cache = misses(what, misses_of_the_last_row(), floor_misses);
        }
        rows.push(report::bulk(
            COMPOSED,
            "write-ring-via-stream",
            size,
            path,
            ring_ns,
            floor,
        ));
        if size == 1 << 20 {
            at_1_mib = ring_ns / memcpy_ns;
        }
    }
    let goal = goal(
        "component to component, 1 MiB through one call",
        at_1_mib,
        "× the floor, goal within 1.5 ×",
        at_1_mib <= 1.5,
    );
    Ok((goal, cache))
}

/// A goal's line: what was measured, and whether it is met in what this
/// run measures (time, or instructions under callgrind).
fn goal(what: &str, value: f64, unit: &str, met: bool) -> String {
    let value = match unit.starts_with('×') {
        true => format!("{value:.2}"),
        false => format!("{:.0} %", value * 100.0),
    };
    let verdict = if met { "met" } else { "not met" };
    let measure = match crate::measure::counting() {
        true => "instructions",
        false => "time",
    };
    format!("{what}: {value} {unit}: {verdict} in {measure}")
}
