//! The streams-client world in Rust: the buffer's bytes moved in and out
//! through `stream<u8>` and `list<u8>` from inside a component, with every
//! answer checked.
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

// Versioned: the contract's deps bring wasi:cli 0.2 into the same resolve.
use exports::wasi::cli0_3_0::run::Guest;
use futures::future::{self, Either};
use wasm_by_example::linear_memory::{buffer, streams};

wit_bindgen::generate!({
    // The contract, then this client's world (and WASI 0.3's `run`).
    path: ["../../../wit", "wit"],
    world: "wasm-by-example:streams-client/streams-client",
    // The interfaces of other packages this world uses: bind them here too.
    generate_all,
    // So the client can compare the answers it gets with the ones it expects.
    additional_derives: [PartialEq],
});

/// What the message step writes, through a stream: bytes that a debugger can
/// find in both components' memories.
const MESSAGE: &[u8] = b"crossed by stream";

struct Client;

impl Guest for Client {
    /// `err` makes `wasmtime run` fail: the implementation broke the contract.
    async fn run() -> Result<(), ()> {
        lesson()
            .await
            .map_err(|broken| eprintln!("error: the contract is broken: {broken}"))
    }
}

export!(Client);

async fn lesson() -> Result<(), String> {
    let len = buffer::buffer_len();
    let pointer = buffer::get_wasm_memory_buffer_pointer();
    println!("The buffer is {len} bytes at address {pointer} of the implementation's memory.");
    let bytes: Vec<u8> = (0..len).map(|i| (i.wrapping_mul(3) % 251) as u8).collect();

    let stored = stream_in(0, len, bytes.clone()).await?;
    expect("write-via-stream's count", stored, len)?;
    println!(
        "write-via-stream(0, {len}, <stream of {len} bytes>) -> ok({stored})   one copy, from this memory into the buffer"
    );
    let copy = buffer::read(0, len).map_err(|e| format!("read(0, {len}) -> err({e:?})"))?;
    expect("the bytes read back", copy == bytes, true)?;
    println!(
        "read(0, {len}) -> ok([{len} bytes, as streamed])   a list: copied byte by byte between the memories"
    );

    let streamed = stream_out(0, len).await?;
    expect("the bytes read-via-stream carried", streamed == bytes, true)?;
    println!(
        "read-via-stream(0, {len}) -> ok([{len} bytes, as streamed])   one copy, from the buffer into this memory"
    );

    let message_len = MESSAGE.len() as u32;
    let stored = stream_in(2, message_len, MESSAGE.to_vec()).await?;
    expect("write-via-stream's count", stored, message_len)?;
    let back = stream_out(2, message_len).await?;
    expect("the message read back", back.as_slice(), MESSAGE)?;
    let text = String::from_utf8_lossy(&back);
    println!(
        "write-via-stream(2, {message_len}, {text:?}) -> ok({stored}); read-via-stream(2, {message_len}) -> {text:?}"
    );

    cancelled_midway(32).await
}

/// `write-via-stream(offset, 8, data)`, cancelled once the implementation
/// has taken the first 4 bytes and waits for more. The contract: the 4 that
/// arrived are stored, the other 4 bytes of the range keep what they held.
async fn cancelled_midway(offset: u32) -> Result<(), String> {
    const SENT: &[u8] = b"half";
    let read =
        |len| buffer::read(offset, len).map_err(|e| format!("read({offset}, {len}) -> err({e:?})"));
    let before = read(8)?;
    let (mut writer, reader) = wit_stream::new();
    let mut call = Box::pin(streams::write_via_stream(offset, 8, reader));
    // A stream write completes once the reader has taken the bytes.
    let send = Box::pin(writer.write_all(SENT.to_vec()));
    match future::select(call.as_mut(), send).await {
        Either::Left((returned, _)) => {
            return Err(format!(
                "write-via-stream({offset}, 8, ...) returned {returned:?} before its stream ended"
            ));
        }
        Either::Right((unsent, _)) => expect("the bytes not taken", unsent.len(), 0)?,
    }
    // Dropping the call's future cancels it (subtask.cancel), while the
    // stream is still open: the implementation is waiting for more.
    drop(call);
    drop(writer);
    let after = read(8)?;
    let expected = [SENT, &before[4..]].concat();
    expect(
        &format!("read({offset}, 8) after the cancel"),
        &after,
        &expected,
    )?;
    println!(
        "write-via-stream({offset}, 8, <stream>) cancelled after {} bytes: read({offset}, 8) -> ok({after:?})   the 4 that arrived stay, the rest kept what it held",
        SENT.len()
    );
    Ok(())
}

/// `write-via-stream(offset, len, data)`, with this component writing
/// `bytes` into `data` while the implementation reads them.
async fn stream_in(offset: u32, len: u32, bytes: Vec<u8>) -> Result<u32, String> {
    let (mut writer, reader) = wit_stream::new();
    let call = streams::write_via_stream(offset, len, reader);
    let send = async move {
        writer.write_all(bytes).await;
        // Dropping the writer ends the stream.
    };
    let (stored, ()) = futures::join!(call, send);
    stored.map_err(|e| format!("write-via-stream({offset}, {len}, ...) -> err({e:?})"))
}

/// `read-via-stream(offset, len)`, read to the stream's end.
async fn stream_out(offset: u32, len: u32) -> Result<Vec<u8>, String> {
    let stream = streams::read_via_stream(offset, len)
        .await
        .map_err(|e| format!("read-via-stream({offset}, {len}) -> err({e:?})"))?;
    let bytes = stream.collect().await;
    expect(
        "the bytes read-via-stream carried",
        bytes.len(),
        len as usize,
    )?;
    Ok(bytes)
}

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        return Ok(());
    }
    Err(format!("{what} is {got:?}, expected {want:?}"))
}
