//! The checked-buffer world in Rust: the contract's rules (`wit/rules`)
//! as a component between a caller and any implementation of `buffer`.
//!
//! Each export makes the same [`Call`] on the imported implementation
//! through the rules ([`Contract::call`]), which hand the answer back only
//! if the contract allows it; an answer they rule out is printed to stderr,
//! and the checker traps. The stream calls a host makes on the
//! implementation itself, it reports to `observed-streams` (those it
//! cancelled too), and they are held to the same rules in order with the
//! rest; a line then says the fault may be the report's. Composed in front of an
//! implementation:
//!
//! ```sh
//! cargo build --release --target wasm32-wasip2 -p linear-memory-checker -p linear-memory -p lesson-client
//! wac plug target/wasm32-wasip2/release/linear_memory_checker.wasm \
//!     --plug target/wasm32-wasip2/release/linear_memory.wasm -o checked.wasm
//! wac plug target/wasm32-wasip2/release/lesson_client.wasm --plug checked.wasm -o lesson.wasm
//! wasmtime run lesson.wasm
//! ```

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use exports::wasm_by_example::linear_memory::buffer as exported;
use exports::wasm_by_example::linear_memory::observed_streams as observed;
use linear_memory_rules::{Answer, Call, Cap, Contract, Start, Value, Violation};
use wasm_by_example::linear_memory::buffer::{self as implementation, Error};

wit_bindgen::generate!({
    path: "../../wit",
    world: "checked-buffer",
    // So the rules can compare the implementation's answers with theirs.
    additional_derives: [PartialEq],
});

/// The rules, kept in step with the implementation from the first call on.
static CONTRACT: Mutex<Option<Contract<Error>>> = Mutex::new(None);

/// Makes `call` on the implementation through the rules, with the contract
/// started first if this is the first call; its value if the rules allow
/// it, or the implementation's refusal.
fn checked<T: TryFrom<Value, Error = Value>>(call: Call) -> Result<T, exported::Error> {
    let answer = with_contract(|contract| contract.call(&call, make))
        .unwrap_or_else(|violation| broken(violation));
    let value = match answer {
        Answer::Value(value) | Answer::Ok(value) => value,
        Answer::Err(error) => return Err(exported(error)),
    };
    // The imported bindings typed the answer: it is the function's type.
    Ok(T::try_from(value).unwrap_or_else(|_| unreachable!("{call}: an answer of another type")))
}

/// Holds a call the host made on the implementation's `streams` itself to
/// the rules: `answer` is what came back, as the host reports it.
fn observed(call: Call, answer: Answer<Error>) {
    REPORTED.store(true, Ordering::Relaxed);
    let held = with_contract(|contract| contract.check(&call, answer));
    if let Err(violation) = held {
        stop(&format!(
            "the stream call the host reported broke the contract (the implementation's answer, or the host's report of it, is wrong): {violation}"
        ))
    }
}

/// A stream call the host reports it cancelled, held to what the rules
/// know of one: an impossible report is the host's fault.
fn cancelled(report: impl FnOnce(&mut Contract<Error>) -> Result<(), String>) {
    REPORTED.store(true, Ordering::Relaxed);
    if let Err(why) = with_contract(report) {
        stop(&format!("the host's report cannot be true: {why}"))
    }
}

/// `f` on the contract, started first if this is the first call.
fn with_contract<R>(f: impl FnOnce(&mut Contract<Error>) -> R) -> R {
    let mut contract = CONTRACT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let contract = match contract.as_mut() {
        Some(contract) => contract,
        None => contract.insert(start().unwrap_or_else(|violation| broken(violation))),
    };
    f(contract)
}

