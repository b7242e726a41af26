// A byte view of a WebAssembly memory that stays usable when memory grows.
//
// Growing a memory replaces its ArrayBuffer: every Uint8Array over the old one
// is detached (its byteLength becomes 0). The seed lesson's closing note says
// to re-create the view; this class does so whenever it sees the buffer
// changed, and counts how often.
export class MemoryView {
  #memory;
  #bytes;
  /** How many times the view was re-created after memory grew. */
  recreated = 0;

  /** @param {WebAssembly.Memory} memory */
  constructor(memory) {
    this.#memory = memory;
    this.#bytes = new Uint8Array(memory.buffer);
  }

  /** The bytes of memory as it is now. */
  get bytes() {
    if (this.#bytes.buffer !== this.#memory.buffer) {
      this.#bytes = new Uint8Array(this.#memory.buffer);
      this.recreated += 1;
    }
    return this.#bytes;
  }

  /** Memory's size in 64 KiB pages. */
  get pages() {
    return this.#memory.buffer.byteLength / 65536;
  }
}

/**
 * Rows of 16 bytes from the row that holds `address - 16` on, for a hex grid.
 * Addresses past the end of memory are left out.
 */
export function hexRows(bytes, address, rowCount) {
  const start = Math.max(0, Math.floor(address / 16) * 16 - 16);
  const rows = [];
  for (let row = start; row < start + rowCount * 16 && row < bytes.length; row += 16) {
    rows.push({ address: row, bytes: Array.from(bytes.subarray(row, Math.min(row + 16, bytes.length))) });
  }
  return rows;
}

/** `n` as a zero-padded hexadecimal number of `digits` digits. */
export function hex(n, digits) {
  return n.toString(16).padStart(digits, '0');
}
