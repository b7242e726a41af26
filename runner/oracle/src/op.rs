//! One call into the `linear-memory-streams` world, with how the host
//! drives the stream.

use std::fmt;

use linear_memory_host::StreamsInstance;
use linear_memory_rules::Op;

/// One call into the `linear-memory-streams` world: a `buffer` call, or one
/// of `streams`, with how the host drives the stream.
#[derive(Clone, PartialEq, Eq)]
pub enum StreamOp {
    /// A call into `buffer`.
    Buffer(Op),
    /// `write-via-stream(offset, len, data)`, where `data` carries `bytes`
    /// in writes of at most `pieces[0]`, `pieces[1]`, ... bytes (the rest in
    /// as few as the component allows), then ends.
    WriteViaStream {
        /// The first byte of the range.
        offset: u32,
        /// The most bytes to store.
        len: u32,
        /// What the stream carries.
        bytes: Vec<u8>,
        /// How the host cuts it into writes.
        pieces: Vec<usize>,
        /// Whether each write keeps the component waiting first
        /// ([`linear_memory_host::Outgoing::pausing`]).
        pausing: bool,
    },
    /// `read-via-stream(offset, len)`, whose stream the host reads until it
    /// ends or `most` bytes have come, then drops.
    ReadViaStream {
        /// The first byte of the range.
        offset: u32,
        /// The range's length.
        len: u32,
        /// The most the host takes before dropping the stream.
        most: u32,
    },
}

impl StreamOp {
    /// The WIT function this calls.
    pub fn function(&self) -> &'static str {
        match self {
            StreamOp::Buffer(op) => op.function(),
            StreamOp::WriteViaStream { .. } => "write-via-stream",
            StreamOp::ReadViaStream { .. } => "read-via-stream",
        }
    }
}

impl fmt::Debug for StreamOp {
    /// As [`Op`] prints, and as the lesson writes a stream: by its length,
    /// with how the host cuts it when it does, and how much of a stream the
    /// host takes when it stops early.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamOp::Buffer(op) => write!(f, "{op:?}"),
            StreamOp::WriteViaStream {
                offset,
                len,
                bytes,
                pieces,
                pausing,
            } => {
                write!(
                    f,
                    "write-via-stream({offset}, {len}, <stream of {} bytes",
                    bytes.len()
                )?;
                if !pieces.is_empty() {
                    write!(f, " in pieces {pieces:?}")?;
                }
                if *pausing {
                    write!(f, ", pausing")?;
                }
                write!(f, ">)")
            }
            StreamOp::ReadViaStream { offset, len, most } => {
                write!(f, "read-via-stream({offset}, {len})")?;
                match *most == StreamsInstance::all_of(*len) {
                    true => Ok(()),
                    false => write!(f, ", taking at most {most}"),
                }
            }
        }
    }
}
