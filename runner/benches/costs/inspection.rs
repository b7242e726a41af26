//! What `--inspect` costs: the same calls on an engine with guest debugging
//! on (`Host::inspecting`), against the engine every normal run uses.

use linear_memory_host::{Call, DEFAULT_COMPONENT, Host, Instance, Limits};

use crate::bulk;
use crate::measure::{consume, per_op};
use crate::report::{self, Row, human};

const SIZE: usize = 65536;

/// A call, the bytes it moves (for bulk calls), and how to time it.
type Timed = (&'static str, Option<usize>, fn(&mut Instance) -> f64);

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
