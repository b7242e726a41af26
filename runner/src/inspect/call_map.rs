//! `--invoke` with `--inspect`: the copy map of one call of any component.
//! What the debugger saw of the call (the library's
//! [`CallMap`](linear_memory_host::CallMap)), then where each block's bytes
//! are in every linear memory once the call has returned, found by content
//! with the rule the lesson uses: a block of fewer than
//! [`found::SHORTEST_TRACE`] bytes is too short to tell a copy from chance.
//! Shown, never judged: where bytes are is how a component was built.

use std::fmt::Write as _;
use std::io::{self, Write};

use linear_memory_host::{Allocation, AnyInstance, Block, CallMap, CoreMemory, Inside, Placed};

use super::found::{self, Found, Place, plural};
use super::hex_grid::{self, Marks};

/// What the map is read from, said once above it.
const HOW: &str = "\
Where the call's bytes were, read from the call through wasmtime's guest debugging
(breakpoints at the entry and the returns of every exported core function): the
cabi_realloc calls the canonical ABI made, in order; the blocks the export's core
parameters and return area point to; and where each block's bytes are in every
memory once the call has returned (found by content).";

/// The most other exported functions named.
const MOST_NAMED: usize = 6;

/// The most places listed for one block.
const MOST_PLACES: usize = 4;

/// Prints `map` for the call that has just returned on `instance`, with the
/// memories as they are now; on a terminal (`colour`), each block in a hex
/// grid too.
pub fn report(
    instance: &mut AnyInstance,
    map: &CallMap,
    colour: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "\n{HOW}\n")?;
    match &map.export {
        Some(export) => writeln!(out, "  The export's core function: {export}")?,
        None => writeln!(out, "  No exported core function was entered.")?,
    }
    allocations(map, out)?;
    let mut rows = Vec::new();
    let inside = inside(map);
    let arguments = map.arguments_area.iter().chain(&map.arguments);
    let results = map.return_area.iter().chain(&map.results);
    for (role, placed) in arguments
        .map(|p| ("argument", p))
        .chain(results.map(|p| ("result", p)))
        .chain(inside.iter().map(|p| ("inside", p)))
    {
        let areas = [&map.arguments_area, &map.return_area];
        let places = match areas
            .iter()
            .any(|area| area.as_ref().is_some_and(|a| std::ptr::eq(a, placed)))
        {
            true => Err(AREA.to_string()),
            false => found::places(instance, &placed.bytes),
        };
        rows.push((role, placed, places));
    }
    if rows.is_empty() {
        writeln!(
            out,
            "  No argument or result of this call is in linear memory, and nothing was copied in."
        )?;
    } else {
        table(map, &rows, out)?;
    }
    summary(map, &rows, out)?;
    if map.is_async {
        writeln!(
            out,
            "  An async export: its results came through task.return, which this map does not follow."
        )?;
    }
    match &map.post_return {
        Some(post_return) => writeln!(
            out,
            "  post-return: {post_return} ran after the results were lifted"
        )?,
        None => writeln!(out, "  post-return: none ran")?,
    }
    if !map.inner.is_empty() {
        let mut distinct: Vec<&str> = Vec::new();
        for name in &map.inner {
            if !distinct.contains(&name.as_str()) {
                distinct.push(name);
            }
        }
        let more = distinct.len().saturating_sub(MOST_NAMED);
        distinct.truncate(MOST_NAMED);
        let mut named = distinct.join(", ");
        if more > 0 {
            write!(named, " and {more} more").unwrap();
        }
        writeln!(
            out,
            "  During the call, {} entries into other exported core functions: {named}",
            map.inner.len()
        )?;
    }
    if map.cut_short {
        writeln!(
            out,
            "  (the trace stopped after 100000 events: the rest is not shown)"
        )?;
    }
    if colour {
        for (_, placed, _) in &rows {
            grid(instance, placed, out)?;
        }
    }
    Ok(())
}

/// The blocks `cabi_realloc` gave during the call (in a composition, for
/// the values one component passed another), with what was copied into
/// them: each a row of its own.
fn inside(map: &CallMap) -> Vec<Placed> {
    map.allocations
        .iter()
        .enumerate()
        .filter(|(_, allocation)| !allocation.lowering)
        .filter_map(|(i, allocation)| {
            let block = Block {
                path: format!("cabi_realloc #{}", i + 1),
                ty: "copied in".into(),
                address: allocation.address?,
                size: allocation.size,
            };
            let bytes = allocation.bytes.clone()?;
            Some(Placed {
                block,
                memory: allocation.memory,
                bytes,
            })
        })
        .collect()
}

/// The `cabi_realloc` calls, in order.
fn allocations(map: &CallMap, out: &mut impl Write) -> io::Result<()> {
    if map.allocations.is_empty() {
        return writeln!(out, "  cabi_realloc: not called");
    }
    writeln!(
        out,
        "  cabi_realloc calls (old address, old size, alignment, size -> address):"
    )?;
    for (i, allocation) in map.allocations.iter().enumerate() {
        let (old, old_size) = allocation.old;
        let address = allocation
            .address
            .map_or_else(|| "(no return seen)".to_string(), |a| format!("{a:#010x}"));
        let when = match allocation.lowering {
            true => "lowering the arguments",
            false => "during the call",
        };
        writeln!(
            out,
            "    #{}  ({old}, {old_size}, {}, {}) -> {address}   {}, {when}",
            i + 1,
            allocation.align,
            allocation.size,
            memory_name(&allocation.memory),
        )?;
    }
    Ok(())
}

