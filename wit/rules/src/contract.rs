//! The contract's rules: what an answer to each call may be, given the
//! answers before it. The one place they are written.
//!
//! [`Contract`] holds the [`Model`] and what the instance said at the start;
//! each method takes a call's arguments and the answer it got, and hands the
//! answer back only if the contract allows it. Whoever made the call (the
//! runner's oracle, through wasmtime; the checker component, through its
//! import) only makes it.
//!
//! The rules beyond the model: the pointer and the length never change;
//! `memory-pages` holds the buffer and stays within the host's cap (and
//! 4 GiB); `grow-memory(n)` answers the size before and adds exactly `n`
//! pages, or is `grow-refused` with the current size when there is no room.

use std::fmt;
use std::ops::Range;

use crate::{Model, Op, Refusal, Wave};

/// The most pages a wasm32 memory can have: 4 GiB.
pub const MOST_PAGES: u32 = 65536;
/// A WebAssembly page, in bytes.
pub const PAGE: u64 = 65536;

/// How far the host lets the instance's memory grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    /// The host's cap, in pages, known to whoever checks (the runner sets
    /// it): past it a growth must be refused, below it it must not be.
    Known(u32),
    /// Unknown to whoever checks, as to a component between a caller and
    /// an implementation: the host may refuse any growth, and must refuse
    /// one past 4 GiB.
    Unknown,
}

impl Cap {
    /// The cap for a host that lets memory reach `max_memory` bytes.
    pub fn bytes(max_memory: usize) -> Self {
        Cap::Known((max_memory as u64 / PAGE).min(MOST_PAGES.into()) as u32)
    }

    /// The most pages the memory may have.
    pub fn pages(self) -> u32 {
        match self {
            Cap::Known(pages) => pages,
            Cap::Unknown => MOST_PAGES,
        }
    }
}