/// Makes `call` on the implementation: the typed import of its function.
fn make(call: &Call) -> Result<Answer<Error>, Violation> {
    Ok(match call {
        Call::StoreValueInWasmMemoryBufferIndexZero { value } => {
            implementation::store_value_in_wasm_memory_buffer_index_zero(*value);
            Answer::Value(Value::Nothing)
        }
        Call::GetWasmMemoryBufferPointer => {
            Answer::Value(implementation::get_wasm_memory_buffer_pointer().into())
        }
        Call::ReadWasmMemoryBufferAndReturnIndexOne => {
            Answer::Value(implementation::read_wasm_memory_buffer_and_return_index_one().into())
        }
        Call::BufferLen => Answer::Value(implementation::buffer_len().into()),
        Call::Load { index } => implementation::load(*index).into(),
        Call::Write { offset, bytes } => implementation::write(*offset, bytes).into(),
        Call::Read { offset, len } => implementation::read(*offset, *len).into(),
        Call::MemoryPages => Answer::Value(implementation::memory_pages().into()),
        Call::GrowMemory { pages } => implementation::grow_memory(*pages).into(),
        Call::Store { index, value } => implementation::store(*index, *value).into(),
        // The checker has no streams: a host reports them (`observed`).
        Call::WriteViaStream { .. }
        | Call::WriteRingViaStream { .. }
        | Call::ReadViaStream { .. } => {
            unreachable!("{call}: the checker has no streams")
        }
    })
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

/// Whether the host has reported a stream call: then what the checker
/// expects of the buffer rests on the host's word too.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// There is no answer the checker could honestly return: it says why, and
/// traps.
fn broken(violation: Violation) -> ! {
    match REPORTED.load(Ordering::Relaxed) {
        false => stop(&format!(
            "the implementation broke the contract: {violation}"
        )),
        true => stop(&format!(
            "the implementation broke the contract, or a stream call the host reported was not as reported: {violation}"
        )),
    }
}

/// Says `what` went wrong on stderr, and traps.
fn stop(what: &str) -> ! {
    eprintln!("error: {what}");
    std::process::abort()
}

/// A value that cannot be refused: the call has no `result`.
fn value<T: TryFrom<Value, Error = Value>>(call: Call) -> T {
    checked(call).unwrap_or_else(|_| unreachable!("a function without a result was refused"))
}

struct Checker;

impl exported::Guest for Checker {
    fn store_value_in_wasm_memory_buffer_index_zero(value: u8) {
        self::value(Call::StoreValueInWasmMemoryBufferIndexZero { value })
    }

    fn get_wasm_memory_buffer_pointer() -> u32 {
        value(Call::GetWasmMemoryBufferPointer)
    }

    fn read_wasm_memory_buffer_and_return_index_one() -> u8 {
        value(Call::ReadWasmMemoryBufferAndReturnIndexOne)
    }

    fn buffer_len() -> u32 {
        value(Call::BufferLen)
    }

    fn load(index: u32) -> Result<u8, exported::Error> {
        checked(Call::Load { index })
    }

    fn write(offset: u32, bytes: Vec<u8>) -> Result<(), exported::Error> {
        checked(Call::Write { offset, bytes })
    }

    fn read(offset: u32, len: u32) -> Result<Vec<u8>, exported::Error> {
        checked(Call::Read { offset, len })
    }

    fn memory_pages() -> u32 {
        value(Call::MemoryPages)
    }

    fn grow_memory(pages: u32) -> Result<u32, exported::Error> {
        checked(Call::GrowMemory { pages })
    }

    fn store(index: u32, value: u8) -> Result<(), exported::Error> {
        checked(Call::Store { index, value })
    }
}

impl observed::Guest for Checker {
    fn write_via_stream(
        offset: u32,
        len: u32,
        sent: Vec<u8>,
        answer: Result<u32, exported::Error>,
    ) {
        let data = sent.into();
        let answer = answer.map_err(imported).into();
        observed(Call::WriteViaStream { offset, len, data }, answer);
    }

    fn write_ring_via_stream(sent: Vec<u8>, answer: u64) {
        let data = sent.into();
        observed(
            Call::WriteRingViaStream { data },
            Answer::Value(Value::U64(answer)),
        );
    }

    fn read_via_stream(offset: u32, len: u32, answer: Result<Vec<u8>, exported::Error>) {
        let answer = answer.map_err(imported).into();
        let take = None;
        observed(Call::ReadViaStream { offset, len, take }, answer);
    }

    fn write_via_stream_cancelled(offset: u32, len: u32, arrived: Vec<u8>) {
        cancelled(|contract| contract.cancelled_write_via_stream(offset, len, &arrived));
    }

    fn write_ring_via_stream_cancelled(arrived: Vec<u8>) {
        cancelled(|contract| {
            contract.cancelled_write_ring_via_stream(&arrived);
            Ok(())
        });
    }
}

export!(Checker);

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

/// An `error` the host reports as the implementation's: the same WIT type,
/// the Rust type the rules hold the implementation's answers in.
fn imported(error: exported::Error) -> Error {
    match error {
        exported::Error::OutOfBounds(refusal) => Error::OutOfBounds(implementation::OutOfBounds {
            offset: refusal.offset,
            len: refusal.len,
            buffer_len: refusal.buffer_len,
        }),
        exported::Error::GrowRefused(refusal) => Error::GrowRefused(implementation::GrowRefused {
            current_pages: refusal.current_pages,
            requested_pages: refusal.requested_pages,
        }),
    }
}
