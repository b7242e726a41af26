// The page: a choice of implementation, the lesson and the controls on the
// chosen one, and a composition's memories side by side. What the page
// offers is in generated/catalog.js (scripts/build.js writes it); each
// component is loaded when it is chosen.
import { CATALOG } from '../generated/catalog.js';
import { byteList, clearFields, integer, readFields } from './fields.js';
import { ImplementationView } from './implementation-view.js';
import { loadImplementation } from './load.js';

const $ = (selector) => document.querySelector(selector);

const implementations = CATALOG.filter((entry) => entry.kind === 'implementation');
const compositions = CATALOG.filter((entry) => entry.kind === 'composition');
const streamsEntry = CATALOG.find((entry) => entry.kind === 'streams');

/** The implementation the controls call. */
let view;

/** Fills `select` with `entries`, each named with its size. */
function offer(select, entries) {
  select.replaceChildren(...entries.map((entry) => new Option(`${entry.name} (${entry.bytes} bytes)`, entry.name)));
}

/** Loads the implementation called `name` and runs the lesson on it. */
async function choose(name) {
  const entry = implementations.find((candidate) => candidate.name === name);
  document.body.dataset.ready = 'false';
  $('#status').textContent = `Loading ${entry.name} (${entry.bytes} bytes)…`;
  view = new ImplementationView(await loadImplementation(entry), entry);
  for (const form of ['#store-load', '#write-read', '#grow']) clearFields($(form));
  view.show();
  $('#status').textContent =
    `Loaded ${entry.name}: the buffer is ${view.bufferLen} bytes at address ${view.pointer} of its linear memory.`;
  document.body.dataset.implementation = entry.name;
  document.body.dataset.ready = 'true';
}

/** What each form's fields must hold, by the button that submitted it. */
const FIELDS = {
  store: () => ({ index: integer('u32'), value: integer('u8') }),
  load: () => ({ index: integer('u32') }),
  write: () => ({ offset: integer('u32'), bytes: byteList(view.bufferLen) }),
  read: () => ({ offset: integer('u32'), len: integer('u32') }),
  grow: () => ({ pages: integer('u32') }),
};

/** Each form: its fields checked (a message beside each bad one, and no call), then the call. */
for (const form of ['#store-load', '#write-read', '#grow']) {
  $(form).addEventListener('submit', (event) => {
    event.preventDefault();
    const action = event.submitter?.name ?? 'grow';
    clearFields(event.currentTarget);
    if (!view) return; // nothing is loaded yet: there is nothing to call
    const values = readFields(event.currentTarget, FIELDS[action]());
    if (values) view[action](values);
  });
}

/** The streams section's component, loaded when the section is first used, and the call under way. */
let streamsView;
let streamCall = Promise.resolve();

/** What the streams form's fields must hold, by the button that submitted it. */
const STREAM_FIELDS = {
  writeViaStream: () => ({ offset: integer('u32'), bytes: byteList(streamsView.bufferLen), len: integer('u32') }),
  write: () => ({ offset: integer('u32'), bytes: byteList(streamsView.bufferLen) }),
  readViaStream: () => ({ offset: integer('u32'), len: integer('u32') }),
};

/** The streams form: one call at a time, each after the one before it has ended. */
$('#streams').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const action = event.submitter?.name ?? 'writeViaStream';
  document.body.dataset.streamCalls = 'busy';
  streamCall = streamCall
    .then(async () => {
      streamsView ??= await loadStreams();
      clearFields(form);
      const values = readFields(form, STREAM_FIELDS[action]());
      if (values) await streamsView[action](values);
    })
    .catch(failed('#streams-status'))
    .finally(() => {
      document.body.dataset.streamCalls = 'idle';
    });
});

/** The streams section's component, loaded. */
async function loadStreams() {
  $('#streams-status').textContent = `Loading ${streamsEntry.name} (${streamsEntry.bytes} bytes)…`;
  const [{ StreamsView }, component] = await Promise.all([
    import('./streams-view.js'),
    loadImplementation(streamsEntry),
  ]);
  const loaded = new StreamsView(component);
  $('#streams-status').textContent = `Loaded ${streamsEntry.name}: the buffer is ${loaded.bufferLen} bytes ` +
    `at address ${loaded.pointer} of its linear memory.`;
  return loaded;
}

// jco's glue for async exports needs JSPI (WebAssembly.Suspending).
if (typeof WebAssembly.Suspending !== 'function') {
  for (const button of $('#streams').querySelectorAll('button')) button.disabled = true;
  $('#streams-status').textContent =
    "This browser has no JSPI (WebAssembly.Suspending), which jco's glue for async exports needs.";
} else {
  $('#streams-status').textContent = `${streamsEntry.name} loads when a button here is first pressed.`;
}

$('#implementation').addEventListener('change', (event) => {
  choose(event.currentTarget.value).catch(failed('#status'));
});

$('#compose').addEventListener('submit', (event) => {
  event.preventDefault();
  const entry = compositions.find((candidate) => candidate.name === $('#composition').value);
  // The composition's code too is loaded when it is first asked for.
  import('./composition-view.js')
    .then(({ runComposition }) => runComposition(entry))
    .catch(failed('#composition-status'));
});

/** Shows an error that stopped a load or a run in `status`, as one line. */
function failed(status) {
  return (error) => {
    $(status).textContent = `error: ${error.message ?? error}`;
  };
}

offer($('#implementation'), implementations);
offer($('#composition'), compositions);
if (compositions.length === 0) {
  $('#compose [name=run]').disabled = true;
  $('#composition-status').textContent = 'No composition was built: interop/build makes them.';
}
await choose(implementations[0].name).catch(failed('#status'));
