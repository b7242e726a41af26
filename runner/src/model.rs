//! The contract as plain Rust, for differential testing.
//!
//! [`Model`] is what the WIT documentation promises, with no WebAssembly in
//! it: a byte vector and bounds checks written independently of the
//! component's. [`Checker`] makes the same [`Op`] on a component and on the
//! model and reports the first answer that differs. The property tests and
//! the fuzz target (`runner/fuzz`) generate the operations.

use std::fmt;

use crate::{BufferError, GrowRefused, Instance, OutOfBounds};

/// The size of a wasm32 address space, in 64 KiB pages.
const MAX_WASM32_PAGES: u64 = 65536;

/// The most calls in one generated sequence, for the property tests and the
/// fuzz target alike.
pub const MAX_SEQUENCE: usize = 199;

/// The memory cap of the host that generated sequences run on: more than any
/// sequence can reach ([`MAX_SEQUENCE`] `grow-memory` calls of at most 3
/// pages each, above where an implementation starts). Under a cap within
/// reach, a host that leaves no room for a large list makes any
/// implementation trap in its realloc (the canonical ABI gives it no way to
/// refuse an argument): that is the host's limit, which `limits.rs` tests on
/// every implementation, not the contract.
pub const SEQUENCE_MAX_MEMORY: usize = 64 << 20;

/// One call into the `buffer` interface, with its arguments.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[allow(
    missing_docs,
    reason = "each variant is the WIT function of the same name"
)]
pub enum Op {
    StoreValueInWasmMemoryBufferIndexZero(u8),
    GetWasmMemoryBufferPointer,
    ReadWasmMemoryBufferAndReturnIndexOne,
    BufferLen,
    Store { index: u32, value: u8 },
    Load { index: u32 },
    Write { offset: u32, bytes: Vec<u8> },
    Read { offset: u32, len: u32 },
    MemoryPages,
    GrowMemory { pages: u32 },
}

impl Op {
    /// The WIT function this calls.
    pub fn function(&self) -> &'static str {
        match self {
            Op::StoreValueInWasmMemoryBufferIndexZero(_) => {
                "store-value-in-wasm-memory-buffer-index-zero"
            }
            Op::GetWasmMemoryBufferPointer => "get-wasm-memory-buffer-pointer",
            Op::ReadWasmMemoryBufferAndReturnIndexOne => {
                "read-wasm-memory-buffer-and-return-index-one"
            }
            Op::BufferLen => "buffer-len",
            Op::Store { .. } => "store",
            Op::Load { .. } => "load",
            Op::Write { .. } => "write",
            Op::Read { .. } => "read",
            Op::MemoryPages => "memory-pages",
            Op::GrowMemory { .. } => "grow-memory",
        }
    }
}

impl fmt::Debug for Op {
    /// The call as the lesson writes it; long lists by their length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.function())?;
        match self {
            Op::StoreValueInWasmMemoryBufferIndexZero(value) => write!(f, "{value}")?,
            Op::Store { index, value } => write!(f, "{index}, {value}")?,
            Op::Load { index } => write!(f, "{index}")?,
            Op::Write { offset, bytes } if bytes.len() <= 8 => write!(f, "{offset}, {bytes:?}")?,
            Op::Write { offset, bytes } => write!(f, "{offset}, <{} bytes>", bytes.len())?,
            Op::Read { offset, len } => write!(f, "{offset}, {len}")?,
            Op::GrowMemory { pages } => write!(f, "{pages}")?,
            _ => {}
        }
        write!(f, ")")
    }
}

/// The buffer as the contract describes it.
#[derive(Clone, Debug)]
pub struct Model {
    bytes: Vec<u8>,
}

impl Model {
    /// A buffer of `len` zero bytes, as a fresh instance has.
    pub fn new(len: u32) -> Self {
        Self {
            bytes: vec![0; len as usize],
        }
    }

    /// The bytes `offset .. offset + len`, if they all lie in the buffer.
    /// Computed in `u64`, so `offset + len` cannot wrap.
    fn range(&self, offset: u32, len: u32) -> Result<std::ops::Range<usize>, BufferError> {
        let end = u64::from(offset) + u64::from(len);
        if end > self.bytes.len() as u64 {
            return Err(BufferError::OutOfBounds(OutOfBounds {
                offset,
                len,
                buffer_len: self.bytes.len() as u32,
            }));
        }
        Ok(offset as usize..end as usize)
    }

    /// `store(index, value)`.
    pub fn store(&mut self, index: u32, value: u8) -> Result<(), BufferError> {
        let range = self.range(index, 1)?;
        self.bytes[range.start] = value;
        Ok(())
    }

    /// `load(index)`.
    pub fn load(&self, index: u32) -> Result<u8, BufferError> {
        Ok(self.bytes[self.range(index, 1)?.start])
    }

    /// `write(offset, bytes)`: all of `bytes`, or nothing.
    pub fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), BufferError> {
        let range = self.range(offset, bytes.len() as u32)?;
        self.bytes[range].copy_from_slice(bytes);
        Ok(())
    }

    /// `read(offset, len)`.
    pub fn read(&self, offset: u32, len: u32) -> Result<Vec<u8>, BufferError> {
        Ok(self.bytes[self.range(offset, len)?].to_vec())
    }
}

