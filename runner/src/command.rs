//! Commands: components that export `wasi:cli/run`, such as a lesson client
//! composed with an implementation. The runner runs one under `--inspect`,
//! to look inside it afterwards.

use std::path::Path;

use wasmtime::Store;
use wasmtime::component::Component;
use wasmtime_wasi::p2::bindings::sync::CommandPre;

use crate::host::sandboxed_store;
use crate::sandbox::Sandbox;
use crate::{Host, Limits, LoadError};

/// A command compiled for a host, ready to run.
pub struct LoadedCommand {
    size: usize,
    imports: Vec<String>,
    pre: CommandPre<Sandbox>,
    limits: Limits,
}

/// A finished run of a command, with its store kept: the component's
/// memories are still there for a debugger to read.
pub struct CommandRun {
    pub(crate) store: Store<Sandbox>,
    /// Whether `run` returned `ok`.
    pub succeeded: bool,
    /// What the command printed to stdout.
    pub stdout: Vec<u8>,
}

impl LoadedCommand {
    pub(crate) fn new(
        host: &Host,
        path: &Path,
        component: &Component,
        size: usize,
        imports: Vec<String>,
    ) -> Result<Self, LoadError> {
        Ok(Self {
            size,
            imports,
            pre: host.prepare(path, component, CommandPre::new)?,
            limits: host.limits(),
        })
    }

    /// Runs the command once, in the same sandbox every instance gets,
    /// except that its stdout is kept.
    pub fn run(&self) -> wasmtime::Result<CommandRun> {
        let (sandbox, stdout) = Sandbox::capturing_stdout(&self.limits);
        let mut store = sandboxed_store(self.pre.engine(), sandbox, &self.limits);
        let command = self.pre.instantiate(&mut store)?;
        let succeeded = command.wasi_cli_run().call_run(&mut store)?.is_ok();
        Ok(CommandRun {
            store,
            succeeded,
            stdout: stdout.contents().to_vec(),
        })
    }

    /// The size of the `.wasm` file in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The names of the interfaces the command imports.
    pub fn imports(&self) -> &[String] {
        &self.imports
    }
}
