# The command-line tools the tests drive, pinned, each built once with
# `cargo install --locked` into target/tools/<crate>-<version>/. Sourced by
# .ci/setup (which installs what is missing) and by the scripts that run the
# tools (which only read the paths below).

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_root="$workspace/target/tools"

# name crate version build [cargo install flags]
#   build: `optimized` (the crate's own release profile) for a tool whose
#     speed the tests feel, `quick` (opt-level 1, no LTO, parallel codegen)
#     for one that runs for a moment: it builds in less time.
#   wasmtime: only what `run` needs; the full CLI takes twice as long to build.
#     48.0.8 is the newest release that builds with Rust 1.95. Optimized: it
#     compiles every component the tests run with it.
#   wac: without the registry client, which wac needs only to fetch packages.
#   wit-bindgen 0.58.0: the newest whose Go bindings use a version of
#     go.bytecodealliance.org/pkg (v0.2.1) that the Go module proxy serves.
TOOLS=(
    "wasmtime wasmtime-cli 48.0.8 optimized --no-default-features --features run,cranelift,component-model"
    "wac wac-cli 0.12.0 quick --no-default-features --features wit"
    "wit-bindgen wit-bindgen-cli 0.58.0 quick"
    "cargo-component cargo-component 0.21.1 quick"
)

# tool_path NAME CRATE VERSION: where NAME from CRATE@VERSION is installed.
tool_path() { echo "$tools_root/$2-$3/bin/$1"; }

# Each tool's path in a variable named after it: WASMTIME, WAC, WIT_BINDGEN,
# CARGO_COMPONENT. The tests read these.
for entry in "${TOOLS[@]}"; do
    read -r name crate version _ <<<"$entry"
    export "$(tr 'a-z-' 'A-Z_' <<<"$name")=$(tool_path "$name" "$crate" "$version")"
done
unset entry name crate version

# The tools that come from package managers instead: jco, from jco-demo's
# locked npm packages, and the Python venv of interop/requirements.txt
# (componentize-py, pytest, wasmtime-py). .ci/setup installs both.
export JCO="$workspace/jco-demo/node_modules/.bin/jco"
export VENV="$workspace/target/interop/venv"

# install_tool ENTRY: builds the tool an entry like TOOLS' names, unless it
# is there already, in the build directory every tool shares.
install_tool() {
    local name crate version build flags started
    read -r name crate version build flags <<<"$1"
    [ -x "$(tool_path "$name" "$crate" "$version")" ] && return
    printf '\n==> set-up: building %s %s (once; cargo install --locked, %s build, minutes)\n' \
        "$crate" "$version" "$build"
    started=$SECONDS
    local quick=()
    [ "$build" = quick ] && quick=(CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
    # shellcheck disable=SC2086 # flags are words
    env "${quick[@]}" CARGO_TARGET_DIR="$tools_root/build" cargo install "$crate@$version" --locked \
        --root "$tools_root/$crate-$version" $flags
    printf '==> set-up: %s %s built in %ss\n' "$crate" "$version" $((SECONDS - started))
}

# install_tools: builds each of TOOLS that is missing.
install_tools() {
    local entry
    for entry in "${TOOLS[@]}"; do install_tool "$entry"; done
}
