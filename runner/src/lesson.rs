//! The lesson itself: the seed's two parts, memory growth, and errors as
//! values. Each call is printed with what the host got back, and each answer
//! is checked before it is used (`checked.rs`), so a component that breaks
//! the contract stops the lesson with one line: no answer is trusted as a
//! length, an address or a size until it has been checked against the
//! contract and the answers before it.

use std::io::{self, Write};
use std::path::Path;

use linear_memory_host::LoadedComponent;
use linear_memory_oracle::{MOST_PAGES, Start, Wave};

use crate::checked::Calls;
use crate::error::RunError;
use crate::header::header;
use crate::inspect::{self, memory::Inspector};

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

/// How the lesson sees the component's memory.
enum View {
    /// Through the contract's copies alone (`list<u8>`): a normal run.
    Copies,
    /// In place too, through a debugger's engine (`--inspect`), in the
    /// memory that holds the buffer. Part two is done the seed's way.
    Inside(Inspector),
}

/// Runs the lesson on a fresh instance of `component`, printing to `out`.
pub fn run(path: &Path, component: &LoadedComponent, out: &mut impl Write) -> Result<(), RunError> {
    header(out, path, component.size(), "", component.imports())?;
    give(path, component, out, |_| Ok(View::Copies))
}

/// `--inspect`: the lesson on a debugger's engine, the memory that holds the
/// buffer shown at every step, in colour if `colour`.
pub fn run_inside(
    path: &Path,
    component: &LoadedComponent,
    colour: bool,
    out: &mut impl Write,
) -> Result<(), RunError> {
    header(out, path, component.size(), "", component.imports())?;
    writeln!(out, "{}", inspect::WHAT_THIS_IS)?;
    give(path, component, out, |calls| find_the_buffer(calls, colour))
}

/// The lesson, seen as `view` says once the buffer is found.
fn give<W: Write>(
    path: &Path,
    component: &LoadedComponent,
    out: &mut W,
    view: impl FnOnce(&mut Calls<'_, W>) -> Result<View, RunError>,
) -> Result<(), RunError> {
    let instance = component.instantiate();
    let mut calls = Calls::start(instance, component.limits().max_memory, path, out)?;
    let start = introduction(&mut calls)?;
    let view = view(&mut calls)?;
    let mut lesson = Lesson { calls, view, start };
    lesson.describe_the_view()?;
    lesson.part_one()?;
    lesson.part_two()?;
    lesson.growth()?;
    lesson.errors()
}

/// A run of the lesson: the calls it makes, how it sees the memory, and
/// what the instance said about its buffer at the start.
struct Lesson<'a, W> {
    calls: Calls<'a, W>,
    view: View,
    start: Start,
}

/// The lesson uses index 0 and index 1.
const LEAST_BUFFER_LEN: u32 = 2;

/// What the checker asked first, printed: where the buffer is, its length,
/// and the memory's size, checked to hold it.
fn introduction<W: Write>(calls: &mut Calls<'_, W>) -> Result<Start, RunError> {
    let start = calls.checker.start();
    writeln!(calls.out, "The buffer")?;
    let Start {
        pointer,
        len,
        pages,
    } = start;
    let note = format!("{pointer:#010x} in the component's memory");
    calls.step("get-wasm-memory-buffer-pointer()", pointer, &note)?;
    calls.step("buffer-len()", len, "bytes")?;
    step_pages(calls, pages)?;
    if len < LEAST_BUFFER_LEN {
        let detail = format!("buffer-len() is {len}, expected at least {LEAST_BUFFER_LEN}");
        return Err(calls.broken(detail));
    }
    Ok(start)
}

/// `--inspect`: finds the memory that holds the buffer, by a probe.
fn find_the_buffer<W: Write>(calls: &mut Calls<'_, W>, colour: bool) -> Result<View, RunError> {
    let Start { pointer, len, .. } = calls.checker.start();
    let memories = calls.checker.instance().core_memories().len();
    let found = calls.find_buffer_memory()?;
    let Some(memory) = found else {
        let path = calls.path.into();
        return Err(RunError::NoBufferMemory {
            path,
            memories,
            pointer,
        });
    };
    let instance = calls.checker.instance();
    let size = instance.memory_bytes(&memory).len();
    if u64::from(pointer) + u64::from(len) > size as u64 {
        let detail = format!(
            "the buffer (pointer {pointer}, {len} bytes) runs past the end of the memory that holds it ({size} bytes)"
        );
        return Err(calls.broken(detail));
    }
    let inspector = Inspector::new(instance, memory, pointer, len, colour);
    let plural = if memories == 1 { "memory" } else { "memories" };
    writeln!(
        calls.out,
        "  The component holds {memories} linear {plural}; bytes written with write(0, ...)"
    )?;
    writeln!(
        calls.out,
        "  show up at the pointer in {}: the buffer's.\n",
        inspector.describe()
    )?;
    Ok(View::Inside(inspector))
}

/// Prints `memory-pages()`'s answer.
fn step_pages<W: Write>(calls: &mut Calls<'_, W>, pages: u32) -> io::Result<()> {
    let note = format!("pages of 64 KiB: {} KiB", pages * 64);
    calls.step("memory-pages()", pages, &note)
}

