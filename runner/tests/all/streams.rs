//! The `streams` interface: the buffer filled and drained through
//! `stream<u8>`, on the workspace's streams component.

use linear_memory_host::{
    Answer, Call, Checked, CoreMemory, Host, Inside, Instance, Limits, Printed, Sent, Value,
};

use super::{answer, bytes, number};

fn instance() -> Instance {
    let host = Host::concurrent(Limits::default()).unwrap();
    let component = host
        .load_streams(linear_memory_host::STREAMS_COMPONENT)
        .unwrap();
    component.instantiate().unwrap()
}

/// An instance on a debugger's engine, its buffer's pointer, and the memory
/// that holds the buffer.
fn inspected() -> (Instance, usize, CoreMemory) {
    let host = Host::inspecting(Limits::default()).unwrap();
    let component = host
        .load_streams(linear_memory_host::STREAMS_COMPONENT)
        .unwrap();
    let mut instance = component.instantiate().unwrap();
    let pointer = number(&mut instance, Call::GetWasmMemoryBufferPointer) as usize;
    let memory = instance
        .find_buffer_memory()
        .unwrap()
        .expect("the buffer's memory")
        .0;
    (instance, pointer, memory)
}

/// On a debugger's engine the host sees a ring fill: before each of its
/// writes into what the component offers `stream.read` (a round each, for
/// the workspace's component), the buffer's first bytes hold what the
/// rounds before left there.
#[test]
fn the_inspector_sees_a_ring_fill_round_by_round() {
    let (mut instance, pointer, memory) = inspected();
    // Round r's bytes are all r + 1; the third is half a round.
    let len = 65536;
    let sent: Vec<u8> = (0..len * 5 / 2).map(|k| (k / len + 1) as u8).collect();
    instance.watch_rounds(memory, pointer..pointer + 4);
    let ring = Call::WriteRingViaStream {
        data: Sent::from(sent),
    };
    let came = instance.call(&ring).unwrap();
    assert_eq!(came, Answer::Value(Value::U64(163_840)));
    assert_eq!(instance.rounds_seen(), [[0; 4], [1; 4], [2; 4]]);
    assert_eq!(instance.memory_bytes(&memory)[pointer..pointer + 4], [3; 4]);
    assert!(instance.rounds_seen().is_empty(), "the watch has ended");
}

#[test]
fn bytes_sent_through_a_stream_are_the_bytes_read_back() {
    let mut instance = instance();
    let sent: Vec<u8> = (0..=255).cycle().take(1000).collect();
    let write = write_via_stream(10, 1000, Sent::from(sent.clone()));
    assert_eq!(number(&mut instance, write), 1000);
    let read = Call::Read {
        offset: 10,
        len: 1000,
    };
    assert_eq!(bytes(&mut instance, read), sent);
    assert_eq!(bytes(&mut instance, read_via_stream(10, 1000, None)), sent);
}

#[test]
fn a_range_past_the_end_is_refused_before_anything_is_read() {
    let mut instance = instance();
    let refused = "err(out-of-bounds({offset: 65535, len: 2, buffer-len: 65536}))";
    let write = write_via_stream(65535, 2, Sent::from(vec![1, 2]));
    assert_eq!(answer(&mut instance, write), refused);
    let read = read_via_stream(65535, 2, None);
    assert_eq!(answer(&mut instance, read), refused);
}

/// One copy, seen from inside: on a debugger's engine with the async ABI
/// on, a `write` leaves its bytes in the component's memory twice (the
/// block `cabi_realloc` gave it, freed but not cleared, and the buffer),
/// and a `write-via-stream` of other bytes over the same range leaves them
/// once, in the buffer. A streams component that read into a `Vec` of its
/// own first would show two.
#[test]
fn a_list_leaves_two_copies_in_memory_a_stream_one() {
    let (mut instance, pointer, memory) = inspected();
    let (listed, streamed) = (unrepeated(4096, 1), unrepeated(4096, 2));
    // The middle of each: clear of what an allocator writes into a freed block.
    let (listed_middle, streamed_middle) = (&listed[1024..3072], &streamed[1024..3072]);
    let found = |instance: &mut Instance, needle: &[u8]| -> Vec<usize> {
        let bytes = instance.memory_bytes(&memory);
        (0..=bytes.len() - needle.len())
            .filter(|&at| &bytes[at..at + needle.len()] == needle)
            .collect()
    };

    let write = Call::Write {
        offset: 0,
        bytes: listed.clone(),
    };
    assert_eq!(answer(&mut instance, write), "ok");
    let listed_at = found(&mut instance, listed_middle);
    assert_eq!(listed_at.len(), 2, "{listed_at:x?}");
    assert!(listed_at.contains(&(pointer + 1024)), "{listed_at:x?}");

    let write = write_via_stream(0, 4096, Sent::from(streamed.clone()));
    assert_eq!(number(&mut instance, write), 4096);
    assert_eq!(found(&mut instance, streamed_middle), vec![pointer + 1024]);
    let stale: Vec<usize> = listed_at
        .into_iter()
        .filter(|&at| at != pointer + 1024)
        .collect();
    assert_eq!(found(&mut instance, listed_middle), stale);
}

