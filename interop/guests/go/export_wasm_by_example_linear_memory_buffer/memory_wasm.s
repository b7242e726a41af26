// memory.size and memory.grow on memory 0, for buffer.go, and a trap for arguments.go.

#include "textflag.h"

// func memorySize() int32
TEXT ·memorySize(SB), NOSPLIT, $0
	Get SP
	CurrentMemory
	I32Store ret+0(FP)
	RET

// func memoryGrow(pages int32) int32
TEXT ·memoryGrow(SB), NOSPLIT, $0
	Get SP
	I32Load pages+0(FP)
	GrowMemory
	I32Store ret+8(FP)
	RET

// func trap()
TEXT ·trap(SB), NOSPLIT, $0
	UNDEF
