//! The copy map of one call: where the canonical ABI put each argument's
//! bytes and lifted each result's from, read from the call itself through
//! wasmtime's guest-debug API (breakpoints at the entry and the returns of
//! every core function a module exports, frame locals and operand stacks),
//! not guessed from memory contents.
//!
//! Every allocation the call makes through a `cabi_realloc` (an exported
//! core function of type `(i32, i32, i32, i32) -> i32` with `realloc` in
//! its name, as every toolchain names it) is seen: its arguments at its
//! entry, the address it returns at its return. The first other exported
//! function entered is the export itself: its core parameters, walked with
//! the canonical ABI's layout of the WIT parameters ([`crate::abi`]), say
//! where each string and list is; at its return, the return area says
//! where each result is lifted from; the next entry is `post-return`.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use wasmtime::component::Type;
use wasmtime::component::types::ComponentFunc;
use wasmtime::wasmparser::{CompositeInnerType, ExternalKind, Operator, Parser, Payload, TypeRef};
use wasmtime::{DebugEvent, DebugHandler, Module, ModulePC, Store, StoreContextMut};

use crate::debug::{self, CoreMemory};

use crate::abi::{self, Block, Blocks};
use crate::sandbox::Sandbox;

/// The most debug events one call is traced for: a component that calls
/// its exported functions in a loop is not traced call by call past it.
const MOST_EVENTS: usize = 100_000;

/// One block of linear memory the call's values use, and what it held.
#[derive(Clone, Debug)]
pub struct Placed {
    /// Where it is in the value, its type, address and size.
    pub block: Block,
    /// The memory it is in.
    pub memory: CoreMemory,
    /// Its bytes when the map saw them: at the export's entry for an
    /// argument, at its return for a result. A block past the memory's end
    /// has none.
    pub bytes: Vec<u8>,
}

/// One call of a `cabi_realloc`.
#[derive(Clone, Debug)]
pub struct Allocation {
    /// The memory it allocated in.
    pub memory: CoreMemory,
    /// Its arguments: the old address and size (0 and 0 for a new block),
    /// the alignment, the new size.
    pub old: (u32, u32),
    /// The alignment asked for.
    pub align: u32,
    /// The size asked for.
    pub size: u32,
    /// The address it returned (none if it never returned).
    pub address: Option<u32>,
    /// When: while the host lowered the arguments (`true`), or later,
    /// during the call (another component's, in a composition).
    pub lowering: bool,
    /// What the block held when the next exported function was entered in
    /// its memory (the callee the bytes were copied for); `None` if none was.
    pub bytes: Option<Vec<u8>>,
}

/// What the debugger saw of one call.
#[derive(Clone, Debug, Default)]
pub struct CallMap {
    /// Every `cabi_realloc` call, in order.
    pub allocations: Vec<Allocation>,
    /// The core function the export runs, as its module exports it.
    pub export: Option<String>,
    /// The arguments' area, when they did not fit in 16 core values.
    pub arguments_area: Option<Placed>,
    /// Each argument's strings and lists, in the canonical ABI's order.
    pub arguments: Vec<Placed>,
    /// The return area, when the results are passed in memory.
    pub return_area: Option<Placed>,
    /// Each result's strings and lists, in order.
    pub results: Vec<Placed>,
    /// The `post-return` function, if one ran.
    pub post_return: Option<String>,
    /// Other exported functions entered during the call (another
    /// component's, in a composition), in order.
    pub inner: Vec<String>,
    /// Whether the trace stopped at [`MOST_EVENTS`].
    pub cut_short: bool,
    /// Whether the export is lifted async (its results not mapped).
    pub is_async: bool,
}

/// A core function a module exports: where its body is, its entry and its
/// returns, as module-relative offsets.
#[derive(Clone, Debug)]
struct Exported {
    name: String,
    body: Range<u32>,
    entry: u32,
    returns: Vec<u32>,
    params: u32,
    results: u32,
    realloc: bool,
}

/// The exported functions of one module.
struct ModuleFunctions {
    module: Module,
    functions: Vec<Exported>,
}

