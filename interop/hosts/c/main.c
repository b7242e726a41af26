/* The C host's commands: the lesson, and the contract's cases, on any
 * component of the linear-memory world.
 *
 *   cargo build -p linear-memory-c-host
 *   target/debug/c-host lesson COMPONENT.wasm [CHECKER.wasm]
 *   target/debug/c-host cases COMPONENT.wasm [wit/conformance.json]
 *   target/debug/c-host bench COMPONENT.wasm RESULTS.json
 *
 * The lesson runs behind the checker component, by default where
 * `cargo build --release --target wasm32-wasip2 -p linear-memory-checker`
 * writes it; the cases, by default, are the workspace's. The benchmark
 * (`.ci/bench` runs it) takes one short batch per row when
 * LINEAR_MEMORY_BENCH_QUICK is set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

/* The workspace's directory: build.rs defines WORKSPACE. */
#define CONFORMANCE WORKSPACE "/wit/conformance.json"
#define CHECKER "/wasm32-wasip2/release/linear_memory_checker.wasm"

static int usage(void) {
  fprintf(stderr, "usage: c-host lesson COMPONENT.wasm [CHECKER.wasm]\n"
                  "       c-host cases COMPONENT.wasm [CONFORMANCE.json]\n"
                  "       c-host bench COMPONENT.wasm RESULTS.json\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4)
    return usage();
  const char *command = argv[1], *path = argv[2], *given = argc == 4 ? argv[3] : NULL;
  if (strcmp(command, "bench") == 0 && given)
    return bench(path, given, getenv("LINEAR_MEMORY_BENCH_QUICK") != NULL);
  if (strcmp(command, "cases") == 0)
    return cases(path, given ? given : CONFORMANCE);
  if (strcmp(command, "lesson") != 0)
    return usage();
  const char *target = getenv("CARGO_TARGET_DIR");
  char *built = format("%s%s", target ? target : WORKSPACE "/target", CHECKER);
  const char *checker = given ? given : built;
  if (access(checker, R_OK) != 0) {
    fprintf(stderr,
            "error: no checker component at %s: build it with cargo build --release --target "
            "wasm32-wasip2 -p linear-memory-checker\n",
            checker);
    free(built);
    return 2;
  }
  int status = lesson(path, checker);
  free(built);
  return status;
}
