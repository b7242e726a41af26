//! The contract's calls and the rules their answers obey: the one place
//! both are written.
//!
//! [`Call`] is what a call *is*: each variant a WIT function, each field a
//! parameter. [`Contract::call`] makes one through whatever the caller
//! passes it (wasmtime's bindings in the runner, the imported interface in
//! the checker component) and hands back the answer only if the contract
//! allows it, given the answers before it.
//!
//! The rules beyond the [`Model`]: the buffer has at least 2 bytes (the
//! seed's functions read index 1 and cannot refuse); the pointer and the
//! length never change;
//! `memory-pages` holds the buffer and stays within the host's cap (and
//! 4 GiB); `grow-memory(n)` answers the size before and adds exactly `n`
//! pages, or is `grow-refused` with the current size when there is no room.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::memory::LEAST_BUFFER_LEN;
use crate::{Answer, Cap, Model, PAGE, Refusal, Start, Value, Violation, Wave};

/// One call of the contract, with its arguments: `buffer`'s functions,
/// then `streams`'. Printed (`{}`), it is the call in WAVE, as the lessons
/// and the error lines write it: `write(1, [25])`.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(tag = "call", content = "args", rename_all = "kebab-case")
)]
#[allow(
    missing_docs,
    reason = "each variant is the WIT function of the same name, each field its parameter"
)]
pub enum Call {
    StoreValueInWasmMemoryBufferIndexZero {
        value: u8,
    },
    GetWasmMemoryBufferPointer,
    ReadWasmMemoryBufferAndReturnIndexOne,
    BufferLen,
    Load {
        index: u32,
    },
    Write {
        offset: u32,
        bytes: Vec<u8>,
    },
    Read {
        offset: u32,
        len: u32,
    },
    MemoryPages,
    GrowMemory {
        pages: u32,
    },
    Store {
        index: u32,
        value: u8,
    },
    /// `streams.write-via-stream(offset, len, data)`.
    WriteViaStream {
        offset: u32,
        len: u32,
        data: Sent,
    },
    /// `streams.write-ring-via-stream(data)`.
    WriteRingViaStream {
        data: Sent,
    },
    /// `streams.read-via-stream(offset, len)`, its stream read by a caller
    /// that stops once it has `take` bytes; `None`: to the stream's end.
    ReadViaStream {
        offset: u32,
        len: u32,
        #[cfg_attr(feature = "serde", serde(skip))]
        take: Option<u32>,
    },
}

/// What a caller sends on a `stream<u8>`, and how: not an argument of the
/// WIT function, but part of the call as a host makes it (the rules look at
/// the bytes alone).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "serde", derive(serde::Deserialize), serde(from = "Vec<u8>"))]
pub struct Sent {
    /// The bytes, then the end of the stream: shared, so that a call made
    /// again and again sends them without a copy of its own.
    pub bytes: Arc<[u8]>,
    /// The most each write carries, in order and round again after the last
    /// (a piece of 0 counts as 1); none: writes as large as the reader
    /// allows.
    pub pieces: Vec<usize>,
    /// Whether each write keeps the reader waiting a turn first.
    pub pausing: bool,
}

impl From<Vec<u8>> for Sent {
    /// `bytes`, in writes as large as the reader allows.
    fn from(bytes: Vec<u8>) -> Self {
        Sent {
            bytes: bytes.into(),
            pieces: Vec::new(),
            pausing: false,
        }
    }
}

impl fmt::Display for Sent {
    /// `<stream of 4 bytes in pieces [1, 2], pausing>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<stream of {} bytes", self.bytes.len())?;
        if !self.pieces.is_empty() {
            write!(f, " in pieces {:?}", self.pieces)?;
        }
        if self.pausing {
            write!(f, ", pausing")?;
        }
        write!(f, ">")
    }
}

