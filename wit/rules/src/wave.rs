//! Values in WAVE, the WebAssembly value syntax `wasmtime run --invoke`
//! reads and prints: `ok`, `ok([24, 0])`, `err(out-of-bounds({offset: 1,
//! len: 2, buffer-len: 3}))`. The bindings' types are Rust types, not
//! wasmtime `Val`s, so wasmtime's own WAVE printer cannot take them; this
//! one prints the few the contract has, for the runner's lines and the
//! checkers' messages alike. The `error` variant is each bindings' own
//! type: [`refusal!`](crate::refusal) implements [`Wave`] for it.

/// A value of the contract, in WAVE.
pub trait Wave {
    /// The value in WAVE.
    fn wave(&self) -> String;
}

impl Wave for u8 {
    fn wave(&self) -> String {
        self.to_string()
    }
}

impl Wave for u32 {
    fn wave(&self) -> String {
        self.to_string()
    }
}

impl Wave for u64 {
    fn wave(&self) -> String {
        self.to_string()
    }
}

/// The most bytes of a list written out: past it, a message would be
/// longer than a line, so the rest is counted.
const LIST_SHOWN: usize = 16;

impl Wave for Vec<u8> {
    fn wave(&self) -> String {
        let shown: Vec<String> = self.iter().take(LIST_SHOWN).map(u8::to_string).collect();
        match self.len() {
            n if n <= LIST_SHOWN => format!("[{}]", shown.join(", ")),
            n => format!("[{}, ... {} more]", shown.join(", "), n - LIST_SHOWN),
        }
    }
}
