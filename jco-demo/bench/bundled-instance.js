// The workspace's component through the production build's glue:
// scripts/bundle.js bundles this file into dist/bench/, and bench/compare.js
// measures it beside jco's output as is.
import { instantiate } from '../generated/rust/linear_memory.js';
import { loadComponent } from '../src/component.js';

/** A fresh instance, its core module compiled by `compileCore`. */
export const bundledInstance = (compileCore) => loadComponent(compileCore, instantiate);
