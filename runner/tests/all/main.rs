//! Integration tests: real components driven through the runner library and
//! the runner binary.
//!
//! One test binary with a module per subject, as in wasmtime's own
//! `tests/all`, so wasmtime is linked once.
//!
//! ```sh
//! cargo test                 # the workspace's component
//! .ci/test                   # and every other implementation interop/build makes
//! ```
//!
//! The contract's tests (conformance, seed, growth, properties, leaks,
//! isolation, inspection) run on every implementation in
//! [`IMPLEMENTATIONS`]: the workspace's component, then each one listed in
//! the file `LINEAR_MEMORY_IMPLEMENTATIONS` names (`interop/build` writes it,
//! `.ci/test` sets the variable).

mod artifact;
mod cli;
mod command;
mod conformance;
mod contract;
mod fixtures;
mod growth;
mod honest;
mod inspect;
mod invoke;
mod isolation;
mod leaks;
mod lies;
mod limits;
mod properties;
mod rules;
mod sandbox;
mod seed;
mod stream_lies;
mod streams;

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::sync::LazyLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use linear_memory_host::{
    Answer, Call, Host, Instance, Limits, LoadedComponent, LoadedStreams, Value, Wave,
};

/// An implementation of the world, compiled once for all tests.
pub struct Implementation<C = LoadedComponent> {
    /// Its name in the manifest (`rust` for the workspace's component).
    pub name: String,
    /// Its path.
    pub path: String,
    /// It, loaded: a [`LoadedComponent`], or a [`LoadedStreams`].
    pub component: C,
}

/// What instantiates into an [`Instance`]: either kind of loaded component.
pub trait Instantiates {
    fn instantiate(&self) -> wasmtime::Result<Instance>;
}

impl Instantiates for LoadedComponent {
    fn instantiate(&self) -> wasmtime::Result<Instance> {
        LoadedComponent::instantiate(self)
    }
}

impl Instantiates for LoadedStreams {
    fn instantiate(&self) -> wasmtime::Result<Instance> {
        LoadedStreams::instantiate(self)
    }
}

impl<C: Instantiates> Implementation<C> {
    /// A fresh instance.
    pub fn instance(&self) -> Instance {
        self.component
            .instantiate()
            .unwrap_or_else(|e| panic!("{} instantiates: {e:?}", self.name))
    }
}

impl Implementation {
    fn load(name: &str, path: &str) -> Self {
        let host = Host::new().expect("wasmtime engine");
        let component = host
            .load(path)
            .unwrap_or_else(|e| panic!("{name} ({path}) loads: {e}"));
        Self {
            name: name.into(),
            path: path.into(),
            component,
        }
    }

    /// A fresh instance on `host`'s engine, under its limits.
    pub fn instance_on(&self, host: &Host) -> Instance {
        let component = host
            .load(&self.path)
            .unwrap_or_else(|e| panic!("{} loads: {e}", self.name));
        component
            .instantiate()
            .unwrap_or_else(|e| panic!("{} instantiates: {e:?}", self.name))
    }
}

/// The workspace's component, then every other implementation in the
/// manifest (the manifest's own `rust` entry is the same bytes, so it is
/// skipped).
pub static IMPLEMENTATIONS: LazyLock<Vec<Implementation>> = LazyLock::new(|| {
    let mut all = vec![Implementation::load(
        "rust",
        linear_memory_host::DEFAULT_COMPONENT,
    )];
    let Some(manifest) = std::env::var_os("LINEAR_MEMORY_IMPLEMENTATIONS") else {
        return all;
    };
    let text = std::fs::read_to_string(&manifest)
        .unwrap_or_else(|e| panic!("LINEAR_MEMORY_IMPLEMENTATIONS={manifest:?}: {e}"));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON list");
    for entry in entries.iter().filter(|entry| entry["name"] != "rust") {
        let name = entry["name"].as_str().expect("name");
        all.push(Implementation::load(
            name,
            entry["component"].as_str().expect("component"),
        ));
    }
    all
});

