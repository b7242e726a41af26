//! A component instance and the model, kept in step call by call.

use std::borrow::BorrowMut;
use std::fmt;

use linear_memory_host::{BufferError, GrowRefused, Instance, Outgoing, StreamsInstance};

use crate::{Model, Op, StreamOp};

/// The size of a wasm32 address space, in 64 KiB pages.
const MAX_WASM32_PAGES: u64 = 65536;

/// Where a component and the contract parted ways.
#[derive(Debug, thiserror::Error)]
pub enum Divergence {
    /// The component trapped; the contract never traps.
    #[error("{call} trapped: {error}")]
    Trapped {
        /// The call, as the lesson writes it.
        call: String,
        /// What wasmtime reported.
        error: String,
    },
    /// The component answered something the contract does not allow.
    #[error("{call}: the component answered {component}, the contract says {contract}")]
    Differs {
        /// The call, as the lesson writes it.
        call: String,
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

/// A component instance and the model, kept in step call by call. `I` is
/// an [`Instance`], or a [`StreamsInstance`] for [`Checker::apply_streams`].
pub struct Checker<I = Instance> {
    instance: I,
    model: Model,
    pointer: u32,
    max_pages: u64,
}

impl<I: BorrowMut<Instance>> Checker<I> {
    /// Starts checking a fresh instance, whose host lets its memory reach
    /// `max_memory` bytes.
    pub fn new(mut instance: I, max_memory: usize) -> wasmtime::Result<Self> {
        let buffer: &mut Instance = instance.borrow_mut();
        let pointer = buffer.get_wasm_memory_buffer_pointer()?;
        let len = buffer.buffer_len()?;
        Ok(Self {
            instance,
            model: Model::new(len),
            pointer,
            max_pages: (max_memory as u64 / 65536).min(MAX_WASM32_PAGES),
        })
    }

    /// The instance being checked.
    pub fn instance(&mut self) -> &mut I {
        &mut self.instance
    }

    /// Makes `op` on the component, checks its answer against the model,
    /// and says what kind of answer it was.
    pub fn apply(&mut self, op: &Op) -> Result<Answer, Divergence> {
        let trapped = trapped(op);
        let instance: &mut Instance = self.instance.borrow_mut();
        let model = &mut self.model;
        match op {
            Op::StoreValueInWasmMemoryBufferIndexZero(value) => {
                instance
                    .store_value_in_wasm_memory_buffer_index_zero(*value)
                    .map_err(trapped)?;
                model.store(0, *value).expect("index 0 is in every buffer");
                Ok(Answer::Value)
            }
            Op::GetWasmMemoryBufferPointer => {
                let pointer = instance.get_wasm_memory_buffer_pointer().map_err(trapped)?;
                same(op, pointer, self.pointer)
            }
            Op::ReadWasmMemoryBufferAndReturnIndexOne => {
                let value = instance
                    .read_wasm_memory_buffer_and_return_index_one()
                    .map_err(trapped)?;
                same(op, Ok(value), model.load(1))
            }
            Op::BufferLen => {
                let len = instance.buffer_len().map_err(trapped)?;
                same(op, len as usize, model.buffer_len())
            }
            Op::Store { index, value } => {
                let got = instance.store(*index, *value).map_err(trapped)?;
                same_result(op, got, model.store(*index, *value))
            }
            Op::Load { index } => same_result(
                op,
                instance.load(*index).map_err(trapped)?,
                model.load(*index),
            ),
            Op::Write { offset, bytes } => {
                let got = instance.write(*offset, bytes).map_err(trapped)?;
                same_result(op, got, model.write(*offset, bytes))
            }
            Op::Read { offset, len } => {
                let got = instance.read(*offset, *len).map_err(trapped)?;
                same_result(op, got, model.read(*offset, *len))
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
        let instance: &mut Instance = self.instance.borrow_mut();
        let pages = u64::from(instance.memory_pages().map_err(trapped)?);
        let needed = (u64::from(self.pointer) + self.model.buffer_len() as u64).div_ceil(65536);
        if pages < needed || pages > self.max_pages {
            // `Arguments` prints as its text, not as a quoted string.
            let allowed = format_args!("{needed} to {}", self.max_pages);
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
        let instance: &mut Instance = self.instance.borrow_mut();
        let before = instance.memory_pages().map_err(trapped)?;
        let got = instance.grow_memory(pages).map_err(trapped)?;
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
        let after = instance.memory_pages().map_err(trapped)?;
        let expected_after = if fits { before + pages } else { before };
        same(op, after, expected_after)?;
        Ok(answer)
    }
}

impl Checker<StreamsInstance> {
    /// Makes `op` on the component, as [`Checker::apply`] does: the stream
    /// calls with the host driving the stream as `op` says.
    pub fn apply_streams(&mut self, op: &StreamOp) -> Result<Answer, Divergence> {
        let trapped = trapped(op);
        match op {
            StreamOp::Buffer(op) => self.apply(op),
            StreamOp::WriteViaStream {
                offset,
                len,
                bytes,
                pieces,
                pausing,
            } => {
                let data = Outgoing::in_pieces(bytes.clone(), pieces.clone());
                let data = if *pausing { data.pausing() } else { data };
                let got = self
                    .instance
                    .write_via_stream(*offset, *len, data)
                    .map_err(trapped)?;
                let expected = self.model.write_via_stream(*offset, *len, bytes);
                same_result(op, got, expected)
            }
            StreamOp::ReadViaStream { offset, len, most } => {
                let got = self
                    .instance
                    .read_via_stream_taking(*offset, *len, *most)
                    .map_err(trapped)?;
                same_result(op, got, self.model.read_via_stream(*offset, *len, *most))
            }
        }
    }
}

/// What a trap in `op` becomes.
fn trapped(op: &impl fmt::Debug) -> impl Fn(wasmtime::Error) -> Divergence {
    let call = format!("{op:?}");
    move |error| Divergence::Trapped {
        call: call.clone(),
        error: format!("{error:#}"),
    }
}

fn same<T: PartialEq + fmt::Debug>(
    op: &impl fmt::Debug,
    component: T,
    contract: T,
) -> Result<Answer, Divergence> {
    if component == contract {
        return Ok(Answer::Value);
    }
    Err(differs(op, component, contract))
}

fn same_result<T: PartialEq + fmt::Debug>(
    op: &impl fmt::Debug,
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

fn differs(
    op: &impl fmt::Debug,
    component: impl fmt::Debug,
    contract: impl fmt::Debug,
) -> Divergence {
    let short = |value: String| match value.len() {
        0..=200 => value,
        n => format!("{}... ({n} characters)", &value[..200]),
    };
    Divergence::Differs {
        call: format!("{op:?}"),
        component: short(format!("{component:?}")),
        contract: short(format!("{contract:?}")),
    }
}
