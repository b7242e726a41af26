//! A Rust host for the `linear-memory` world, on wasmtime: load a component,
//! sandbox it, instantiate it, call it, look inside it.
//!
//! [`Host`] loads any component that implements the world (the Rust one this
//! workspace builds, or one written in another language) and
//! [`LoadedComponent::instantiate`] gives an [`Instance`]. A [`Call`] is one
//! call of the contract; [`Instance::call`] makes it through the typed
//! function `bindgen!` (below) generated for it, and [`Checked::call`] also
//! holds the answer to the contract's rules (`wit/rules`).
//!
//! ```no_run
//! use linear_memory_host::{Answer, Call, Host, Value};
//!
//! let host = Host::new()?;
//! let component = host.load(linear_memory_host::DEFAULT_COMPONENT)?;
//! let mut instance = component.instantiate()?;
//! instance.call(&Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 })?;
//! let read = instance.call(&Call::Read { offset: 0, len: 1 })?;
//! assert_eq!(read, Answer::Ok(Value::List(vec![24])));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A call returns a `wasmtime::Result`: `Err` when the guest trapped (or,
//! through [`Checked`], answered what the contract rules out: a
//! [`Violation`]). A request the component turned down is an answer,
//! [`Answer::Err`], with the WIT `error` in it.
//!
//! [`Host::inspecting`] makes a debugger's engine, on which
//! [`Instance::core_memories`] sees inside an instance, and
//! [`Host::load_any`] also takes commands: a lesson client composed with an
//! implementation, run once by [`LoadedCommand::run`].

#![warn(missing_docs)]

mod abi;
mod any_instance;
mod cache;
mod checked;
mod command;
mod debug;
mod driver;
mod error;
mod host;
mod instance;
mod invoke;
mod limits;
mod loaded;
mod map;
mod sandbox;
mod streams;

pub use abi::Block;
pub use any_instance::AnyInstance;
pub use checked::Checked;
pub use command::CommandRun;
pub use debug::{CoreMemory, Inside};
pub use error::{LoadError, StillWaiting};
pub use host::Host;
pub use instance::{InCall, Instance};
pub use invoke::{Invocation, InvokeError};
pub use limits::Limits;
pub use linear_memory_rules::{Call, MOST_PAGES, Sent, Start, Value, Violation, Wave};
pub use loaded::{AnyComponent, Loaded, LoadedAny, LoadedCommand, LoadedComponent, LoadedStreams};
pub use map::{Allocation, CallMap, Placed};
pub use sandbox::{Printed, Sandbox};

/// Host-side types generated from `wit/` by `wasmtime::component::bindgen!`.
#[allow(missing_docs, reason = "generated; the WIT documents each item")]
pub mod bindings {
    wasmtime::component::bindgen!({
        world: "linear-memory",
        path: "../../wit",
        // So hosts and tests can compare the component's answers.
        additional_derives: [PartialEq, Eq],
    });
}

/// The same for the `linear-memory-streams` world, whose `buffer` is the
/// `buffer` above: one set of types for both worlds.
#[allow(missing_docs, reason = "generated; the WIT documents each item")]
pub mod stream_bindings {
    wasmtime::component::bindgen!({
        world: "linear-memory-streams",
        path: "../../wit",
        additional_derives: [PartialEq, Eq],
        with: {
            "wasm-by-example:linear-memory/buffer": crate::bindings::exports::wasm_by_example::linear_memory::buffer,
        },
    });
}

pub use bindings::exports::wasm_by_example::linear_memory::buffer::{
    Error as BufferError, GrowRefused, OutOfBounds,
};

/// What a call answered, with the WIT `error` as these bindings generate it.
pub type Answer = linear_memory_rules::Answer<BufferError>;

// The contract's rules (`wit/rules`) build and print the bindings' `error`.
linear_memory_rules::refusal!(BufferError, OutOfBounds, GrowRefused);

/// The component this workspace builds, `component/` compiled for
/// wasm32-wasip2 by `build.rs`.
pub const DEFAULT_COMPONENT: &str = env!("LINEAR_MEMORY_WASM");

/// The streams component this workspace builds, `component/streams`
/// compiled for wasm32-wasip2 by `build.rs`.
pub const STREAMS_COMPONENT: &str = env!("LINEAR_MEMORY_STREAMS_WASM");
