//! An instance whose every answer is checked against the contract: the one
//! place the rules live, for the runner's lessons, the property tests and
//! the fuzzer alike.
//!
//! [`Checker`] has a method for each WIT function. Each makes the call,
//! compares the answer with what the [`Model`] and the rules below allow,
//! and hands back the answer only when it is allowed: a [`Divergence`]
//! otherwise, naming the call and both answers in WAVE.
//!
//! The rules beyond the model: the pointer never changes; `memory-pages`
//! holds the buffer and stays within the host's cap (and 4 GiB); and
//! `grow-memory(n)` answers the size before and adds exactly `n` pages, or
//! is `grow-refused` with the current size when there is no room.

use std::fmt;
use std::ops::Range;

use linear_memory_host::{BufferError, GrowRefused, Instance, Outgoing, StreamsInstance};

use crate::{Model, Op, StreamOp, Wave};

/// The most pages a wasm32 memory can have: 4 GiB.
pub const MOST_PAGES: u32 = 65536;
const PAGE: u64 = 65536;

/// Where a component and the contract parted ways.
#[derive(Debug, thiserror::Error)]
pub enum Divergence {
    /// The component trapped; the contract never traps.
    #[error("{call} trapped: {error:#}")]
    Trapped {
        /// The call, as the lesson writes it.
        call: String,
        /// What wasmtime reported.
        error: wasmtime::Error,
    },
    /// The component answered what the contract does not allow.
    #[error("{call} returned {component}, expected {contract}")]
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
    #[error("{0}")]
    Broken(String),
}

/// What kind of answer a call got, for measuring what a test exercised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Answer {
    /// A function without a `result`: a value, or nothing.
    Value,
    /// A `result` that came back `ok`.
    Ok,
    /// A `result` that came back `err`: the component refused the request.
    Refused,
}

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

/// `grow-memory(n)` with the size before and after, each checked.
#[derive(Clone, Copy, Debug)]
pub struct Grown {
    /// `memory-pages()` before.
    pub before: u32,
    /// What `grow-memory(n)` answered: the size before, or `grow-refused`.
    pub answer: Result<u32, BufferError>,
    /// `memory-pages()` after.
    pub after: u32,
}

/// A component instance and the model, kept in step call by call. `I` is
/// an [`Instance`], or a [`StreamsInstance`] for the stream calls.
pub struct Checker<I = Instance> {
    instance: I,
    model: Model,
    start: Start,
    max_pages: u32,
}

impl<I: AsMut<Instance>> Checker<I> {
    /// Starts checking a fresh instance, whose host lets its memory reach
    /// `max_memory` bytes: asks where the buffer is, how long it is and how
    /// big memory is, and checks those answers together before trusting
    /// the length with an allocation.
    pub fn new(mut instance: I, max_memory: usize) -> Result<Self, Divergence> {
        let buffer = instance.as_mut();
        let pointer = trapping(buffer.get_wasm_memory_buffer_pointer(), || {
            Op::GetWasmMemoryBufferPointer
        })?;
        let len = trapping(buffer.buffer_len(), || Op::BufferLen)?;
        let pages = trapping(buffer.memory_pages(), || Op::MemoryPages)?;
        let max_pages = (max_memory as u64 / PAGE).min(MOST_PAGES.into()) as u32;
        if pages > max_pages {
            let contract = format!("at most {max_pages}");
            return Err(differs(&Op::MemoryPages, &pages, contract));
        }
        let end = u64::from(pointer) + u64::from(len);
        if end > u64::from(pages) * PAGE {
            return Err(Divergence::Broken(format!(
                "the buffer (pointer {pointer}, {len} bytes) ends at {end}, past the end of the {pages}-page memory"
            )));
        }
        Ok(Self {
            instance,
            model: Model::new(len),
            start: Start {
                pointer,
                len,
                pages,
            },
            max_pages,
        })
    }

    /// What the instance said about its buffer at the start.
    pub fn start(&self) -> Start {
        self.start
    }

    /// The instance being checked.
    pub fn instance(&mut self) -> &mut I {
        &mut self.instance
    }

