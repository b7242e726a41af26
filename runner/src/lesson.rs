//! The lesson itself: the seed's two parts, memory growth, and errors as
//! values. Each call is printed with what the host got back, and each answer
//! is checked, so a component that breaks the contract stops the lesson.

use std::fmt::{Debug, Display};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use runner::{BufferError, GrowRefused, Host, Instance, Limits, LoadError, OutOfBounds, describe};

/// What stopped the lesson. Printed as one line that names the component.
#[derive(Debug, thiserror::Error)]
pub enum LessonError {
    /// The component could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
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
    /// The component trapped during a call.
    #[error("{} trapped in {call}: {}", .path.display(), one_line(.error))]
    Trapped {
        /// The component.
        path: PathBuf,
        /// The call, as the lesson prints it.
        call: String,
        /// What wasmtime reported.
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
    /// The component answered, but not what the contract requires.
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
}

/// A trap's own message, without the multi-line wasm backtrace wasmtime
/// attaches to it.
fn one_line(error: &wasmtime::Error) -> String {
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::Interrupt) => {
            "stopped: it ran past the time limit (--timeout-ms)".to_string()
        }
        Some(trap) => trap.to_string(),
        None => error.to_string(),
    }
}

const NOT_A_VIEW: &str = "  \
  The pointer is real, but only the component can dereference it: a
  component never exports its memory. This host moves bytes with
  canonical-ABI copies (list<u8>) instead: every read is a copy, not a view.
";

const DETACHED_VIEWS: &str = "  \
  In JavaScript, a Uint8Array over the old memory.buffer is now detached
  (byteLength 0) and must be re-created. This host keeps no view of the
  component's memory, so it has nothing to re-create.
";

/// Loads the component at `path` and runs the lesson on a fresh instance
/// under `limits`, printing to `out`.
pub fn run(path: &Path, limits: Limits, out: &mut impl Write) -> Result<(), LessonError> {
    let host = Host::with_limits(limits).map_err(LessonError::Engine)?;
    let component = host.load(path)?;
    let name = path.file_name().unwrap_or(path.as_os_str()).display();
    let imports = match component.imports() {
        [] => "imports nothing".to_string(),
        names => format!("imports {} (granted nothing)", names.join(", ")),
    };
    writeln!(
        out,
        "Component: {name}, {} bytes, {imports}\n",
        component.size()
    )?;

    let instance = component
        .instantiate()
        .map_err(|error| LessonError::Instantiate {
            path: path.into(),
            error,
        })?;
    let mut lesson = Lesson {
        instance,
        path,
        out,
    };
    let start = lesson.introduction()?;
    lesson.part_one()?;
    lesson.part_two(start.pointer)?;
    lesson.growth(start)?;
    lesson.errors()
}

struct Lesson<'a, W> {
    instance: Instance,
    path: &'a Path,
    out: &'a mut W,
}

/// What the introduction saw, before any bytes were copied in.
#[derive(Clone, Copy)]
struct Start {
    pointer: u32,
    pages: u32,
}

