//! The buffer as the contract describes it: a byte vector, and bounds checks
//! written independently of any implementation's.

use std::marker::PhantomData;

use crate::Refusal;

/// The buffer as the contract describes it, answering with the error type
/// `E` of whichever bindings hold it (wasmtime's on the host, wit-bindgen's
/// in a component).
#[derive(Clone, Debug)]
pub struct Model<E> {
    bytes: Vec<u8>,
    error: PhantomData<E>,
}

impl<E: Refusal> Model<E> {
    /// A buffer of `len` zero bytes, as a fresh instance has.
    pub fn new(len: u32) -> Self {
        Self {
            bytes: vec![0; len as usize],
            error: PhantomData,
        }
    }

    /// The buffer's length in bytes.
    pub fn buffer_len(&self) -> usize {
        self.bytes.len()
    }

    /// What the buffer holds.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes `offset .. offset + len`, if they all lie in the buffer.
    /// Computed in `u64`, so `offset + len` cannot wrap.
    fn range(&self, offset: u32, len: u32) -> Result<std::ops::Range<usize>, E> {
        let end = u64::from(offset) + u64::from(len);
        if end > self.bytes.len() as u64 {
            return Err(E::out_of_bounds(offset, len, self.bytes.len() as u32));
        }
        Ok(offset as usize..end as usize)
    }

    /// `store(index, value)`.
    pub fn store(&mut self, index: u32, value: u8) -> Result<(), E> {
        let range = self.range(index, 1)?;
        self.bytes[range.start] = value;
        Ok(())
    }

    /// `load(index)`.
    pub fn load(&self, index: u32) -> Result<u8, E> {
        Ok(self.bytes[self.range(index, 1)?.start])
    }

    /// `write(offset, bytes)`: all of `bytes`, or nothing.
    pub fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), E> {
        let range = self.range(offset, bytes.len() as u32)?;
        self.bytes[range].copy_from_slice(bytes);
        Ok(())
    }

    /// `read(offset, len)`.
    pub fn read(&self, offset: u32, len: u32) -> Result<Vec<u8>, E> {
        Ok(self.bytes[self.range(offset, len)?].to_vec())
    }

    /// `write-via-stream(offset, len, data)` where `data` carries `bytes`:
    /// the range checked first, then as many as both allow.
    pub fn write_via_stream(&mut self, offset: u32, len: u32, bytes: &[u8]) -> Result<u32, E> {
        let range = self.range(offset, len)?;
        let count = range.len().min(bytes.len());
        self.bytes[range.start..range.start + count].copy_from_slice(&bytes[..count]);
        Ok(count as u32)
    }

    /// `write-ring-via-stream(data)` where `data` carries `bytes`: byte `k`
    /// at index `k % buffer-len` (only the last round's are left to see),
    /// and how many came.
    pub fn write_ring(&mut self, bytes: &[u8]) -> u64 {
        let len = self.bytes.len();
        let last_round = bytes.len().saturating_sub(len);
        for (k, &byte) in bytes.iter().enumerate().skip(last_round) {
            self.bytes[k % len] = byte;
        }
        bytes.len() as u64
    }

    /// `read-via-stream(offset, len)`, read by a host that takes at most
    /// `most` bytes: the range's first `most`.
    pub fn read_via_stream(&self, offset: u32, len: u32, most: u32) -> Result<Vec<u8>, E> {
        let mut bytes = self.read(offset, len)?;
        bytes.truncate(most as usize);
        Ok(bytes)
    }
}
