//! The streams-client world in Rust: the buffer's bytes moved in and out
//! through `stream<u8>` and `list<u8>` from inside a component, with every
//! answer held to the contract's rules (`wit/rules`, compiled in).
//!
//! Composed with an implementation of `linear-memory-streams`, it is a WASI
//! 0.3 command:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory-streams -p streams-client
//! wac plug target/wasm32-wasip2/release/streams_client.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory_streams.wasm -o streams.wasm
//! wasmtime run streams.wasm
//! ```
//!
//! Its stream copies are single copies between the two memories: wit-bindgen
//! writes a stream from a `Vec` of this component's and reads one into a
//! `Vec`'s spare capacity, and the implementation offers its buffer itself.
//! The checker component holds `buffer`'s calls made through it, and stream
//! calls a host reports to it (`observed-streams`), but relays no stream
//! itself: this client holds its stream calls' answers to the same rules
//! compiled in.

// Versioned: the contract's deps bring wasi:cli 0.2 into the same resolve.
use exports::wasi::cli0_3_0::run::Guest;
use futures::future::{self, Either};
use linear_memory_rules::{Answer, Call, Cap, Contract, Sent, Start, Value, Violation, Wave};
use wasm_by_example::linear_memory::buffer::{self, Error, GrowRefused, OutOfBounds};
use wasm_by_example::linear_memory::streams;
use wit_bindgen::StreamWriter;

wit_bindgen::generate!({
    // The contract, then this client's world (and WASI 0.3's `run`).
    path: ["../../../wit", "wit"],
    world: "wasm-by-example:streams-client/streams-client",
    // The interfaces of other packages this world uses: bind them here too.
    generate_all,
    // So the rules can compare the answers it gets with theirs.
    additional_derives: [PartialEq],
});

linear_memory_rules::refusal!(Error, OutOfBounds, GrowRefused);

/// What the message step writes, through a stream: bytes that a debugger can
/// find in both components' memories.
const MESSAGE: &[u8] = b"crossed by stream";

/// Why the lesson stopped.
enum Stop {
    /// An answer the contract rules out.
    Broken(Violation),
    /// The stream did something the lesson cannot go on from.
    Stuck(String),
}

impl From<Violation> for Stop {
    fn from(violation: Violation) -> Self {
        Stop::Broken(violation)
    }
}

struct Client;

impl Guest for Client {
    /// `err` makes `wasmtime run` fail.
    async fn run() -> Result<(), ()> {
        lesson().await.map_err(|stop| match stop {
            Stop::Broken(rule) => eprintln!("error: the implementation broke the contract: {rule}"),
            Stop::Stuck(what) => eprintln!("error: {what}"),
        })
    }
}

export!(Client);

async fn lesson() -> Result<(), Stop> {
    let start = Start {
        pointer: buffer::get_wasm_memory_buffer_pointer(),
        len: buffer::buffer_len(),
        pages: buffer::memory_pages(),
    };
    let mut contract = Contract::new(start, Cap::Unknown)?;
    let Start { pointer, len, .. } = start;
    println!("The buffer is {len} bytes at address {pointer} of the implementation's memory.");
    let bytes: Vec<u8> = (0..len).map(|i| (i.wrapping_mul(3) % 251) as u8).collect();

    let stored = stream_in(&mut contract, 0, len, &bytes).await?;
    println!(
        "write-via-stream(0, {len}, <stream of {len} bytes>) -> ok({stored})   one copy, from this memory into the buffer"
    );
    read_checked(&mut contract, 0, len)?;
    println!(
        "read(0, {len}) -> ok([{len} bytes, as streamed])   a list: copied byte by byte between the memories"
    );

    stream_out(&mut contract, 0, len).await?;
    println!(
        "read-via-stream(0, {len}) -> ok([{len} bytes, as streamed])   one copy, from the buffer into this memory"
    );

    let ring: Vec<u8> = (0..4 * len as usize + 3).map(|k| (k % 253) as u8).collect();
    let came = ring_in(&mut contract, &ring, &[]).await?;
    read_checked(&mut contract, 0, len)?;
    println!(
        "write-ring-via-stream(<stream of {} bytes>) -> {came}   one call, {} rounds, each from this memory into the buffer",
        ring.len(),
        came.div_ceil(u64::from(len))
    );
    let ring: Vec<u8> = (0..4 * len as usize + 3).map(|k| (k % 241) as u8).collect();
    let came = ring_in(&mut contract, &ring, &ODD_PIECES).await?;
    read_checked(&mut contract, 0, len)?;
    println!(
        "write-ring-via-stream(<stream of {} bytes in pieces of {ODD_PIECES:?}>) -> {came}   the same, a piece a write: rounds end inside pieces",
        ring.len(),
    );

    cancelled_ring_midway(&mut contract).await?;

    let message_len = MESSAGE.len() as u32;
    let stored = stream_in(&mut contract, 2, message_len, MESSAGE).await?;
    let back = stream_out(&mut contract, 2, message_len).await?;
    let text = String::from_utf8_lossy(&back);
    println!(
        "write-via-stream(2, {message_len}, {text:?}) -> ok({stored}); read-via-stream(2, {message_len}) -> {text:?}"
    );

    cancelled_midway(&mut contract, 32).await
}

