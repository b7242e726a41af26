// Package export_wasm_by_example_linear_memory_buffer implements the
// linear-memory world in Go, the seed lesson's other language: a 64 KiB
// buffer in this module's own linear memory, and bounds-checked access to it.
// wit-bindgen's generated `main` package calls these functions; its package
// name is the one wit-bindgen expects exports to live in.
package export_wasm_by_example_linear_memory_buffer

import (
	"unsafe"

	witTypes "go.bytecodealliance.org/pkg/wit/types"
	. "wit_component/wasm_by_example_linear_memory_buffer"
)

// bufferLen is the buffer's length in bytes, the same as the Rust component's.
const bufferLen = 64 * 1024

// buffer is a package-level array: it sits at a fixed address in linear
// memory for the life of the instance (Go's collector does not move globals).
var buffer [bufferLen]byte

func outOfBounds(offset, length uint32) Error {
	return MakeErrorOutOfBounds(OutOfBounds{Offset: offset, Len: length, BufferLen: bufferLen})
}

// span is buffer[offset : offset+length] if that lies inside the buffer.
// The sum is taken in uint64, so it cannot wrap.
func span(offset, length uint32) ([]byte, bool) {
	end := uint64(offset) + uint64(length)
	if end > bufferLen {
		return nil, false
	}
	return buffer[offset:end], true
}

// StoreValueInWasmMemoryBufferIndexZero is the seed's part one.
func StoreValueInWasmMemoryBufferIndexZero(value uint8) {
	buffer[0] = value
}

// GetWasmMemoryBufferPointer is the buffer's address in linear memory.
func GetWasmMemoryBufferPointer() uint32 {
	return uint32(uintptr(unsafe.Pointer(&buffer)))
}

// ReadWasmMemoryBufferAndReturnIndexOne is the seed's part two.
func ReadWasmMemoryBufferAndReturnIndexOne() uint8 {
	return buffer[1]
}

func BufferLen() uint32 {
	return bufferLen
}

func Store(index uint32, value uint8) witTypes.Result[witTypes.Unit, Error] {
	collectSometimes()
	if index >= bufferLen {
		return witTypes.Err[witTypes.Unit](outOfBounds(index, 1))
	}
	buffer[index] = value
	return witTypes.Ok[witTypes.Unit, Error](witTypes.Unit{})
}

func Load(index uint32) witTypes.Result[uint8, Error] {
	collectSometimes()
	if index >= bufferLen {
		return witTypes.Err[uint8](outOfBounds(index, 1))
	}
	return witTypes.Ok[uint8, Error](buffer[index])
}

// Write copies bytes in; nothing is written unless all of them fit. The
// bytes are in memory lent for this call's arguments (arguments.go), given
// back once they are copied.
func Write(offset uint32, bytes []uint8) witTypes.Result[witTypes.Unit, Error] {
	defer releaseArguments()
	collectSometimes()
	target, ok := span(offset, uint32(len(bytes)))
	if !ok {
		return witTypes.Err[witTypes.Unit](outOfBounds(offset, uint32(len(bytes))))
	}
	copy(target, bytes)
	return witTypes.Ok[witTypes.Unit, Error](witTypes.Unit{})
}

// Read returns a slice of the buffer itself: the generated bindings pin it
// and hand the host its address, so the host's copy is the only one.
func Read(offset, length uint32) witTypes.Result[[]uint8, Error] {
	collectSometimes()
	bytes, ok := span(offset, length)
	if !ok {
		return witTypes.Err[[]uint8](outOfBounds(offset, length))
	}
	return witTypes.Ok[[]uint8, Error](bytes)
}

func MemoryPages() uint32 {
	return uint32(memorySize())
}

// GrowMemory grows linear memory by pages. Go's own allocator keeps working:
// it only ever asks memory.grow for more than it has used itself.
func GrowMemory(pages uint32) witTypes.Result[uint32, Error] {
	collectSometimes()
	previous := memoryGrow(int32(pages))
	if previous < 0 {
		refused := GrowRefused{CurrentPages: uint32(memorySize()), RequestedPages: pages}
		return witTypes.Err[uint32](MakeErrorGrowRefused(refused))
	}
	return witTypes.Ok[uint32, Error](uint32(previous))
}

// memorySize and memoryGrow are the wasm instructions memory.size and
// memory.grow (memory_wasm.s); Go has no intrinsic for them.
func memorySize() int32
func memoryGrow(pages int32) int32
