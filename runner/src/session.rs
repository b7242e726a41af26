//! A lesson's calls into one instance: each made through the library's
//! [`Checked`], which holds its answer to the contract's rules; what the
//! component printed meanwhile shown; the call and its answer printed. A
//! trap, or an answer the contract rules out, ends the lesson with one line.

use std::fmt::Display;
use std::io::{self, Write};
use std::path::Path;

use linear_memory_host::{
    Answer, Call, CallMap, Checked, CoreMemory, Inside, Instance, Value, Wave,
};

use crate::error::{RunError, describe};
use crate::printed;

/// A lesson's calls into one instance, checked, and where it prints them.
pub struct Session<'a, W> {
    /// The instance, and the contract it is held to.
    pub checked: Checked,
    /// The component's file, which every error line names.
    pub path: &'a Path,
    /// Where the lesson prints.
    pub out: &'a mut W,
}

impl<'a, W: Write> Session<'a, W> {
    /// Checks the instance `instantiated` made, whose host caps its memory
    /// at `max_memory` bytes: where its buffer is, and that it fits.
    pub fn start(
        instantiated: wasmtime::Result<Instance>,
        max_memory: usize,
        path: &'a Path,
        out: &'a mut W,
    ) -> Result<Self, RunError> {
        let instance = instantiated.map_err(|error| RunError::Instantiate {
            path: path.into(),
            error,
        })?;
        let checked = Checked::new(instance, max_memory).map_err(|error| RunError::Call {
            path: path.into(),
            error,
        })?;
        let mut session = Self { checked, path, out };
        session.show_printed()?;
        Ok(session)
    }

    /// Makes `call`, and shows what the component printed meanwhile.
    pub fn call(&mut self, call: &Call) -> Result<Answer, RunError> {
        let answer = self.checked.call(call);
        self.shown(answer)
    }

    /// Makes `call`, a function without a `result`: its value, as the type
    /// it is (`u32`, say).
    pub fn value<T: TryFrom<Value, Error = Value>>(&mut self, call: &Call) -> Result<T, RunError> {
        match self.call(call)? {
            Answer::Value(value) => self.typed(call, value),
            refused => Err(self.unexpected(call, &refused)),
        }
    }

    /// Makes `call`, which the lesson needs to be `ok`: its value, as the
    /// type it is. A refusal ends the lesson.
    pub fn request<T: TryFrom<Value, Error = Value>>(
        &mut self,
        call: &Call,
    ) -> Result<T, RunError> {
        match self.call(call)? {
            Answer::Ok(value) => self.typed(call, value),
            Answer::Err(error) => Err(RunError::Refused {
                path: self.path.into(),
                call: call.to_string(),
                error,
            }),
            value => Err(self.unexpected(call, &value)),
        }
    }

    /// Makes `call`, which the contract requires to be refused, and prints
    /// the refusal, as a value and as a sentence.
    pub fn refusal(&mut self, call: &Call) -> Result<(), RunError> {
        let Answer::Err(error) = self.call(call)? else {
            return Err(self.broken(format!("{call} was not refused")));
        };
        writeln!(self.out, "  {call} -> err({})", error.wave())?;
        writeln!(self.out, "    {}", describe(&error))?;
        Ok(())
    }

    /// Reads the whole buffer and compares it with what the calls so far
    /// stored: after `call`, whose range (empty if it was to store nothing)
    /// says where a difference lies.
    pub fn check_whole_buffer(
        &mut self,
        call: &Call,
        range: std::ops::Range<u32>,
    ) -> Result<(), RunError> {
        let checked = self.checked.check_whole_buffer(call, range);
        self.shown(checked)
    }

    /// `--inspect`: [`Session::request`], with the copy map of the call
    /// (where the canonical ABI put its bytes, read from the call itself:
    /// `--invoke`'s map).
    pub fn request_mapped<T: TryFrom<Value, Error = Value>>(
        &mut self,
        call: &Call,
    ) -> Result<(T, CallMap), RunError> {
        self.checked.instance().map_next_call();
        let answer = self.request(call);
        let map = self.checked.instance().take_map();
        let map = self.shown(map)?;
        Ok((answer?, map.unwrap_or_default()))
    }

    /// `--inspect`: the memory that holds the buffer, found by a probe the
    /// host writes with `write(0, ...)` and looks for at the pointer (then
    /// puts back what was there), and the copy map of the probe's write; the
    /// line that says so if no memory has it there.
    pub fn buffer_memory(&mut self) -> Result<(CoreMemory, CallMap), RunError> {
        let memories = self.checked.instance().core_memories().len();
        let found = self.checked.instance().find_buffer_memory();
        self.shown(found)?.ok_or_else(|| RunError::NoBufferMemory {
            path: self.path.into(),
            memories,
            pointer: self.checked.start().pointer,
        })
    }

    /// Prints one call, what came back, and why it matters.
    pub fn step(&mut self, call: impl Display, result: impl Display, note: &str) -> io::Result<()> {
        writeln!(self.out, "  {call} -> {result}   {note}")
    }

    /// A check of the lesson's own (what it needs, or what it sees in
    /// place): `got` must be `want`.
    pub fn expect<T: PartialEq + std::fmt::Debug>(
        &self,
        what: &str,
        got: T,
        want: T,
    ) -> Result<(), RunError> {
        if got == want {
            return Ok(());
        }
        Err(self.broken(format!("{what} is {got:?}, expected {want:?}")))
    }

    /// The line for an answer the lesson cannot go on with.
    pub fn broken(&self, detail: String) -> RunError {
        RunError::Contract {
            path: self.path.into(),
            detail,
        }
    }

    /// `value` as the type `call`'s function returns.
    fn typed<T: TryFrom<Value, Error = Value>>(
        &self,
        call: &Call,
        value: Value,
    ) -> Result<T, RunError> {
        T::try_from(value).map_err(|value| self.unexpected(call, &Answer::Ok(value)))
    }

    /// The line for an answer whose shape is not its function's: the
    /// bindings type every answer, so only a bug here can get one.
    fn unexpected(&self, call: &Call, answer: &Answer) -> RunError {
        self.broken(format!(
            "{call} answered {}, not what its type says",
            answer.wave()
        ))
    }

    /// What came of something done to the instance, once what the
    /// component printed meanwhile is shown: a failure is the line that
    /// names the component.
    fn shown<T>(&mut self, result: wasmtime::Result<T>) -> Result<T, RunError> {
        self.show_printed()?;
        result.map_err(|error| RunError::Call {
            path: self.path.into(),
            error,
        })
    }

    fn show_printed(&mut self) -> io::Result<()> {
        let printed = self.checked.instance().take_printed();
        printed::show(self.out, &printed)
    }
}