    /// Tells the model that the host wrote `value` at `index` in place,
    /// behind the component's back (`--inspect`'s part two).
    pub fn written_in_place(&mut self, index: u32, value: u8) {
        self.model.store(index, value).ok();
    }

    /// Makes `op`, checks its answer, and says what kind of answer it was.
    pub fn apply(&mut self, op: &Op) -> Result<Answer, Divergence> {
        Ok(match op {
            Op::StoreValueInWasmMemoryBufferIndexZero(value) => {
                self.store_value_in_wasm_memory_buffer_index_zero(*value)?;
                Answer::Value
            }
            Op::GetWasmMemoryBufferPointer => {
                self.get_wasm_memory_buffer_pointer()?;
                Answer::Value
            }
            Op::ReadWasmMemoryBufferAndReturnIndexOne => {
                self.read_wasm_memory_buffer_and_return_index_one()?;
                Answer::Value
            }
            Op::BufferLen => {
                self.buffer_len()?;
                Answer::Value
            }
            Op::Store { index, value } => kind(&self.store(*index, *value)?),
            Op::Load { index } => kind(&self.load(*index)?),
            Op::Write { offset, bytes } => kind(&self.write(*offset, bytes)?),
            Op::Read { offset, len } => kind(&self.read(*offset, *len)?),
            Op::MemoryPages => {
                self.memory_pages()?;
                Answer::Value
            }
            Op::GrowMemory { pages } => kind(&self.grow_memory(*pages)?.answer),
        })
    }

    /// `store-value-in-wasm-memory-buffer-index-zero(value)`.
    pub fn store_value_in_wasm_memory_buffer_index_zero(
        &mut self,
        value: u8,
    ) -> Result<(), Divergence> {
        let op = || Op::StoreValueInWasmMemoryBufferIndexZero(value);
        let buffer = self.instance.as_mut();
        trapping(
            buffer.store_value_in_wasm_memory_buffer_index_zero(value),
            op,
        )?;
        self.model.store(0, value).ok();
        Ok(())
    }

    /// `get-wasm-memory-buffer-pointer()`: where it was at the start.
    pub fn get_wasm_memory_buffer_pointer(&mut self) -> Result<u32, Divergence> {
        let op = || Op::GetWasmMemoryBufferPointer;
        let pointer = trapping(self.instance.as_mut().get_wasm_memory_buffer_pointer(), op)?;
        same(op, pointer, self.start.pointer)
    }

    /// `read-wasm-memory-buffer-and-return-index-one()`.
    pub fn read_wasm_memory_buffer_and_return_index_one(&mut self) -> Result<u8, Divergence> {
        let op = || Op::ReadWasmMemoryBufferAndReturnIndexOne;
        let buffer = self.instance.as_mut();
        let value = trapping(buffer.read_wasm_memory_buffer_and_return_index_one(), op)?;
        match self.model.load(1) {
            Ok(expected) => same(op, value, expected),
            Err(_) => Err(Divergence::Broken(format!(
                "{:?} returned {value}, but a {}-byte buffer has no index 1",
                op(),
                self.start.len
            ))),
        }
    }

    /// `buffer-len()`: what it was at the start.
    pub fn buffer_len(&mut self) -> Result<u32, Divergence> {
        let op = || Op::BufferLen;
        let len = trapping(self.instance.as_mut().buffer_len(), op)?;
        same(op, len, self.start.len)
    }

    /// `store(index, value)`.
    pub fn store(&mut self, index: u32, value: u8) -> Result<Result<(), BufferError>, Divergence> {
        let op = || Op::Store { index, value };
        let got = trapping(self.instance.as_mut().store(index, value), op)?;
        same(op, got, self.model.store(index, value))
    }

    /// `load(index)`.
    pub fn load(&mut self, index: u32) -> Result<Result<u8, BufferError>, Divergence> {
        let op = || Op::Load { index };
        let got = trapping(self.instance.as_mut().load(index), op)?;
        same(op, got, self.model.load(index))
    }