impl Call {
    /// The WIT function this calls.
    pub fn function(&self) -> &'static str {
        match self {
            Call::StoreValueInWasmMemoryBufferIndexZero { .. } => {
                "store-value-in-wasm-memory-buffer-index-zero"
            }
            Call::GetWasmMemoryBufferPointer => "get-wasm-memory-buffer-pointer",
            Call::ReadWasmMemoryBufferAndReturnIndexOne => {
                "read-wasm-memory-buffer-and-return-index-one"
            }
            Call::BufferLen => "buffer-len",
            Call::Load { .. } => "load",
            Call::Write { .. } => "write",
            Call::Read { .. } => "read",
            Call::MemoryPages => "memory-pages",
            Call::GrowMemory { .. } => "grow-memory",
            Call::Store { .. } => "store",
            Call::WriteViaStream { .. } => "write-via-stream",
            Call::WriteRingViaStream { .. } => "write-ring-via-stream",
            Call::ReadViaStream { .. } => "read-via-stream",
        }
    }

    /// Whether this calls the `streams` interface (which only an
    /// implementation of `linear-memory-streams` has).
    pub fn is_streams(&self) -> bool {
        matches!(
            self,
            Call::WriteViaStream { .. }
                | Call::WriteRingViaStream { .. }
                | Call::ReadViaStream { .. }
        )
    }
}

/// The most bytes of a list argument written out; a longer one is written
/// as its length, `[65536 bytes]`.
const LIST_SHOWN: usize = 8;

