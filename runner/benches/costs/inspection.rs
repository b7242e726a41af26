//! What `--inspect` costs: the same calls on an engine with guest debugging
//! on (`Host::inspecting`), against the engine every normal run uses.

use linear_memory_host::{Call, DEFAULT_COMPONENT, Host, Instance, Invocation, Limits};

use crate::bulk;
use crate::measure::{consume, per_op};
use crate::report::{self, Row, human};

const SIZE: usize = 65536;

/// A call, the bytes it moves (for bulk calls), and how to time it.
type Timed = (&'static str, Option<usize>, fn(&mut Instance) -> f64);

/// `write` of 64 KiB called by name (`--invoke`) on the debug engine, plain
/// and mapped (`--inspect --invoke`): what the map adds to one call, the
/// content search the runner makes afterwards aside.
fn mapped(rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let host = Host::inspecting(Limits::default())?;
    let component = host.load_for_calls(DEFAULT_COMPONENT)?;
    let bytes: Vec<String> = (0..SIZE).map(|i| (i % 251).to_string()).collect();
    let text = format!("write(0, [{}])", bytes.join(", "));
    let invocation = Invocation::parse(component.component(), &text)?;
    let mut instance = component.instantiate()?;
    let plain = per_op(|| consume(instance.call(&invocation).unwrap()));
    let mapped = per_op(|| consume(instance.call_mapped(&invocation).unwrap()));
    let name = format!("write {} by name", human(SIZE));
    let plain = ("called", "--invoke, guest debugging", plain);
    let mapped = ("called and mapped", "--inspect --invoke", mapped);
    let group = "--inspect --invoke's map";
    rows.extend(report::compared(group, &name, Some(SIZE), plain, mapped));
    Ok(())
}

pub fn measure(host: &Host, rows: &mut Vec<Row>) -> wasmtime::Result<()> {
    let debug_host = Host::inspecting(Limits::default())?;
    let mut normal = host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let mut debug = debug_host.load(DEFAULT_COMPONENT)?.instantiate()?;
    let calls: [Timed; 4] = [
        ("store(5, 24)", None, |i| {
            let store = Call::Store {
                index: 5,
                value: 24,
            };
            per_op(|| consume(i.call(&store).unwrap()))
        }),
        ("load(5)", None, |i| {
            per_op(|| consume(i.call(&Call::Load { index: 5 }).unwrap()))
        }),
        ("write", Some(SIZE), |i| bulk::write(i, SIZE)),
        ("read", Some(SIZE), |i| bulk::read(i, SIZE)),
    ];
    mapped(rows)?;
    for (call, bytes, time) in calls {
        let name = match bytes {
            Some(size) => format!("{call} {}", human(size)),
            None => call.to_string(),
        };
        let normal = ("normal engine", "normal engine", time(&mut normal));
        let debug = ("debug engine", "guest debugging", time(&mut debug));
        let group = "--inspect's debug engine";
        rows.extend(report::compared(group, &name, bytes, normal, debug));
    }
    Ok(())
}