impl<W: Write> Lesson<'_, W> {
    fn introduction(&mut self) -> Result<Start, LessonError> {
        writeln!(self.out, "The buffer")?;
        let call = "get-wasm-memory-buffer-pointer()";
        let pointer = self.call(call, Instance::get_wasm_memory_buffer_pointer)?;
        let note = format!("{pointer:#010x} in the component's memory");
        self.step(call, pointer, &note)?;
        let call = "buffer-len()";
        let len = self.call(call, Instance::buffer_len)?;
        self.step(call, len, "bytes")?;
        let pages = self.pages()?;
        writeln!(self.out, "{NOT_A_VIEW}")?;
        Ok(Start { pointer, pages })
    }

    /// The seed's part one: Wasm writes index 0, the host reads it.
    fn part_one(&mut self) -> Result<(), LessonError> {
        writeln!(
            self.out,
            "Part 1: write in Wasm, read in the host (index 0)"
        )?;
        let call = "store-value-in-wasm-memory-buffer-index-zero(24)";
        self.call(call, |b| b.store_value_in_wasm_memory_buffer_index_zero(24))?;
        writeln!(self.out, "  {call}   the component writes its own memory")?;
        let bytes = self.read(0, 2, "copied out of pointer + 0 .. pointer + 2")?;
        self.expect("index 0", bytes[0], 24)?;
        writeln!(self.out, "  Index 0 holds {}.\n", bytes[0])?;
        Ok(())
    }

    /// The seed's part two: the host writes index 1, Wasm reads it.
    fn part_two(&mut self, pointer: u32) -> Result<(), LessonError> {
        writeln!(
            self.out,
            "Part 2: write in the host, read in Wasm (index 1)"
        )?;
        let call = "write(1, [25])";
        self.request(call, |b| b.write(1, &[25]))?;
        let note = format!("copied in, stored at pointer + 1 = {}", pointer + 1);
        self.step(call, "ok", &note)?;
        let call = "read-wasm-memory-buffer-and-return-index-one()";
        let value = self.call(call, Instance::read_wasm_memory_buffer_and_return_index_one)?;
        self.step(call, value, "the component reads its own memory")?;
        self.expect("index 1", value, 25)?;
        writeln!(self.out, "  Index 1 holds {value}.\n")?;
        Ok(())
    }

    /// The seed's closing note, for real: memory grows, the buffer stays.
    fn growth(&mut self, start: Start) -> Result<(), LessonError> {
        writeln!(self.out, "Part 3: memory grows")?;
        let before = self.pages()?;
        if before != start.pages {
            let why = "the component's allocator grew memory to hold the copies";
            writeln!(self.out, "    ({} pages at the start: {why})", start.pages)?;
        }
        let call = "grow-memory(1)";
        let previous = self.request(call, |b| b.grow_memory(1))?;
        self.step(call, format!("ok({previous})"), "the previous size")?;
        self.expect("grow-memory's previous size", previous, before)?;
        let after = self.pages()?;
        self.expect("memory-pages after growing by 1", after, before + 1)?;
        let call = "get-wasm-memory-buffer-pointer()";
        let pointer = self.call(call, Instance::get_wasm_memory_buffer_pointer)?;
        self.step(call, pointer, "the buffer did not move")?;
        self.expect("the pointer after growing", pointer, start.pointer)?;
        let bytes = self.read(0, 2, "and its bytes did not change")?;
        self.expect("bytes 0 and 1 after growing", bytes, vec![24, 25])?;
        writeln!(self.out, "{DETACHED_VIEWS}")?;
        Ok(())
    }

    /// Bad requests come back as `error` values the host can print.
    fn errors(&mut self) -> Result<(), LessonError> {
        writeln!(
            self.out,
            "Part 4: a bad request is an error value, not a trap"
        )?;
        let len = self.call("buffer-len()", Instance::buffer_len)?;
        self.refusal(&format!("load({len})"), |b| b.load(len))?;
        let offset = len - 1;
        self.refusal(&format!("read({offset}, 2)"), |b| b.read(offset, 2))?;
        self.refusal("grow-memory(65536)", |b| b.grow_memory(65536))?;
        Ok(())
    }

    fn pages(&mut self) -> Result<u32, LessonError> {
        let call = "memory-pages()";
        let pages = self.call(call, Instance::memory_pages)?;
        self.step(call, pages, &format!("pages of 64 KiB: {} KiB", pages * 64))?;
        Ok(pages)
    }

    fn read(&mut self, offset: u32, len: u32, note: &str) -> Result<Vec<u8>, LessonError> {
        let call = format!("read({offset}, {len})");
        let bytes = self.request(&call, |b| b.read(offset, len))?;
        self.step(&call, format!("ok({bytes:?})"), note)?;
        Ok(bytes)
    }

    /// Prints one call, what came back, and why it matters.
    fn step(&mut self, call: &str, result: impl Display, note: &str) -> io::Result<()> {
        writeln!(self.out, "  {call} -> {result}   {note}")
    }

    /// Makes a call the lesson expects to be refused, and prints the refusal.
    fn refusal<T: Debug>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut Instance) -> wasmtime::Result<Result<T, BufferError>>,
    ) -> Result<(), LessonError> {
        match self.call(call, f)? {
            Ok(value) => Err(self.broken(format!("{call} returned {value:?}, expected an error"))),
            Err(error) => {
                writeln!(self.out, "  {call} -> err({})", wave(&error))?;
                writeln!(self.out, "    {}", describe(&error))?;
                Ok(())
            }
        }
    }

    /// Makes a call whose WIT result is `result<T, error>`, expecting `ok`.
    fn request<T>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut Instance) -> wasmtime::Result<Result<T, BufferError>>,
    ) -> Result<T, LessonError> {
        self.call(call, f)?.map_err(|error| LessonError::Refused {
            path: self.path.into(),
            call: call.to_string(),
            error,
        })
    }

    /// Makes one call into the component; a trap ends the lesson.
    fn call<T>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut Instance) -> wasmtime::Result<T>,
    ) -> Result<T, LessonError> {
        f(&mut self.instance).map_err(|error| LessonError::Trapped {
            path: self.path.into(),
            call: call.to_string(),
            error,
        })
    }

    fn expect<T: PartialEq + Debug>(&self, what: &str, got: T, want: T) -> Result<(), LessonError> {
        if got == want {
            return Ok(());
        }
        Err(self.broken(format!("{what} is {got:?}, expected {want:?}")))
    }

    fn broken(&self, detail: String) -> LessonError {
        LessonError::Contract {
            path: self.path.into(),
            detail,
        }
    }
}

/// An error value in WAVE, the WebAssembly value syntax that `wasmtime run
/// --invoke` prints too.
fn wave(error: &BufferError) -> String {
    match error {
        BufferError::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        }) => format!("out-of-bounds({{offset: {offset}, len: {len}, buffer-len: {buffer_len}}})"),
        BufferError::GrowRefused(GrowRefused {
            current_pages,
            requested_pages,
        }) => format!(
            "grow-refused({{current-pages: {current_pages}, requested-pages: {requested_pages}}})"
        ),
    }
}
