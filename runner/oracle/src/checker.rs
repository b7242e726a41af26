//! An instance whose every answer is checked against the contract, for
//! the runner's lessons, the property tests and the fuzzer alike.
//!
//! [`Checker`] has a method for each WIT function. Each makes the call
//! through wasmtime and hands the answer to [`Contract`] (`wit/rules`, where
//! the rules are written), which returns it only when the contract allows
//! it: a [`Divergence`] otherwise, naming the call and both answers in WAVE.

use std::fmt;
use std::ops::Range;

use linear_memory_host::{BufferError, Instance, Outgoing, StreamsInstance};
use linear_memory_rules::{Cap, Contract, Op, Start, Violation};

use crate::StreamOp;

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
    /// The component answered what the contract rules out.
    #[error(transparent)]
    Broke(#[from] Violation),
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

/// A component instance and the contract, kept in step call by call. `I`
/// is an [`Instance`], or a [`StreamsInstance`] for the stream calls.
pub struct Checker<I = Instance> {
    instance: I,
    contract: Contract<BufferError>,
}

impl<I: AsMut<Instance>> Checker<I> {
    /// Starts checking a fresh instance, whose host lets its memory reach
    /// `max_memory` bytes: asks where the buffer is, how long it is and how
    /// big memory is, and checks those answers together before trusting
    /// the length with an allocation.
    pub fn new(mut instance: I, max_memory: usize) -> Result<Self, Divergence> {
        let buffer = instance.as_mut();
        let start = Start {
            pointer: trapping(buffer.get_wasm_memory_buffer_pointer(), || {
                Op::GetWasmMemoryBufferPointer
            })?,
            len: trapping(buffer.buffer_len(), || Op::BufferLen)?,
            pages: trapping(buffer.memory_pages(), || Op::MemoryPages)?,
        };
        let contract = Contract::new(start, Cap::bytes(max_memory))?;
        Ok(Self { instance, contract })
    }

    /// What the instance said about its buffer at the start.
    pub fn start(&self) -> Start {
        self.contract.start()
    }

    /// The instance being checked.
    pub fn instance(&mut self) -> &mut I {
        &mut self.instance
    }

    /// Tells the model that the host wrote `value` at `index` in place,
    /// behind the component's back (`--inspect`'s part two).
    pub fn written_in_place(&mut self, index: u32, value: u8) {
        self.contract.written_in_place(index, value);
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
        self.contract
            .store_value_in_wasm_memory_buffer_index_zero(value);
        Ok(())
    }

    /// `get-wasm-memory-buffer-pointer()`.
    pub fn get_wasm_memory_buffer_pointer(&mut self) -> Result<u32, Divergence> {
        let buffer = self.instance.as_mut();
        let got = trapping(buffer.get_wasm_memory_buffer_pointer(), || {
            Op::GetWasmMemoryBufferPointer
        })?;
        Ok(self.contract.get_wasm_memory_buffer_pointer(got)?)
    }

    /// `read-wasm-memory-buffer-and-return-index-one()`.
    pub fn read_wasm_memory_buffer_and_return_index_one(&mut self) -> Result<u8, Divergence> {
        let buffer = self.instance.as_mut();
        let got = trapping(
            buffer.read_wasm_memory_buffer_and_return_index_one(),
            || Op::ReadWasmMemoryBufferAndReturnIndexOne,
        )?;
        Ok(self
            .contract
            .read_wasm_memory_buffer_and_return_index_one(got)?)
    }

    /// `buffer-len()`.
    pub fn buffer_len(&mut self) -> Result<u32, Divergence> {
        let got = trapping(self.instance.as_mut().buffer_len(), || Op::BufferLen)?;
        Ok(self.contract.buffer_len(got)?)
    }

    /// `store(index, value)`.
    pub fn store(&mut self, index: u32, value: u8) -> Result<Result<(), BufferError>, Divergence> {
        let op = || Op::Store { index, value };
        let got = trapping(self.instance.as_mut().store(index, value), op)?;
        Ok(self.contract.store(index, value, got)?)
    }

    /// `load(index)`.
    pub fn load(&mut self, index: u32) -> Result<Result<u8, BufferError>, Divergence> {
        let got = trapping(self.instance.as_mut().load(index), || Op::Load { index })?;
        Ok(self.contract.load(index, got)?)
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
        Ok(self.contract.write(offset, bytes, got)?)
    }

    /// `read(offset, len)`.
    pub fn read(
        &mut self,
        offset: u32,
        len: u32,
    ) -> Result<Result<Vec<u8>, BufferError>, Divergence> {
        let op = || Op::Read { offset, len };
        let got = trapping(self.instance.as_mut().read(offset, len), op)?;
        Ok(self.contract.read(offset, len, got)?)
    }

    /// `memory-pages()`.
    pub fn memory_pages(&mut self) -> Result<u32, Divergence> {
        let got = trapping(self.instance.as_mut().memory_pages(), || Op::MemoryPages)?;
        Ok(self.contract.memory_pages(got)?)
    }

    /// `grow-memory(pages)`, between two `memory-pages()`.
    pub fn grow_memory(&mut self, pages: u32) -> Result<Grown, Divergence> {
        let before = self.memory_pages()?;
        let op = || Op::GrowMemory { pages };
        let got = trapping(self.instance.as_mut().grow_memory(pages), op)?;
        let after = self.memory_pages()?;
        let answer = self.contract.grow_memory(pages, before, got, after)?;
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
        let len = self.contract.start().len;
        let held = self.instance.as_mut().read(0, len).map_err(|error| {
            let call = format!("read(0, {len}) after {call}");
            Divergence::Trapped { call, error }
        })?;
        Ok(self.contract.whole_buffer(call, range, held)?)
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
        let arguments = (offset, len, bytes);
        Ok(self.contract.write_via_stream(op, arguments, got)?)
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
        let op = || StreamOp::ReadViaStream { offset, len, most };
        let instance = &mut self.instance;
        let got = trapping(instance.read_via_stream_taking(offset, len, most), op)?;
        let arguments = (offset, len, most);
        Ok(self.contract.read_via_stream(op, arguments, got)?)
    }
}

/// Whether `result` was `ok` or refused.
fn kind<T>(result: &Result<T, BufferError>) -> Answer {
    match result {
        Ok(_) => Answer::Ok,
        Err(_) => Answer::Refused,
    }
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
