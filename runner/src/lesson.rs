//! The lesson itself: the seed's two parts, memory growth, and errors as
//! values. Each call is printed with what the host got back, and each answer
//! is checked before it is used, so a component that breaks the contract
//! stops the lesson with one line: no answer is trusted as a length, an
//! address or a size until it has been checked against the contract and the
//! answers before it.

use std::borrow::BorrowMut;
use std::fmt::{Debug, Display};
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use linear_memory_host::{BufferError, GrowRefused, Instance, LoadedComponent, OutOfBounds};

use crate::error::{RunError, describe};
use crate::header::header;
use crate::inspect::{self, memory::Inspector};
use crate::printed;

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
#[derive(Clone, Copy)]
pub enum View {
    /// Through the contract's copies alone (`list<u8>`): a normal run.
    Copies,
    /// In place too, through a debugger's engine (`--inspect`), with the
    /// grid in colour on a terminal. Part two is done the seed's way.
    Inside {
        /// Whether the grid is coloured.
        colour: bool,
    },
}

/// Runs the lesson on a fresh instance of `component`, printing to `out`.
pub fn run(
    path: &Path,
    component: &LoadedComponent,
    view: View,
    out: &mut impl Write,
) -> Result<(), RunError> {
    header(out, path, component.size(), "", component.imports())?;
    if let View::Inside { .. } = view {
        writeln!(out, "{}", inspect::WHAT_THIS_IS)?;
    }
    let instance = component.instantiate();
    let mut lesson = Lesson::start(instance, path, out)?;
    let start = lesson.introduction(view)?;
    lesson.part_one()?;
    lesson.part_two(start.pointer)?;
    lesson.growth(start)?;
    lesson.errors(start)
}

/// A run of the lesson: the instance it calls, and where it prints. `I` is
/// the instance's type: an [`Instance`], or one with more interfaces
/// (`--streams`).
pub struct Lesson<'a, W, I = Instance> {
    pub instance: I,
    pub path: &'a Path,
    pub out: &'a mut W,
    /// With `--inspect`: the memory that holds the buffer.
    inspector: Option<Inspector>,
}

impl<'a, W, I> Lesson<'a, W, I> {
    /// A lesson on the instance `instantiated` made, or the one line that
    /// says why there is none.
    pub fn start(
        instantiated: wasmtime::Result<I>,
        path: &'a Path,
        out: &'a mut W,
    ) -> Result<Self, RunError> {
        let instance = instantiated.map_err(|error| RunError::Instantiate {
            path: path.into(),
            error,
        })?;
        Ok(Self {
            instance,
            path,
            out,
            inspector: None,
        })
    }
}

/// What the introduction saw, before any bytes were copied in, checked:
/// the buffer holds index 0 and 1, and lies inside the memory.
#[derive(Clone, Copy)]
struct Start {
    pointer: u32,
    len: u32,
    pages: u32,
}

/// The lesson uses index 0 and index 1.
const LEAST_BUFFER_LEN: u32 = 2;
/// 4 GiB: the most a 32-bit linear memory can hold, in 64 KiB pages.
const MOST_PAGES: u32 = 65536;
const PAGE: u64 = 65536;