impl<W: Write> Lesson<'_, W> {
    /// What a normal run cannot do: see the bytes in place.
    fn describe_the_view(&mut self) -> io::Result<()> {
        match self.view {
            View::Copies => writeln!(self.calls.out, "{NOT_A_VIEW}"),
            View::Inside(_) => Ok(()),
        }
    }

    /// The seed's part one: Wasm writes index 0, the host reads it.
    fn part_one(&mut self) -> Result<(), RunError> {
        writeln!(
            self.calls.out,
            "Part 1: write in Wasm, read in the host (index 0)"
        )?;
        let call = "store-value-in-wasm-memory-buffer-index-zero(24)";
        self.calls
            .call(|c| c.store_value_in_wasm_memory_buffer_index_zero(24))?;
        writeln!(
            self.calls.out,
            "  {call}   the component writes its own memory"
        )?;
        if let View::Inside(inspector) = &self.view {
            let peeked = inspector.peek(self.calls.checker.instance(), 0);
            let note = "the host reads the component's memory in place, as the seed does";
            self.calls.step("memory[pointer + 0]", peeked, note)?;
            self.calls
                .expect("the byte at pointer + 0, read in place", peeked, 24)?;
            self.grid()?;
        }
        let bytes = self.read(0, 2, "copied out of pointer + 0 .. pointer + 2")?;
        writeln!(self.calls.out, "  Index 0 holds {}.\n", bytes[0])?;
        Ok(())
    }

    /// The seed's part two: the host writes index 1, Wasm reads it. With
    /// `--inspect`, in place, as the seed does; otherwise by a copy.
    fn part_two(&mut self) -> Result<(), RunError> {
        writeln!(
            self.calls.out,
            "Part 2: write in the host, read in Wasm (index 1)"
        )?;
        if let View::Inside(inspector) = &self.view {
            inspector.poke(self.calls.checker.instance(), 1, 25);
            self.calls.checker.written_in_place(1, 25);
            let note = "the host writes the component's memory in place, as the seed does";
            writeln!(self.calls.out, "  memory[pointer + 1] = 25   {note}")?;
            self.grid()?;
        } else {
            let call = "write(1, [25])";
            self.calls.request(call, |c| c.write(1, &[25]))?;
            let at = u64::from(self.start.pointer) + 1;
            let note = format!("copied in, stored at pointer + 1 = {at}");
            self.calls.step(call, "ok", &note)?;
        }
        let call = "read-wasm-memory-buffer-and-return-index-one()";
        let value = self
            .calls
            .call(|c| c.read_wasm_memory_buffer_and_return_index_one())?;
        self.calls
            .step(call, value, "the component reads its own memory")?;
        writeln!(self.calls.out, "  Index 1 holds {value}.\n")?;
        Ok(())
    }

    /// The seed's closing note, for real: memory grows, the buffer stays.
    fn growth(&mut self) -> Result<(), RunError> {
        writeln!(self.calls.out, "Part 3: memory grows")?;
        let grown = self.calls.call(|c| c.grow_memory(1))?;
        step_pages(&mut self.calls, grown.before)?;
        if grown.before != self.start.pages {
            let why = "the component's allocator grew memory to hold the copies";
            let start = self.start.pages;
            writeln!(self.calls.out, "    ({start} pages at the start: {why})")?;
        }
        let previous = grown.answer.wave();
        self.calls
            .step("grow-memory(1)", previous, "the previous size")?;
        step_pages(&mut self.calls, grown.after)?;
        if let View::Inside(inspector) = &self.view {
            let seen = inspector.pages(self.calls.checker.instance());
            let after = grown.after as usize;
            self.calls
                .expect("the pages the debug handle sees", seen, after)?;
            writeln!(self.calls.out, "  The debug handle sees {seen} pages too.")?;
        }
        let call = "get-wasm-memory-buffer-pointer()";
        let pointer = self.calls.call(|c| c.get_wasm_memory_buffer_pointer())?;
        self.calls.step(call, pointer, "the buffer did not move")?;
        self.read(0, 2, "and its bytes did not change")?;
        let note = match self.view {
            View::Inside(_) => HANDLE_SEES_GROWTH,
            View::Copies => DETACHED_VIEWS,
        };
        writeln!(self.calls.out, "{note}")?;
        Ok(())
    }

    /// `read(offset, len)`, which the lesson needs to be `ok`.
    fn read(&mut self, offset: u32, len: u32, note: &str) -> Result<Vec<u8>, RunError> {
        let call = format!("read({offset}, {len})");
        let bytes = self.calls.request(&call, |c| c.read(offset, len))?;
        self.calls
            .step(&call, format!("ok({})", bytes.wave()), note)?;
        Ok(bytes)
    }

    /// `--inspect`: the grid around the pointer.
    fn grid(&mut self) -> io::Result<()> {
        if let View::Inside(inspector) = &mut self.view {
            let grid = inspector.grid(self.calls.checker.instance(), "    ");
            write!(self.calls.out, "{grid}")?;
        }
        Ok(())
    }

    /// Bad requests come back as `error` values the host can print; which
    /// error each is, the checker holds to the contract.
    fn errors(&mut self) -> Result<(), RunError> {
        writeln!(
            self.calls.out,
            "Part 4: a bad request is an error value, not a trap"
        )?;
        let len = self.calls.call(|c| c.buffer_len())?;
        self.calls
            .refusal(&format!("load({len})"), |c| c.load(len))?;
        // `len` is at least LEAST_BUFFER_LEN (checked in the introduction).
        let offset = len - 1;
        let call = format!("read({offset}, 2)");
        self.calls.refusal(&call, |c| c.read(offset, 2))?;
        let call = format!("grow-memory({MOST_PAGES})");
        self.calls.refusal(&call, |c| {
            c.grow_memory(MOST_PAGES).map(|grown| grown.answer)
        })
    }
}
