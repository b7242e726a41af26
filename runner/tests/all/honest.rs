//! Honest components built another way than the project's: each runs through
//! every lesson (`--component`, `--inspect`, `--streams`, `--streams
//! --inspect`), built dev and release, and none is called a contract breaker.
//! Where a component keeps copies, and how long its buffer is, are how it
//! was built: the inspector shows them, only the contract judges.
//!
//! - `wit-bindgen-streams` (`runner/tests/wit-bindgen-streams`): wit-bindgen's
//!   own stream API, each chunk read into a `Vec`, then copied into the buffer;
//! - the project's streams component with buffers of 2 bytes, 16 and 1 MiB
//!   (`LINEAR_MEMORY_BUFFER_LEN`, `component/buffer/src/buffer.rs`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use super::{fixtures, runner};

/// One honest component: its package, its `.wasm`'s name, and the buffer
/// length it is built with (`None`: the crate's own, 64 KiB).
struct Honest {
    package: &'static str,
    artifact: &'static str,
    buffer_len: Option<u32>,
}

const WIT_BINDGEN_STREAMS: Honest = Honest {
    package: "wit-bindgen-streams",
    artifact: "wit_bindgen_streams",
    buffer_len: None,
};

/// The project's component (`linear-memory`), or its streams component,
/// with a buffer of `len` bytes.
const fn sized(streams: bool, len: u32) -> Honest {
    let (package, artifact) = match streams {
        false => ("linear-memory", "linear_memory"),
        true => ("linear-memory-streams", "linear_memory_streams"),
    };
    Honest {
        package,
        artifact,
        buffer_len: Some(len),
    }
}

/// The lessons a `linear-memory` component runs, and a streams one.
const LESSONS: [&[&str]; 2] = [&[], &["--inspect"]];
const STREAMS_LESSONS: [&[&str]; 2] = [&["--streams"], &["--streams", "--inspect"]];

/// The project's component (`streams`: its streams component) with a
/// buffer of `len` bytes, built with the release profile: what
/// `conformance.rs` runs the cases on.
pub fn sized_release(streams: bool, len: u32) -> PathBuf {
    sized(streams, len).build("release")
}

/// Builds share one target directory, and a build with another buffer length
/// overwrites the last one's `.wasm`: one at a time, each copied out, and
/// each made once for every test that asks for it (by the copy's name).
static BUILT: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());

impl Honest {
    /// Builds it with cargo's `profile` (`dev` or `release`), unless a test
    /// has already: the path of a copy of its `.wasm` that no other build
    /// overwrites.
    fn build(&self, profile: &str) -> PathBuf {
        let mut built = BUILT
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let len = self.buffer_len.map(|len| len.to_string());
        let name = format!(
            "{}-{profile}-{}.wasm",
            self.artifact,
            len.as_deref().unwrap_or("default")
        );
        if let Some(copy) = built.get(&name) {
            return copy.clone();
        }
        let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("honest-builds");
        let env: Vec<(&str, &str)> = len
            .iter()
            .map(|len| ("LINEAR_MEMORY_BUFFER_LEN", len.as_str()))
            .collect();
        fixtures::build(self.package, &["--profile", profile], &target_dir, &env);
        let directory = if profile == "dev" { "debug" } else { profile };
        let wasm = target_dir.join(format!("wasm32-wasip2/{directory}/{}.wasm", self.artifact));
        let copy = target_dir.join(&name);
        std::fs::copy(&wasm, &copy).unwrap();
        built.insert(name, copy.clone());
        copy
    }

    /// Runs `lessons` on it, built with `profile`: each succeeds, and their
    /// outputs, in order, are returned.
    fn run(&self, profile: &str, lessons: [&[&str]; 2]) -> [String; 2] {
        let path = self.build(profile);
        let path = path.to_str().unwrap();
        lessons.map(|flags| {
            let args = [flags, &["--component", path]].concat();
            let output = runner(&args);
            let stdout = String::from_utf8(output.stdout).unwrap();
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert!(
                output.status.success(),
                "{args:?} failed: {stderr}\n{stdout}"
            );
            stdout
        })
    }
}

/// The line of `output` that starts with `start`, trimmed.
fn line<'a>(output: &'a str, start: &str) -> &'a str {
    output
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}:\n{output}"))
}

/// wit-bindgen's stream API reads each chunk into a `Vec`: a second copy of
/// the streamed bytes outside the buffer, shown, and the lessons pass.
#[test]
fn a_component_on_wit_bindgens_stream_api_is_honest() {
    for profile in ["dev", "release"] {
        let [streams, inspected] = WIT_BINDGEN_STREAMS.run(profile, STREAMS_LESSONS);
        assert!(streams.contains("-> ok(65536)"), "{streams}");
        assert!(
            streams.contains("write-ring-via-stream(<stream of 163840 bytes>) -> 163840"),
            "{streams}"
        );
        let found = line(&inspected, "write-via-stream's: at ");
        assert!(found.contains("(the buffer)"), "{profile}: {found}");
        assert!(found.contains("outside the buffer"), "{profile}: {found}");
    }
}

/// The project's own components, whatever their buffer's length: every
/// lesson runs, and the streamed bytes are only in the buffer, whenever the
/// buffer is long enough to tell.
#[test]
fn buffers_of_2_bytes_16_and_1_mib_run_every_lesson() {
    for profile in ["dev", "release"] {
        for len in [2, 16, 1 << 20] {
            let [lesson, inspected] = sized(false, len).run(profile, LESSONS);
            let [streams, streams_inspected] = sized(true, len).run(profile, STREAMS_LESSONS);
            let length = format!("buffer-len() -> {len}");
            for output in [&lesson, &inspected, &streams, &streams_inspected] {
                assert!(output.contains(&length), "{profile}, {len}: {output}");
            }
            assert!(inspected.contains("show up at the pointer"), "{inspected}");
            // The probe's write, mapped: its list (as much of the probe as
            // the buffer holds) came in the one block cabi_realloc gave.
            let probe = format!(
                "come in a block cabi_realloc #1 gave ({} bytes at ",
                len.min(18)
            );
            assert!(inspected.contains(&probe), "{profile}, {len}: {inspected}");
            match len {
                2 => assert!(
                    streams_inspected.contains("2 bytes are too few to tell a copy from chance"),
                    "{streams_inspected}"
                ),
                _ => {
                    assert_eq!(
                        line(&streams_inspected, "write-via-stream's: at ")
                            .rsplit(": ")
                            .next(),
                        Some("the buffer only"),
                        "{profile}, {len}: {streams_inspected}"
                    );
                    // write's list of 1 MiB: still in the block its call's
                    // map says cabi_realloc gave, named from the map. (A
                    // 16-byte block, freed, is written over by the
                    // allocator's own words.)
                    if len == 1 << 20 {
                        let listed = line(&streams_inspected, "write's: at ");
                        assert!(
                            listed.contains("(the block cabi_realloc #1 gave)"),
                            "{profile}, {len}: {listed}"
                        );
                    }
                }
            }
        }
    }
}
