//! `--inspect` for an implementation: the lesson's view of the component's
//! own memory, through wasmtime's guest-debug API
//! (`linear_memory_host::CoreMemory`).

use linear_memory_host::{CoreMemory, Inside, Instance};

use super::hex_grid::{self, Marks};

/// Rows of the grid shown after each step: the pointer's row and the next.
const ROWS: usize = 2;

/// The memory that holds the buffer, and what the last grid showed of it.
pub struct Inspector {
    memory: CoreMemory,
    pointer: usize,
    buffer_len: usize,
    shown: Vec<u8>,
    colour: bool,
}

impl Inspector {
    /// The inspector of `memory`, which holds the buffer: the caller has
    /// checked that `pointer .. pointer + buffer_len` lies inside it, and a
    /// memory never shrinks, so every byte of the buffer stays in reach.
    pub fn new(
        instance: &mut Instance,
        memory: CoreMemory,
        pointer: u32,
        buffer_len: u32,
        colour: bool,
    ) -> Self {
        let mut inspector = Self {
            memory,
            pointer: pointer as usize,
            buffer_len: buffer_len as usize,
            shown: Vec::new(),
            colour,
        };
        inspector.shown = inspector.window(instance).to_vec();
        inspector
    }

    /// Which memory it is, for people.
    pub fn describe(&self) -> String {
        self.memory.to_string()
    }

    /// The byte at `pointer + offset`, read in place.
    pub fn peek(&self, instance: &mut Instance, offset: usize) -> u8 {
        instance.memory_bytes(&self.memory)[self.pointer + offset]
    }

    /// Writes `value` at `pointer + offset`, in place.
    pub fn poke(&self, instance: &mut Instance, offset: usize, value: u8) {
        instance.memory_bytes_mut(&self.memory)[self.pointer + offset] = value;
    }

    /// The memory's size in 64 KiB pages, as the debug handle sees it.
    pub fn pages(&self, instance: &mut Instance) -> usize {
        instance.memory_bytes(&self.memory).len() / 65536
    }

    /// The grid around the pointer, marking what changed since the last one.
    pub fn grid(&mut self, instance: &mut Instance, indent: &str) -> String {
        let start = self.window_start();
        let now = self.window(instance).to_vec();
        let changed = (0..now.len())
            .filter(|&i| self.shown.get(i) != now.get(i))
            .map(|i| start + i)
            .collect();
        let marks = Marks {
            pointer: Some(self.pointer),
            buffer: self.pointer..self.pointer + self.buffer_len,
            highlighted: changed,
        };
        let grid = hex_grid::render(
            instance.memory_bytes(&self.memory),
            start,
            ROWS,
            &marks,
            self.colour,
            indent,
        );
        self.shown = now;
        format!("{grid}{indent}P: the pointer, where the buffer starts; *: changed by this step\n")
    }

    fn window_start(&self) -> usize {
        self.pointer - self.pointer % 16
    }

    fn window<'a>(&self, instance: &'a mut Instance) -> &'a [u8] {
        let start = self.window_start();
        let bytes = instance.memory_bytes(&self.memory);
        &bytes[start..(start + 16 * ROWS).min(bytes.len())]
    }
}
