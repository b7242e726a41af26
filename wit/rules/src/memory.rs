//! What a fresh instance says about its buffer, and how far its host lets
//! memory grow.

/// The most pages a wasm32 memory can have: 4 GiB.
pub const MOST_PAGES: u32 = 65536;
/// The shortest buffer the contract allows: the seed's
/// `read-wasm-memory-buffer-and-return-index-one` cannot refuse, so index 1
/// exists.
pub const LEAST_BUFFER_LEN: u32 = 2;
/// A WebAssembly page, in bytes.
pub const PAGE: u64 = 65536;

/// How far the host lets the instance's memory grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    /// The host's cap, in pages, known to whoever checks (the runner sets
    /// it): past it a growth must be refused, below it it must not be.
    Known(u32),
    /// Unknown to whoever checks, as to a component between a caller and
    /// an implementation: the host may refuse any growth, and must refuse
    /// one past 4 GiB.
    Unknown,
}

impl Cap {
    /// The cap for a host that lets memory reach `max_memory` bytes.
    pub fn bytes(max_memory: usize) -> Self {
        Cap::Known((max_memory as u64 / PAGE).min(MOST_PAGES.into()) as u32)
    }

    /// The most pages the memory may have.
    pub fn pages(self) -> u32 {
        match self {
            Cap::Known(pages) => pages,
            Cap::Unknown => MOST_PAGES,
        }
    }
}

/// What a fresh instance said about its buffer: checked together by
/// [`Contract::new`](crate::Contract::new) (the buffer lies inside the
/// memory, and the memory within the host's cap).
#[derive(Clone, Copy, Debug)]
pub struct Start {
    /// The buffer's address, which never changes.
    pub pointer: u32,
    /// The buffer's length, which never changes.
    pub len: u32,
    /// The memory's size, in 64 KiB pages, at the start.
    pub pages: u32,
}