/// `len` bytes that repeat nowhere, in themselves or in another `seed`'s.
fn unrepeated(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

/// The host's consumer gathers a stream written in pieces, and takes no
/// more than it asked for: "abcd" comes in two writes of two bytes, and a
/// host that wants three keeps "abc" (the rest of the second write stays
/// with the writer) and drops the stream.
#[test]
fn a_stream_written_in_pieces_is_gathered_up_to_what_was_asked() {
    let host = Host::concurrent(Limits::default()).unwrap();
    let path = crate::fixtures::file(
        "streaming-in-pieces.wasm",
        &crate::fixtures::component_streaming_in_pieces(),
    );
    let component = host.load_streams(&path).unwrap();
    let mut instance = component.instantiate().unwrap();
    let all = bytes(&mut instance, read_via_stream(0, 4, None));
    assert_eq!(all, b"abcd");
    let mut instance = component.instantiate().unwrap();
    let three = bytes(&mut instance, read_via_stream(0, 4, Some(3)));
    assert_eq!(three, b"abc");
}

/// A writer that keeps the component waiting before each piece: every
/// `stream.read` the component makes has to wait for an event, and the
/// bytes arrive all the same, in the buffer, counted.
#[test]
fn a_writer_that_keeps_the_component_waiting_is_read_to_the_end() {
    let mut instance = instance();
    let sent = unrepeated(3000, 7);
    let data = Sent {
        bytes: sent.clone().into(),
        pieces: vec![1, 999, 1000],
        pausing: true,
    };
    assert_eq!(number(&mut instance, write_via_stream(5, 3000, data)), 3000);
    let read = Call::Read {
        offset: 5,
        len: 3000,
    };
    assert_eq!(bytes(&mut instance, read), sent);
}

/// A host that drops its end of the stream while the component waits for
/// more (`streams.wit`: the caller stops early): the bytes that arrived are
/// stored and counted, and the rest of the range keeps what it held.
#[test]
fn a_writer_that_drops_its_end_midway_leaves_what_arrived() {
    let mut instance = instance();
    let before = unrepeated(20, 8);
    let write = Call::Write {
        offset: 0,
        bytes: before.clone(),
    };
    assert_eq!(answer(&mut instance, write), "ok");
    let short = Sent {
        pausing: true,
        ..Sent::from(vec![9; 10])
    };
    assert_eq!(number(&mut instance, write_via_stream(0, 20, short)), 10);
    let expected = [&[9; 10][..], &before[10..]].concat();
    let read = Call::Read { offset: 0, len: 20 };
    assert_eq!(bytes(&mut instance, read), expected);
}

/// The library keeps what a component prints during a stream call (WASI is
/// linked for async use on a concurrent engine), for the host to show once.
#[test]
fn what_a_component_prints_mid_stream_is_kept_for_the_host() {
    let prints = [(
        "write-entry",
        "(call $print_stdout) (call $write_entry (local.get 0) (local.get 1) (local.get 2))",
    )];
    let bytes = crate::fixtures::lying_streams_component(&prints);
    let path = crate::fixtures::file("streams-printing-library.wasm", &bytes);
    let host = Host::concurrent(Limits::default()).unwrap();
    let mut instance = host.load_streams(&path).unwrap().instantiate().unwrap();
    let write = write_via_stream(0, 4, Sent::from(vec![7; 4]));
    assert_eq!(number(&mut instance, write), 4);
    let printed = instance.take_printed();
    assert_eq!(printed.stdout, b"a line, printed\n");
    assert_eq!(printed.stderr, b"");
    assert_eq!(instance.take_printed(), Printed::default());
}

/// Streams fed in odd pieces (1, 7, 1000 and 4093 bytes, round and round):
/// `write-via-stream` stores them where its range says, and a ring of two
/// and a half rounds puts byte `k` at `k % 65536`, though each round's end
/// falls inside a 4093-byte piece. The rules hold each count and the whole
/// buffer after each call.
#[test]
fn streams_fed_in_odd_pieces_land_where_the_contract_says() {
    let mut checked = Checked::new(instance(), Limits::default().max_memory).unwrap();
    let in_pieces = |bytes: Vec<u8>| Sent {
        pieces: ODD_PIECES.to_vec(),
        ..Sent::from(bytes)
    };
    let write = write_via_stream(3, 20_000, in_pieces(unrepeated(20_000, 9)));
    assert_eq!(
        checked.call(&write).unwrap(),
        Answer::Ok(Value::U32(20_000))
    );
    checked.check_whole_buffer(&write, 3..20_003).unwrap();
    let ring = Call::WriteRingViaStream {
        data: in_pieces(unrepeated(65536 * 5 / 2, 10)),
    };
    let came = checked.call(&ring).unwrap();
    assert_eq!(came, Answer::Value(Value::U64(65536 * 5 / 2)));
    checked.check_whole_buffer(&ring, 0..65536).unwrap();
}

/// Sizes that 64 KiB does not divide into: each round of a ring ends inside
/// a piece.
const ODD_PIECES: [usize; 4] = [1, 7, 1000, 4093];

fn write_via_stream(offset: u32, len: u32, data: Sent) -> Call {
    Call::WriteViaStream { offset, len, data }
}

fn read_via_stream(offset: u32, len: u32, take: Option<u32>) -> Call {
    Call::ReadViaStream { offset, len, take }
}
