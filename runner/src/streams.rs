//! `--streams`: the streams component's buffer moved in bulk, in and out,
//! through `list<u8>` and through `stream<u8>`, with the copies each makes.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use linear_memory_host::{Call, CallMap, CoreMemory, Inside, LoadedStreams, Sent, Start};

use crate::error::RunError;
use crate::header::header;
use crate::inspect::found::{self, Place};
use crate::session::Session;

const COPIES: &str = "  \
  The runtime copies each byte once on each path: a list argument into
  memory cabi_realloc gives, a list result out of memory the component
  points at, a stream's bytes straight between the memory each end offers.
  What the component copies beyond that is up to it. This project's offers
  its buffer itself to stream.read and stream.write and hands out the
  buffer's own bytes for read, so only write(list<u8>) copies twice (from
  the block cabi_realloc gave into the buffer); --inspect shows where any
  component's copies are. Fewer copies is not the same as faster: each
  stream call also starts a task and runs an event loop, which a list call
  does not. .ci/bench measures both.
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
    let mut session = Session::start(instance, component.limits().max_memory, path, out)?;
    // Found before the lesson writes what it looks for: the probe's own
    // writes leave copies of what they overwrite.
    let memory = match inspect {
        true => Some(session.buffer_memory()?.0),
        false => None,
    };
    let mut lesson = StreamsLesson { session, memory };
    writeln!(
        lesson.session.out,
        "The whole buffer, in and out, four ways"
    )?;
    // The checked instance has seen the length fit in memory, and be at
    // least the 2 bytes the seed's functions need.
    let len = lesson.session.checked.start().len;
    lesson.session.step(Call::BufferLen, len, "bytes")?;
    lesson.four_ways(len)?;
    lesson.lengths(len)?;
    lesson.rounds(len)
}

/// A run of the streams lesson: its calls, each checked.
struct StreamsLesson<'a, W> {
    session: Session<'a, W>,
    /// `--inspect`: the memory that holds the buffer.
    memory: Option<CoreMemory>,
}

