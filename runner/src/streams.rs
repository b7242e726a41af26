//! `--streams`: the streams component's buffer moved in bulk, in and out,
//! through `list<u8>` and through `stream<u8>`, with the copies each makes.

use std::io::Write;
use std::path::Path;

use linear_memory_host::{BufferError, LoadedStreams, OutOfBounds, Outgoing, StreamsInstance};

use crate::error::RunError;
use crate::header::header;
use crate::inspect;
use crate::lesson::{Lesson, first_difference};

const COPIES: &str = "  \
  Each byte crossed once on three of the four paths. Only write(list<u8>)
  copies twice: the canonical ABI has nowhere to put a list argument but
  memory the component allocates for it. A stream copies when both ends
  have offered a buffer, from one to the other, and the component offers
  its buffer itself. Fewer copies is not the same as faster: each stream
  call also starts a task and runs an event loop, which a list call does
  not. .ci/bench measures both.
";

/// Runs the streams lesson on a fresh instance of `component`; with
/// `inspect` (on a debugger's engine), it also counts the copies each path
/// left in the component's memory. Every answer is checked: each count, the
/// bytes each call carried, and the whole buffer after each call, inside
/// the call's range and outside it.
pub fn run(
    path: &Path,
    component: &LoadedStreams,
    inspect: bool,
    out: &mut impl Write,
) -> Result<(), RunError> {
    header(out, path, component.size(), "", component.imports())?;
    let instance = component.instantiate();
    let mut lesson = Lesson::start(instance, path, out)?;
    writeln!(lesson.out, "The whole buffer, in and out, four ways")?;
    let len = lesson.buffer_len(component.limits().max_memory)?;
    let mut buffer = lesson.four_ways(len, inspect)?;
    lesson.lengths(&mut buffer)
}

