# The command-line tools the tests drive, pinned, each built once with
# `cargo install --locked` into target/tools/<crate>-<version>/. Sourced by
# .ci/setup (which installs what is missing) and by the scripts that run the
# tools (which only read the paths below).

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_root="$workspace/target/tools"

# name crate version [cargo install flags]
#   wasmtime: only what `run` needs; the full CLI takes twice as long to build.
#     48.0.8 is the newest release that builds with Rust 1.95.
#   wac: without the registry client, which wac needs only to fetch packages.
#   wit-bindgen 0.58.0: the newest whose Go bindings use a version of
#     go.bytecodealliance.org/pkg (v0.2.1) that the Go module proxy serves.
TOOLS=(
    "wasmtime wasmtime-cli 48.0.8 --no-default-features --features run,cranelift,component-model"
    "wac wac-cli 0.12.0 --no-default-features --features wit"
    "wit-bindgen wit-bindgen-cli 0.58.0"
    "cargo-component cargo-component 0.21.1"
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

# install_tools: builds each tool that is missing, sharing one build directory.
install_tools() {
    local entry name crate version flags
    for entry in "${TOOLS[@]}"; do
        read -r name crate version flags <<<"$entry"
        [ -x "$(tool_path "$name" "$crate" "$version")" ] && continue
        printf '\n==> set-up: building %s %s (once; cargo install --locked, several minutes)\n' "$crate" "$version"
        # shellcheck disable=SC2086 # flags are words
        CARGO_TARGET_DIR="$tools_root/build" cargo install "$crate@$version" --locked \
            --root "$tools_root/$crate-$version" $flags
    done
}