/// An answer the contract rules out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// The call's answer is not the one the contract allows.
    Differs {
        /// The call, as the lesson writes it.
        call: String,
        /// What the component answered, in WAVE.
        component: String,
        /// What the contract allows, in WAVE.
        contract: String,
    },
    /// Answers that cannot all be true, or a buffer that is not what the
    /// calls before stored in it.
    Broken(String),
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Differs {
                call,
                component,
                contract,
            } => write!(f, "{call} returned {component}, expected {contract}"),
            Violation::Broken(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Violation {}

/// What a fresh instance said about its buffer, checked: the buffer lies
/// inside the memory, and the memory within the host's cap.
#[derive(Clone, Copy, Debug)]
pub struct Start {
    /// The buffer's address, which never changes.
    pub pointer: u32,
    /// The buffer's length, which never changes.
    pub len: u32,
    /// The memory's size, in 64 KiB pages, at the start.
    pub pages: u32,
}

/// The model and the start, kept in step with an instance call by call.
#[derive(Clone, Debug)]
pub struct Contract<E> {
    model: Model<E>,
    start: Start,
    cap: Cap,
}

impl<E: Refusal> Contract<E> {
    /// Checks what a fresh instance said about its buffer together, before
    /// the length is trusted with an allocation.
    pub fn new(start: Start, cap: Cap) -> Result<Self, Violation> {
        let Start {
            pointer,
            len,
            pages,
        } = start;
        if pages > cap.pages() {
            let contract = format!("at most {}", cap.pages());
            return Err(differs(&Op::MemoryPages, &pages, contract));
        }
        let end = u64::from(pointer) + u64::from(len);
        if end > u64::from(pages) * PAGE {
            return Err(Violation::Broken(format!(
                "the buffer (pointer {pointer}, {len} bytes) ends at {end}, past the end of the {pages}-page memory"
            )));
        }
        Ok(Self {
            model: Model::new(len),
            start,
            cap,
        })
    }

    /// What the instance said about its buffer at the start.
    pub fn start(&self) -> Start {
        self.start
    }

    /// `value` written at `index` behind the component's back (a host that
    /// writes into its memory in place).
    pub fn written_in_place(&mut self, index: u32, value: u8) {
        self.model.store(index, value).ok();
    }

    /// `store-value-in-wasm-memory-buffer-index-zero(value)`: no answer to
    /// check, the buffer to update.
    pub fn store_value_in_wasm_memory_buffer_index_zero(&mut self, value: u8) {
        self.model.store(0, value).ok();
    }

    /// `get-wasm-memory-buffer-pointer()`: where it was at the start.
    pub fn get_wasm_memory_buffer_pointer(&self, got: u32) -> Result<u32, Violation> {
        same(|| Op::GetWasmMemoryBufferPointer, got, self.start.pointer)
    }

    /// `read-wasm-memory-buffer-and-return-index-one()`.
    pub fn read_wasm_memory_buffer_and_return_index_one(&self, got: u8) -> Result<u8, Violation> {
        let op = Op::ReadWasmMemoryBufferAndReturnIndexOne;
        match self.model.load(1) {
            Ok(expected) => same(|| op, got, expected),
            Err(_) => Err(Violation::Broken(format!(
                "{op:?} returned {got}, but a {}-byte buffer has no index 1",
                self.start.len
            ))),
        }
    }

    /// `buffer-len()`: what it was at the start.
    pub fn buffer_len(&self, got: u32) -> Result<u32, Violation> {
        same(|| Op::BufferLen, got, self.start.len)
    }

    /// `store(index, value)`.
    pub fn store(
        &mut self,
        index: u32,
        value: u8,
        got: Result<(), E>,
    ) -> Result<Result<(), E>, Violation> {
        let expected = self.model.store(index, value);
        same(|| Op::Store { index, value }, got, expected)
    }

    /// `load(index)`.
    pub fn load(&self, index: u32, got: Result<u8, E>) -> Result<Result<u8, E>, Violation> {
        same(|| Op::Load { index }, got, self.model.load(index))
    }

    /// `write(offset, bytes)`.
    pub fn write(
        &mut self,
        offset: u32,
        bytes: &[u8],
        got: Result<(), E>,
    ) -> Result<Result<(), E>, Violation> {
        let expected = self.model.write(offset, bytes);
        // Named only when it broke the rules: the name holds a copy of the bytes.
        let op = || Op::Write {
            offset,
            bytes: bytes.to_vec(),
        };
        same(op, got, expected)
    }

    /// `read(offset, len)`.
    pub fn read(
        &self,
        offset: u32,
        len: u32,
        got: Result<Vec<u8>, E>,
    ) -> Result<Result<Vec<u8>, E>, Violation> {
        same(
            || Op::Read { offset, len },
            got,
            self.model.read(offset, len),
        )
    }

    /// `memory-pages()`: any size will do, as long as it holds the buffer
    /// and stays within the host's cap.
    pub fn memory_pages(&self, got: u32) -> Result<u32, Violation> {
        let end = u64::from(self.start.pointer) + u64::from(self.start.len);
        let needed = end.div_ceil(PAGE) as u32;
        if got < needed || got > self.cap.pages() {
            let contract = format!("{needed} to {}", self.cap.pages());
            return Err(differs(&Op::MemoryPages, &got, contract));
        }
        Ok(got)
    }

    /// `grow-memory(pages)`, between two `memory-pages()` already checked
    /// (`before` and `after`): the previous size and exactly `pages` more,
    /// or `grow-refused` with the current size and no change when the cap
    /// leaves no room (or, when the cap is [`Cap::Unknown`], whenever the
    /// host refuses).
    pub fn grow_memory(
        &self,
        pages: u32,
        before: u32,
        got: Result<u32, E>,
        after: u32,
    ) -> Result<Result<u32, E>, Violation> {
        let op = Op::GrowMemory { pages };
        let fits = u64::from(before) + u64::from(pages) <= u64::from(self.cap.pages());
        let refused = Err(E::grow_refused(before, pages));
        let answer = match (fits, self.cap, &got) {
            (true, Cap::Unknown, Err(_)) => same(|| &op, got, refused)?,
            (true, _, _) => same(|| &op, got, Ok(before))?,
            (false, _, _) => same(|| &op, got, refused)?,
        };
        // `fits` bounds the sum by the cap: no overflow.
        let expected_after = if answer.is_ok() {
            before + pages
        } else {
            before
        };
        if after != expected_after {
            return Err(Violation::Differs {
                call: format!("memory-pages() after {op:?}"),
                component: after.wave(),
                contract: expected_after.wave(),
            });
        }
        Ok(answer)
    }

    /// The whole buffer (`read(0, buffer-len())`, answered `held`) against
    /// what the calls so far stored: after `call`, whose range (empty if it
    /// was to store nothing) says where a difference lies.
    pub fn whole_buffer(
        &self,
        call: &str,
        range: Range<u32>,
        held: Result<Vec<u8>, E>,
    ) -> Result<(), Violation> {
        let len = self.start.len;
        let held = match held {
            Ok(bytes) if bytes.len() == len as usize => bytes,
            answer => {
                return Err(Violation::Differs {
                    call: format!("read(0, {len}) after {call}"),
                    component: answer.wave(),
                    contract: format!("ok([{len} bytes])"),
                });
            }
        };
        let expected = self.model.bytes();
        let Some(at) = first_difference(&held, expected) else {
            return Ok(());
        };
        let place = match range.contains(&(at as u32)) {
            true => "inside its range".to_string(),
            false if range.is_empty() => "it was to change nothing".to_string(),
            false => format!(
                "outside the bytes it stored, {}..{}",
                range.start, range.end
            ),
        };
        Err(Violation::Broken(format!(
            "after {call}, byte {at} of the buffer holds {}, expected {} ({place})",
            held[at], expected[at]
        )))
    }

    /// `write-via-stream(offset, len, data)`, where `data` carried `bytes`
    /// (the call `call()` names, when it broke the rules): the smaller of
    /// the two counts stored.
    pub fn write_via_stream<C: fmt::Debug>(
        &mut self,
        call: impl FnOnce() -> C,
        (offset, len, bytes): (u32, u32, &[u8]),
        got: Result<u32, E>,
    ) -> Result<Result<u32, E>, Violation> {
        same(call, got, self.model.write_via_stream(offset, len, bytes))
    }

    /// A `write-via-stream(offset, ..)` its caller cancelled once the bytes
    /// `arrived` had been taken: they are stored, and the rest of the range
    /// keeps what it held. There is no answer to check.
    pub fn cancelled_write_via_stream(&mut self, offset: u32, arrived: &[u8]) {
        self.model.write(offset, arrived).ok();
    }

    /// `read-via-stream(offset, len)`, read by a host that took at most
    /// `most` bytes (the call `call()` names, when it broke the rules): the
    /// bytes the stream carried must be the range's first.
    pub fn read_via_stream<C: fmt::Debug>(
        &self,
        call: impl FnOnce() -> C,
        (offset, len, most): (u32, u32, u32),
        got: Result<Vec<u8>, E>,
    ) -> Result<Result<Vec<u8>, E>, Violation> {
        let expected = self.model.read_via_stream(offset, len, most);
        match (&got, &expected) {
            (Ok(carried), Ok(range)) => carried_the_range(call, offset, carried, range)?,
            _ => return same(call, got, expected),
        }
        Ok(got)
    }
}

/// A stream's bytes against the range's: the first that differs, named.
fn carried_the_range<C: fmt::Debug>(
    call: impl FnOnce() -> C,
    offset: u32,
    carried: &[u8],
    range: &[u8],
) -> Result<(), Violation> {
    if carried.len() != range.len() {
        return Err(Violation::Broken(format!(
            "{:?} carried {} bytes, expected {}",
            call(),
            carried.len(),
            range.len()
        )));
    }
    match first_difference(carried, range) {
        None => Ok(()),
        Some(at) => Err(Violation::Broken(format!(
            "{:?} carried {} at byte {at}, expected {} (the byte at {})",
            call(),
            carried[at],
            range[at],
            offset as usize + at
        ))),
    }
}

/// The first index where `got` and `want` differ, if their lengths agree.
fn first_difference(got: &[u8], want: &[u8]) -> Option<usize> {
    if got.len() != want.len() {
        return None;
    }
    got.iter().zip(want).position(|(g, w)| g != w)
}

/// The component's answer, if it is the contract's; `call()` names the call
/// when it is not.
fn same<T: PartialEq + Wave, C: fmt::Debug>(
    call: impl FnOnce() -> C,
    component: T,
    contract: T,
) -> Result<T, Violation> {
    if component == contract {
        return Ok(component);
    }
    Err(differs(&call(), &component, contract.wave()))
}

fn differs(call: &impl fmt::Debug, component: &impl Wave, contract: String) -> Violation {
    Violation::Differs {
        call: format!("{call:?}"),
        component: component.wave(),
        contract,
    }
}
