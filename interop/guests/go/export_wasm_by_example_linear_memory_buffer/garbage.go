package export_wasm_by_example_linear_memory_buffer

// Garbage, collected on a schedule.
//
// Every result the bindings return (witTypes.Result) boxes its value in an
// `any`: a small heap allocation per call of `read`, and per refusal. Go's
// collector, left to itself in this component, lets that garbage pile up to
// several MiB before it frees any: measured with one instance, 300 000
// `read(0, 16)` calls grew linear memory from 52 to 120 pages, with GOGC at
// 100 or at 10 alike, past the runner's default cap of 64 pages (4 MiB),
// where the next allocation fails and the component traps. (Go's
// background mark workers are goroutines, and a reactor only runs goroutines
// while one of its exports is running, which is the likely reason.) A
// collection every resultsPerCollection results keeps the same run at 57
// pages.

import "runtime"

// resultsPerCollection bounds the garbage between collections to a few
// hundred kilobytes (a boxed result is tens of bytes).
const resultsPerCollection = 4096

var resultsSinceCollection int

// collectSometimes is called by each export that returns a result: every
// resultsPerCollection calls it runs a full collection, which returns only
// when the collection is done.
func collectSometimes() {
	resultsSinceCollection++
	if resultsSinceCollection == resultsPerCollection {
		resultsSinceCollection = 0
		runtime.GC()
	}
}
