//! The lesson-client world in Rust: the lesson, run through the buffer
//! interface this component imports, with every answer checked.
//!
//! On its own it cannot run (nothing provides the buffer). Composed with an
//! implementation it is a command:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory -p lesson-client
//! wac plug target/wasm32-wasip2/release/lesson_client.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory.wasm -o lesson.wasm
//! wasmtime run lesson.wasm
//! ```
//!
//! The clients in Python (`../python`) and JavaScript (`../js`) print the
//! same lines.

use exports::wasi::cli::run::Guest;
use wasm_by_example::linear_memory::buffer::{self, Error, GrowRefused, OutOfBounds};

wit_bindgen::generate!({
    path: "../../../wit",
    world: "lesson-client",
    // So the client can compare the answers it gets with the ones it expects.
    additional_derives: [PartialEq],
});

/// What part 5 writes: bytes that cross from this component's memory into
/// the implementation's by copy.
const MESSAGE: &[u8] = b"crossed by copy";

struct Lesson;

impl Guest for Lesson {
    /// `err` makes `wasmtime run` fail: the implementation broke the contract.
    fn run() -> Result<(), ()> {
        lesson().map_err(|broken| eprintln!("error: the contract is broken: {broken}"))
    }
}

export!(Lesson);

fn lesson() -> Result<(), String> {
    let pointer = buffer::get_wasm_memory_buffer_pointer();
    println!("The buffer is at address {pointer} of the implementation's memory.");

    buffer::store_value_in_wasm_memory_buffer_index_zero(24);
    let bytes = expect_ok("read(0, 2)", buffer::read(0, 2), vec![24, 0])?;
    println!("Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> {bytes:?}");

    expect_ok("write(1, [25])", buffer::write(1, &[25]), ())?;
    let index_one = buffer::read_wasm_memory_buffer_and_return_index_one();
    expect("index 1", index_one, 25)?;
    println!(
        "Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> {index_one}"
    );

    let before = pages()?;
    expect_ok("grow-memory(1)", buffer::grow_memory(1), before)?;
    let after = pages()?;
    // `before` is at most MOST_PAGES (checked by `pages`): no overflow.
    expect("memory-pages() after grow-memory(1)", after, before + 1)?;
    expect(
        "the pointer",
        buffer::get_wasm_memory_buffer_pointer(),
        pointer,
    )?;
    println!(
        "Part 3: memory-pages() -> {before}; grow-memory(1) -> ok({before}); memory-pages() -> {after}"
    );

    let len = buffer::buffer_len();
    let refusal = OutOfBounds {
        offset: len,
        len: 1,
        buffer_len: len,
    };
    let error = expect_err(
        "load(buffer-len())",
        buffer::load(len),
        Error::OutOfBounds(refusal),
    )?;
    println!("Part 4: load({len}) -> err({})", wave(&error));

    let text = String::from_utf8_lossy(MESSAGE);
    expect_ok("write(2, message)", buffer::write(2, MESSAGE), ())?;
    expect_ok(
        "read(2, message)",
        buffer::read(2, MESSAGE.len() as u32),
        MESSAGE.to_vec(),
    )?;
    println!(
        "Part 5: write(2, {text:?}) -> ok; read(2, {}) -> {text:?}",
        MESSAGE.len()
    );
    Ok(())
}

/// 4 GiB: the most a 32-bit linear memory can hold, in 64 KiB pages.
const MOST_PAGES: u32 = 65536;

/// `memory-pages()`, checked against what a 32-bit memory can hold: the
/// answer is untrusted, and the lesson does arithmetic with it.
fn pages() -> Result<u32, String> {
    match buffer::memory_pages() {
        pages if pages > MOST_PAGES => Err(format!(
            "memory-pages() is {pages}, expected at most {MOST_PAGES} (4 GiB)"
        )),
        pages => Ok(pages),
    }
}

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<T, String> {
    if got == want {
        return Ok(got);
    }
    Err(format!("{what} is {got:?}, expected {want:?}"))
}

fn expect_ok<T: PartialEq + std::fmt::Debug>(
    what: &str,
    got: Result<T, Error>,
    want: T,
) -> Result<T, String> {
    expect(what, got, Ok(want)).map(|ok| ok.unwrap())
}

fn expect_err<T: PartialEq + std::fmt::Debug>(
    what: &str,
    got: Result<T, Error>,
    want: Error,
) -> Result<Error, String> {
    expect(what, got, Err(want)).map(|err| err.unwrap_err())
}

/// An `error` in WAVE, as `wasmtime run --invoke` prints one.
fn wave(error: &Error) -> String {
    match error {
        Error::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        }) => {
            format!("out-of-bounds({{offset: {offset}, len: {len}, buffer-len: {buffer_len}}})")
        }
        Error::GrowRefused(GrowRefused {
            current_pages,
            requested_pages,
        }) => format!(
            "grow-refused({{current-pages: {current_pages}, requested-pages: {requested_pages}}})"
        ),
    }
}
