//! Why a file could not be loaded: each cause a variant, each message one
//! line that names the file.

use std::path::PathBuf;

/// Why a file could not be used as a `linear-memory` component. Each message
/// names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read: missing, a directory, no permission.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The file asked for.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is empty.
    #[error("{} is empty: expected a WebAssembly component", .path.display())]
    Empty {
        /// The file asked for.
        path: PathBuf,
    },
    /// The file does not start with WebAssembly's magic bytes.
    #[error("{} is not WebAssembly: it does not start with \"\\0asm\"", .path.display())]
    NotWasm {
        /// The file asked for.
        path: PathBuf,
    },
    /// The file is a core module, which has no WIT interface.
    #[error(
        "{} is a core WebAssembly module, not a component (make one with `cargo build --target wasm32-wasip2` or `wasm-tools component new`)",
        .path.display()
    )]
    CoreModule {
        /// The file asked for.
        path: PathBuf,
    },
    /// The file claims to be a component but wasmtime cannot compile it.
    #[error("{} is not a valid component: {reason}", .path.display())]
    Invalid {
        /// The file asked for.
        path: PathBuf,
        /// What wasmtime said, causes included.
        reason: String,
    },
    /// The component uses the component model's async ABI (`stream<u8>`,
    /// async functions), which this host's engine has off.
    #[error(
        "{} uses the component model's async ABI (stream<u8>, async functions), which this host's engine has off (Host::concurrent's has it on)",
        .path.display()
    )]
    NeedsAsyncAbi {
        /// The file asked for.
        path: PathBuf,
    },
    /// The component imports something this host does not provide (when
    /// any world will do: [`crate::Host::load_for_calls`]).
    #[error("{} imports what this host does not provide (WASI 0.2, granting nothing): {reason}", .path.display())]
    Unlinkable {
        /// The file asked for.
        path: PathBuf,
        /// What wasmtime said, causes included.
        reason: String,
    },
    /// The component is valid but does not implement the world, or imports
    /// something this host does not provide.
    #[error("{} does not implement the {world} world: {reason}", .path.display())]
    WrongWorld {
        /// The file asked for.
        path: PathBuf,
        /// The world it was checked against.
        world: &'static str,
        /// What wasmtime said, causes included.
        reason: String,
    },
}

/// A concurrent call that was still waiting (for a stream's other end, say)
/// when its time ran out: no guest code was running, so no deadline could
/// interrupt it.
#[derive(Debug, thiserror::Error)]
#[error("the call was still waiting after {timeout:?}")]
pub struct StillWaiting {
    /// The time the call had.
    pub timeout: std::time::Duration,
}
