//! The lesson itself: the seed's two parts, memory growth, and errors as
//! values. Each call is a [`Call`], printed with what the host got back;
//! each answer is held to the contract's rules before it is used
//! (`session.rs`, through the library's `Checked`), so a component that
//! breaks the contract stops the lesson with one line: no answer is trusted
//! as a length, an address or a size until it has been checked against the
//! contract and the answers before it.

use std::io::{self, Write};
use std::path::Path;

use linear_memory_host::{Call, Inside, LoadedComponent, MOST_PAGES, Start, Wave};

use crate::error::RunError;
use crate::header::header;
use crate::inspect::found::{self, Place};
use crate::inspect::{self, memory::Inspector};
use crate::session::Session;

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
    give(path, component, out, |session| {
        find_the_buffer(session, colour)
    })
}

/// The lesson, seen as `view` says once the buffer is found.
fn give<W: Write>(
    path: &Path,
    component: &LoadedComponent,
    out: &mut W,
    view: impl FnOnce(&mut Session<'_, W>) -> Result<View, RunError>,
) -> Result<(), RunError> {
    let instance = component.instantiate();
    let mut session = Session::start(instance, component.limits().max_memory, path, out)?;
    let start = introduction(&mut session)?;
    let view = view(&mut session)?;
    let mut lesson = Lesson {
        session,
        view,
        start,
    };
    lesson.describe_the_view()?;
    lesson.part_one()?;
    lesson.part_two()?;
    lesson.growth()?;
    lesson.errors()
}

/// A run of the lesson: the calls it makes, how it sees the memory, and
/// what the instance said about its buffer at the start.
struct Lesson<'a, W> {
    session: Session<'a, W>,
    view: View,
    start: Start,
}

/// What the checked instance was asked first, printed: where the buffer is, its length,
/// and the memory's size, checked to hold it.
fn introduction<W: Write>(session: &mut Session<'_, W>) -> Result<Start, RunError> {
    let start = session.checked.start();
    writeln!(session.out, "The buffer")?;
    let Start {
        pointer,
        len,
        pages,
    } = start;
    let note = format!("{pointer:#010x} in the component's memory");
    session.step(Call::GetWasmMemoryBufferPointer, pointer, &note)?;
    session.step(Call::BufferLen, len, "bytes")?;
    step_pages(session, pages)?;
    Ok(start)
}

/// `--inspect`: finds the memory that holds the buffer, by a probe.
fn find_the_buffer<W: Write>(session: &mut Session<'_, W>, colour: bool) -> Result<View, RunError> {
    let Start { pointer, len, .. } = session.checked.start();
    let (memory, map) = session.buffer_memory()?;
    let memories = session.checked.instance().core_memories().len();
    let instance = session.checked.instance();
    let size = instance.memory_bytes(&memory).len();
    if u64::from(pointer) + u64::from(len) > size as u64 {
        let detail = format!(
            "the buffer (pointer {pointer}, {len} bytes) runs past the end of the memory that holds it ({size} bytes)"
        );
        return Err(session.broken(detail));
    }
    let inspector = Inspector::new(instance, memory, pointer, len, colour);
    let plural = if memories == 1 { "memory" } else { "memories" };
    writeln!(
        session.out,
        "  The component holds {memories} linear {plural}; bytes written with write(0, ...)"
    )?;
    // The probe's write was mapped: where the canonical ABI put its list.
    let list = map
        .arguments
        .iter()
        .find_map(|placed| Some((placed, found::given_by(&map, &Place::of(placed))?)));
    let and = match list {
        Some((placed, allocation)) => {
            let mut line = format!(
                "  come in a block cabi_realloc #{} gave ({} bytes at {:#010x}",
                allocation + 1,
                placed.block.size,
                placed.block.address
            );
            if !placed.memory.same(&memory) {
                line.push_str(&format!(" in {}", placed.memory));
            }
            writeln!(session.out, "{line}, the call's map says)")?;
            "and "
        }
        None => "",
    };
    writeln!(
        session.out,
        "  {and}show up at the pointer in {}: the buffer's.\n",
        inspector.describe()
    )?;
    Ok(View::Inside(inspector))
}

/// Prints `memory-pages()`'s answer.
fn step_pages<W: Write>(session: &mut Session<'_, W>, pages: u32) -> io::Result<()> {
    let note = format!("pages of 64 KiB: {} KiB", pages * 64);
    session.step(Call::MemoryPages, pages, &note)
}

