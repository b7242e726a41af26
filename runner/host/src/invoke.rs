//! Any exported function of any component, called by the name and with the
//! arguments `wasmtime run --invoke` takes (WAVE, through the `wasm-wave`
//! support wasmtime has), its results printed as that command prints them.

use std::fmt;

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::wasm_wave::untyped::UntypedFuncCall;
use wasmtime::component::wasm_wave::wasm::{DisplayFuncResults, WasmFunc};
use wasmtime::component::{Component, ComponentExportIndex, Type, Val};

/// A call of one exported function, its arguments typed: what `--invoke`
/// asked for, checked against the component's own types.
#[derive(Clone)]
pub struct Invocation {
    /// The function's name as given (`write`, or
    /// `wasm-by-example:linear-memory/buffer.write@0.1.0`).
    pub name: String,
    /// Where the function is among the component's exports.
    pub export: ComponentExportIndex,
    /// Its type.
    pub func: ComponentFunc,
    /// The arguments, as values of its parameters' types.
    pub params: Vec<Val>,
}

/// Why `--invoke`'s text is not a call the component can take. Each message
/// is one line; the caller puts the file's name before it.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    /// The text is not a function call in WAVE.
    #[error("--invoke '{text}' is not a call in WAVE (`f(1, [2, 3])`): {reason}")]
    NotWave {
        /// What was given.
        text: String,
        /// What the WAVE parser said.
        reason: String,
    },
    /// No exported function has that name.
    #[error("exports no function named `{name}`{}", listed(.exported))]
    NoSuchFunction {
        /// The name asked for.
        name: String,
        /// The functions it does export, qualified.
        exported: Vec<String>,
    },
    /// More than one exported interface has a function of that name.
    #[error("exports `{name}` in more than one interface ({}): name it as `interface.{name}`", .interfaces.join(", "))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The interfaces that export it.
        interfaces: Vec<String>,
    },
    /// A parameter's type is one WAVE cannot write.
    #[error(
        "`{name}` takes {param}: {ty}, which WAVE cannot write (a stream, a future, a resource or a map)"
    )]
    Unwritable {
        /// The function.
        name: String,
        /// The parameter.
        param: String,
        /// Its type, as the component describes it.
        ty: String,
    },
    /// A result's type is one WAVE cannot print.
    #[error(
        "`{name}` returns {ty}, which WAVE cannot print (a stream, a future, a resource or a map)"
    )]
    Unprintable {
        /// The function.
        name: String,
        /// The result's type, as the component describes it.
        ty: String,
    },
    /// The arguments do not fit the parameters.
    #[error("the arguments of `{name}` do not fit its parameters ({signature}): {reason}")]
    Arguments {
        /// The function.
        name: String,
        /// Its parameters, `name: type` each.
        signature: String,
        /// What the WAVE parser said.
        reason: String,
    },
}

/// " (it exports a, b, c)", or that it exports none.
fn listed(names: &[String]) -> String {
    match names {
        [] => ", nor any other".to_string(),
        names => format!(" (it exports {})", names.join(", ")),
    }
}

impl Invocation {
    /// Reads `text` (`name(arg, ...)` in WAVE) as a call of one of
    /// `component`'s exported functions: found as `wasmtime run --invoke`
    /// finds it (qualified, or by its bare name in any exported interface
    /// if only one has it), its arguments typed by its parameters.
    pub fn parse(component: &Component, text: &str) -> Result<Self, InvokeError> {
        let not_wave = |reason: String| InvokeError::NotWave {
            text: text.to_string(),
            reason,
        };
        let call = UntypedFuncCall::parse(text).map_err(|e| not_wave(e.to_string()))?;
        let name = call.name().to_string();
        let (export, func) = find(component, &name)?;
        let types: Vec<Type> = WasmFunc::params(&func).collect();
        for ((param, ty), _) in func.params().zip(&types) {
            if !writable(&ty) {
                return Err(InvokeError::Unwritable {
                    name,
                    param: param.to_string(),
                    ty: type_name(&ty),
                });
            }
        }
        if let Some(ty) = func.results().find(|ty| !writable(ty)) {
            return Err(InvokeError::Unprintable {
                name,
                ty: type_name(&ty),
            });
        }
        let params = call
            .to_wasm_params::<Val>(&types)
            .map_err(|e| InvokeError::Arguments {
                name: name.clone(),
                signature: signature(&func),
                reason: e.to_string(),
            })?;
        Ok(Self {
            name,
            export,
            func,
            params,
        })
    }

    /// `results`, this function's, printed as `wasmtime run --invoke`
    /// prints them.
    pub fn results(results: &[Val]) -> String {
        DisplayFuncResults(results).to_string()
    }
}

impl fmt::Display for Invocation {
    /// The call in WAVE, its arguments as WAVE writes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args: Vec<String> = self.params.iter().map(wave).collect();
        write!(f, "{}({})", self.name, args.join(", "))
    }
}

/// One value in WAVE.
pub fn wave(value: &Val) -> String {
    wasmtime::component::wasm_wave::to_string(value).unwrap_or_else(|e| format!("<{e}>"))
}