    /// `write(offset, bytes)`.
    pub fn write(
        &mut self,
        offset: u32,
        bytes: &[u8],
    ) -> Result<Result<(), BufferError>, Divergence> {
        let op = || Op::Write {
            offset,
            bytes: bytes.to_vec(),
        };
        let got = trapping(self.instance.as_mut().write(offset, bytes), op)?;
        same(op, got, self.model.write(offset, bytes))
    }

    /// `read(offset, len)`.
    pub fn read(
        &mut self,
        offset: u32,
        len: u32,
    ) -> Result<Result<Vec<u8>, BufferError>, Divergence> {
        let op = || Op::Read { offset, len };
        let got = trapping(self.instance.as_mut().read(offset, len), op)?;
        same(op, got, self.model.read(offset, len))
    }

    /// `memory-pages()`: any size will do, as long as it holds the buffer
    /// and stays within the host's cap.
    pub fn memory_pages(&mut self) -> Result<u32, Divergence> {
        let pages = trapping(self.instance.as_mut().memory_pages(), || Op::MemoryPages)?;
        let end = u64::from(self.start.pointer) + u64::from(self.start.len);
        let needed = end.div_ceil(PAGE) as u32;
        if pages < needed || pages > self.max_pages {
            let contract = format!("{needed} to {}", self.max_pages);
            return Err(differs(&Op::MemoryPages, &pages, contract));
        }
        Ok(pages)
    }

    /// `grow-memory(pages)`, between two `memory-pages()`: the previous size
    /// and exactly `pages` more, or `grow-refused` with the current size
    /// when the host's cap (or 4 GiB) leaves no room.
    pub fn grow_memory(&mut self, pages: u32) -> Result<Grown, Divergence> {
        let before = self.memory_pages()?;
        let op = || Op::GrowMemory { pages };
        let answer = trapping(self.instance.as_mut().grow_memory(pages), op)?;
        let fits = u64::from(before) + u64::from(pages) <= u64::from(self.max_pages);
        let expected = match fits {
            true => Ok(before),
            false => Err(BufferError::GrowRefused(GrowRefused {
                current_pages: before,
                requested_pages: pages,
            })),
        };
        let answer = same(op, answer, expected)?;
        let after = self.memory_pages()?;
        // `fits` bounds the sum by `max_pages`: no overflow.
        let expected_after = if fits { before + pages } else { before };
        if after != expected_after {
            let call = format!("memory-pages() after {:?}", op());
            return Err(Divergence::Differs {
                call,
                component: after.wave(),
                contract: expected_after.wave(),
            });
        }
        Ok(Grown {
            before,
            answer,
            after,
        })
    }

    /// Reads the whole buffer and compares it with what the calls so far
    /// stored: after `call`, whose range (empty if it was to store nothing)
    /// says where a difference lies.
    pub fn check_whole_buffer(&mut self, call: &str, range: Range<u32>) -> Result<(), Divergence> {
        let len = self.start.len;
        let read = || format!("read(0, {len}) after {call}");
        let held = match self.instance.as_mut().read(0, len) {
            Ok(Ok(bytes)) if bytes.len() == len as usize => bytes,
            Ok(answer) => {
                return Err(Divergence::Differs {
                    call: read(),
                    component: answer.wave(),
                    contract: format!("ok([{len} bytes])"),
                });
            }
            Err(error) => {
                return Err(Divergence::Trapped {
                    call: read(),
                    error,
                });
            }
        };
        let Some(at) = first_difference(&held, self.model.bytes()) else {
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
        Err(Divergence::Broken(format!(
            "after {call}, byte {at} of the buffer holds {}, expected {} ({place})",
            held[at],
            self.model.bytes()[at]
        )))
    }
}

impl Checker<StreamsInstance> {
    /// Makes `op`, as [`Checker::apply`] does: the stream calls with the
    /// host driving the stream as `op` says.
    pub fn apply_streams(&mut self, op: &StreamOp) -> Result<Answer, Divergence> {
        let answer = match op {
            StreamOp::Buffer(op) => return self.apply(op),
            StreamOp::WriteViaStream {
                offset,
                len,
                bytes,
                pieces,
                pausing,
            } => {
                let data = Outgoing::in_pieces(bytes.clone(), pieces.clone());
                let data = if *pausing { data.pausing() } else { data };
                self.write_via_stream(*offset, *len, bytes, data)?
                    .map(|_| ())
            }
            StreamOp::ReadViaStream { offset, len, most } => self
                .read_via_stream_taking(*offset, *len, *most)?
                .map(|_| ()),
        };
        Ok(kind(&answer))
    }