impl<W: Write> StreamsLesson<'_, W> {
    /// The whole buffer in and out, by list and by stream.
    fn four_ways(&mut self, len: u32) -> Result<(), RunError> {
        let listed = pattern(len as usize, 1);
        let write = Call::Write {
            offset: 0,
            bytes: listed.clone(),
        };
        // Under --inspect, the call's map names the block cabi_realloc gave.
        let map = match self.memory {
            Some(_) => Some(self.session.request_mapped::<()>(&write)?.1),
            None => self.session.request::<()>(&write).map(|()| None)?,
        };
        self.session.check_whole_buffer(&write, 0..len)?;
        let note = "list<u8>: copied into memory cabi_realloc gave";
        self.session.step(&write, "ok", note)?;
        let note = "copied out of the memory the component points at";
        let read = Call::Read { offset: 0, len };
        self.read_back(&read, 0..len, "as written", note)?;

        let streamed = pattern(len as usize, 2);
        let note = "stream<u8>: copied into what the component offers stream.read";
        self.stored(0, len, &streamed, note)?;
        let note = "copied out of what the component offers stream.write";
        let read = Call::ReadViaStream {
            offset: 0,
            len,
            take: None,
        };
        self.read_back(&read, 0..len, "as written", note)?;
        let paths = [
            ("write", &listed[..], map.as_ref()),
            ("write-via-stream", &streamed[..], None),
        ];
        self.found_inside(&paths)?;
        writeln!(self.session.out, "{COPIES}")?;
        Ok(())
    }

    /// Under `--inspect`, where the memories inside hold each path's bytes
    /// now: each `(call, bytes, map)`, the bytes as they were laid in the
    /// buffer from index 0, and the call's copy map if it was mapped (which
    /// names the block `cabi_realloc` gave). Shown, not judged: where a
    /// component keeps copies is how it was built, not what the contract
    /// says.
    fn found_inside(&mut self, paths: &[(&str, &[u8], Option<&CallMap>)]) -> Result<(), RunError> {
        let Start { pointer, len, .. } = self.session.checked.start();
        let Some(memory) = self.memory else {
            return Ok(());
        };
        if (len as usize) < found::SHORTEST_TRACE {
            writeln!(
                self.session.out,
                "  Inside (a debugger's engine): {len} bytes are too few to tell a copy from chance;\n  \
                 --inspect looks for the copies of a buffer of {} bytes or more\n",
                found::SHORTEST_TRACE
            )?;
            return Ok(());
        }
        let buffer = Place {
            memory,
            address: pointer as usize,
        };
        let mut lines = Vec::new();
        let mut outside = false;
        for (call, laid, map) in paths {
            let instance = self.session.checked.instance();
            let places = found::places(instance, laid).unwrap_or_default();
            outside |= places.iter().any(|place| !place.same(&buffer));
            lines.push(format!("    {call}'s: {}", named(&places, &buffer, *map)));
        }
        let out = &mut self.session.out;
        let shown = found::middle(paths[0].1).1.len();
        writeln!(
            out,
            "  Inside (a debugger's engine): the middle {shown} bytes of each, found in memory"
        )?;
        for line in lines {
            writeln!(out, "{line}")?;
        }
        if outside {
            writeln!(out, "{OUTSIDE}")?;
        }
        Ok(())
    }

    /// A stream's length, the range's, and a range outside the buffer: at
    /// 4 in a buffer of 16 bytes or more, nearer the start in a shorter one.
    fn lengths(&mut self, len: u32) -> Result<(), RunError> {
        writeln!(
            self.session.out,
            "A range and a stream of different lengths"
        )?;
        let offset = (len / 4).min(4);
        let range = (len - offset).min(16);
        let short = (range / 4).max(1);
        let note = format!("the stream ended first: {short} bytes stored");
        self.stored(offset, range, &pattern(short as usize, 3), &note)?;
        let note = "the range was full: the component dropped the stream";
        self.stored(offset, short, &pattern(range as usize, 4), note)?;
        let note = format!("the {short} bytes at {offset}, and no more");
        let read = Call::ReadViaStream {
            offset,
            len: short,
            take: None,
        };
        self.read_back(&read, offset..offset + short, "as stored", &note)?;
        let offset = len.saturating_sub(6);
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

    /// One stream of two and a half buffers' worth, through the buffer
    /// round after round in one call: the rules hold the count, and the
    /// whole buffer to the last byte sent at each index.
    fn rounds(&mut self, len: u32) -> Result<(), RunError> {
        writeln!(self.session.out, "\nOne stream, many rounds")?;
        let call = Call::WriteRingViaStream {
            data: Sent::from(pattern(two_and_a_half(len), 5)),
        };
        let shown = self.memory.map(|memory| {
            let pointer = self.session.checked.start().pointer as usize;
            let shown = pointer..pointer + (len as usize).min(16);
            let instance = self.session.checked.instance();
            instance.watch_rounds(memory, shown.clone());
            (memory, shown)
        });
        let came: u64 = self.session.value(&call)?;
        self.session.check_whole_buffer(&call, 0..len)?;
        let rounds = came.div_ceil(u64::from(len));
        let note = format!("1 call for {rounds} rounds of the buffer");
        self.session.step(&call, came, &note)?;
        let read = Call::Read { offset: 0, len };
        let note = format!("index i holds the last byte k sent with k % {len} = i");
        // The rules have held these to the ring's: what to look for inside.
        let ring = self.read_back(&read, 0..len, "as the ring left them", &note)?;
        if let Some((memory, shown)) = shown {
            self.filling(memory, shown)?;
        }
        self.found_inside(&[("write-ring-via-stream", &ring[..], None)])?;
        writeln!(self.session.out, "{ROUNDS}")?;
        Ok(())
    }

    /// `--inspect`: the buffer's first bytes (`shown`, in `memory`) before
    /// each write the host made into what the component offered
    /// `stream.read`, and after the call: the ring filling, round by round.
    fn filling(&mut self, memory: CoreMemory, shown: Range<usize>) -> Result<(), RunError> {
        let instance = self.session.checked.instance();
        let seen = instance.rounds_seen();
        let after = instance.memory_bytes(&memory)[shown.clone()].to_vec();
        let out = &mut self.session.out;
        writeln!(
            out,
            "  Inside (a debugger's engine): the buffer's first {} bytes before each write into it",
            shown.len()
        )?;
        let line = |when: &str, bytes: &[u8]| {
            let hex: Vec<String> = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
            format!("    {when:<9} {}", hex.join(" "))
        };
        let writes = seen.len();
        for (write, bytes) in seen.iter().enumerate() {
            let number = write + 1;
            if number == WRITES_SHOWN_FIRST + 1 && writes > WRITES_SHOWN_FIRST + WRITES_SHOWN_LAST {
                let hidden = writes - WRITES_SHOWN_FIRST - WRITES_SHOWN_LAST;
                writeln!(out, "    ... {hidden} writes not shown")?;
            }
            if number <= WRITES_SHOWN_FIRST || number > writes.saturating_sub(WRITES_SHOWN_LAST) {
                writeln!(out, "{}", line(&format!("write {number}"), bytes))?;
            }
        }
        writeln!(out, "{}", line("after", &after))?;
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
    /// Returns the bytes.
    fn read_back(
        &mut self,
        call: &Call,
        range: Range<u32>,
        what: &str,
        note: &str,
    ) -> Result<Vec<u8>, RunError> {
        let bytes = self.session.request::<Vec<u8>>(call)?;
        let unchanged = range.start..range.start;
        self.session.check_whole_buffer(call, unchanged)?;
        let len = range.len();
        self.session
            .step(call, format!("ok([{len} bytes, {what}])"), note)?;
        Ok(bytes)
    }
}

/// Two and a half times `len`: computed in u64, since for a buffer past
/// about 1.7 GiB it overflows a u32.
fn two_and_a_half(len: u32) -> usize {
    (u64::from(len) * 5 / 2) as usize
}

/// The writes into a ring `--inspect` shows: the first ones and the last
/// ones. A component may read a few bytes at a time, and one that reads a
/// byte at a time makes a write per byte sent.
const WRITES_SHOWN_FIRST: usize = 6;
const WRITES_SHOWN_LAST: usize = 2;

/// `len` bytes that repeat nowhere else, within themselves or in another
/// pattern of another `seed` (a linear congruential generator's high bytes),
/// so that finding them in memory means a copy of them is there.
fn pattern(len: usize, seed: u64) -> Vec<u8> {
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

const ROUNDS: &str = "  \
  A ring: each round the component offers stream.read the rest of the
  buffer again (this project's offers the buffer itself), so one call
  carries a stream of any length. The call's fixed cost (a task, an event
  loop) is paid once for all its rounds; .ci/bench measures what a round
  costs beyond its copy.
";

/// What the places found outside the buffer can be.
const OUTSIDE: &str = "  \
  Outside the buffer can be the block cabi_realloc gave for write's list
  (the call's map names it; a freed block keeps its bytes until reused) and
  copies the component or its bindings made (a Vec a stream's chunk was
  read into, say): how the component was built, which the contract leaves
  to it.
";

/// Where `places` are: the buffer, and a block `map` says `cabi_realloc`
/// gave, named as such; a memory other than the buffer's, named too.
fn named(places: &[Place], buffer: &Place, map: Option<&CallMap>) -> String {
    if places.is_empty() {
        return "nowhere now".to_string();
    }
    let list: Vec<String> = places
        .iter()
        .map(|place| {
            let mut name = format!("{:#010x}", place.address);
            if !place.memory.same(&buffer.memory) {
                name = format!("{} {name}", place.memory);
            }
            let given = map.and_then(|map| found::given(map, place));
            match (place.same(buffer), given) {
                (true, _) => format!("{name} (the buffer)"),
                (false, Some(block)) => format!("{name} ({block})"),
                (false, None) => name,
            }
        })
        .collect();
    let outside = places.iter().filter(|place| !place.same(buffer)).count();
    let copies = match outside {
        0 => "the buffer only".to_string(),
        1 => "1 outside the buffer".to_string(),
        n => format!("{n} outside the buffer"),
    };
    format!("at {}: {copies}", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_and_a_half_buffers_fit_for_any_length() {
        assert_eq!(two_and_a_half(65536), 163_840);
        assert_eq!(two_and_a_half(2), 5);
        assert_eq!(two_and_a_half(u32::MAX), 10_737_418_237);
    }
}
