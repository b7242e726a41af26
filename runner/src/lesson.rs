//! The lesson itself: the seed's two parts, memory growth, and errors as
//! values. Each call is printed with what the host got back, and each answer
//! is checked, so a component that breaks the contract stops the lesson.

use std::fmt::{Debug, Display};
use std::io::{self, Write};
use std::path::Path;

use runner::{BufferError, GrowRefused, Instance, LoadedComponent, OutOfBounds, describe};

use crate::error::RunError;
use crate::inspector::{self, Inspector};

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

const HANDLE_SEES_GROWTH: &str = "  \
  In JavaScript, a Uint8Array over the old memory.buffer is now detached
  (byteLength 0) and must be re-created. The debug handle is not a view: it
  asks for the memory's bytes at every access, so it sees the new size.
";

/// The first line: what the component is, what it imports.
pub fn header(
    out: &mut impl Write,
    path: &Path,
    size: usize,
    what: &str,
    imports: &[String],
) -> io::Result<()> {
    let name = path.file_name().unwrap_or(path.as_os_str()).display();
    let imports = match imports {
        [] => "imports nothing".to_string(),
        names => format!("imports {} (granted nothing)", names.join(", ")),
    };
    writeln!(out, "Component: {name}, {size} bytes, {what}{imports}\n")
}

/// Runs the lesson on a fresh instance of `component`, printing to `out`.
/// With `inspect` (`Some(colour)`), the host also looks at the component's
/// memory in place, through a debugger's engine, and does part two the
/// seed's way.
pub fn run(
    path: &Path,
    component: &LoadedComponent,
    inspect: Option<bool>,
    out: &mut impl Write,
) -> Result<(), RunError> {
    header(out, path, component.size(), "", component.imports())?;
    if inspect.is_some() {
        writeln!(out, "{}", inspector::WHAT_THIS_IS)?;
    }
    let instance = component
        .instantiate()
        .map_err(|error| RunError::Instantiate {
            path: path.into(),
            error,
        })?;
    let mut lesson = Lesson {
        instance,
        path,
        out,
        inspector: None,
    };
    let start = lesson.introduction(inspect)?;
    lesson.part_one()?;
    lesson.part_two(start.pointer)?;
    lesson.growth(start)?;
    lesson.errors()
}

struct Lesson<'a, W> {
    instance: Instance,
    path: &'a Path,
    out: &'a mut W,
    /// With `--inspect`: the memory that holds the buffer.
    inspector: Option<Inspector>,
}

/// What the introduction saw, before any bytes were copied in.
#[derive(Clone, Copy)]
struct Start {
    pointer: u32,
    pages: u32,
}