/// An implementation of the `linear-memory-streams` world, compiled once
/// on a host with the async ABI on.
pub type StreamsImplementation = Implementation<LoadedStreams>;

impl StreamsImplementation {
    fn load_streams(name: &str, path: &str) -> Self {
        let host = Host::concurrent(Limits::default()).expect("wasmtime engine");
        let component = host
            .load_streams(path)
            .unwrap_or_else(|e| panic!("{name} ({path}) loads: {e}"));
        Self {
            name: name.into(),
            path: path.into(),
            component,
        }
    }
}

/// Every implementation of the `linear-memory-streams` world: the
/// workspace's streams component (the other languages' have no async ABI
/// yet: interop/README.md).
pub static STREAMS_IMPLEMENTATIONS: LazyLock<Vec<StreamsImplementation>> = LazyLock::new(|| {
    vec![StreamsImplementation::load_streams(
        "rust-streams",
        linear_memory_host::STREAMS_COMPONENT,
    )]
});

/// Makes `call` on `instance`; its answer in WAVE, `ok([24, 0])` say. A trap
/// fails the test.
pub fn answer(instance: &mut Instance, call: Call) -> String {
    match instance.call(&call) {
        Ok(answer) => answer.wave(),
        Err(error) => panic!("{call} trapped: {error:?}"),
    }
}

/// Makes `call`; the value it answered, plain or in an `ok`. A trap or a
/// refusal fails the test.
pub fn value(instance: &mut Instance, call: &Call) -> Value {
    let answer = instance.call(call);
    match answer {
        Ok(Answer::Value(value) | Answer::Ok(value)) => value,
        other => panic!("{call} answered {other:?}"),
    }
}

/// Makes `call`, whose value is a `u32`: the number.
pub fn number(instance: &mut Instance, call: Call) -> u32 {
    u32::try_from(value(instance, &call)).unwrap_or_else(|other| panic!("{call}: {other:?}"))
}

/// Makes `call`, whose value is a `list<u8>`: the bytes.
pub fn bytes(instance: &mut Instance, call: Call) -> Vec<u8> {
    Vec::try_from(value(instance, &call)).unwrap_or_else(|other| panic!("{call}: {other:?}"))
}

/// The workspace's component, for the tests about it alone.
fn workspace() -> &'static Implementation {
    &IMPLEMENTATIONS[0]
}

/// How long one run of the runner binary may take before the test gives up
/// on it: a runner whose deadline never fires would otherwise hang the test.
const RUNNER_WALL_CLOCK: Duration = Duration::from_secs(120);

/// Runs the runner binary with `args`: the one this test build made, or the
/// one `LINEAR_MEMORY_RUNNER` names (a release build, say:
/// `LINEAR_MEMORY_RUNNER=target/release/runner cargo test lies`).
fn runner(args: &[&str]) -> Output {
    runner_within(args, RUNNER_WALL_CLOCK)
}

/// [`runner`], given `wall_clock` to finish: a run that compiles a large
/// component with guest debugging (minutes, the first time) needs more.
fn runner_within(args: &[&str], wall_clock: Duration) -> Output {
    let binary = std::env::var_os("LINEAR_MEMORY_RUNNER")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_runner").into());
    let mut child = Command::new(binary)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    // Read as it comes, so a full pipe never keeps the runner from exiting.
    let stdout = read_all_in_background(child.stdout.take().unwrap());
    let stderr = read_all_in_background(child.stderr.take().unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the runner is waited for") {
            break status;
        }
        if started.elapsed() > wall_clock {
            child.kill().ok();
            panic!("the runner {args:?} did not finish in {wall_clock:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Everything `pipe` gives until it closes, read on a thread of its own.
fn read_all_in_background(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        pipe.read_to_end(&mut bytes).expect("the runner's output");
        bytes
    })
}
