//! Integration tests: the real component, built by `build.rs`, driven
//! through the runner library and the runner binary.
//!
//! One test binary with a module per subject, as in wasmtime's own
//! `tests/all`, so wasmtime is linked once.
//!
//! ```sh
//! cargo test
//! ```

mod artifact;
mod cli;
mod conformance;
mod fixtures;
mod growth;
mod isolation;
mod leaks;
mod limits;
mod properties;
mod sandbox;
mod seed;

use std::sync::LazyLock;

use runner::{Buffer, Host, LoadedComponent};

/// The component this workspace builds, compiled once for all tests.
static COMPONENT: LazyLock<LoadedComponent> = LazyLock::new(|| {
    let host = Host::new().expect("wasmtime engine");
    host.load(runner::DEFAULT_COMPONENT)
        .expect("the workspace's component loads")
});

/// A fresh instance of the workspace's component.
fn instance() -> Buffer {
    COMPONENT.instantiate().expect("instantiate")
}