/// What the call is: its parameters' and results' types.
pub struct Signature {
    /// Whether the export is lifted async: its arguments are flat up to 4
    /// core values (not 16), and its results come through `task.return`,
    /// which this map does not follow.
    pub is_async: bool,
    /// Each parameter's name and type.
    pub params: Vec<(String, Type)>,
    /// Each result's type.
    pub results: Vec<Type>,
}

impl Signature {
    /// The signature of `func`, an export's type.
    pub(crate) fn of(func: &ComponentFunc) -> Self {
        Self {
            is_async: func.async_(),
            params: func
                .params()
                .map(|(name, ty)| (name.to_string(), ty))
                .collect(),
            results: func.results().collect(),
        }
    }
}

/// Where the trace is in the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// The host is lowering the arguments: every entry is a `cabi_realloc`
    /// until the export's.
    Lowering,
    /// The export runs, at this frame depth.
    Running(u32),
    /// The export returned: the next entry is `post-return`.
    Returned,
    /// Nothing more to see.
    Done,
}

/// The state a debug handler keeps across the events of one call.
struct Trace {
    modules: Vec<ModuleFunctions>,
    signature: Signature,
    phase: Phase,
    map: CallMap,
    /// The `cabi_realloc` calls not yet returned, with their frame depths.
    open: Vec<(usize, u32)>,
    /// The last entry seen (module, function, depth): a function whose
    /// first instruction heads a loop is entered once per iteration.
    last_entry: Option<(usize, usize, u32)>,
    events: usize,
}

/// A debug handler that traces one call into a [`CallMap`]: cheap to
/// clone, as wasmtime clones it for every event.
#[derive(Clone)]
pub struct Tracer(Arc<Mutex<Trace>>);

impl Tracer {
    /// A tracer for a call of `signature`, with breakpoints set in `store`
    /// at the entry and the returns of every function each of its modules
    /// exports.
    pub(crate) fn install(
        store: &mut Store<Sandbox>,
        signature: Signature,
    ) -> wasmtime::Result<Self> {
        let modules: Vec<ModuleFunctions> = store
            .debug_all_modules()
            .into_iter()
            .map(|module| {
                let functions = module.debug_bytecode().map(exported).unwrap_or_default();
                ModuleFunctions { module, functions }
            })
            .collect();
        set_breakpoints(store, &modules, true)?;
        let map = CallMap {
            is_async: signature.is_async,
            ..CallMap::default()
        };
        let trace = Trace {
            modules,
            signature,
            phase: Phase::Lowering,
            map,
            open: Vec::new(),
            last_entry: None,
            events: 0,
        };
        let tracer = Self(Arc::new(Mutex::new(trace)));
        store.set_debug_handler(tracer.clone());
        Ok(tracer)
    }

