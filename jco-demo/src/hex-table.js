// A hex grid of a memory's bytes, as a table: one row of 16 bytes per line,
// each cell marked with the classes `classify` gives it.
import { hex, hexRows } from './memory-view.js';

/**
 * Fills `table` with `rowCount` rows of `bytes` around `address`.
 * @param {(address: number, value: number) => string[]} classify the classes of a cell
 * @param {(address: number) => string} title a cell's tooltip
 */
export function fillHexTable(table, bytes, address, rowCount, classify, title = (at) => `address ${at}`) {
  table.replaceChildren();
  for (const row of hexRows(bytes, address, rowCount)) {
    const tr = table.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = `0x${hex(row.address, 8)}`;
    tr.append(th);
    row.bytes.forEach((value, i) => {
      const at = row.address + i;
      const td = tr.insertCell();
      td.textContent = hex(value, 2);
      td.dataset.address = at;
      td.title = title(at);
      td.classList.add(...classify(at, value));
    });
  }
}
