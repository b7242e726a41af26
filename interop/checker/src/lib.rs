//! The checked-buffer world in Rust: the contract's rules (`wit/rules`)
//! as a component between a caller and any implementation of `buffer`.
//!
//! Each export makes the same call on the imported implementation and hands
//! the answer to the rules; an answer they rule out is printed to stderr,
//! and the checker traps. Composed in front of an implementation:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory-checker -p linear-memory -p lesson-client
//! wac plug target/wasm32-wasip2/release/linear_memory_checker.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory.wasm -o checked.wasm
//! wac plug target/wasm32-wasip2/release/lesson_client.wasm --plug checked.wasm -o lesson.wasm
//! wasmtime run lesson.wasm
//! ```

use std::sync::Mutex;

use exports::wasm_by_example::linear_memory::buffer as exported;
use linear_memory_rules::{Cap, Contract, Start, Violation};
use wasm_by_example::linear_memory::buffer::{self as implementation, Error};

wit_bindgen::generate!({
    path: "../../wit",
    world: "checked-buffer",
    // So the rules can compare the implementation's answers with theirs.
    additional_derives: [PartialEq],
});

/// The rules, kept in step with the implementation from the first call on.
static CONTRACT: Mutex<Option<Contract<Error>>> = Mutex::new(None);

/// Makes `call` on the implementation, with the contract started first if
/// this is the first call, and returns its answer if the rules allow it.
fn checked<T>(call: impl FnOnce(&mut Contract<Error>) -> Result<T, Violation>) -> T {
    let mut contract = CONTRACT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let contract = match contract.as_mut() {
        Some(contract) => contract,
        None => contract.insert(start().unwrap_or_else(|violation| broken(violation))),
    };
    call(contract).unwrap_or_else(|violation| broken(violation))
}

/// What a fresh implementation says about its buffer, checked together. A
/// component cannot know how far its host lets memory grow.
fn start() -> Result<Contract<Error>, Violation> {
    let start = Start {
        pointer: implementation::get_wasm_memory_buffer_pointer(),
        len: implementation::buffer_len(),
        pages: implementation::memory_pages(),
    };
    Contract::new(start, Cap::Unknown)
}

/// There is no answer the checker could honestly return: it says why, and
/// traps.
fn broken(violation: Violation) -> ! {
    eprintln!("error: the implementation broke the contract: {violation}");
    std::process::abort()
}

struct Checked;

impl exported::Guest for Checked {
    fn store_value_in_wasm_memory_buffer_index_zero(value: u8) {
        checked(|contract| {
            implementation::store_value_in_wasm_memory_buffer_index_zero(value);
            contract.store_value_in_wasm_memory_buffer_index_zero(value);
            Ok(())
        })
    }

    fn get_wasm_memory_buffer_pointer() -> u32 {
        checked(|contract| {
            contract
                .get_wasm_memory_buffer_pointer(implementation::get_wasm_memory_buffer_pointer())
        })
    }

    fn read_wasm_memory_buffer_and_return_index_one() -> u8 {
        checked(|contract| {
            contract.read_wasm_memory_buffer_and_return_index_one(
                implementation::read_wasm_memory_buffer_and_return_index_one(),
            )
        })
    }

    fn buffer_len() -> u32 {
        checked(|contract| contract.buffer_len(implementation::buffer_len()))
    }

    fn load(index: u32) -> Result<u8, exported::Error> {
        checked(|contract| contract.load(index, implementation::load(index))).map_err(exported)
    }

    fn write(offset: u32, bytes: Vec<u8>) -> Result<(), exported::Error> {
        checked(|contract| contract.write(offset, &bytes, implementation::write(offset, &bytes)))
            .map_err(exported)
    }

    fn read(offset: u32, len: u32) -> Result<Vec<u8>, exported::Error> {
        checked(|contract| contract.read(offset, len, implementation::read(offset, len)))
            .map_err(exported)
    }

    fn memory_pages() -> u32 {
        checked(|contract| contract.memory_pages(implementation::memory_pages()))
    }

    fn grow_memory(pages: u32) -> Result<u32, exported::Error> {
        checked(|contract| {
            let before = contract.memory_pages(implementation::memory_pages())?;
            let got = implementation::grow_memory(pages);
            let after = contract.memory_pages(implementation::memory_pages())?;
            contract.grow_memory(pages, before, got, after)
        })
        .map_err(exported)
    }

    fn store(index: u32, value: u8) -> Result<(), exported::Error> {
        checked(|contract| contract.store(index, value, implementation::store(index, value)))
            .map_err(exported)
    }
}

export!(Checked);

linear_memory_rules::refusal!(
    Error,
    implementation::OutOfBounds,
    implementation::GrowRefused
);

/// The implementation's `error` as the one this component exports: the
/// same WIT type, a different Rust type in each direction.
fn exported(error: Error) -> exported::Error {
    match error {
        Error::OutOfBounds(refusal) => exported::Error::OutOfBounds(exported::OutOfBounds {
            offset: refusal.offset,
            len: refusal.len,
            buffer_len: refusal.buffer_len,
        }),
        Error::GrowRefused(refusal) => exported::Error::GrowRefused(exported::GrowRefused {
            current_pages: refusal.current_pages,
            requested_pages: refusal.requested_pages,
        }),
    }
}