    /// What was seen, once the call has returned in `store`: a block
    /// `cabi_realloc` gave that no exported function's entry filled (a
    /// result handed back to a component that called an import) is read as
    /// it is now. The store's breakpoints and handler go: its next calls
    /// run untraced.
    pub(crate) fn finish(self, store: &mut Store<Sandbox>) -> wasmtime::Result<CallMap> {
        store.clear_debug_handler();
        let mut trace = self.lock();
        set_breakpoints(store, &trace.modules, false)?;
        for memory in debug::core_memories(&mut *store) {
            trace.fill_allocations(memory, memory.bytes(&*store));
        }
        Ok(std::mem::take(&mut trace.map))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Trace> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A breakpoint: an exported function entered or returning.
    fn at_breakpoint(&self, store: &mut StoreContextMut<'_, Sandbox>) {
        let Some(frame) = store.debug_exit_frames().next() else {
            return;
        };
        let Ok(Some((_, pc))) = frame.wasm_function_index_and_pc(&mut *store) else {
            return;
        };
        let Ok(Some(module)) = frame.module(&mut *store) else {
            return;
        };
        let module = module.clone();
        let mut depth = 0;
        let mut up = Some(frame.clone());
        while let Some(this) = up {
            depth += 1;
            up = this.parent(&mut *store).ok().flatten();
        }
        let memory = frame
            .instance(&mut *store)
            .ok()
            .and_then(|instance| instance.debug_memory(&mut *store, 0))
            .and_then(|memory| debug::core_memory(&mut *store, &memory));
        let mut trace = self.lock();
        trace.events += 1;
        if trace.events > MOST_EVENTS {
            trace.map.cut_short = true;
            return;
        }
        let Some((m, f)) = trace.function_at(&module, pc.raw()) else {
            return;
        };
        let function = trace.modules[m].functions[f].clone();
        let word = |value: wasmtime::Val| match value {
            wasmtime::Val::I32(value) => value as u32 as u64,
            wasmtime::Val::I64(value) => value as u64,
            _ => 0,
        };
        if pc.raw() == function.entry {
            if trace.last_entry == Some((m, f, depth)) {
                return;
            }
            trace.last_entry = Some((m, f, depth));
            if !function.realloc
                && trace.open.is_empty()
                && let Some(memory) = memory
            {
                trace.fill_allocations(memory, memory.bytes(&*store));
            }
            let locals: Vec<u64> = (0..function.params)
                .map(|i| frame.local(&mut *store, i).map_or(0, word))
                .collect();
            // Only the export's entry reads memory: where its arguments are.
            let bytes = match !function.realloc && trace.phase == Phase::Lowering {
                true => memory.map(|memory| memory.bytes(&*store)),
                false => None,
            };
            trace.entered(&function, depth, &locals, memory, bytes);
        } else if function.returns.contains(&pc.raw()) {
            trace.last_entry = None;
            let stack = frame.num_stacks(&mut *store).unwrap_or(0);
            let results: Vec<u64> = (stack.saturating_sub(function.results)..stack)
                .map(|i| frame.stack(&mut *store, i).map_or(0, word))
                .collect();
            // Only the export's return reads memory: where its results are.
            let bytes = match !function.realloc && trace.phase == Phase::Running(depth) {
                true => memory.map(|memory| memory.bytes(&*store)),
                false => None,
            };
            trace.returned(&function, depth, &results, memory, bytes);
        }
    }
}

/// Adds (`on`) or removes a breakpoint at the entry and the returns of
/// every function in `modules`.
fn set_breakpoints(
    store: &mut Store<Sandbox>,
    modules: &[ModuleFunctions],
    on: bool,
) -> wasmtime::Result<()> {
    let mut edit = store
        .edit_breakpoints()
        .ok_or_else(|| wasmtime::format_err!("this engine has no guest debugging"))?;
    for ModuleFunctions { module, functions } in modules {
        for function in functions {
            for pc in std::iter::once(function.entry).chain(function.returns.iter().copied()) {
                match on {
                    true => edit.add_breakpoint(module, ModulePC::new(pc))?,
                    false => edit.remove_breakpoint(module, ModulePC::new(pc))?,
                }
            }
        }
    }
    Ok(())
}

impl DebugHandler for Tracer {
    type Data = Sandbox;

    fn handle(
        &self,
        mut store: StoreContextMut<'_, Sandbox>,
        event: DebugEvent<'_>,
    ) -> impl Future<Output = ()> + Send {
        if let DebugEvent::Breakpoint = event {
            self.at_breakpoint(&mut store);
        }
        std::future::ready(())
    }
}

impl Trace {
    /// The exported function of `module` whose body holds `pc`.
    fn function_at(&self, module: &Module, pc: u32) -> Option<(usize, usize)> {
        let m = self
            .modules
            .iter()
            .position(|known| Module::same(&known.module, module))?;
        let f = self.modules[m]
            .functions
            .iter()
            .position(|function| function.body.contains(&pc))?;
        Some((m, f))
    }

    /// The blocks `cabi_realloc` gave in `memory` (whose bytes are `held`)
    /// and nothing has filled yet: an exported function is being entered in
    /// that memory, so what the canonical ABI copied into them is there.
    fn fill_allocations(&mut self, memory: CoreMemory, held: &[u8]) {
        for allocation in &mut self.map.allocations {
            let (None, Some(address)) = (&allocation.bytes, allocation.address) else {
                continue;
            };
            if !allocation.memory.same(&memory) {
                continue;
            }
            let start = address as usize;
            let end = start.saturating_add(allocation.size as usize);
            allocation.bytes = Some(held.get(start..end).unwrap_or_default().to_vec());
        }
    }

