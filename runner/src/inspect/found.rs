//! Where bytes are, found by content in every linear memory inside: the one
//! search behind every `--inspect` view (the copy map's blocks, the streams
//! lesson's paths, a composition's crossing), and how a place is named from
//! a call's map. Shown, never judged: where bytes are is how a component
//! was built.

use linear_memory_host::{CallMap, CoreMemory, Inside, Placed};

/// The fewest bytes whose copies `--inspect` looks for: fewer turn up in a
/// memory of zeros and code by chance.
pub const SHORTEST_TRACE: usize = 16;

/// The fewest distinct byte values bytes are looked for with: fewer (a few
/// values over and over, zeros say) turn up by chance too.
const PLAINEST: usize = 4;

/// A place where bytes are.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub memory: CoreMemory,
    pub address: usize,
}

impl Place {
    /// Where `placed`'s block starts.
    pub fn of(placed: &Placed) -> Self {
        Self {
            memory: placed.memory,
            address: placed.block.address as usize,
        }
    }

    /// Whether `other` is the same place.
    pub fn same(&self, other: &Place) -> bool {
        self.memory.same(&other.memory) && self.address == other.address
    }
}

/// Where bytes are, or why they were not looked for.
pub type Found = Result<Vec<Place>, String>;

/// Where `bytes`, which could be anything, are in every memory inside, by
/// their middle KiB ([`middle`]); why not, when they are too few or too
/// plain to tell a copy from chance.
pub fn places(inside: &mut impl Inside, bytes: &[u8]) -> Found {
    if bytes.len() < SHORTEST_TRACE {
        let len = bytes.len();
        return Err(format!(
            "{len} byte{}: too few to tell a copy from chance",
            plural(len)
        ));
    }
    let mut values = bytes.to_vec();
    values.sort_unstable();
    values.dedup();
    if values.len() < PLAINEST {
        let distinct = values.len();
        return Err(format!(
            "{distinct} byte values over and over: too plain to tell a copy from chance"
        ));
    }
    let (offset, needle) = middle(bytes);
    let mut found = everywhere(inside, needle);
    for place in &mut found {
        place.address -= offset;
    }
    Ok(found)
}

/// Every place in every memory inside where `needle` starts (matches that
/// do not overlap, as `memchr::memmem` finds them): for bytes
/// chosen to be found (a client's "crossed by copy"), which no rule has to
/// tell from chance.
pub fn everywhere(inside: &mut impl Inside, needle: &[u8]) -> Vec<Place> {
    let mut found = Vec::new();
    for memory in inside.core_memories() {
        let held = inside.memory_bytes(&memory);
        let starts = memchr::memmem::find_iter(held, needle);
        found.extend(starts.map(|address| Place { memory, address }));
    }
    found
}

/// What [`places`] looks for of `bytes`: their middle KiB, clear of the
/// words an allocator writes at the edges of a block it frees; and where in
/// `bytes` it starts.
pub fn middle(bytes: &[u8]) -> (usize, &[u8]) {
    let start = bytes.len().saturating_sub(1024) / 2;
    (start, &bytes[start..(start + 1024).min(bytes.len())])
}

/// The `cabi_realloc` call in `map` (its index) whose block holds `place`:
/// where the canonical ABI copied bytes in, as the call's trace saw it.
pub fn given_by(map: &CallMap, place: &Place) -> Option<usize> {
    map.allocations.iter().position(|allocation| {
        let Some(start) = allocation.address else {
            return false;
        };
        let block = start as usize..start as usize + allocation.size as usize;
        allocation.memory.same(&place.memory) && block.contains(&place.address)
    })
}

/// `the block cabi_realloc #n gave`, if [`given_by`] finds the call.
pub fn given(map: &CallMap, place: &Place) -> Option<String> {
    let call = given_by(map, place)?;
    Some(format!("the block cabi_realloc #{} gave", call + 1))
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