impl<W: Write> Lesson<'_, W> {
    fn introduction(&mut self, view: View) -> Result<Start, RunError> {
        writeln!(self.out, "The buffer")?;
        let call = "get-wasm-memory-buffer-pointer()";
        let pointer = self.call(call, Instance::get_wasm_memory_buffer_pointer)?;
        let note = format!("{pointer:#010x} in the component's memory");
        self.step(call, pointer, &note)?;
        let call = "buffer-len()";
        let len = self.call(call, Instance::buffer_len)?;
        self.step(call, len, "bytes")?;
        let pages = self.pages()?;
        if len < LEAST_BUFFER_LEN {
            let detail = format!("buffer-len() is {len}, expected at least {LEAST_BUFFER_LEN}");
            return Err(self.broken(detail));
        }
        let end = u64::from(pointer) + u64::from(len);
        if end > u64::from(pages) * PAGE {
            let detail = format!(
                "the buffer (pointer {pointer}, {len} bytes) ends at {end}, past the end of the {pages}-page memory"
            );
            return Err(self.broken(detail));
        }
        match view {
            View::Copies => writeln!(self.out, "{NOT_A_VIEW}")?,
            View::Inside { colour } => self.find_the_buffer(pointer, len, colour)?,
        }
        Ok(Start {
            pointer,
            len,
            pages,
        })
    }

    /// `--inspect`: finds the memory that holds the buffer, by a probe.
    fn find_the_buffer(&mut self, pointer: u32, len: u32, colour: bool) -> Result<(), RunError> {
        let memories = self.instance.core_memories().len();
        let found = self.call("write(0, probe)", Instance::find_buffer_memory)?;
        let Some(memory) = found else {
            let path = self.path.into();
            return Err(RunError::NoBufferMemory {
                path,
                memories,
                pointer,
            });
        };
        let size = self.instance.memory_bytes(&memory).len();
        if u64::from(pointer) + u64::from(len) > size as u64 {
            let detail = format!(
                "the buffer (pointer {pointer}, {len} bytes) runs past the end of the memory that holds it ({size} bytes)"
            );
            return Err(self.broken(detail));
        }
        let inspector = Inspector::new(&mut self.instance, memory, pointer, len, colour);
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
            self.expect("the byte at pointer + 0, read in place", peeked, 24)?;
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
            let note = format!(
                "copied in, stored at pointer + 1 = {}",
                u64::from(pointer) + 1
            );
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
        // `before` is at most MOST_PAGES (checked by `pages`): no overflow.
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

    /// `read(offset, len)`, expecting `ok` with exactly `len` bytes.
    fn read(&mut self, offset: u32, len: u32, note: &str) -> Result<Vec<u8>, RunError> {
        let call = format!("read({offset}, {len})");
        let bytes = self.request(&call, |b| b.read(offset, len))?;
        if bytes.len() as u64 != u64::from(len) {
            let detail = format!("{call} returned {} bytes, expected {len}", bytes.len());
            return Err(self.broken(detail));
        }
        self.step(&call, format!("ok({bytes:?})"), note)?;
        Ok(bytes)
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
    fn errors(&mut self, start: Start) -> Result<(), RunError> {
        writeln!(
            self.out,
            "Part 4: a bad request is an error value, not a trap"
        )?;
        let len = self.call("buffer-len()", Instance::buffer_len)?;
        self.expect("buffer-len() in part 4", len, start.len)?;
        let past_the_end = BufferError::OutOfBounds(OutOfBounds {
            offset: len,
            len: 1,
            buffer_len: len,
        });
        self.refusal(&format!("load({len})"), |b| b.load(len), past_the_end)?;
        // `len` is at least LEAST_BUFFER_LEN (checked in the introduction).
        let offset = len - 1;
        let straddling = BufferError::OutOfBounds(OutOfBounds {
            offset,
            len: 2,
            buffer_len: len,
        });
        self.refusal(
            &format!("read({offset}, 2)"),
            |b| b.read(offset, 2),
            straddling,
        )?;
        let pages = self.call("memory-pages()", Instance::memory_pages)?;
        let too_much = BufferError::GrowRefused(GrowRefused {
            current_pages: pages,
            requested_pages: MOST_PAGES,
        });
        let call = format!("grow-memory({MOST_PAGES})");
        self.refusal(&call, |b| b.grow_memory(MOST_PAGES), too_much)?;
        Ok(())
    }

    /// `memory-pages()`, checked: a 32-bit memory has at most 65536 pages.
    fn pages(&mut self) -> Result<u32, RunError> {
        let call = "memory-pages()";
        let pages = self.call(call, Instance::memory_pages)?;
        if pages > MOST_PAGES {
            let detail = format!("{call} is {pages}, expected at most {MOST_PAGES} (4 GiB)");
            return Err(self.broken(detail));
        }
        self.step(call, pages, &format!("pages of 64 KiB: {} KiB", pages * 64))?;
        Ok(pages)
    }
}

/// What every part of every lesson uses: calls, checked and printed.
impl<W: Write, I: BorrowMut<Instance>> Lesson<'_, W, I> {
    /// Prints one call, what came back, and why it matters.
    pub fn step(&mut self, call: &str, result: impl Display, note: &str) -> io::Result<()> {
        writeln!(self.out, "  {call} -> {result}   {note}")
    }

    /// Makes a call the lesson expects to be refused with `expected`, and
    /// prints the refusal.
    pub fn refusal<T: Debug>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut I) -> wasmtime::Result<Result<T, BufferError>>,
        expected: BufferError,
    ) -> Result<(), RunError> {
        let error = match self.call(call, f)? {
            Ok(value) => {
                let detail = format!(
                    "{call} returned ok({value:?}), expected err({})",
                    wave(&expected)
                );
                return Err(self.broken(detail));
            }
            Err(error) => error,
        };
        if error != expected {
            let detail = format!(
                "{call} returned err({}), expected err({})",
                wave(&error),
                wave(&expected)
            );
            return Err(self.broken(detail));
        }
        writeln!(self.out, "  {call} -> err({})", wave(&error))?;
        writeln!(self.out, "    {}", describe(&error))?;
        Ok(())
    }

    /// Makes a call whose WIT result is `result<T, error>`, expecting `ok`.
    pub fn request<T>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut I) -> wasmtime::Result<Result<T, BufferError>>,
    ) -> Result<T, RunError> {
        self.call(call, f)?.map_err(|error| RunError::Refused {
            path: self.path.into(),
            call: call.to_string(),
            error,
        })
    }

    /// Makes one call into the component, and shows what it printed
    /// meanwhile; a trap ends the lesson.
    pub fn call<T>(
        &mut self,
        call: &str,
        f: impl FnOnce(&mut I) -> wasmtime::Result<T>,
    ) -> Result<T, RunError> {
        let result = f(&mut self.instance);
        let printed = self.instance.borrow_mut().take_printed();
        printed::show(self.out, &printed)?;
        result.map_err(|error| RunError::Trapped {
            path: self.path.into(),
            call: call.to_string(),
            error,
        })
    }

    /// The rule every call that stores bytes is held to, list or stream:
    /// afterwards the buffer holds `expected`, which is the bytes stored
    /// inside `range` and, outside it, what the buffer held before. (A call
    /// that stores nothing has an empty `range`.)
    pub fn check_buffer(
        &mut self,
        call: &str,
        range: Range<u32>,
        expected: &[u8],
    ) -> Result<(), RunError> {
        let held = self.whole_buffer(call)?;
        let len = expected.len();
        if held.len() != len {
            let detail = format!(
                "buffer-len() is {} after {call}, expected {len}",
                held.len()
            );
            return Err(self.broken(detail));
        }
        let Some(at) = first_difference(&held, expected) else {
            return Ok(());
        };
        let place = match range.contains(&(at as u32)) {
            true => "inside its range".to_string(),
            false if range.is_empty() => "it was to change nothing".to_string(),
            false => format!(
                "outside the bytes it stored, {}..{}",
                range.start, range.end
            ),
        };
        let detail = format!(
            "after {call}, byte {at} of the buffer holds {}, expected {} ({place})",
            held[at], expected[at]
        );
        Err(self.broken(detail))
    }

    /// The whole buffer, as `read` copies it out, after `call`.
    pub fn whole_buffer(&mut self, call: &str) -> Result<Vec<u8>, RunError> {
        let len = self.call("buffer-len()", |i| i.borrow_mut().buffer_len())?;
        let read = format!("read(0, {len}) after {call}");
        let bytes = self.request(&read, |i| i.borrow_mut().read(0, len))?;
        if bytes.len() != len as usize {
            let detail = format!("{read} returned {} bytes, expected {len}", bytes.len());
            return Err(self.broken(detail));
        }
        Ok(bytes)
    }

    pub fn expect<T: PartialEq + Debug>(
        &self,
        what: &str,
        got: T,
        want: T,
    ) -> Result<(), RunError> {
        if got == want {
            return Ok(());
        }
        Err(self.broken(format!("{what} is {got:?}, expected {want:?}")))
    }

    pub fn broken(&self, detail: String) -> RunError {
        RunError::Contract {
            path: self.path.into(),
            detail,
        }
    }
}

/// The first index where `got` and `want` differ, if their lengths agree.
pub fn first_difference(got: &[u8], want: &[u8]) -> Option<usize> {
    if got.len() != want.len() {
        return None;
    }
    got.iter().zip(want).position(|(g, w)| g != w)
}

/// An error value in WAVE, the WebAssembly value syntax that `wasmtime run
/// --invoke` prints too.
pub fn wave(error: &BufferError) -> String {
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
