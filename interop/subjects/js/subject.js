// The subject world in JavaScript, for the runner's copy map: a string, a
// list of bytes and a list of records, each passed in and (but for `count`)
// back. ComponentizeJS makes it a component (interop/componentize-js.js):
//
//   node interop/componentize-js.js interop/subjects/js/subject.js interop/subjects/wit subject OUT.wasm

export const shapes = {
  shout(text) {
    return text.toUpperCase();
  },
  count(bytes) {
    return bytes.filter((byte) => byte !== 0).length;
  },
  reverse(entries) {
    return [...entries].reverse();
  },
};