/// `write-via-stream(offset, 8, data)`, cancelled once the implementation
/// has taken the first 4 bytes and waits for more: the 4 that arrived are
/// stored, the other 4 bytes of the range keep what they held.
async fn cancelled_midway(contract: &mut Contract<Error>, offset: u32) -> Result<(), Stop> {
    const SENT: &[u8] = b"half";
    let (writer, reader) = wit_stream::new();
    let call = streams::write_via_stream(offset, 8, reader);
    cancel_once_taken(call, writer, SENT, "write-via-stream").await?;
    contract
        .cancelled_write_via_stream(offset, 8, SENT)
        .map_err(Stop::Stuck)?;
    let after = read_checked(contract, offset, 8)?;
    println!(
        "write-via-stream({offset}, 8, <stream>) cancelled after {} bytes: read({offset}, 8) -> ok({after:?})   the 4 that arrived stay, the rest kept what it held",
        SENT.len()
    );
    Ok(())
}

/// `write-ring-via-stream(data)`, cancelled once the implementation has
/// taken the first 4 bytes and waits for more: the 4 that arrived are at
/// indices 0 to 3, the rest of the buffer keeps what it held.
async fn cancelled_ring_midway(contract: &mut Contract<Error>) -> Result<(), Stop> {
    const SENT: &[u8] = b"ring";
    let (writer, reader) = wit_stream::new();
    let call = streams::write_ring_via_stream(reader);
    cancel_once_taken(call, writer, SENT, "write-ring-via-stream").await?;
    contract.cancelled_write_ring_via_stream(SENT);
    let after = read_checked(contract, 0, 8)?;
    println!(
        "write-ring-via-stream(<stream>) cancelled after {} bytes: read(0, 8) -> ok({after:?})   the 4 that arrived are at 0..4, the rest kept what it held",
        SENT.len()
    );
    Ok(())
}

/// Makes `call` (`function`'s, reading the stream `writer` writes to),
/// writes `sent`, and once the implementation has taken it all and waits
/// for more, cancels the call: dropping its future cancels the subtask
/// while the stream is still open.
async fn cancel_once_taken<F: Future<Output: std::fmt::Debug>>(
    call: F,
    mut writer: StreamWriter<u8>,
    sent: &[u8],
    function: &str,
) -> Result<(), Stop> {
    let mut call = Box::pin(call);
    // A stream write completes once the reader has taken the bytes.
    let send = Box::pin(writer.write_all(sent.to_vec()));
    let taken = match future::select(call.as_mut(), send).await {
        Either::Left((returned, _)) => Err(Stop::Stuck(format!(
            "{function}(...) returned {returned:?} before its stream ended"
        ))),
        Either::Right((unsent, _)) if !unsent.is_empty() => Err(Stop::Stuck(format!(
            "{function}(...) took {} of {} bytes",
            sent.len() - unsent.len(),
            sent.len()
        ))),
        Either::Right(_) => Ok(()),
    };
    drop(call);
    drop(writer);
    taken
}