/// One row per block: what it is, where, which allocation gave it, and
/// where its bytes are now.
fn table(map: &CallMap, rows: &[(&str, &Placed, Found)], out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "  {:<8} {:<20} {:<16} {:<20} {:>6}  {:<15}  its bytes when the call returned",
        "", "block", "type", "memory, address", "bytes", "given by",
    )?;
    for (role, placed, places) in rows {
        let block = &placed.block;
        let from = allocation_of(map, role, placed)
            .map_or_else(|| "-".to_string(), |i| format!("cabi_realloc #{}", i + 1));
        let found = match places {
            Err(why) => why.clone(),
            Ok(places) => found(placed, places),
        };
        writeln!(
            out,
            "  {:<8} {:<20} {:<16} {:<20} {:>6}  {:<15}  {found}",
            role,
            block.path,
            shorten(&block.ty, 16),
            format!("{} {:#010x}", memory_name(&placed.memory), block.address),
            block.size,
            from,
        )?;
    }
    Ok(())
}

/// Per argument and result: how many blocks, the bytes allocated for them,
/// and in how many places their bytes are now.
fn summary(map: &CallMap, rows: &[(&str, &Placed, Found)], out: &mut impl Write) -> io::Result<()> {
    let mut names: Vec<(&str, String)> = Vec::new();
    let areas = rows
        .iter()
        .filter(|(role, _, places)| *role != "inside" && (places.is_ok() || !is_area(places)));
    for (role, placed, _) in areas {
        let name = top(&placed.block.path);
        if !names.iter().any(|(r, n)| r == role && *n == name) {
            names.push((role, name));
        }
    }
    for (role, name) in names {
        let mine: Vec<&(&str, &Placed, Found)> = rows
            .iter()
            .filter(|(r, placed, _)| *r == role && top(&placed.block.path) == name)
            .collect();
        let allocated: u64 = mine
            .iter()
            .filter_map(|(role, placed, _)| allocation_of(map, role, placed))
            .map(|i| u64::from(map.allocations[i].size))
            .sum();
        let places: usize = mine
            .iter()
            .filter_map(|(_, _, places)| places.as_ref().ok())
            .map(Vec::len)
            .sum();
        let unknown = mine.iter().filter(|(_, _, places)| places.is_err()).count();
        let mut line = format!(
            "  {role} {name}: {} block{}, {allocated} bytes allocated for {}, in {places} place{} when the call returned",
            mine.len(),
            plural(mine.len()),
            match mine.len() {
                1 => "it",
                _ => "them",
            },
            plural(places),
        );
        if unknown > 0 {
            write!(line, " ({unknown} too short or too plain to look for)").unwrap();
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Whether a row is one of the canonical ABI's own areas.
fn is_area(places: &Found) -> bool {
    matches!(places, Err(why) if why == AREA)
}

/// What an area's row says where the bytes are: they are not looked for.
const AREA: &str = "the canonical ABI's area: not looked for";

/// The top-level name of a block's path: `items` of `items[2].name`.
fn top(path: &str) -> String {
    path.split(['.', '[']).next().unwrap_or(path).to_string()
}

/// The `cabi_realloc` call that gave `placed`'s block, a `role` row: an
/// argument's, the one the host made while lowering the arguments that
/// returned its address; a block copied in during the call, its own. A
/// result's block is not attributed: the component's own allocator may
/// have handed a freed block's address out again, which no trace of
/// `cabi_realloc` can tell from a block the component kept.
fn allocation_of(map: &CallMap, role: &str, placed: &Placed) -> Option<usize> {
    let gave = |allocation: &Allocation| {
        allocation.lowering
            && allocation.address == Some(placed.block.address)
            && allocation.memory.same(&placed.memory)
            && placed.block.size <= allocation.size
    };
    match role {
        "argument" => map.allocations.iter().position(gave),
        "inside" => placed
            .block
            .path
            .strip_prefix("cabi_realloc #")?
            .parse::<usize>()
            .ok()
            .map(|n| n - 1),
        _ => None,
    }
}

/// The places, the block's own named as such.
fn found(placed: &Placed, places: &[Place]) -> String {
    if places.is_empty() {
        return "nowhere".to_string();
    }
    let mut list: Vec<String> = places
        .iter()
        .take(MOST_PLACES)
        .map(|place| {
            let name = format!("{} {:#010x}", memory_name(&place.memory), place.address);
            match place.same(&Place::of(placed)) {
                true => format!("{name} (this block)"),
                false => name,
            }
        })
        .collect();
    if places.len() > MOST_PLACES {
        list.push(format!("and {} more", places.len() - MOST_PLACES));
    }
    list.join(", ")
}

/// A memory, short: `m0 of i3` (memory 0 of core instance 3).
fn memory_name(memory: &CoreMemory) -> String {
    format!("m{} of i{}", memory.index, memory.core_instance)
}

fn shorten(text: &str, most: usize) -> String {
    match text.chars().count() > most {
        true => format!("{}…", text.chars().take(most - 1).collect::<String>()),
        false => text.to_string(),
    }
}

/// A block in the hex grid the lesson draws: its first rows, its bytes
/// marked.
fn grid(instance: &mut AnyInstance, placed: &Placed, out: &mut impl Write) -> io::Result<()> {
    let block = &placed.block;
    let start = block.address as usize;
    let marked = start..start + (block.size as usize).min(64);
    let marks = Marks {
        pointer: None,
        buffer: 0..0,
        highlighted: marked.collect(),
    };
    let bytes = instance.memory_bytes(&placed.memory);
    if start >= bytes.len() {
        return Ok(());
    }
    let rows = (block.size as usize).div_ceil(16).clamp(1, 4);
    writeln!(out, "\n  {} ({}), now:", block.path, block.ty)?;
    write!(
        out,
        "{}",
        hex_grid::render(bytes, start, rows, &marks, true, "    ")
    )
}