impl fmt::Display for Call {
    /// The call in WAVE, as `wasmtime run --invoke` takes it; a long list by
    /// its length, a stream by what it carries.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.function())?;
        match self {
            Call::StoreValueInWasmMemoryBufferIndexZero { value } => write!(f, "{value}")?,
            Call::Load { index } => write!(f, "{index}")?,
            Call::Write { offset, bytes } if bytes.len() <= LIST_SHOWN => {
                write!(f, "{offset}, {bytes:?}")?
            }
            Call::Write { offset, bytes } => write!(f, "{offset}, [{} bytes]", bytes.len())?,
            Call::Read { offset, len } => write!(f, "{offset}, {len}")?,
            Call::GrowMemory { pages } => write!(f, "{pages}")?,
            Call::Store { index, value } => write!(f, "{index}, {value}")?,
            Call::WriteViaStream { offset, len, data } => write!(f, "{offset}, {len}, {data}")?,
            Call::WriteRingViaStream { data } => write!(f, "{data}")?,
            Call::ReadViaStream { offset, len, take } => {
                write!(f, "{offset}, {len})")?;
                return match take {
                    Some(most) => write!(f, ", taking at most {most}"),
                    None => Ok(()),
                };
            }
            Call::GetWasmMemoryBufferPointer
            | Call::ReadWasmMemoryBufferAndReturnIndexOne
            | Call::BufferLen
            | Call::MemoryPages => {}
        }
        write!(f, ")")
    }
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
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
        if len < LEAST_BUFFER_LEN {
            let contract = format!("at least {LEAST_BUFFER_LEN}");
            return Err(differs(&Call::BufferLen, len, contract));
        }
        if pages > cap.pages() {
            let contract = format!("at most {}", cap.pages());
            return Err(differs(&Call::MemoryPages, pages, contract));
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

    /// Makes `call` with `make` and returns its answer if the contract
    /// allows it. `grow-memory` is made between two `memory-pages`, which
    /// its rule needs. `make`'s own failures (a trap) pass through; an
    /// answer the contract rules out becomes an `X` made from the
    /// [`Violation`].
    pub fn call<X: From<Violation>>(
        &mut self,
        call: &Call,
        mut make: impl FnMut(&Call) -> Result<Answer<E>, X>,
    ) -> Result<Answer<E>, X> {
        let start = self.start;
        let expected = match call {
            Call::StoreValueInWasmMemoryBufferIndexZero { value } => {
                self.model.store(0, *value).ok();
                Answer::Value(Value::Nothing)
            }
            Call::GetWasmMemoryBufferPointer => Answer::Value(Value::U32(start.pointer)),
            Call::ReadWasmMemoryBufferAndReturnIndexOne => match self.model.load(1) {
                Ok(byte) => Answer::Value(Value::U8(byte)),
                Err(_) => {
                    let got = make(call)?.wave();
                    let len = start.len;
                    let rule =
                        format!("{call} returned {got}, but a {len}-byte buffer has no index 1");
                    return Err(Violation::Broken(rule).into());
                }
            },
            Call::BufferLen => Answer::Value(Value::U32(start.len)),
            Call::Load { index } => self.model.load(*index).into(),
            Call::Write { offset, bytes } => self.model.write(*offset, bytes).into(),
            Call::Read { offset, len } => self.model.read(*offset, *len).into(),
            Call::MemoryPages => {
                let pages = self.memory_pages(make(call)?)?;
                return Ok(Answer::Value(Value::U32(pages)));
            }
            Call::GrowMemory { pages } => return self.grow_memory(*pages, make),
            Call::Store { index, value } => self.model.store(*index, *value).into(),
            Call::WriteViaStream { offset, len, data } => {
                let expected = self.model.write_via_stream(*offset, *len, &data.bytes);
                expected.into()
            }
            Call::WriteRingViaStream { data } => {
                Answer::Value(Value::U64(self.model.write_ring(&data.bytes)))
            }
            Call::ReadViaStream { offset, len, take } => {
                let most = take.unwrap_or(u32::MAX);
                let expected = self.model.read_via_stream(*offset, *len, most);
                return Ok(carried(call, *offset, make(call)?, expected)?);
            }
        };
        Ok(same(call, make(call)?, expected)?)
    }

    /// The rules, on the answer to a call already made (an async one, say,
    /// which [`Contract::call`] cannot make). `grow-memory`'s rule needs
    /// the memory's size around the call: it is checked only when made
    /// through [`Contract::call`].
    pub fn check(&mut self, call: &Call, answer: Answer<E>) -> Result<Answer<E>, Violation> {
        let mut answer = Some(answer);
        self.call(call, |asked| match answer.take() {
            Some(answer) if asked == call => Ok(answer),
            _ => Err(Violation::Broken(format!(
                "{call} cannot be checked on its answer alone: its rule needs {asked}"
            ))),
        })
    }

    /// `memory-pages()`: any size will do, as long as it holds the buffer
    /// and stays within the host's cap.
    fn memory_pages(&self, got: Answer<E>) -> Result<u32, Violation> {
        let end = u64::from(self.start.pointer) + u64::from(self.start.len);
        let needed = end.div_ceil(PAGE) as u32;
        match got {
            Answer::Value(Value::U32(pages)) if (needed..=self.cap.pages()).contains(&pages) => {
                Ok(pages)
            }
            got => {
                let contract = format!("{needed} to {}", self.cap.pages());
                Err(differs(&Call::MemoryPages, got, contract))
            }
        }
    }

    /// `grow-memory(pages)`, between two `memory-pages()` (`before` and
    /// `after`): the previous size and exactly `pages` more, or
    /// `grow-refused` with the current size and no change when the cap
    /// leaves no room (or, when the cap is [`Cap::Unknown`], whenever the
    /// host refuses).
    fn grow_memory<X: From<Violation>>(
        &mut self,
        pages: u32,
        mut make: impl FnMut(&Call) -> Result<Answer<E>, X>,
    ) -> Result<Answer<E>, X> {
        let call = Call::GrowMemory { pages };
        let before = self.memory_pages(make(&Call::MemoryPages)?)?;
        let got = make(&call)?;
        let after = self.memory_pages(make(&Call::MemoryPages)?)?;
        let fits = u64::from(before) + u64::from(pages) <= u64::from(self.cap.pages());
        let refused = Answer::Err(E::grow_refused(before, pages));
        let answer = match (fits, self.cap, &got) {
            (true, Cap::Unknown, Answer::Err(_)) => same(&call, got, refused)?,
            (true, _, _) => same(&call, got, Answer::Ok(Value::U32(before)))?,
            (false, _, _) => same(&call, got, refused)?,
        };
        // `fits` bounds the sum by the cap: no overflow.
        let expected_after = match answer {
            Answer::Ok(_) => before + pages,
            _ => before,
        };
        if after != expected_after {
            return Err(Violation::Differs {
                call: format!("memory-pages() after {call}"),
                component: after.wave(),
                contract: expected_after.wave(),
            }
            .into());
        }
        Ok(answer)
    }

    /// `value` written at `index` behind the component's back (a host that
    /// writes into its memory in place).
    pub fn written_in_place(&mut self, index: u32, value: u8) {
        self.model.store(index, value).ok();
    }

    /// A `write-via-stream(offset, len, ..)` its caller cancelled once the
    /// bytes `arrived` had been taken: they are stored, and the rest of the
    /// range keeps what it held. There is no answer to check, but the report
    /// itself can be impossible (more bytes than the range holds, or any
    /// byte taken for a range the component must refuse before it reads):
    /// then `Err` says why, and nothing is stored.
    pub fn cancelled_write_via_stream(
        &mut self,
        offset: u32,
        len: u32,
        arrived: &[u8],
    ) -> Result<(), String> {
        let call = format!("write-via-stream({offset}, {len}, <stream>)");
        let fits = u64::from(offset) + u64::from(len) <= self.model.buffer_len() as u64;
        match (fits, arrived.len()) {
            (false, 0) => Ok(()),
            (false, taken) => Err(format!(
                "{call} cancelled after {taken} bytes were taken, but its range is outside the buffer: none can be"
            )),
            (true, taken) if taken as u64 > u64::from(len) => Err(format!(
                "{call} cancelled after {taken} bytes were taken, but its range holds {len}"
            )),
            (true, _) => {
                self.model.write_via_stream(offset, len, arrived).ok();
                Ok(())
            }
        }
    }

    /// A `write-ring-via-stream` its caller cancelled once the bytes
    /// `arrived` had been taken: they are stored round the ring. There is
    /// no answer to check, and no report of it is impossible.
    pub fn cancelled_write_ring_via_stream(&mut self, arrived: &[u8]) {
        self.model.write_ring(arrived);
    }

    /// The whole buffer (`held`, what `read(0, buffer-len())` answered)
    /// against what the calls so far stored: after `call`, whose range
    /// (empty if it was to store nothing) says where a difference lies.
    pub fn whole_buffer(
        &self,
        call: &Call,
        range: Range<u32>,
        held: Answer<E>,
    ) -> Result<(), Violation> {
        let len = self.start.len;
        let held = match held {
            Answer::Ok(Value::List(bytes)) if bytes.len() == len as usize => bytes,
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
}

/// What a `read-via-stream` carried (`got`) against the range's bytes the
/// model expects: the first byte that differs named, and the count.
fn carried<E: Refusal>(
    call: &Call,
    offset: u32,
    got: Answer<E>,
    expected: Result<Vec<u8>, E>,
) -> Result<Answer<E>, Violation> {
    let (Answer::Ok(Value::List(carried)), Ok(range)) = (&got, &expected) else {
        return same(call, got, expected.into());
    };
    if carried.len() != range.len() {
        let (carried, range) = (carried.len(), range.len());
        let rule = format!("{call} carried {carried} bytes, expected {range}");
        return Err(Violation::Broken(rule));
    }
    match first_difference(carried, range) {
        None => Ok(got),
        Some(at) => Err(Violation::Broken(format!(
            "{call} carried {} at byte {at}, expected {} (the byte at {})",
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

/// The component's answer, if it is the contract's.
fn same<E: Refusal>(
    call: &Call,
    component: Answer<E>,
    contract: Answer<E>,
) -> Result<Answer<E>, Violation> {
    if component == contract {
        return Ok(component);
    }
    Err(differs(call, component, contract.wave()))
}

fn differs(call: &Call, component: impl Wave, contract: String) -> Violation {
    Violation::Differs {
        call: call.to_string(),
        component: component.wave(),
        contract,
    }
}
