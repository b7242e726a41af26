# The command-line tools the tests drive, pinned, each built once with
# `cargo install --locked` into target/tools/<crate>-<version>-<checksum of how it is built>/. Sourced by
# .ci/setup (which installs what is missing) and by the scripts that run the
# tools (which only read the paths below).

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_root="$workspace/target/tools"

# name crate version build [cargo install flags]
#   build: `optimized` (the crate's own release profile) for a tool whose
#     speed the tests feel, `quick` (opt-level 1, no LTO, parallel codegen)
#     for one that runs for a moment: it builds in less time.
#   wasmtime: only what `run` needs, and the async ABI (component-model-async,
#     for the streams composition and WASI 0.3's `run`); the full CLI takes
#     twice as long to build. 48.0.8 is the newest release that builds with
#     Rust 1.95. Quick: an optimized build took 748 s here, a quick one 411 s,
#     and the tests that run it took 19 s longer with the quick one.
#   wac: without the registry client, which wac needs only to fetch packages.
#   wit-bindgen 0.58.0: the newest whose Go bindings use a version of
#     go.bytecodealliance.org/pkg (v0.2.1) that the Go module proxy serves.
TOOLS=(
    "wasmtime wasmtime-cli 48.0.8 quick --no-default-features --features run,cranelift,component-model,component-model-async"
    "wac wac-cli 0.12.0 quick --no-default-features --features wit"
    "wit-bindgen wit-bindgen-cli 0.58.0 quick"
    "cargo-component cargo-component 0.21.1 quick"
)

# tool_path NAME CRATE VERSION BUILD FLAGS: where NAME from CRATE@VERSION,
# built the BUILD way with FLAGS, is installed. A checksum of the build and
# the flags is part of the directory's name, so a change of either builds
# the tool anew instead of reusing it.
tool_path() {
    local suffix
    suffix="-$(printf '%s %s' "$4" "$5" | cksum | cut -d' ' -f1)"
    echo "$tools_root/$2-$3$suffix/bin/$1"
}

# Each tool's path in a variable named after it: WASMTIME, WAC, WIT_BINDGEN,
# CARGO_COMPONENT. The tests read these.
for entry in "${TOOLS[@]}"; do
    read -r name crate version build flags <<<"$entry"
    export "$(tr 'a-z-' 'A-Z_' <<<"$name")=$(tool_path "$name" "$crate" "$version" "$build" "$flags")"
done
unset entry name crate version build flags

# The tools that come from package managers instead: jco, from the interop
# builds' own locked npm packages (interop/package.json), and the Python venv
# of interop/requirements.txt (componentize-py, pytest, wasmtime-py).
# .ci/setup installs both.
export JCO="$workspace/interop/node_modules/.bin/jco"
export VENV="$workspace/target/interop/venv"

# Node.js: the project's JavaScript needs the version its package.json files'
# `engines` name (JSPI, which jco's glue for the streams component uses). On a
# machine whose Node is older, .ci/setup installs the LTS that .ci/node pins,
# from the npm registry, into NODE_DIR (named after a checksum of the lock
# file, so a new pin installs anew), and from then on it comes first on PATH
# for every script that sources this file; npm, the machine's, runs on it.
NODE_DIR="$tools_root/node-$(cksum <"$workspace/.ci/node/package-lock.json" | cut -d' ' -f1)"
[ -x "$NODE_DIR/bin/node" ] && export PATH="$NODE_DIR/bin:$PATH"

# install_tool ENTRY: builds the tool an entry like TOOLS' names, unless it
# is there already, in the build directory every tool shares.
install_tool() {
    local name crate version build flags started
    read -r name crate version build flags <<<"$1"
    local path
    path=$(tool_path "$name" "$crate" "$version" "$build" "$flags")
    [ -x "$path" ] && return
    printf '\n==> set-up: building %s %s (once; cargo install --locked, %s build, minutes)\n' \
        "$crate" "$version" "$build"
    started=$SECONDS
    local quick=()
    [ "$build" = quick ] && quick=(CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
    # shellcheck disable=SC2086 # flags are words
    env "${quick[@]}" CARGO_TARGET_DIR="$tools_root/build" cargo install "$crate@$version" --locked \
        --root "${path%/bin/*}" $flags
    printf '==> set-up: %s %s built in %ss\n' "$crate" "$version" $((SECONDS - started))
}

# install_tools: builds each of TOOLS that is missing.
install_tools() {
    local entry
    for entry in "${TOOLS[@]}"; do install_tool "$entry"; done
}
