package export_wasm_by_example_linear_memory_buffer

// Memory for the arguments hosts pass in: the bytes of `write`.
//
// To pass a list, a host first asks the component for room in its memory
// (the canonical ABI's realloc), copies the list there, then calls the
// export. The bindings' runtime package exports a `cabi_realloc` that
// allocates on the Go heap, and growing that heap, or starting a collection,
// reads the clock through a WASI import. While a host is copying arguments
// in, a component may not call out: wasmtime stops it with "cannot leave
// component instance". So after a few hundred kilobytes of writes, a Go
// component built the usual way traps.
//
// wit-component (here, inside `jco new`) uses a module's
// `cabi_export_realloc`, when there is one, for the arguments of exports, in
// place of `cabi_realloc`. This one serves them from a block of memory taken
// with runtime.sbrk, Go's own memory.grow wrapper, which calls nothing
// outside the instance and hands out memory the Go heap never uses. The
// block is a bump allocator that `write` empties once it has copied its
// bytes, so it is reused call after call; it is replaced by one twice as
// large when a list does not fit.

import "unsafe"

//go:linkname sbrk runtime.sbrk
func sbrk(n uintptr) unsafe.Pointer

// pageSize is the unit linear memory grows by.
const pageSize = 64 * 1024

// arguments is the block: its address, its size, and how much of it the
// arguments of the current call use.
var arguments struct {
	base       unsafe.Pointer
	size, used uintptr
}

//go:wasmexport cabi_export_realloc
func cabiExportRealloc(oldPointer unsafe.Pointer, oldSize, align, newSize uintptr) unsafe.Pointer {
	pointer := allocateArgument(newSize, align)
	if oldPointer != nil {
		// The canonical ABI only ever asks for new memory; a resize copies.
		copy(unsafe.Slice((*byte)(pointer), newSize), unsafe.Slice((*byte)(oldPointer), min(oldSize, newSize)))
	}
	return pointer
}

// allocateArgument returns size bytes aligned to align, from the block.
func allocateArgument(size, align uintptr) unsafe.Pointer {
	offset := alignedOffset(arguments.base, arguments.used, align)
	if arguments.base == nil || offset+size > arguments.size {
		// The old block is left as it is: the arguments of this call may
		// still be in it. Doubling bounds what is left behind by the size of
		// the block in use.
		grown := alignUp(max(2*arguments.size, size+align), pageSize)
		base := sbrk(grown)
		if base == nil {
			// Linear memory cannot grow (the host's limit): there is no room
			// for this argument, and nothing to report it through.
			trap()
		}
		arguments.base, arguments.size = base, grown
		offset = alignedOffset(base, 0, align)
	}
	arguments.used = offset + size
	return unsafe.Add(arguments.base, offset)
}

// alignedOffset is the first offset at or after used, from base, whose
// address is a multiple of align.
func alignedOffset(base unsafe.Pointer, used, align uintptr) uintptr {
	return alignUp(uintptr(base)+used, align) - uintptr(base)
}

// releaseArguments makes the whole block free again: called once the current
// call has copied what it was passed.
func releaseArguments() {
	arguments.used = 0
}

func alignUp(n, align uintptr) uintptr {
	return (n + align - 1) &^ (align - 1)
}

// trap stops the component with wasm's `unreachable` (memory_wasm.s).
func trap()