    /// `function` entered at frame `depth` with the core parameters
    /// `locals`, in an instance whose memory 0 is `memory` (its bytes now).
    fn entered(
        &mut self,
        function: &Exported,
        depth: u32,
        locals: &[u64],
        memory: Option<CoreMemory>,
        bytes: Option<&[u8]>,
    ) {
        if function.realloc {
            let (Some(memory), [old, old_size, align, size]) = (memory, locals) else {
                return;
            };
            self.open.push((self.map.allocations.len(), depth));
            self.map.allocations.push(Allocation {
                memory,
                old: (*old as u32, *old_size as u32),
                align: *align as u32,
                size: *size as u32,
                address: None,
                lowering: self.phase == Phase::Lowering,
                bytes: None,
            });
            return;
        }
        // A function `cabi_realloc` calls (a `malloc` its module exports,
        // say) is part of the allocation, not a call of its own.
        if !self.open.is_empty() {
            return;
        }
        match self.phase {
            Phase::Lowering => {
                self.phase = Phase::Running(depth);
                self.map.export = Some(function.name.clone());
                if let (Some(memory), Some(bytes)) = (memory, bytes) {
                    self.arguments(locals, memory, bytes);
                }
            }
            Phase::Running(_) => self.map.inner.push(function.name.clone()),
            Phase::Returned => {
                self.map.post_return = Some(function.name.clone());
                self.phase = Phase::Done;
            }
            Phase::Done => {}
        }
    }

    /// `function` returning `results` at frame `depth`.
    fn returned(
        &mut self,
        function: &Exported,
        depth: u32,
        results: &[u64],
        memory: Option<CoreMemory>,
        bytes: Option<&[u8]>,
    ) {
        if function.realloc {
            if let Some(&(index, open_depth)) = self.open.last()
                && open_depth == depth
            {
                self.open.pop();
                self.map.allocations[index].address = results.first().map(|&a| a as u32);
            }
            return;
        }
        if self.phase != Phase::Running(depth) || self.map.export.as_deref() != Some(&function.name)
        {
            return;
        }
        // An async export's core function returns to the runtime each time
        // it waits, and its callbacks run after: no post-return to look for.
        self.phase = match self.signature.is_async {
            true => Phase::Done,
            false => Phase::Returned,
        };
        let flat: usize = match self.signature.is_async {
            // What an async export's core function returns is a code for
            // the runtime: its results come through `task.return`.
            true => 0,
            false => self.signature.results.iter().map(abi::flat_count).sum(),
        };
        // One flat result comes back as a core value; more, through a
        // return area the core function returns the address of.
        let (Some(memory), Some(bytes), Some(&area), true) =
            (memory, bytes, results.first(), flat > 1)
        else {
            return;
        };
        let area = area as u32;
        let layout = abi::sequence(self.signature.results.iter().cloned());
        let offsets = abi::offsets(self.signature.results.iter().cloned());
        let mut blocks = Blocks::new(bytes);
        for (i, (ty, offset)) in self.signature.results.iter().zip(&offsets.each).enumerate() {
            blocks.stored(
                ty,
                area.saturating_add(*offset),
                &format!("result {}", i + 1),
            );
        }
        self.map.return_area = Some(placed(
            Block {
                path: "the return area".into(),
                ty: "results".into(),
                address: area,
                size: layout.size,
            },
            memory,
            bytes,
        ));
        self.map.results = blocks
            .found
            .into_iter()
            .map(|block| placed(block, memory, bytes))
            .collect();
    }

