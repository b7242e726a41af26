//! Calls made up for tests: the runner's fuzz target's and its property
//! tests'. [`Call`]'s `Arbitrary`, derived, picks any call with any
//! arguments; [`calls`] steers the positions and sizes of each towards the
//! edges where bounds checks go wrong (0, the buffer's end, `u32::MAX`),
//! which random numbers would almost never hit.

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::Call;

/// The most calls in one generated sequence.
pub const MAX_SEQUENCE: usize = 199;

/// The memory cap of the host that generated sequences run on: more than any
/// sequence can reach ([`MAX_SEQUENCE`] `grow-memory` calls of at most 3
/// pages each, above where an implementation starts). Under a cap within
/// reach, a host that leaves no room for a large list makes any
/// implementation trap in its realloc (the canonical ABI gives it no way to
/// refuse an argument): that is the host's limit, which `limits.rs` tests on
/// every implementation, not the contract.
pub const SEQUENCE_MAX_MEMORY: usize = 64 << 20;

/// Up to [`MAX_SEQUENCE`] calls made from `u`'s bytes (as many as they
/// make), steered towards the edges of a buffer of `buffer_len` bytes; the
/// `streams` interface's too if `streams`.
pub fn calls(u: &mut Unstructured<'_>, buffer_len: u32, streams: bool) -> Vec<Call> {
    let mut calls = Vec::new();
    while calls.len() < MAX_SEQUENCE && !u.is_empty() {
        let Ok(call) = Call::arbitrary(u).and_then(|call| steer(u, call, buffer_len)) else {
            break;
        };
        if streams || !call.is_streams() {
            calls.push(call);
        }
    }
    calls
}

/// `call` with its positions and sizes moved near an edge, and now and then
/// a list longer than the buffer; growth kept small, so a sequence stays
/// under [`SEQUENCE_MAX_MEMORY`].
fn steer(u: &mut Unstructured<'_>, call: Call, len: u32) -> Result<Call> {
    Ok(match call {
        Call::Load { index } => Call::Load {
            index: edge(index, len),
        },
        Call::Store { index, value } => Call::Store {
            index: edge(index, len),
            value,
        },
        Call::Write { offset, bytes } => Call::Write {
            offset: edge(offset, len),
            bytes: long(u, bytes, len)?,
        },
        Call::Read { offset, len: size } => Call::Read {
            offset: edge(offset, len),
            len: edge(size, len),
        },
        Call::GrowMemory { pages } => Call::GrowMemory {
            pages: match pages % 8 {
                7 => u32::MAX - pages % 2,
                small => small % 4,
            },
        },
        Call::WriteViaStream {
            offset,
            len: size,
            mut data,
        } => {
            data.bytes = long(u, data.bytes.to_vec(), len)?.into();
            data.pieces = odd(&data.pieces, len);
            Call::WriteViaStream {
                offset: edge(offset, len),
                len: edge(size, len),
                data,
            }
        }
        Call::WriteRingViaStream { mut data } => {
            data.bytes = rounds(u, data.bytes.to_vec(), len)?.into();
            data.pieces = odd(&data.pieces, len);
            Call::WriteRingViaStream { data }
        }
        Call::ReadViaStream {
            offset,
            len: size,
            take,
        } => Call::ReadViaStream {
            offset: edge(offset, len),
            len: edge(size, len),
            take: take.map(|most| most % 64),
        },
        other => other,
    })
}

/// A raw `u32` as a position near 0, near the buffer's end (`len`), near
/// `u32::MAX`, or anywhere.
fn edge(raw: u32, len: u32) -> u32 {
    let near = (raw >> 2) % 128;
    match raw % 4 {
        0 => near,
        1 => len.saturating_sub(64).saturating_add(near),
        2 => u32::MAX - near,
        _ => raw,
    }
}

/// At most six pieces to write a stream in, round and round, each a size
/// that a buffer of `len` bytes does not divide into whole rounds (1, 7,
/// 1000, 4093), one short of a round, or any up to a round and a bit: a
/// round's end falls inside a piece, where a ring that loses its place
/// shows. Raw sizes are arbitrary `usize`s, which would almost never be
/// shorter than a round. Pieces that add up to less than 1000 bytes get a
/// round's worth after them: a stream of rounds in a few bytes a write
/// would take tens of thousands of writes, and tell no more.
fn odd(raw: &[usize], len: u32) -> Vec<usize> {
    let len = len as usize;
    let piece = |raw: usize| match raw % 8 {
        0 => 1,
        1 => 7,
        2 => 1000,
        3 => 4093,
        4 => len.saturating_sub(1).max(1),
        _ => 1 + (raw >> 3) % (len + len / 2),
    };
    let mut pieces: Vec<usize> = raw.iter().take(6).map(|&raw| piece(raw)).collect();
    if !pieces.is_empty() && pieces.iter().sum::<usize>() < 1000 {
        pieces.push(len);
    }
    pieces
}

/// `bytes`, or one in eight times a list of its first byte as long as the
/// buffer, one longer, or longer still.
fn long(u: &mut Unstructured<'_>, bytes: Vec<u8>, len: u32) -> Result<Vec<u8>> {
    if u.ratio(7, 8)? {
        return Ok(bytes);
    }
    let size = *u.choose(&[len, len.saturating_add(1), len.saturating_add(len / 2)])?;
    Ok(vec![bytes.first().copied().unwrap_or(0); size as usize])
}

/// `bytes`, or one in two times a stream one short of going round the ring
/// of `len`, once round, one past, or round twice and a bit: where a ring's
/// index arithmetic goes wrong. Its bytes differ from their neighbours and
/// from round to round, so a byte at the wrong index shows.
fn rounds(u: &mut Unstructured<'_>, bytes: Vec<u8>, len: u32) -> Result<Vec<u8>> {
    if u.ratio(1, 2)? {
        return Ok(bytes);
    }
    let len = len as usize;
    let size = *u.choose(&[len - 1, len, len + 1, 2 * len + 3])?;
    let first = bytes.first().copied().unwrap_or(0);
    let byte = |k: usize| first.wrapping_add((k % 251) as u8) ^ ((k / len) as u8).wrapping_mul(17);
    Ok((0..size).map(byte).collect())
}
