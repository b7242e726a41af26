//! Why the runner stopped: every failure is one line that names the
//! component and the cause.

use std::io;
use std::path::PathBuf;

use linear_memory_host::{
    BufferError, InCall, InvokeError, LoadError, OutOfBounds, StillWaiting, Violation,
};

/// What stopped the runner. Printed as one line that names the component.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The component could not be loaded.
    #[error(transparent)]
    Load(LoadError),
    /// `--invoke`'s text is not a call the component can take.
    #[error("{}: {error}", .path.display())]
    Invoke {
        /// The component.
        path: PathBuf,
        /// Why not.
        error: InvokeError,
    },
    /// The lesson's engine keeps the async ABI off, and the component uses it.
    #[error(
        "{} uses the component model's async ABI (stream<u8>, async functions), which the lesson's engine keeps off: run a streams implementation with --streams, a WASI 0.3 command with --inspect",
        .path.display()
    )]
    NeedsAsyncAbi {
        /// The component.
        path: PathBuf,
    },
    /// wasmtime itself could not start.
    #[error("cannot start wasmtime: {0}")]
    Engine(wasmtime::Error),
    /// The component loaded but could not be instantiated.
    #[error("{} could not be instantiated: {}", .path.display(), one_line(.error))]
    Instantiate {
        /// The component.
        path: PathBuf,
        /// What wasmtime reported.
        error: wasmtime::Error,
    },
    /// A call failed: the component trapped in it, or answered what the
    /// contract rules out (the error is then a [`Violation`]).
    #[error("{} {}", .path.display(), failed(.error))]
    Call {
        /// The component.
        path: PathBuf,
        /// What the checked call reported.
        error: wasmtime::Error,
    },
    /// The component refused a request the lesson expected to succeed.
    #[error("{} refused {call}: {}", .path.display(), describe(.error))]
    Refused {
        /// The component.
        path: PathBuf,
        /// The call, as the lesson prints it.
        call: String,
        /// The component's error value.
        error: BufferError,
    },
    /// The component answered what the lesson cannot go on with.
    #[error("{} broke the contract: {detail}", .path.display())]
    Contract {
        /// The component.
        path: PathBuf,
        /// What it answered, and what was expected.
        detail: String,
    },
    /// Standard output went away.
    #[error("cannot print the lesson: {0}")]
    Output(#[from] io::Error),
    /// `--inspect`: no memory holds, at the pointer, what `write` wrote.
    #[error(
        "{} hides its buffer: what write(0, ...) wrote is not at the pointer ({pointer}) in any of its linear memories ({memories} looked at)",
        .path.display()
    )]
    NoBufferMemory {
        /// The component.
        path: PathBuf,
        /// How many memories the debugger saw.
        memories: usize,
        /// What the component said the pointer was.
        pointer: u32,
    },
    /// `--inspect` on a command: its `run` returned `err`.
    #[error("{} failed: its wasi:cli/run returned err", .path.display())]
    CommandFailed {
        /// The command.
        path: PathBuf,
    },
}

/// A load error, with what the runner's flags can do about it where they can.
impl From<LoadError> for RunError {
    fn from(error: LoadError) -> Self {
        match error {
            LoadError::NeedsAsyncAbi { path } => RunError::NeedsAsyncAbi { path },
            other => RunError::Load(other),
        }
    }
}

/// Why a checked call failed, after the component's path: the rule its
/// answer broke, or the call it trapped in and why.
fn failed(error: &wasmtime::Error) -> String {
    if let Some(violation) = error.downcast_ref::<Violation>() {
        return format!("broke the contract: {violation}");
    }
    let call = match error.downcast_ref::<InCall>() {
        Some(InCall(call)) => call.as_str(),
        None => "a call",
    };
    format!("trapped in {call}: {}", one_line(error))
}

/// A trap's own message, without the multi-line wasm backtrace wasmtime
/// attaches to it (nor the call the context names).
fn one_line(error: &wasmtime::Error) -> String {
    if error.downcast_ref::<StillWaiting>().is_some() {
        return "stopped: it was still waiting at the time limit (--timeout-ms)".to_string();
    }
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::Interrupt) => {
            "stopped: it ran past the time limit (--timeout-ms)".to_string()
        }
        Some(trap) => trap.to_string(),
        // The message under the call's name, when the error carries one.
        None => match error.downcast_ref::<InCall>() {
            Some(_) => error
                .chain()
                .nth(1)
                .map_or_else(String::new, |e| e.to_string()),
            None => error.to_string(),
        },
    }
}

/// A sentence that says why the component refused a request.
///
/// (`bindgen!` gives [`BufferError`] a `Display` that prints its `Debug`
/// form; this one is for people.)
pub fn describe(error: &BufferError) -> String {
    match error {
        BufferError::OutOfBounds(OutOfBounds {
            offset,
            len: 1,
            buffer_len,
        }) => format!(
            "index {offset} is outside the {buffer_len}-byte buffer (valid indices: 0 to {})",
            buffer_len.saturating_sub(1)
        ),
        BufferError::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        }) => format!(
            "bytes {offset}..{} are outside the {buffer_len}-byte buffer (a range must end at or before {buffer_len})",
            u64::from(*offset) + u64::from(*len)
        ),
        BufferError::GrowRefused(refused) => format!(
            "memory of {} pages could not grow by {} pages (a host limit, or past 4 GiB)",
            refused.current_pages, refused.requested_pages
        ),
    }
}