    /// `write-via-stream(offset, len, data)`, where `data` carries `bytes`:
    /// the smaller of the two counts stored.
    pub fn write_via_stream(
        &mut self,
        offset: u32,
        len: u32,
        bytes: &[u8],
        data: Outgoing<Vec<u8>>,
    ) -> Result<Result<u32, BufferError>, Divergence> {
        let op = || StreamOp::WriteViaStream {
            offset,
            len,
            bytes: bytes.to_vec(),
            pieces: Vec::new(),
            pausing: false,
        };
        let got = trapping(self.instance.write_via_stream(offset, len, data), op)?;
        same(op, got, self.model.write_via_stream(offset, len, bytes))
    }

    /// `read-via-stream(offset, len)`, read to its end.
    pub fn read_via_stream(
        &mut self,
        offset: u32,
        len: u32,
    ) -> Result<Result<Vec<u8>, BufferError>, Divergence> {
        self.read_via_stream_taking(offset, len, StreamsInstance::all_of(len))
    }

    /// `read-via-stream(offset, len)`, read by a host that drops the stream
    /// once it has `most` bytes: the bytes it carried must be the range's.
    pub fn read_via_stream_taking(
        &mut self,
        offset: u32,
        len: u32,
        most: u32,
    ) -> Result<Result<Vec<u8>, BufferError>, Divergence> {
        let op = StreamOp::ReadViaStream { offset, len, most };
        let instance = &mut self.instance;
        let got = trapping(instance.read_via_stream_taking(offset, len, most), || {
            op.clone()
        })?;
        let expected = self.model.read_via_stream(offset, len, most);
        match (&got, &expected) {
            (Ok(carried), Ok(range)) => carried_the_range(&op, offset, carried, range)?,
            _ => return same(|| op.clone(), got, expected),
        }
        Ok(got)
    }
}

/// Whether `result` was `ok` or refused.
fn kind<T>(result: &Result<T, BufferError>) -> Answer {
    match result {
        Ok(_) => Answer::Ok,
        Err(_) => Answer::Refused,
    }
}

/// A stream's bytes against the range's: the first that differs, named.
fn carried_the_range(
    op: &StreamOp,
    offset: u32,
    carried: &[u8],
    range: &[u8],
) -> Result<(), Divergence> {
    if carried.len() != range.len() {
        return Err(Divergence::Broken(format!(
            "{op:?} carried {} bytes, expected {}",
            carried.len(),
            range.len()
        )));
    }
    match first_difference(carried, range) {
        None => Ok(()),
        Some(at) => Err(Divergence::Broken(format!(
            "{op:?} carried {} at byte {at}, expected {} (the byte at {})",
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

/// The answer, or the trap it was, named by `op`.
fn trapping<T, O: fmt::Debug>(
    result: wasmtime::Result<T>,
    op: impl FnOnce() -> O,
) -> Result<T, Divergence> {
    result.map_err(|error| Divergence::Trapped {
        call: format!("{:?}", op()),
        error,
    })
}

/// The component's answer, if it is the contract's.
fn same<T: PartialEq + Wave, O: fmt::Debug>(
    op: impl FnOnce() -> O,
    component: T,
    contract: T,
) -> Result<T, Divergence> {
    if component == contract {
        return Ok(component);
    }
    Err(differs(&op(), &component, contract.wave()))
}

fn differs(op: &impl fmt::Debug, component: &impl Wave, contract: String) -> Divergence {
    Divergence::Differs {
        call: format!("{op:?}"),
        component: component.wave(),
        contract,
    }
}