    /// The arguments' blocks, from the export's core parameters `locals`:
    /// flat, or (past 16 core values, 4 for an async export) in an area the
    /// first one points to.
    fn arguments(&mut self, locals: &[u64], memory: CoreMemory, bytes: &[u8]) {
        let params = &self.signature.params;
        let flat: usize = params.iter().map(|(_, ty)| abi::flat_count(ty)).sum();
        let mut blocks = Blocks::new(bytes);
        let most = match self.signature.is_async {
            true => 4,
            false => 16,
        };
        if flat <= most {
            let mut at = 0;
            for (name, ty) in params {
                blocks.flat(ty, locals.get(at..).unwrap_or(&[]), name);
                at += abi::flat_count(ty);
            }
        } else {
            let area = locals.first().map_or(0, |&a| a as u32);
            let types = params.iter().map(|(_, ty)| ty.clone());
            let offsets = abi::offsets(types);
            for ((name, ty), offset) in params.iter().zip(&offsets.each) {
                blocks.stored(ty, area.saturating_add(*offset), name);
            }
            let block = Block {
                path: "the arguments' area".into(),
                ty: "arguments".into(),
                address: area,
                size: offsets.layout.size,
            };
            self.map.arguments_area = Some(placed(block, memory, bytes));
        }
        self.map.arguments = blocks
            .found
            .into_iter()
            .map(|block| placed(block, memory, bytes))
            .collect();
    }
}

/// `block` in `memory`, with its bytes from `bytes` (the memory's).
fn placed(block: Block, memory: CoreMemory, bytes: &[u8]) -> Placed {
    let start = block.address as usize;
    let held = start
        .checked_add(block.size as usize)
        .and_then(|end| bytes.get(start..end))
        .unwrap_or_default()
        .to_vec();
    Placed {
        block,
        memory,
        bytes: held,
    }
}

/// The functions a module (its bytecode) exports: their bodies' extent,
/// the offset of their first instruction, of each `return` and of the final
/// `end`, as module-relative offsets.
fn exported(bytecode: &[u8]) -> Vec<Exported> {
    let mut types: Vec<(u32, u32)> = Vec::new();
    let mut imported = 0u32;
    let mut function_types: Vec<u32> = Vec::new();
    let mut exports: Vec<(String, u32)> = Vec::new();
    let mut found = Vec::new();
    let mut defined = 0u32;
    for payload in Parser::new(0).parse_all(bytecode) {
        let Ok(payload) = payload else {
            break;
        };
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader.into_iter().flatten() {
                    for ty in group.types() {
                        let counts = match &ty.composite_type.inner {
                            CompositeInnerType::Func(func) => {
                                (func.params().len() as u32, func.results().len() as u32)
                            }
                            _ => (0, 0),
                        };
                        types.push(counts);
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports().flatten() {
                    if let TypeRef::Func(_) = import.ty {
                        imported += 1;
                    }
                }
            }
            Payload::FunctionSection(reader) => function_types.extend(reader.into_iter().flatten()),
            Payload::ExportSection(reader) => {
                for export in reader.into_iter().flatten() {
                    if export.kind == ExternalKind::Func && export.index >= imported {
                        exports.push((export.name.to_string(), export.index - imported));
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let index = defined;
                defined += 1;
                let Some((name, _)) = exports.iter().find(|(_, i)| *i == index) else {
                    continue;
                };
                let (params, results) = function_types
                    .get(index as usize)
                    .and_then(|ty| types.get(*ty as usize))
                    .copied()
                    .unwrap_or((0, 0));
                let Some((entry, returns)) = entry_and_returns(&body) else {
                    continue;
                };
                let range = body.range();
                found.push(Exported {
                    name: name.clone(),
                    body: range.start as u32..range.end as u32,
                    entry,
                    returns,
                    params,
                    results,
                    realloc: name.contains("realloc") && params == 4 && results == 1,
                });
            }
            _ => {}
        }
    }
    found
}

/// The offset of a body's first instruction, and of each `return` and its
/// final `end`.
fn entry_and_returns(body: &wasmtime::wasmparser::FunctionBody<'_>) -> Option<(u32, Vec<u32>)> {
    let mut reader = body.get_operators_reader().ok()?;
    let entry = reader.original_position() as u32;
    let mut returns = Vec::new();
    let mut last_end = None;
    while !reader.eof() {
        let (operator, offset) = reader.read_with_offset().ok()?;
        match operator {
            Operator::Return => returns.push(offset as u32),
            Operator::End => last_end = Some(offset as u32),
            _ => {}
        }
    }
    returns.extend(last_end);
    Some((entry, returns))
}
