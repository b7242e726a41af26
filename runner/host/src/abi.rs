//! The canonical ABI's layout of component-model values, as
//! [CanonicalABI.md](https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md)
//! defines it for 32-bit memories (`elem_size`, `alignment`, `flatten`):
//! enough to find, from a call's core parameters or from the memory they
//! point into, where each string and list of a value is ([`Blocks`]).

use wasmtime::component::Type;

/// A value's size and alignment in linear memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Its size in bytes.
    pub size: u32,
    /// Its alignment in bytes.
    pub align: u32,
}

/// How many core values a value of `ty` flattens to: its core parameters
/// when a call's arguments are passed flat (at most 16 in all).
pub fn flat_count(ty: &Type) -> usize {
    match ty {
        Type::String | Type::List(_) | Type::Map(_) => 2,
        Type::FixedLengthList(list) => list.len() as usize * flat_count(&list.ty()),
        Type::Record(record) => record.fields().map(|field| flat_count(&field.ty)).sum(),
        Type::Tuple(tuple) => tuple.types().map(|ty| flat_count(&ty)).sum(),
        Type::Variant(variant) => 1 + max_flat(variant.cases().map(|case| case.ty)),
        Type::Option(option) => 1 + flat_count(&option.ty()),
        Type::Result(result) => 1 + max_flat([result.ok(), result.err()]),
        Type::Flags(flags) => flags.names().count().div_ceil(32),
        _ => 1,
    }
}

/// The most core values any of `cases` flattens to (none: 0).
fn max_flat(cases: impl IntoIterator<Item = Option<Type>>) -> usize {
    cases
        .into_iter()
        .map(|ty| ty.map_or(0, |ty| flat_count(&ty)))
        .max()
        .unwrap_or(0)
}

/// The layout of a value of `ty` in linear memory.
pub fn layout(ty: &Type) -> Layout {
    let fixed = |size| Layout { size, align: size };
    match ty {
        Type::Bool | Type::S8 | Type::U8 => fixed(1),
        Type::S16 | Type::U16 => fixed(2),
        Type::S32 | Type::U32 | Type::Float32 | Type::Char => fixed(4),
        Type::S64 | Type::U64 | Type::Float64 => fixed(8),
        Type::String | Type::List(_) | Type::Map(_) => Layout { size: 8, align: 4 },
        Type::FixedLengthList(list) => {
            let element = layout(&list.ty());
            Layout {
                size: element.size * list.len(),
                align: element.align,
            }
        }
        Type::Record(record) => sequence(record.fields().map(|field| field.ty)),
        Type::Tuple(tuple) => sequence(tuple.types()),
        Type::Variant(variant) => {
            tagged(variant.cases().count(), variant.cases().map(|case| case.ty))
        }
        Type::Enum(cases) => tagged(cases.names().count(), std::iter::empty()),
        Type::Option(option) => tagged(2, [None, Some(option.ty())]),
        Type::Result(result) => tagged(2, [result.ok(), result.err()]),
        Type::Flags(flags) => match flags.names().count() {
            0 => Layout { size: 0, align: 1 },
            1..=8 => fixed(1),
            9..=16 => fixed(2),
            n => Layout {
                size: 4 * n.div_ceil(32) as u32,
                align: 4,
            },
        },
        Type::Own(_) | Type::Borrow(_) | Type::Future(_) | Type::Stream(_) | Type::ErrorContext => {
            fixed(4)
        }
    }
}

/// The layout of `types` one after another, each at its alignment: a
/// record's, a tuple's, and the arguments' when they are passed in memory.
pub fn sequence(types: impl IntoIterator<Item = Type>) -> Layout {
    let offsets = offsets(types);
    offsets.layout
}

/// Where each of `types` lies when they are laid one after another, and
/// the layout of the whole.
pub fn offsets(types: impl IntoIterator<Item = Type>) -> Offsets {
    let mut at = 0;
    let mut align = 1;
    let mut each = Vec::new();
    for ty in types {
        let field = layout(&ty);
        at = align_to(at, field.align);
        each.push(at);
        at += field.size;
        align = align.max(field.align);
    }
    Offsets {
        each,
        layout: Layout {
            size: align_to(at, align),
            align,
        },
    }
}

/// The offsets of a sequence's members, and its layout.
pub struct Offsets {
    /// Each member's offset from the start.
    pub each: Vec<u32>,
    /// The sequence's size and alignment.
    pub layout: Layout,
}

