//! The bindings' `error`, as the contract's rules (`wit/rules`) build and
//! print it.

use linear_memory_rules::{Refusal, Wave};

use crate::{BufferError, GrowRefused, OutOfBounds};

impl Refusal for BufferError {
    fn out_of_bounds(offset: u32, len: u32, buffer_len: u32) -> Self {
        BufferError::OutOfBounds(OutOfBounds {
            offset,
            len,
            buffer_len,
        })
    }

    fn grow_refused(current_pages: u32, requested_pages: u32) -> Self {
        BufferError::GrowRefused(GrowRefused {
            current_pages,
            requested_pages,
        })
    }
}

impl Wave for BufferError {
    fn wave(&self) -> String {
        match self {
            BufferError::OutOfBounds(OutOfBounds {
                offset,
                len,
                buffer_len,
            }) => {
                format!("out-of-bounds({{offset: {offset}, len: {len}, buffer-len: {buffer_len}}})")
            }
            BufferError::GrowRefused(GrowRefused {
                current_pages,
                requested_pages,
            }) => format!(
                "grow-refused({{current-pages: {current_pages}, requested-pages: {requested_pages}}})"
            ),
        }
    }
}
