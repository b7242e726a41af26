//! One instance of a component, and the contract's calls into it: each
//! [`Call`] dispatched to the typed function `bindgen!` generated for it.

use std::ops::Range;
use std::sync::Arc;

use wasmtime::Store;
use wasmtime::error::Context;

use crate::bindings::LinearMemory;
use crate::debug::{self, CoreMemory, Inside};
use crate::driver::Driver;
use crate::map::CallMap;
use crate::sandbox::{Printed, Sandbox};
use crate::stream_bindings::LinearMemoryStreams;
use crate::streams::Watch;
use crate::{Answer, Call, Value, streams};

/// What a failed call was doing, as context on its error: the call, in WAVE.
#[derive(Debug)]
pub struct InCall(pub String);

impl std::fmt::Display for InCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "in {}", self.0)
    }
}

/// Bytes written into the buffer to find the memory that holds it (as many
/// of them as the buffer has room for), then written again inverted: only a
/// memory that shows both at the pointer holds the buffer, however short.
const PROBE: &[u8] = b"where's the buffer";

/// One instance of the component, and the store that owns its memory.
pub struct Instance {
    store: Store<Sandbox>,
    buffer: LinearMemory,
    /// Its `streams`, if it implements `linear-memory-streams`.
    streams: Option<LinearMemoryStreams>,
    /// Straight through, or on the store's event loop.
    driver: Driver,
    /// Epoch ticks each call may run for ([`crate::Limits::timeout`]).
    deadline: u64,
    /// What `write-ring-via-stream`'s producer looks at, round by round.
    watch: Option<Watch>,
}

impl Instance {
    pub(crate) fn new(
        store: Store<Sandbox>,
        buffer: LinearMemory,
        streams: Option<LinearMemoryStreams>,
        driver: Driver,
        deadline: u64,
    ) -> Self {
        Self {
            store,
            buffer,
            streams,
            driver,
            deadline,
            watch: None,
        }
    }

    /// Makes `call`: one call across the component boundary. `Err` if the
    /// guest trapped (or ran out of time), with the call it trapped in
    /// ([`InCall`]); a request the component turned down is an answer,
    /// [`Answer::Err`].
    pub fn call(&mut self, call: &Call) -> wasmtime::Result<Answer> {
        self.store.set_epoch_deadline(self.deadline);
        self.dispatch(call)
            .with_context(|| InCall(call.to_string()))
    }

    /// `call`, through the typed function `bindgen!` generated for it: one
    /// arm per function of the WIT. A function without a `result` answers
    /// a plain value; one with a `result`, its `ok` or its `err`.
    fn dispatch(&mut self, call: &Call) -> wasmtime::Result<Answer> {
        let buffer = self.buffer.wasm_by_example_linear_memory_buffer();
        let (store, driver) = (&mut self.store, &self.driver);
        Ok(match call {
            Call::StoreValueInWasmMemoryBufferIndexZero { value } => {
                let func = buffer.func_store_value_in_wasm_memory_buffer_index_zero();
                let () = driver.call(store, func, (*value,))?;
                Answer::Value(Value::Nothing)
            }
            Call::GetWasmMemoryBufferPointer => {
                let func = buffer.func_get_wasm_memory_buffer_pointer();
                let (pointer,) = driver.call(store, func, ())?;
                Answer::Value(pointer.into())
            }
            Call::ReadWasmMemoryBufferAndReturnIndexOne => {
                let func = buffer.func_read_wasm_memory_buffer_and_return_index_one();
                let (byte,) = driver.call(store, func, ())?;
                Answer::Value(byte.into())
            }
            Call::BufferLen => {
                let (len,) = driver.call(store, buffer.func_buffer_len(), ())?;
                Answer::Value(len.into())
            }
            Call::Load { index } => {
                let (loaded,) = driver.call(store, buffer.func_load(), (*index,))?;
                loaded.into()
            }
            Call::Write { offset, bytes } => {
                let params = (*offset, bytes.as_slice());
                let (written,) = driver.call(store, buffer.func_write(), params)?;
                written.into()
            }
            Call::Read { offset, len } => {
                let (bytes,) = driver.call(store, buffer.func_read(), (*offset, *len))?;
                bytes.into()
            }
            Call::MemoryPages => {
                let (pages,) = driver.call(store, buffer.func_memory_pages(), ())?;
                Answer::Value(pages.into())
            }
            Call::GrowMemory { pages } => {
                let (grown,) = driver.call(store, buffer.func_grow_memory(), (*pages,))?;
                grown.into()
            }
            Call::Store { index, value } => {
                let (stored,) = driver.call(store, buffer.func_store(), (*index, *value))?;
                stored.into()
            }
            Call::WriteViaStream { offset, len, data } => {
                let streams = implemented(self.streams.as_ref(), call)?;
                streams::write_via_stream(store, driver, streams, (*offset, *len), data)?.into()
            }
            Call::WriteRingViaStream { data } => {
                let streams = implemented(self.streams.as_ref(), call)?;
                let watch = self.watch.clone();
                let count = streams::write_ring_via_stream(store, driver, streams, data, watch)?;
                Answer::Value(count.into())
            }
            Call::ReadViaStream { offset, len, take } => {
                let streams = implemented(self.streams.as_ref(), call)?;
                streams::read_via_stream(store, driver, streams, (*offset, *len), *take)?.into()
            }
        })
    }