/// A variant of `count` cases whose payloads are `payloads`: its
/// discriminant, then the largest payload at the largest alignment.
fn tagged(count: usize, payloads: impl IntoIterator<Item = Option<Type>>) -> Layout {
    let discriminant = discriminant_size(count);
    let mut size = 0;
    let mut align = discriminant;
    for payload in payloads.into_iter().flatten() {
        let payload = layout(&payload);
        size = size.max(payload.size);
        align = align.max(payload.align);
    }
    let at = align_to(discriminant, align);
    Layout {
        size: align_to(at + size, align),
        align,
    }
}

/// Where a variant's payload lies, after its discriminant.
pub fn payload_offset(ty: &Type) -> u32 {
    let (count, payloads): (usize, Vec<Option<Type>>) = match ty {
        Type::Variant(variant) => (
            variant.cases().count(),
            variant.cases().map(|case| case.ty).collect(),
        ),
        Type::Option(option) => (2, vec![None, Some(option.ty())]),
        Type::Result(result) => (2, vec![result.ok(), result.err()]),
        _ => return 0,
    };
    let discriminant = discriminant_size(count);
    let align = payloads
        .into_iter()
        .flatten()
        .map(|payload| layout(&payload).align)
        .fold(discriminant, u32::max);
    align_to(discriminant, align)
}

/// The bytes a discriminant of `count` cases takes.
fn discriminant_size(count: usize) -> u32 {
    match count {
        0..=256 => 1,
        257..=65536 => 2,
        _ => 4,
    }
}

fn align_to(at: u32, align: u32) -> u32 {
    at.div_ceil(align) * align
}

/// A string's or a list's bytes in linear memory, as a value's layout
/// points to them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Where in the value it is: `bytes`, `items[2].name`.
    pub path: String,
    /// Its type, as WIT writes it.
    pub ty: String,
    /// Its first byte's address.
    pub address: u32,
    /// Its length in bytes (a string's in UTF-8, the encoding the
    /// toolchains here use).
    pub size: u32,
}

/// The most blocks one value is walked for: a list of a million strings
/// is not mapped string by string.
pub const MOST_BLOCKS: usize = 10_000;

/// Finds the blocks of values laid out by the canonical ABI, reading what
/// they point to from one linear memory as it is at that moment.
pub struct Blocks<'a> {
    memory: &'a [u8],
    /// What was found, in the order the canonical ABI lays it out.
    pub found: Vec<Block>,
}

impl<'a> Blocks<'a> {
    /// A walker over `memory`.
    pub fn new(memory: &'a [u8]) -> Self {
        Self {
            memory,
            found: Vec::new(),
        }
    }

    /// The blocks of a value of `ty` passed flat, as the core values
    /// `flat` (each an i32's or i64's bits), named `path`.
    pub fn flat(&mut self, ty: &Type, flat: &[u64], path: &str) {
        let word = |i: usize| flat.get(i).map_or(0, |&value| value as u32);
        match ty {
            Type::String | Type::List(_) | Type::Map(_) => {
                self.block(ty, word(0), word(1), path);
            }
            Type::Record(record) => {
                let mut at = 0;
                for field in record.fields() {
                    let path = format!("{path}.{}", field.name);
                    self.flat(&field.ty, flat.get(at..).unwrap_or(&[]), &path);
                    at += flat_count(&field.ty);
                }
            }
            Type::Tuple(tuple) => {
                let mut at = 0;
                for (i, ty) in tuple.types().enumerate() {
                    self.flat(&ty, flat.get(at..).unwrap_or(&[]), &format!("{path}.{i}"));
                    at += flat_count(&ty);
                }
            }
            Type::Variant(_) | Type::Option(_) | Type::Result(_) => {
                if let Some((case, payload)) = case_of(ty, word(0)) {
                    let path = format!("{path}.{case}");
                    self.flat(&payload, flat.get(1..).unwrap_or(&[]), &path);
                }
            }
            _ => {}
        }
    }