/// `read(offset, len)`, held to the contract.
fn read_checked(contract: &mut Contract<Error>, offset: u32, len: u32) -> Result<Vec<u8>, Stop> {
    let read = Call::Read { offset, len };
    let answer = buffer::read(offset, len).into();
    needed(&read, contract.check(&read, answer)?)
}

/// Sizes the buffer's length does not divide into: written a piece a
/// write, a ring's rounds end inside pieces.
const ODD_PIECES: [usize; 4] = [1, 7, 1000, 4093];

/// `write-ring-via-stream(data)`, with this component writing `bytes` into
/// `data` while the implementation reads them round after round: a write
/// of at most `pieces[0]` bytes, then `pieces[1]`, ..., round and round
/// (no pieces: one write of them all).
async fn ring_in(
    contract: &mut Contract<Error>,
    bytes: &[u8],
    pieces: &[usize],
) -> Result<u64, Stop> {
    let (mut writer, reader) = wit_stream::new();
    let call = streams::write_ring_via_stream(reader);
    let mut writes = Vec::new();
    let mut rest = bytes;
    for &piece in pieces.iter().cycle() {
        let (write, after) = rest.split_at(piece.min(rest.len()));
        writes.push(write.to_vec());
        rest = after;
        if rest.is_empty() {
            break;
        }
    }
    if pieces.is_empty() {
        writes.push(bytes.to_vec());
    }
    let send = async move {
        for write in writes {
            writer.write_all(write).await;
        }
    };
    let (came, ()) = futures::join!(call, send);
    let call = Call::WriteRingViaStream {
        data: Sent {
            pieces: pieces.to_vec(),
            ..Sent::from(bytes.to_vec())
        },
    };
    needed(&call, contract.check(&call, Answer::Value(came.into()))?)
}

/// `write-via-stream(offset, len, data)`, with this component writing
/// `bytes` into `data` while the implementation reads them.
async fn stream_in(
    contract: &mut Contract<Error>,
    offset: u32,
    len: u32,
    bytes: &[u8],
) -> Result<u32, Stop> {
    let (mut writer, reader) = wit_stream::new();
    let call = streams::write_via_stream(offset, len, reader);
    let sent = bytes.to_vec();
    let send = async move {
        writer.write_all(sent).await;
        // Dropping the writer ends the stream.
    };
    let (stored, ()) = futures::join!(call, send);
    let call = Call::WriteViaStream {
        offset,
        len,
        data: Sent::from(bytes.to_vec()),
    };
    needed(&call, contract.check(&call, stored.into())?)
}

/// `read-via-stream(offset, len)`, read to the stream's end.
async fn stream_out(
    contract: &mut Contract<Error>,
    offset: u32,
    len: u32,
) -> Result<Vec<u8>, Stop> {
    let carried = match streams::read_via_stream(offset, len).await {
        Ok(stream) => Ok(stream.collect().await),
        Err(error) => Err(error),
    };
    let call = Call::ReadViaStream {
        offset,
        len,
        take: None,
    };
    needed(&call, contract.check(&call, carried.into())?)
}

/// The value of an `ok` the lesson needs: a refusal the contract allowed (a
/// buffer too small for the lesson) still stops it.
fn needed<T: TryFrom<Value>>(call: &Call, answer: Answer<Error>) -> Result<T, Stop> {
    let value = match answer {
        Answer::Ok(value) | Answer::Value(value) => value,
        Answer::Err(error) => {
            let error = error.wave();
            return Err(Stop::Stuck(format!(
                "the implementation refused {call}: err({error})"
            )));
        }
    };
    // The bindings typed the answer: it is the function's type.
    T::try_from(value).map_err(|_| Stop::Stuck(format!("{call} answered another type")))
}