/// Where a component and the contract parted ways.
#[derive(Debug, thiserror::Error)]
pub enum Divergence {
    /// The component trapped; the contract never traps.
    #[error("{op:?} trapped: {error}")]
    Trapped {
        /// The call.
        op: Op,
        /// What wasmtime reported.
        error: String,
    },
    /// The component answered something the contract does not allow.
    #[error("{op:?}: the component answered {component}, the contract says {contract}")]
    Differs {
        /// The call.
        op: Op,
        /// What the component answered.
        component: String,
        /// What the contract allows.
        contract: String,
    },
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

/// A component instance and the model, kept in step call by call.
pub struct Checker {
    instance: Instance,
    model: Model,
    pointer: u32,
    max_pages: u64,
}

impl Checker {
    /// Starts checking a fresh instance, whose host lets its memory reach
    /// `max_memory` bytes.
    pub fn new(mut instance: Instance, max_memory: usize) -> wasmtime::Result<Self> {
        let pointer = instance.get_wasm_memory_buffer_pointer()?;
        let len = instance.buffer_len()?;
        Ok(Self {
            instance,
            model: Model::new(len),
            pointer,
            max_pages: (max_memory as u64 / 65536).min(MAX_WASM32_PAGES),
        })
    }

    /// The instance being checked.
    pub fn instance(&mut self) -> &mut Instance {
        &mut self.instance
    }

    /// Makes `op` on the component, checks its answer against the model,
    /// and says what kind of answer it was.
    pub fn apply(&mut self, op: &Op) -> Result<Answer, Divergence> {
        let trapped = |error: wasmtime::Error| Divergence::Trapped {
            op: op.clone(),
            error: format!("{error:#}"),
        };
        let b = &mut self.instance;
        let m = &mut self.model;
        match op {
            Op::StoreValueInWasmMemoryBufferIndexZero(value) => {
                b.store_value_in_wasm_memory_buffer_index_zero(*value)
                    .map_err(trapped)?;
                m.store(0, *value).expect("index 0 is in every buffer");
                Ok(Answer::Value)
            }
            Op::GetWasmMemoryBufferPointer => {
                let pointer = b.get_wasm_memory_buffer_pointer().map_err(trapped)?;
                same(op, pointer, self.pointer)
            }
            Op::ReadWasmMemoryBufferAndReturnIndexOne => {
                let value = b
                    .read_wasm_memory_buffer_and_return_index_one()
                    .map_err(trapped)?;
                same(op, Ok(value), m.load(1))
            }
            Op::BufferLen => {
                let len = b.buffer_len().map_err(trapped)?;
                same(op, len as usize, m.bytes.len())
            }
            Op::Store { index, value } => {
                let got = b.store(*index, *value).map_err(trapped)?;
                same_result(op, got, m.store(*index, *value))
            }
            Op::Load { index } => same_result(op, b.load(*index).map_err(trapped)?, m.load(*index)),
            Op::Write { offset, bytes } => {
                let got = b.write(*offset, bytes).map_err(trapped)?;
                same_result(op, got, m.write(*offset, bytes))
            }
            Op::Read { offset, len } => {
                let got = b.read(*offset, *len).map_err(trapped)?;
                same_result(op, got, m.read(*offset, *len))
            }
            Op::MemoryPages => self.memory_pages(op, &trapped),
            Op::GrowMemory { pages } => self.grow(op, *pages, &trapped),
        }
    }

    /// `memory-pages()`: any size will do, as long as it holds the buffer
    /// and stays within the host's limit.
    fn memory_pages(
        &mut self,
        op: &Op,
        trapped: &impl Fn(wasmtime::Error) -> Divergence,
    ) -> Result<Answer, Divergence> {
        let pages = u64::from(self.instance.memory_pages().map_err(trapped)?);
        let needed = (u64::from(self.pointer) + self.model.bytes.len() as u64).div_ceil(65536);
        if pages < needed || pages > self.max_pages {
            let allowed = format!("{needed} to {}", self.max_pages);
            return Err(differs(op, pages, allowed));
        }
        Ok(Answer::Value)
    }

    /// `grow-memory(pages)`: the previous size and exactly `pages` more, or
    /// `grow-refused` with the current size when the host's limit (or 4 GiB)
    /// leaves no room.
    fn grow(
        &mut self,
        op: &Op,
        pages: u32,
        trapped: &impl Fn(wasmtime::Error) -> Divergence,
    ) -> Result<Answer, Divergence> {
        let b = &mut self.instance;
        let before = b.memory_pages().map_err(trapped)?;
        let got = b.grow_memory(pages).map_err(trapped)?;
        let fits = u64::from(before) + u64::from(pages) <= self.max_pages;
        let expected = if fits {
            Ok(before)
        } else {
            Err(BufferError::GrowRefused(GrowRefused {
                current_pages: before,
                requested_pages: pages,
            }))
        };
        let answer = same_result(op, got, expected)?;
        let after = b.memory_pages().map_err(trapped)?;
        let expected_after = if fits { before + pages } else { before };
        same(op, after, expected_after)?;
        Ok(answer)
    }
}

fn same<T: PartialEq + fmt::Debug>(
    op: &Op,
    component: T,
    contract: T,
) -> Result<Answer, Divergence> {
    if component == contract {
        return Ok(Answer::Value);
    }
    Err(differs(op, component, contract))
}

fn same_result<T: PartialEq + fmt::Debug>(
    op: &Op,
    component: Result<T, BufferError>,
    contract: Result<T, BufferError>,
) -> Result<Answer, Divergence> {
    let answer = if component.is_ok() {
        Answer::Ok
    } else {
        Answer::Refused
    };
    same(op, component, contract).map(|_| answer)
}

fn differs(op: &Op, component: impl fmt::Debug, contract: impl fmt::Debug) -> Divergence {
    let short = |value: String| match value.len() {
        0..=200 => value,
        n => format!("{}... ({n} characters)", &value[..200]),
    };
    Divergence::Differs {
        op: op.clone(),
        component: short(format!("{component:?}")),
        contract: short(format!("{contract:?}")),
    }
}