    /// Asks for the copy map of the next call, on a debugger's engine
    /// ([`crate::Host::inspecting`]): where its arguments' and results'
    /// bytes were, read from the call as `--invoke`'s map reads them.
    pub fn map_next_call(&mut self) {
        self.driver.map_next_call();
    }

    /// The map of the call made since [`Instance::map_next_call`]; `None`
    /// if none was made. Later calls run untraced.
    pub fn take_map(&mut self) -> wasmtime::Result<Option<CallMap>> {
        self.driver.take_map(&mut self.store)
    }

    /// What the component printed to stdout and stderr since the last time
    /// this was asked.
    pub fn take_printed(&mut self) -> Printed {
        self.store.data_mut().take_printed()
    }

    /// The bytes of `memory`, to write to: behind the component's back.
    pub fn memory_bytes_mut(&mut self, memory: &CoreMemory) -> &mut [u8] {
        memory.bytes_mut(&mut self.store)
    }

    /// A debugger's view of a ring filling: from now on, before each write
    /// the host makes into what a `write-ring-via-stream` offers, the bytes
    /// of `range` in `memory` are kept, until [`Instance::rounds_seen`].
    pub fn watch_rounds(&mut self, memory: CoreMemory, range: Range<usize>) {
        let seen = Arc::default();
        self.watch = Some(Watch {
            memory,
            range,
            seen,
        });
    }

    /// What the watched bytes held before each write, in order; the watch
    /// ends.
    pub fn rounds_seen(&mut self) -> Vec<Vec<u8>> {
        let Some(watch) = self.watch.take() else {
            return Vec::new();
        };
        let mut seen = watch
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::take(&mut *seen)
    }

    /// The memory that holds the buffer, found by evidence rather than by
    /// position: a probe written with `write` at offset 0 and looked for at
    /// the pointer in each memory, twice (the probe, then its inverse), then
    /// overwritten with what was there before. `None` when no memory has it
    /// there. With it, the copy map of the probe's first `write`: where the
    /// canonical ABI put the list on its way to the buffer.
    pub fn find_buffer_memory(&mut self) -> wasmtime::Result<Option<(CoreMemory, CallMap)>> {
        let pointer = self.call(&Call::GetWasmMemoryBufferPointer)?.value();
        let buffer_len = self.call(&Call::BufferLen)?.value();
        let (Some(Ok(pointer)), Some(Ok(buffer_len))) =
            (pointer.map(u32::try_from), buffer_len.map(u32::try_from))
        else {
            return Ok(None);
        };
        let len = buffer_len.min(PROBE.len() as u32);
        let before = self.call(&Call::Read { offset: 0, len })?.value();
        let Some(Ok(before)) = before.map(Vec::<u8>::try_from) else {
            return Ok(None);
        };
        let probe = &PROBE[..len as usize];
        let inverse: Vec<u8> = probe.iter().map(|byte| !byte).collect();
        let mut candidates = self.core_memories();
        // No memories to look in: not a debugger's engine.
        if candidates.is_empty() {
            return Ok(None);
        }
        let mut map = None;
        for bytes in [probe.to_vec(), inverse] {
            let at_pointer = pointer as usize..pointer as usize + bytes.len();
            let written = Call::Write {
                offset: 0,
                bytes: bytes.clone(),
            };
            let first = map.is_none();
            if first {
                self.map_next_call();
            }
            let answer = self.call(&written);
            if first {
                map = Some(self.take_map()?.unwrap_or_default());
            }
            let refused = matches!(answer?, Answer::Err(_));
            candidates.retain(|memory| {
                !refused && memory.bytes(&self.store).get(at_pointer.clone()) == Some(&bytes[..])
            });
        }
        self.call(&Call::Write {
            offset: 0,
            bytes: before,
        })?;
        let map = map.unwrap_or_default();
        Ok(candidates.into_iter().next().map(|memory| (memory, map)))
    }
}

/// The `streams` interface, for `call`, which is one of its functions, if
/// the component implements it.
fn implemented<'a>(
    streams: Option<&'a LinearMemoryStreams>,
    call: &Call,
) -> wasmtime::Result<&'a LinearMemoryStreams> {
    streams.ok_or_else(|| {
        wasmtime::format_err!(
            "{call} is a function of the streams interface, which this component does not implement (Host::load_streams loads one that does)"
        )
    })
}

impl debug::Stored for Instance {
    fn store(&mut self) -> &mut Store<Sandbox> {
        &mut self.store
    }
}
