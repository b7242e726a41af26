//! `--streams`: the streams component's buffer moved in bulk, in and out,
//! through `list<u8>` and through `stream<u8>`, with the copies each makes.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use linear_memory_host::{Call, LoadedStreams, Sent};

use crate::error::RunError;
use crate::header::header;
use crate::inspect;
use crate::session::Session;

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
/// left in the component's memory. Every answer is checked (`session.rs`):
/// each count, the bytes each call carried, and the whole buffer after each
/// call, inside the call's range and outside it.
pub fn run(
    path: &Path,
    component: &LoadedStreams,
    inspect: bool,
    out: &mut impl Write,
) -> Result<(), RunError> {
    header(out, path, component.size(), "", component.imports())?;
    let instance = component.instantiate();
    let session = Session::start(instance, component.limits().max_memory, path, out)?;
    let mut lesson = StreamsLesson { session };
    writeln!(
        lesson.session.out,
        "The whole buffer, in and out, four ways"
    )?;
    let len = lesson.buffer_len()?;
    lesson.four_ways(len, inspect)?;
    lesson.lengths(len)
}

/// A run of the streams lesson: its calls, each checked.
struct StreamsLesson<'a, W> {
    session: Session<'a, W>,
}

/// The lesson's ranges: at 4, and 6 bytes before the end.
const LEAST_BUFFER_LEN: u32 = 20;

impl<W: Write> StreamsLesson<'_, W> {
    /// `buffer-len()`, which the lesson's ranges need to be at least
    /// [`LEAST_BUFFER_LEN`] (the checked instance has seen it fit in memory).
    fn buffer_len(&mut self) -> Result<u32, RunError> {
        let len: u32 = self.session.value(&Call::BufferLen)?;
        if len < LEAST_BUFFER_LEN {
            let detail = format!("buffer-len() is {len}, expected at least {LEAST_BUFFER_LEN}");
            return Err(self.session.broken(detail));
        }
        self.session.step(Call::BufferLen, len, "bytes")?;
        Ok(len)
    }

    /// The whole buffer in and out, by list and by stream.
    fn four_ways(&mut self, len: u32, inspect: bool) -> Result<(), RunError> {
        let listed = pattern(len, 1);
        let write = Call::Write {
            offset: 0,
            bytes: listed.clone(),
        };
        self.session.request::<()>(&write)?;
        self.session.check_whole_buffer(&write, 0..len)?;
        let note = "list<u8>: 2 copies, into memory cabi_realloc gave, then into the buffer";
        self.session.step(&write, "ok", note)?;
        let note = "1 copy: the component hands out its buffer's own bytes";
        let read = Call::Read { offset: 0, len };
        self.read_back(&read, 0..len, "as written", note)?;

        let streamed = pattern(len, 2);
        let note = "stream<u8>: 1 copy, straight into the range offered to stream.read";
        self.stored(0, len, &streamed, note)?;
        let note = "1 copy, straight out of the range offered to stream.write";
        let read = Call::ReadViaStream {
            offset: 0,
            len,
            take: None,
        };
        self.read_back(&read, 0..len, "as written", note)?;
        if inspect {
            self.copies_inside(&listed, &streamed)?;
        }
        writeln!(self.session.out, "{COPIES}")?;
        Ok(())
    }

    /// `--inspect`: where the component's memory holds each path's bytes
    /// now, after `write-via-stream` has overwritten what `write` stored.
    fn copies_inside(&mut self, listed: &[u8], streamed: &[u8]) -> Result<(), RunError> {
        let pointer = self.session.checked.start().pointer as usize;
        let found = self.session.find_buffer_memory()?;
        let Some(memory) = found else {
            let detail = "no memory holds what write(0, ...) wrote at the pointer".to_string();
            return Err(self.session.broken(detail));
        };
        let bytes = self.session.checked.instance().memory_bytes(&memory);
        let (offset, needle) = middle(listed);
        let listed_at = inspect::occurrences(bytes, needle);
        let (_, needle) = middle(streamed);
        let streamed_at = inspect::occurrences(bytes, needle);
        let buffer = pointer + offset;
        self.session.expect(
            "where the streamed bytes are",
            streamed_at.clone(),
            vec![buffer],
        )?;
        let hex = |addresses: &[usize]| {
            let list: Vec<String> = addresses.iter().map(|a| format!("{a:#010x}")).collect();
            list.join(", ")
        };
        let out = &mut self.session.out;
        writeln!(
            out,
            "  Inside (a debugger's engine): the middle KiB of each path's bytes, found in memory"
        )?;
        let at = match listed_at.as_slice() {
            [] => "nowhere now".to_string(),
            addresses => format!("at {}", hex(addresses)),
        };
        writeln!(
            out,
            "    write's: {at}, the block cabi_realloc gave (freed, not cleared)"
        )?;
        writeln!(
            out,
            "    write-via-stream's: at {}, the buffer, and nowhere else",
            hex(&streamed_at)
        )?;
        Ok(())
    }

    /// A stream's length, the range's, and a range outside the buffer.
    fn lengths(&mut self, len: u32) -> Result<(), RunError> {
        writeln!(
            self.session.out,
            "A range and a stream of different lengths"
        )?;
        let note = "the stream ended first: 4 bytes stored";
        self.stored(4, 16, &pattern(4, 3), note)?;
        let note = "the range was full: the component dropped the stream";
        self.stored(4, 4, &pattern(16, 4), note)?;
        let note = "the 4 bytes at 4, and no more";
        let read = Call::ReadViaStream {
            offset: 4,
            len: 4,
            take: None,
        };
        self.read_back(&read, 4..8, "as stored", note)?;
        let offset = len - 6;
        let write = Call::WriteViaStream {
            offset,
            len: 16,
            data: Sent::from(vec![0; 16]),
        };
        self.session.refusal(&write)?;
        self.session.check_whole_buffer(&write, offset..offset)?;
        self.session.refusal(&Call::ReadViaStream {
            offset,
            len: 16,
            take: None,
        })?;
        writeln!(
            self.session.out,
            "    (checked before a byte was read or sent)"
        )?;
        Ok(())
    }

    /// `write-via-stream(offset, len, ...)` with a stream that carries
    /// `bytes`: the smaller of the two counts stored (the rules hold the
    /// count, and then the whole buffer, to the contract).
    fn stored(&mut self, offset: u32, len: u32, bytes: &[u8], note: &str) -> Result<(), RunError> {
        let call = Call::WriteViaStream {
            offset,
            len,
            data: Sent::from(bytes.to_vec()),
        };
        let stored: u32 = self.session.request(&call)?;
        self.session
            .check_whole_buffer(&call, offset..offset + stored)?;
        self.session.step(&call, format!("ok({stored})"), note)?;
        Ok(())
    }

    /// A read of `range`, by `read` or `read-via-stream`: the rules hold
    /// the bytes it carried to the range's, and the buffer to what it held.
    fn read_back(
        &mut self,
        call: &Call,
        range: Range<u32>,
        what: &str,
        note: &str,
    ) -> Result<(), RunError> {
        self.session.request::<Vec<u8>>(call)?;
        let unchanged = range.start..range.start;
        self.session.check_whole_buffer(call, unchanged)?;
        let len = range.len();
        self.session
            .step(call, format!("ok([{len} bytes, {what}])"), note)?;
        Ok(())
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