impl<W: Write> Lesson<'_, W> {
    /// What a normal run cannot do: see the bytes in place.
    fn describe_the_view(&mut self) -> io::Result<()> {
        match self.view {
            View::Copies => writeln!(self.session.out, "{NOT_A_VIEW}"),
            View::Inside(_) => Ok(()),
        }
    }

    /// The seed's part one: Wasm writes index 0, the host reads it.
    fn part_one(&mut self) -> Result<(), RunError> {
        writeln!(
            self.session.out,
            "Part 1: write in Wasm, read in the host (index 0)"
        )?;
        let store = Call::StoreValueInWasmMemoryBufferIndexZero { value: 24 };
        self.session.value::<()>(&store)?;
        writeln!(
            self.session.out,
            "  {store}   the component writes its own memory"
        )?;
        if let View::Inside(inspector) = &self.view {
            let peeked = inspector.peek(self.session.checked.instance(), 0);
            let note = "the host reads the component's memory in place, as the seed does";
            self.session.step("memory[pointer + 0]", peeked, note)?;
            self.session
                .expect("the byte at pointer + 0, read in place", peeked, 24)?;
            self.grid()?;
        }
        let bytes = self.read(0, 2, "copied out of pointer + 0 .. pointer + 2")?;
        writeln!(self.session.out, "  Index 0 holds {}.\n", bytes[0])?;
        Ok(())
    }

    /// The seed's part two: the host writes index 1, Wasm reads it. With
    /// `--inspect`, in place, as the seed does; otherwise by a copy.
    fn part_two(&mut self) -> Result<(), RunError> {
        writeln!(
            self.session.out,
            "Part 2: write in the host, read in Wasm (index 1)"
        )?;
        if let View::Inside(inspector) = &self.view {
            inspector.poke(self.session.checked.instance(), 1, 25);
            self.session.checked.written_in_place(1, 25);
            let note = "the host writes the component's memory in place, as the seed does";
            writeln!(self.session.out, "  memory[pointer + 1] = 25   {note}")?;
            self.grid()?;
        } else {
            let write = Call::Write {
                offset: 1,
                bytes: vec![25],
            };
            self.session.request::<()>(&write)?;
            let at = u64::from(self.start.pointer) + 1;
            let note = format!("copied in, stored at pointer + 1 = {at}");
            self.session.step(&write, "ok", &note)?;
        }
        let read = Call::ReadWasmMemoryBufferAndReturnIndexOne;
        let value: u8 = self.session.value(&read)?;
        self.session
            .step(&read, value, "the component reads its own memory")?;
        writeln!(self.session.out, "  Index 1 holds {value}.\n")?;
        Ok(())
    }

    /// The seed's closing note, for real: memory grows, the buffer stays.
    fn growth(&mut self) -> Result<(), RunError> {
        writeln!(self.session.out, "Part 3: memory grows")?;
        let before: u32 = self.session.value(&Call::MemoryPages)?;
        step_pages(&mut self.session, before)?;
        if before != self.start.pages {
            let why = "the component's allocator grew memory to hold the copies";
            let start = self.start.pages;
            writeln!(self.session.out, "    ({start} pages at the start: {why})")?;
        }
        let grow = Call::GrowMemory { pages: 1 };
        let previous = self.session.call(&grow)?;
        self.session
            .step(&grow, previous.wave(), "the previous size")?;
        let after: u32 = self.session.value(&Call::MemoryPages)?;
        step_pages(&mut self.session, after)?;
        if let View::Inside(inspector) = &self.view {
            let seen = inspector.pages(self.session.checked.instance());
            let after = after as usize;
            self.session
                .expect("the pages the debug handle sees", seen, after)?;
            writeln!(
                self.session.out,
                "  The debug handle sees {seen} pages too."
            )?;
        }
        let call = Call::GetWasmMemoryBufferPointer;
        let pointer: u32 = self.session.value(&call)?;
        self.session
            .step(&call, pointer, "the buffer did not move")?;
        self.read(0, 2, "and its bytes did not change")?;
        let note = match self.view {
            View::Inside(_) => HANDLE_SEES_GROWTH,
            View::Copies => DETACHED_VIEWS,
        };
        writeln!(self.session.out, "{note}")?;
        Ok(())
    }

    /// `read(offset, len)`, which the lesson needs to be `ok`.
    fn read(&mut self, offset: u32, len: u32, note: &str) -> Result<Vec<u8>, RunError> {
        let call = Call::Read { offset, len };
        let bytes: Vec<u8> = self.session.request(&call)?;
        self.session
            .step(&call, format!("ok({})", bytes.wave()), note)?;
        Ok(bytes)
    }

    /// `--inspect`: the grid around the pointer.
    fn grid(&mut self) -> io::Result<()> {
        if let View::Inside(inspector) = &mut self.view {
            let grid = inspector.grid(self.session.checked.instance(), "    ");
            write!(self.session.out, "{grid}")?;
        }
        Ok(())
    }

    /// Bad requests come back as `error` values the host can print; which
    /// error each is, the contract's rules hold.
    fn errors(&mut self) -> Result<(), RunError> {
        writeln!(
            self.session.out,
            "Part 4: a bad request is an error value, not a trap"
        )?;
        let len: u32 = self.session.value(&Call::BufferLen)?;
        self.session.refusal(&Call::Load { index: len })?;
        // The contract's rules have seen `len` be at least 2 (`Checked::new`).
        let offset = len - 1;
        self.session.refusal(&Call::Read { offset, len: 2 })?;
        self.session
            .refusal(&Call::GrowMemory { pages: MOST_PAGES })
    }
}
