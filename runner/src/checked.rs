//! One checked call, for every lesson the runner gives: the call made
//! through the oracle's [`Checker`], which holds its answer to the contract
//! (the same rules the property tests and the fuzzer use), then what the
//! component printed meanwhile shown, then the call and its answer printed.
//! An answer the contract rules out, or a trap, ends the lesson with one
//! line.

use std::fmt::Display;
use std::io::{self, Write};
use std::path::Path;

use linear_memory_host::{BufferError, CoreMemory, Instance};
use linear_memory_oracle::{Checker, Divergence, Wave};

use crate::error::{RunError, describe};
use crate::printed;

/// A lesson's calls into one instance, checked, and where it prints them.
/// `I` is an [`Instance`], or a [`linear_memory_host::StreamsInstance`].
pub struct Calls<'a, W, I = Instance> {
    /// The instance, and the contract it is held to.
    pub checker: Checker<I>,
    /// The component's file, which every error line names.
    pub path: &'a Path,
    /// Where the lesson prints.
    pub out: &'a mut W,
}

impl<'a, W: Write, I: AsMut<Instance>> Calls<'a, W, I> {
    /// Checks the instance `instantiated` made, whose host caps its memory
    /// at `max_memory` bytes: where its buffer is, and that it fits.
    pub fn start(
        instantiated: wasmtime::Result<I>,
        max_memory: usize,
        path: &'a Path,
        out: &'a mut W,
    ) -> Result<Self, RunError> {
        let instance = instantiated.map_err(|error| RunError::Instantiate {
            path: path.into(),
            error,
        })?;
        let mut calls = Self {
            checker: Checker::new(instance, max_memory)
                .map_err(|divergence| RunError::from_divergence(path, divergence))?,
            path,
            out,
        };
        calls.show_printed()?;
        Ok(calls)
    }

    /// Makes one call through the checker, and shows what the component
    /// printed meanwhile.
    pub fn call<T>(
        &mut self,
        f: impl FnOnce(&mut Checker<I>) -> Result<T, Divergence>,
    ) -> Result<T, RunError> {
        let result = f(&mut self.checker);
        self.show_printed()?;
        result.map_err(|divergence| RunError::from_divergence(self.path, divergence))
    }

    /// Makes a call the lesson needs to succeed: `call` (as the lesson
    /// writes it) refused ends the lesson.
    pub fn request<T>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut Checker<I>) -> Result<Result<T, BufferError>, Divergence>,
    ) -> Result<T, RunError> {
        self.call(f)?.map_err(|error| RunError::Refused {
            path: self.path.into(),
            call: call.to_string(),
            error,
        })
    }

    /// Makes a call the contract requires to be refused, and prints the
    /// refusal, as a value and as a sentence.
    pub fn refusal<T>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut Checker<I>) -> Result<Result<T, BufferError>, Divergence>,
    ) -> Result<(), RunError> {
        let Err(error) = self.call(f)? else {
            return Err(self.broken(format!("{call} was not refused")));
        };
        writeln!(self.out, "  {call} -> err({})", error.wave())?;
        writeln!(self.out, "    {}", describe(&error))?;
        Ok(())
    }

    /// `--inspect`: the memory that holds the buffer, found by a probe the
    /// host writes with `write(0, ...)` and looks for at the pointer (then
    /// puts back what was there); `None` if no memory has it there.
    pub fn find_buffer_memory(&mut self) -> Result<Option<CoreMemory>, RunError> {
        let found = self.checker.instance().as_mut().find_buffer_memory();
        self.show_printed()?;
        found.map_err(|error| RunError::Trapped {
            path: self.path.into(),
            call: "write(0, probe)".into(),
            error,
        })
    }

    /// Prints one call, what came back, and why it matters.
    pub fn step(&mut self, call: &str, result: impl Display, note: &str) -> io::Result<()> {
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

    /// The line for an answer the contract rules out.
    pub fn broken(&self, detail: String) -> RunError {
        RunError::Contract {
            path: self.path.into(),
            detail,
        }
    }

    fn show_printed(&mut self) -> io::Result<()> {
        let printed = self.checker.instance().as_mut().take_printed();
        printed::show(self.out, &printed)
    }
}