/// The exported function `name` names: a root export, a qualified one
/// (`pkg:name/iface@version.func`), or a bare name that one exported
/// interface alone has.
fn find(
    component: &Component,
    name: &str,
) -> Result<(ComponentExportIndex, ComponentFunc), InvokeError> {
    let engine = component.engine();
    let mut found = Vec::new();
    let mut all = Vec::new();
    for (export, item) in component.component_type().exports(engine) {
        match item.ty {
            ComponentItem::ComponentFunc(func) => {
                all.push(export.to_string());
                if export == name {
                    found.push((None, export.to_string(), func));
                }
            }
            ComponentItem::ComponentInstance(instance) => {
                for (leaf, item) in instance.exports(engine) {
                    let ComponentItem::ComponentFunc(func) = item.ty else {
                        continue;
                    };
                    let qualified = qualified(export, leaf);
                    all.push(qualified.clone());
                    if leaf == name || qualified == name {
                        found.push((Some(export.to_string()), leaf.to_string(), func));
                    }
                }
            }
            _ => {}
        }
    }
    match found.len() {
        0 => Err(InvokeError::NoSuchFunction {
            name: name.to_string(),
            exported: all,
        }),
        1 => {
            let (interface, leaf, func) = found.remove(0);
            let parent = interface.map(|interface| {
                let (_, index) = component.get_export(None, &interface).expect("an export");
                index
            });
            let (_, index) = component
                .get_export(parent.as_ref(), &leaf)
                .expect("an exported function");
            Ok((index, func))
        }
        _ => Err(InvokeError::Ambiguous {
            name: name.to_string(),
            interfaces: found
                .into_iter()
                .filter_map(|(interface, ..)| interface)
                .collect(),
        }),
    }
}

/// `pkg:name/iface.func@version` from an interface's export name
/// (`pkg:name/iface@version`) and a function's: as `wasmtime run --invoke`
/// names a function of an interface.
fn qualified(interface: &str, func: &str) -> String {
    match interface.split_once('@') {
        Some((unversioned, version)) => format!("{unversioned}.{func}@{version}"),
        None => format!("{interface}.{func}"),
    }
}

/// Whether WAVE can write a value of `ty` (nothing in it is a resource, a
/// stream, a future, an error context or a map).
fn writable(ty: &Type) -> bool {
    match ty {
        Type::Own(_)
        | Type::Borrow(_)
        | Type::Future(_)
        | Type::Stream(_)
        | Type::ErrorContext
        | Type::Map(_) => false,
        Type::List(list) => writable(&list.ty()),
        Type::FixedLengthList(list) => writable(&list.ty()),
        Type::Record(record) => record.fields().all(|field| writable(&field.ty)),
        Type::Tuple(tuple) => tuple.types().all(|ty| writable(&ty)),
        Type::Variant(variant) => variant
            .cases()
            .all(|case| case.ty.is_none_or(|ty| writable(&ty))),
        Type::Option(option) => writable(&option.ty()),
        Type::Result(result) => {
            result.ok().is_none_or(|ty| writable(&ty))
                && result.err().is_none_or(|ty| writable(&ty))
        }
        _ => true,
    }
}

/// `name: type, ...`, `func`'s parameters.
fn signature(func: &ComponentFunc) -> String {
    let params: Vec<String> = func
        .params()
        .map(|(name, ty)| format!("{name}: {}", type_name(&ty)))
        .collect();
    params.join(", ")
}

/// A type, as WIT writes it, for messages.
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::S8 => "s8".into(),
        Type::U8 => "u8".into(),
        Type::S16 => "s16".into(),
        Type::U16 => "u16".into(),
        Type::S32 => "s32".into(),
        Type::U32 => "u32".into(),
        Type::S64 => "s64".into(),
        Type::U64 => "u64".into(),
        Type::Float32 => "f32".into(),
        Type::Float64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::List(list) => format!("list<{}>", type_name(&list.ty())),
        Type::FixedLengthList(list) => format!("list<{}, {}>", type_name(&list.ty()), list.len()),
        Type::Map(map) => format!(
            "map<{}, {}>",
            type_name(&map.key()),
            type_name(&map.value())
        ),
        Type::Record(record) => {
            let fields: Vec<String> = record
                .fields()
                .map(|field| format!("{}: {}", field.name, type_name(&field.ty)))
                .collect();
            format!("record {{{}}}", fields.join(", "))
        }
        Type::Tuple(tuple) => {
            let types: Vec<String> = tuple.types().map(|ty| type_name(&ty)).collect();
            format!("tuple<{}>", types.join(", "))
        }
        Type::Variant(variant) => {
            let cases: Vec<String> = variant
                .cases()
                .map(|case| match case.ty {
                    Some(ty) => format!("{}({})", case.name, type_name(&ty)),
                    None => case.name.to_string(),
                })
                .collect();
            format!("variant {{{}}}", cases.join(", "))
        }
        Type::Enum(_) => "enum".into(),
        Type::Option(option) => format!("option<{}>", type_name(&option.ty())),
        Type::Result(result) => {
            let side = |ty: Option<Type>| ty.map_or("_".to_string(), |ty| type_name(&ty));
            format!("result<{}, {}>", side(result.ok()), side(result.err()))
        }
        Type::Flags(_) => "flags".into(),
        Type::Own(_) => "own<resource>".into(),
        Type::Borrow(_) => "borrow<resource>".into(),
        Type::Future(_) => "future".into(),
        Type::Stream(stream) => match stream.ty() {
            Some(ty) => format!("stream<{}>", type_name(&ty)),
            None => "stream".into(),
        },
        Type::ErrorContext => "error-context".into(),
    }
}
