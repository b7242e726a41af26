//! The lesson-client world in Rust: the lesson, run through the buffer
//! interface this component imports.
//!
//! It holds no rules of the contract: composed behind the checker component
//! (`interop/checker`), every answer it gets is one the contract allows, and
//! an implementation that breaks it stops the run. On its own it cannot run
//! (nothing provides the buffer). Composed, it is a command:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory -p linear-memory-checker -p lesson-client
//! wac plug target/wasm32-wasip2/release/linear_memory_checker.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory.wasm -o checked.wasm
//! wac plug target/wasm32-wasip2/release/lesson_client.wasm --plug checked.wasm -o lesson.wasm
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
});

/// What part 5 writes: bytes that cross from this component's memory into
/// the implementation's by copy.
const MESSAGE: &[u8] = b"crossed by copy";

struct Lesson;

impl Guest for Lesson {
    /// `err` makes `wasmtime run` fail: the implementation refused what the
    /// lesson needs.
    fn run() -> Result<(), ()> {
        lesson().map_err(|refused| eprintln!("error: the implementation refused {refused}"))
    }
}

export!(Lesson);

fn lesson() -> Result<(), String> {
    let pointer = buffer::get_wasm_memory_buffer_pointer();
    println!("The buffer is at address {pointer} of the implementation's memory.");

    buffer::store_value_in_wasm_memory_buffer_index_zero(24);
    let bytes = needed("read(0, 2)", buffer::read(0, 2))?;
    println!("Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> {bytes:?}");

    needed("write(1, [25])", buffer::write(1, &[25]))?;
    let index_one = buffer::read_wasm_memory_buffer_and_return_index_one();
    println!(
        "Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> {index_one}"
    );

    let before = buffer::memory_pages();
    let previous = needed("grow-memory(1)", buffer::grow_memory(1))?;
    let after = buffer::memory_pages();
    println!(
        "Part 3: memory-pages() -> {before}; grow-memory(1) -> ok({previous}); memory-pages() -> {after}"
    );

    let len = buffer::buffer_len();
    let answer = match buffer::load(len) {
        Ok(value) => format!("ok({value})"),
        Err(error) => format!("err({})", wave(&error)),
    };
    println!("Part 4: load({len}) -> {answer}");

    let text = String::from_utf8_lossy(MESSAGE);
    needed("write(2, message)", buffer::write(2, MESSAGE))?;
    let read = needed("read(2, message)", buffer::read(2, MESSAGE.len() as u32))?;
    let read = String::from_utf8_lossy(&read);
    println!(
        "Part 5: write(2, {text:?}) -> ok; read(2, {}) -> {read:?}",
        MESSAGE.len()
    );
    Ok(())
}

/// The `ok` value of a call the lesson cannot go on without.
fn needed<T>(call: &str, answer: Result<T, Error>) -> Result<T, String> {
    answer.map_err(|error| format!("{call}: err({})", wave(&error)))
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