impl<W: Write> Lesson<'_, W, StreamsInstance> {
    /// The whole buffer in and out, by list and by stream. Returns what the
    /// buffer holds now.
    fn four_ways(&mut self, len: u32, inspect: bool) -> Result<Vec<u8>, RunError> {
        let listed = pattern(len, 1);
        let call = format!("write(0, [{len} bytes])");
        self.request(&call, |i| i.write(0, &listed))?;
        self.check_buffer(&call, 0..len, &listed)?;
        let note = "list<u8>: 2 copies, into memory cabi_realloc gave, then into the buffer";
        self.step(&call, "ok", note)?;
        let note = "1 copy: the component hands out its buffer's own bytes";
        self.read_back("read", 0, &listed, note, |i| i.read(0, len))?;

        let streamed = pattern(len, 2);
        let note = "stream<u8>: 1 copy, straight into the range offered to stream.read";
        self.stored(0, &streamed, &listed, note)?;
        let note = "1 copy, straight out of the range offered to stream.write";
        self.read_back("read-via-stream", 0, &streamed, note, |i| {
            i.read_via_stream(0, len)
        })?;
        if inspect {
            self.copies_inside(&listed, &streamed)?;
        }
        writeln!(self.out, "{COPIES}")?;
        Ok(streamed)
    }
    /// `--inspect`: where the component's memory holds each path's bytes
    /// now, after `write-via-stream` has overwritten what `write` stored.
    fn copies_inside(&mut self, listed: &[u8], streamed: &[u8]) -> Result<(), RunError> {
        let pointer = self.call("get-wasm-memory-buffer-pointer()", |i| {
            i.get_wasm_memory_buffer_pointer()
        })? as usize;
        let memory = self.call("write(0, probe)", |i| i.find_buffer_memory())?;
        let Some(memory) = memory else {
            let detail = "no memory holds what write(0, ...) wrote at the pointer".to_string();
            return Err(self.broken(detail));
        };
        let bytes = self.instance.memory_bytes(&memory);
        let (offset, needle) = middle(listed);
        let listed_at = inspect::occurrences(bytes, needle);
        let (_, needle) = middle(streamed);
        let streamed_at = inspect::occurrences(bytes, needle);
        let buffer = pointer + offset;
        self.expect(
            "where the streamed bytes are",
            streamed_at.clone(),
            vec![buffer],
        )?;
        let hex = |addresses: &[usize]| {
            let list: Vec<String> = addresses.iter().map(|a| format!("{a:#010x}")).collect();
            list.join(", ")
        };
        writeln!(
            self.out,
            "  Inside (a debugger's engine): the middle KiB of each path's bytes, found in memory"
        )?;
        let at = match listed_at.as_slice() {
            [] => "nowhere now".to_string(),
            addresses => format!("at {}", hex(addresses)),
        };
        writeln!(
            self.out,
            "    write's: {at}, the block cabi_realloc gave (freed, not cleared)"
        )?;
        writeln!(
            self.out,
            "    write-via-stream's: at {}, the buffer, and nowhere else",
            hex(&streamed_at)
        )?;
        Ok(())
    }

    /// A stream's length, the range's, and a range outside the buffer.
    /// `buffer` is what the buffer holds; it is kept up to date.
    fn lengths(&mut self, buffer: &mut [u8]) -> Result<(), RunError> {
        writeln!(self.out, "A range and a stream of different lengths")?;
        let len = buffer.len() as u32;
        let short = pattern(4, 3);
        let note = "the stream ended first: 4 bytes stored";
        self.stored_in(4, 16, &short, buffer, note)?;
        let long = pattern(16, 4);
        let note = "the range was full: the component dropped the stream";
        self.stored_in(4, 4, &long, buffer, note)?;
        let note = "the 4 bytes at 4, and no more";
        self.read_back("read-via-stream", 4, &buffer[4..8], note, |i| {
            i.read_via_stream(4, 4)
        })?;
        let offset = len - 6;
        let outside = BufferError::OutOfBounds(OutOfBounds {
            offset,
            len: 16,
            buffer_len: len,
        });
        let call = format!("write-via-stream({offset}, 16, <stream of 16 bytes>)");
        self.refusal(
            &call,
            |i| i.write_via_stream(offset, 16, Outgoing::new(vec![0; 16])),
            outside,
        )?;
        self.check_buffer(&call, offset..offset, buffer)?;
        let call = format!("read-via-stream({offset}, 16)");
        self.refusal(&call, |i| i.read_via_stream(offset, 16), outside)?;
        writeln!(self.out, "    (checked before a byte was read or sent)")?;
        Ok(())
    }

    /// `write-via-stream(0, len, ...)` of the whole buffer, which holds
    /// `before`, with a stream that carries `bytes`: all of them stored.
    fn stored(
        &mut self,
        offset: u32,
        bytes: &[u8],
        before: &[u8],
        note: &str,
    ) -> Result<(), RunError> {
        let mut buffer = before.to_vec();
        self.stored_in(offset, bytes.len() as u32, bytes, &mut buffer, note)
    }

    /// `write-via-stream(offset, len, ...)` with a stream that carries
    /// `bytes`: the smaller of the two counts stored, those bytes at
    /// `offset`, and nothing else changed in `buffer`, which is kept up to
    /// date.
    fn stored_in(
        &mut self,
        offset: u32,
        len: u32,
        bytes: &[u8],
        buffer: &mut [u8],
        note: &str,
    ) -> Result<(), RunError> {
        let sent = bytes.len() as u32;
        let call = format!("write-via-stream({offset}, {len}, <stream of {sent} bytes>)");
        let outgoing = Outgoing::new(bytes.to_vec());
        let stored = self.request(&call, |i| i.write_via_stream(offset, len, outgoing))?;
        self.expect(&format!("the count {call} stored"), stored, len.min(sent))?;
        let start = offset as usize;
        buffer[start..start + stored as usize].copy_from_slice(&bytes[..stored as usize]);
        self.check_buffer(&call, offset..offset + stored, buffer)?;
        self.step(&call, format!("ok({stored})"), note)
            .map_err(RunError::from)
    }

    /// A read of `expected.len()` bytes at `offset`, by `read` or
    /// `read-via-stream`, which must give back `expected` and change nothing.
    fn read_back(
        &mut self,
        name: &str,
        offset: u32,
        expected: &[u8],
        note: &str,
        f: impl FnOnce(&mut StreamsInstance) -> wasmtime::Result<Result<Vec<u8>, BufferError>>,
    ) -> Result<(), RunError> {
        let len = expected.len();
        let call = format!("{name}({offset}, {len})");
        let before = self.whole_buffer(&call)?;
        let bytes = self.request(&call, f)?;
        if bytes != expected {
            let detail = match first_difference(&bytes, expected) {
                None => format!("{call} carried {} bytes, expected {len}", bytes.len()),
                Some(at) => format!(
                    "{call} carried {} at byte {at}, expected {} (the byte at {})",
                    bytes[at],
                    expected[at],
                    offset as usize + at
                ),
            };
            return Err(self.broken(detail));
        }
        self.check_buffer(&call, offset..offset, &before)?;
        let what = if offset == 0 {
            "as written"
        } else {
            "as stored"
        };
        self.step(&call, format!("ok([{len} bytes, {what}])"), note)
            .map_err(RunError::from)
    }

    /// `buffer-len()`, checked before the host allocates that much: room
    /// for the lesson's ranges (at 4, and 6 bytes before the end), and no
    /// more than the memory limit allows.
    fn buffer_len(&mut self, max_memory: usize) -> Result<u32, RunError> {
        const LEAST: u32 = 20;
        let len = self.call("buffer-len()", |i| i.buffer_len())?;
        if len < LEAST || len as usize > max_memory {
            let detail = format!(
                "buffer-len() is {len}, expected {LEAST} to {max_memory} (the memory limit)"
            );
            return Err(self.broken(detail));
        }
        self.step("buffer-len()", len, "bytes")?;
        Ok(len)
    }
}

/// `len` bytes that repeat nowhere else, within themselves or in another
/// pattern of another `seed` (a linear congruential generator's high bytes),
/// so that finding them in memory means a copy of them is there.
fn pattern(len: u32, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

/// What `--inspect` looks for: the middle KiB of a pattern, clear of the
/// words an allocator writes at the edges of a block it frees.
fn middle(bytes: &[u8]) -> (usize, &[u8]) {
    let start = bytes.len().saturating_sub(1024) / 2;
    (start, &bytes[start..(start + 1024).min(bytes.len())])
}