impl<W: Write> Lesson<'_, W> {
    fn introduction(&mut self, inspect: Option<bool>) -> Result<Start, RunError> {
        writeln!(self.out, "The buffer")?;
        let call = "get-wasm-memory-buffer-pointer()";
        let pointer = self.call(call, Instance::get_wasm_memory_buffer_pointer)?;
        let note = format!("{pointer:#010x} in the component's memory");
        self.step(call, pointer, &note)?;
        let call = "buffer-len()";
        let len = self.call(call, Instance::buffer_len)?;
        self.step(call, len, "bytes")?;
        let pages = self.pages()?;
        match inspect {
            None => writeln!(self.out, "{NOT_A_VIEW}")?,
            Some(colour) => self.find_the_buffer(pointer, len, colour)?,
        }
        Ok(Start { pointer, pages })
    }

    /// `--inspect`: finds the memory that holds the buffer, by a probe.
    fn find_the_buffer(&mut self, pointer: u32, len: u32, colour: bool) -> Result<(), RunError> {
        let memories = self.instance.core_memories().len();
        let found = self.call("write(0, probe)", |i| {
            Inspector::find(i, pointer, len, colour)
        })?;
        let Some(inspector) = found else {
            let path = self.path.into();
            return Err(RunError::NoBufferMemory {
                path,
                memories,
                pointer,
            });
        };
        let plural = if memories == 1 { "memory" } else { "memories" };
        writeln!(
            self.out,
            "  The component holds {memories} linear {plural}; bytes written with write(0, ...)"
        )?;
        writeln!(
            self.out,
            "  show up at the pointer in {}: the buffer's.\n",
            inspector.describe()
        )?;
        self.inspector = Some(inspector);
        Ok(())
    }

    /// The seed's part one: Wasm writes index 0, the host reads it.
    fn part_one(&mut self) -> Result<(), RunError> {
        writeln!(
            self.out,
            "Part 1: write in Wasm, read in the host (index 0)"
        )?;
        let call = "store-value-in-wasm-memory-buffer-index-zero(24)";
        self.call(call, |i| i.store_value_in_wasm_memory_buffer_index_zero(24))?;
        writeln!(self.out, "  {call}   the component writes its own memory")?;
        if let Some(inspector) = &self.inspector {
            let peeked = inspector.peek(&mut self.instance, 0);
            let note = "the host reads the component's memory in place, as the seed does";
            self.step("memory[pointer + 0]", peeked, note)?;
            self.grid()?;
        }
        let bytes = self.read(0, 2, "copied out of pointer + 0 .. pointer + 2")?;
        self.expect("index 0", bytes[0], 24)?;
        writeln!(self.out, "  Index 0 holds {}.\n", bytes[0])?;
        Ok(())
    }

    /// The seed's part two: the host writes index 1, Wasm reads it. With
    /// `--inspect`, in place, as the seed does; otherwise by a copy.
    fn part_two(&mut self, pointer: u32) -> Result<(), RunError> {
        writeln!(
            self.out,
            "Part 2: write in the host, read in Wasm (index 1)"
        )?;
        if let Some(inspector) = &self.inspector {
            inspector.poke(&mut self.instance, 1, 25);
            let note = "the host writes the component's memory in place, as the seed does";
            writeln!(self.out, "  memory[pointer + 1] = 25   {note}")?;
            self.grid()?;
        } else {
            let call = "write(1, [25])";
            self.request(call, |i| i.write(1, &[25]))?;
            let note = format!("copied in, stored at pointer + 1 = {}", pointer + 1);
            self.step(call, "ok", &note)?;
        }
        let call = "read-wasm-memory-buffer-and-return-index-one()";
        let value = self.call(call, Instance::read_wasm_memory_buffer_and_return_index_one)?;
        self.step(call, value, "the component reads its own memory")?;
        self.expect("index 1", value, 25)?;
        writeln!(self.out, "  Index 1 holds {value}.\n")?;
        Ok(())
    }

    /// The seed's closing note, for real: memory grows, the buffer stays.
    fn growth(&mut self, start: Start) -> Result<(), RunError> {
        writeln!(self.out, "Part 3: memory grows")?;
        let before = self.pages()?;
        if before != start.pages {
            let why = "the component's allocator grew memory to hold the copies";
            writeln!(self.out, "    ({} pages at the start: {why})", start.pages)?;
        }
        let call = "grow-memory(1)";
        let previous = self.request(call, |i| i.grow_memory(1))?;
        self.step(call, format!("ok({previous})"), "the previous size")?;
        self.expect("grow-memory's previous size", previous, before)?;
        let after = self.pages()?;
        self.expect("memory-pages after growing by 1", after, before + 1)?;
        if let Some(inspector) = &self.inspector {
            let seen = inspector.pages(&mut self.instance);
            self.expect("the pages the debug handle sees", seen, after as usize)?;
            writeln!(self.out, "  The debug handle sees {seen} pages too.")?;
        }
        let call = "get-wasm-memory-buffer-pointer()";
        let pointer = self.call(call, Instance::get_wasm_memory_buffer_pointer)?;
        self.step(call, pointer, "the buffer did not move")?;
        self.expect("the pointer after growing", pointer, start.pointer)?;
        let bytes = self.read(0, 2, "and its bytes did not change")?;
        self.expect("bytes 0 and 1 after growing", bytes, vec![24, 25])?;
        let note = if self.inspector.is_some() {
            HANDLE_SEES_GROWTH
        } else {
            DETACHED_VIEWS
        };
        writeln!(self.out, "{note}")?;
        Ok(())
    }

    /// `--inspect`: the grid around the pointer.
    fn grid(&mut self) -> io::Result<()> {
        if let Some(inspector) = &mut self.inspector {
            let grid = inspector.grid(&mut self.instance, "    ");
            write!(self.out, "{grid}")?;
        }
        Ok(())
    }

    /// Bad requests come back as `error` values the host can print.
    fn errors(&mut self) -> Result<(), RunError> {
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

    fn pages(&mut self) -> Result<u32, RunError> {
        let call = "memory-pages()";
        let pages = self.call(call, Instance::memory_pages)?;
        self.step(call, pages, &format!("pages of 64 KiB: {} KiB", pages * 64))?;
        Ok(pages)
    }

    fn read(&mut self, offset: u32, len: u32, note: &str) -> Result<Vec<u8>, RunError> {
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
    ) -> Result<(), RunError> {
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
    ) -> Result<T, RunError> {
        self.call(call, f)?.map_err(|error| RunError::Refused {
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
    ) -> Result<T, RunError> {
        f(&mut self.instance).map_err(|error| RunError::Trapped {
            path: self.path.into(),
            call: call.to_string(),
            error,
        })
    }

    fn expect<T: PartialEq + Debug>(&self, what: &str, got: T, want: T) -> Result<(), RunError> {
        if got == want {
            return Ok(());
        }
        Err(self.broken(format!("{what} is {got:?}, expected {want:?}")))
    }

    fn broken(&self, detail: String) -> RunError {
        RunError::Contract {
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
