"""The subject world in Python, for the runner's copy map: a string, a list
of bytes and a list of records, each passed in and (but for `count`) back.
componentize-py makes it a component, its bindings generated at build time:

    componentize-py -d interop/subjects/wit -w subject componentize -p interop/subjects/python subject \
        -o subject_python.wasm
"""

from wit_world import exports
from wit_world.exports.shapes import Entry


class Shapes(exports.Shapes):
    def shout(self, text: str) -> str:
        return text.upper()

    def count(self, bytes: bytes) -> int:
        return sum(1 for byte in bytes if byte)

    def reverse(self, entries: list[Entry]) -> list[Entry]:
        return list(reversed(entries))
