// The implementations the Node tests run on: the workspace's component
// (generated/), then every other one in the manifest interop/build writes,
// when LINEAR_MEMORY_IMPLEMENTATIONS names it (.ci/test sets it). The
// manifest's own `rust` entry is the same bytes as generated/, so it is
// skipped. LINEAR_MEMORY_ONLY=<name> keeps just that one (the long modes run
// each implementation in a Node process of its own).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ALL = [['rust', undefined]].concat(
  process.env.LINEAR_MEMORY_IMPLEMENTATIONS
    ? JSON.parse(readFileSync(process.env.LINEAR_MEMORY_IMPLEMENTATIONS, 'utf8'))
        .filter(({ name }) => name !== 'rust')
        .map(({ name, transpiled }) => [name, pathToFileURL(`${transpiled}/`)])
    : [],
);

/** [name, directory of `jco transpile --instantiation` output (undefined: generated/)] */
export const IMPLEMENTATIONS = ALL.filter(([name]) => [undefined, name].includes(process.env.LINEAR_MEMORY_ONLY));
