//! An instance whose every answer is held to the contract's rules
//! (`wit/rules`) before anyone uses it: the runner's lessons, its property
//! tests and its fuzz target all make their calls through [`Checked`].

use std::ops::Range;

use linear_memory_rules::{Cap, Contract, Start};

use crate::{Answer, BufferError, Call, Instance, Value};

/// An instance and the contract, kept in step call by call.
pub struct Checked {
    instance: Instance,
    contract: Contract<BufferError>,
}

impl Checked {
    /// Starts checking a fresh instance, whose host lets its memory reach
    /// `max_memory` bytes: asks where the buffer is, how long it is and how
    /// big memory is, and checks those answers together before trusting
    /// the length with an allocation.
    pub fn new(mut instance: Instance, max_memory: usize) -> wasmtime::Result<Self> {
        let mut number = |call| match instance.call(&call)? {
            Answer::Value(Value::U32(number)) => Ok(number),
            other => wasmtime::bail!("{call} returned {other:?}: the bindings broke"),
        };
        let start = Start {
            pointer: number(Call::GetWasmMemoryBufferPointer)?,
            len: number(Call::BufferLen)?,
            pages: number(Call::MemoryPages)?,
        };
        let contract = Contract::new(start, Cap::bytes(max_memory))?;
        Ok(Self { instance, contract })
    }

    /// Makes `call` and returns its answer if the contract allows it. `Err`
    /// if the component trapped, or answered what the contract rules out:
    /// then the error is a [`linear_memory_rules::Violation`].
    pub fn call(&mut self, call: &Call) -> wasmtime::Result<Answer> {
        let instance = &mut self.instance;
        self.contract.call(call, |call| instance.call(call))
    }

    /// Reads the whole buffer and compares it with what the calls so far
    /// stored: after `call`, whose range (empty if it was to store nothing)
    /// says where a difference lies.
    pub fn check_whole_buffer(&mut self, call: &Call, range: Range<u32>) -> wasmtime::Result<()> {
        let len = self.contract.start().len;
        let held = self.instance.call(&Call::Read { offset: 0, len })?;
        Ok(self.contract.whole_buffer(call, range, held)?)
    }

    /// What the instance said about its buffer at the start.
    pub fn start(&self) -> Start {
        self.contract.start()
    }

    /// The instance being checked, for what is not a call: what it printed,
    /// its memories.
    pub fn instance(&mut self) -> &mut Instance {
        &mut self.instance
    }

    /// Tells the contract that the host wrote `value` at `index` in place,
    /// behind the component's back (`--inspect`'s part two).
    pub fn written_in_place(&mut self, index: u32, value: u8) {
        self.contract.written_in_place(index, value);
    }
}
