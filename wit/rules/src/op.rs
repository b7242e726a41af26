//! One call into the `buffer` interface, with its arguments, written as the
//! lesson writes it.

use core::fmt;

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
