//! Builds the components the runner drives by default, the lesson's and the
//! streams one, so that `cargo run` and `cargo test` need no separate step.
//!
//! This is the pattern wasmtime uses for its own guest test programs: a build
//! script runs a nested `cargo build --target wasm32-wasip2` with a target
//! directory of its own. A separate target directory keeps the nested build
//! from waiting on the lock the outer build holds, and the nested build is
//! the same command the README gives for building the component by hand.
//! Their paths reach the runner as the `LINEAR_MEMORY_WASM` and
//! `LINEAR_MEMORY_STREAMS_WASM` environment variables at compile time.
//!
//! Set `LINEAR_MEMORY_WASM=/path/to/component.wasm` (or the other) to build
//! the runner around a component made elsewhere instead: another
//! implementation of the world, or the same one built with another
//! toolchain or flags (the fuzz build takes the one interop/build made).

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip2";

/// The components the runner builds on: each package, and the variable that
/// names its `.wasm` (and, when set, overrides building it).
const COMPONENTS: [(&str, &str); 2] = [
    ("linear-memory", "LINEAR_MEMORY_WASM"),
    ("linear-memory-streams", "LINEAR_MEMORY_STREAMS_WASM"),
];

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap());
    // runner/host/ -> the workspace.
    let workspace = manifest_dir.ancestors().nth(2).unwrap();
    for input in ["component", "wit", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", workspace.join(input).display());
    }

    let target_dir = guest_target_dir();
    let mut to_build = Vec::new();
    for (package, variable) in COMPONENTS {
        println!("cargo:rerun-if-env-changed={variable}");
        let wasm = match env::var_os(variable) {
            Some(given) => given_component(variable, given.into()),
            None => {
                to_build.push(package);
                target_dir
                    .join(TARGET)
                    .join("release")
                    .join(format!("{}.wasm", package.replace('-', "_")))
            }
        };
        println!("cargo:rustc-env={variable}={}", wasm.display());
    }
    if !to_build.is_empty() {
        build(workspace, &target_dir, &to_build);
    }
}

/// A component made elsewhere, named by `variable`.
fn given_component(variable: &str, wasm: PathBuf) -> PathBuf {
    assert!(
        wasm.is_file(),
        "{variable}={} is not a file",
        wasm.display()
    );
    println!("cargo:rerun-if-changed={}", wasm.display());
    wasm
}

/// Builds `packages` for wasm32-wasip2 with `--release`, in `target_dir`.
fn build(workspace: &Path, target_dir: &Path, packages: &[&str]) {
    ensure_target_installed();
    let cargo = env::var_os("CARGO").unwrap();
    let mut command = Command::new(cargo);
    command.args(["build", "--release", "--target", TARGET]);
    for package in packages {
        command.args(["--package", package]);
    }
    let status = command
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir)
        // The outer build's flags and wrappers are for the host (under
        // `cargo clippy`, for linting it; for the fuzz target, coverage
        // instrumentation), not for the guest.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .status()
        .unwrap_or_else(|e| panic!("failed to run cargo to build the components: {e}"));
    assert!(
        status.success(),
        "building the components failed (see above)"
    );
}

/// Where the nested build builds. `cargo run`, `cargo test` and `cargo
/// clippy` (and each set of features or profile overrides) run this script
/// in an `OUT_DIR` of their own, `<profile>/build/linear-memory-host-<hash>/out`; one
/// target directory beside those, `<profile>/guest`, lets them share one
/// build of the component instead of making it from scratch each time.
/// Cargo's lock on it makes builds that run at once take turns.
fn guest_target_dir() -> PathBuf {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let mut ancestors = out_dir.ancestors();
    match (ancestors.nth(2), ancestors.next()) {
        (Some(build), Some(profile)) if build.ends_with("build") => profile.join("guest"),
        // A layout this script does not know: a build of its own.
        _ => out_dir.join("guest"),
    }
}

/// The demo must work on a machine that has never built for wasm32-wasip2:
/// add the target's standard library with rustup when it is missing.
fn ensure_target_installed() {
    let rustc = env::var_os("RUSTC").unwrap();
    let sysroot = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .unwrap_or_else(|e| panic!("failed to run rustc --print sysroot: {e}"));
    let sysroot = String::from_utf8(sysroot.stdout).unwrap();
    if Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(TARGET)
        .is_dir()
    {
        return;
    }
    println!("cargo:warning=installing the {TARGET} target with rustup (once)");
    let status = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
        .unwrap_or_else(|e| panic!("the {TARGET} target is missing and rustup failed: {e}"));
    assert!(status.success(), "`rustup target add {TARGET}` failed");
}