    /// The blocks of a value of `ty` stored at `address`, named `path`.
    pub fn stored(&mut self, ty: &Type, address: u32, path: &str) {
        if self.found.len() >= MOST_BLOCKS {
            return;
        }
        match ty {
            Type::String | Type::List(_) | Type::Map(_) => {
                let pointer = self.word(address);
                let len = self.word(address.saturating_add(4));
                self.block(ty, pointer, len, path);
            }
            Type::Record(record) => {
                let types: Vec<Type> = record.fields().map(|field| field.ty).collect();
                let offsets = offsets(types.iter().cloned());
                for ((field, ty), offset) in record.fields().zip(&types).zip(&offsets.each) {
                    let path = format!("{path}.{}", field.name);
                    self.stored(ty, address.saturating_add(*offset), &path);
                }
            }
            Type::Tuple(tuple) => {
                let types: Vec<Type> = tuple.types().collect();
                let offsets = offsets(types.iter().cloned());
                for (i, (ty, offset)) in types.iter().zip(&offsets.each).enumerate() {
                    self.stored(ty, address.saturating_add(*offset), &format!("{path}.{i}"));
                }
            }
            Type::FixedLengthList(list) => {
                let element = list.ty();
                let size = layout(&element).size;
                for i in 0..list.len() {
                    let at = address.saturating_add(i.saturating_mul(size));
                    self.stored(&element, at, &format!("{path}[{i}]"));
                }
            }
            Type::Variant(_) | Type::Option(_) | Type::Result(_) => {
                let discriminant = match discriminant_bytes(ty) {
                    1 => self.bytes(address, 1).map(|b| u32::from(b[0])),
                    2 => self
                        .bytes(address, 2)
                        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]]))),
                    _ => Some(self.word(address)),
                };
                if let Some((case, payload)) = discriminant.and_then(|d| case_of(ty, d)) {
                    let at = address.saturating_add(payload_offset(ty));
                    self.stored(&payload, at, &format!("{path}.{case}"));
                }
            }
            _ => {}
        }
    }

    /// A string or list of `len` elements at `pointer`; a list's elements
    /// walked in turn.
    fn block(&mut self, ty: &Type, pointer: u32, len: u32, path: &str) {
        let element = match ty {
            Type::List(list) => Some(list.ty()),
            _ => None,
        };
        let element_size = element.as_ref().map_or(1, |element| layout(element).size);
        let size = len.saturating_mul(element_size);
        self.found.push(Block {
            path: path.to_string(),
            ty: crate::invoke::type_name(ty),
            address: pointer,
            size,
        });
        let Some(element) = element else {
            return;
        };
        if !has_blocks(&element) || self.bytes(pointer, size).is_none() {
            return;
        }
        for i in 0..len {
            if self.found.len() >= MOST_BLOCKS {
                return;
            }
            let at = pointer.saturating_add(i.saturating_mul(element_size));
            self.stored(&element, at, &format!("{path}[{i}]"));
        }
    }

    /// The little-endian u32 at `address`, or 0 past the memory's end.
    fn word(&self, address: u32) -> u32 {
        self.bytes(address, 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// `len` bytes at `address`, if the memory holds them.
    fn bytes(&self, address: u32, len: u32) -> Option<&[u8]> {
        let start = address as usize;
        self.memory.get(start..start.checked_add(len as usize)?)
    }
}

/// Whether a value of `ty` can hold a string or a list.
fn has_blocks(ty: &Type) -> bool {
    match ty {
        Type::String | Type::List(_) | Type::Map(_) => true,
        Type::FixedLengthList(list) => has_blocks(&list.ty()),
        Type::Record(record) => record.fields().any(|field| has_blocks(&field.ty)),
        Type::Tuple(tuple) => tuple.types().any(|ty| has_blocks(&ty)),
        Type::Variant(variant) => variant
            .cases()
            .any(|case| case.ty.is_some_and(|ty| has_blocks(&ty))),
        Type::Option(option) => has_blocks(&option.ty()),
        Type::Result(result) => [result.ok(), result.err()]
            .into_iter()
            .flatten()
            .any(|ty| has_blocks(&ty)),
        _ => false,
    }
}

/// The bytes of a variant-like `ty`'s discriminant.
fn discriminant_bytes(ty: &Type) -> u32 {
    match ty {
        Type::Variant(variant) => discriminant_size(variant.cases().count()),
        _ => 1,
    }
}

/// The case of a variant-like `ty` that `discriminant` names, if it has a
/// payload: its name and the payload's type.
fn case_of(ty: &Type, discriminant: u32) -> Option<(String, Type)> {
    match ty {
        Type::Variant(variant) => {
            let case = variant.cases().nth(discriminant as usize)?;
            Some((case.name.to_string(), case.ty?))
        }
        Type::Option(option) => (discriminant == 1).then(|| ("some".to_string(), option.ty())),
        Type::Result(result) => match discriminant {
            0 => Some(("ok".to_string(), result.ok()?)),
            1 => Some(("err".to_string(), result.err()?)),
            _ => None,
        },
        _ => None,
    }
}
