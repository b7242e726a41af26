//! One instance of any component, and calls of its exports by name, with
//! values typed at run time: what `--invoke` makes.

use wasmtime::Store;
use wasmtime::component::{Instance as ComponentInstance, Val};
use wasmtime::error::Context;

use crate::InCall;
use crate::debug;
use crate::driver::Driver;
use crate::invoke::Invocation;
use crate::map::CallMap;
use crate::sandbox::{Printed, Sandbox};

/// An instance of any component, in the sandbox every instance gets.
pub struct AnyInstance {
    store: Store<Sandbox>,
    instance: ComponentInstance,
    driver: Driver,
    /// Epoch ticks each call may run for ([`crate::Limits::timeout`]).
    deadline: u64,
}

impl AnyInstance {
    pub(crate) fn new(
        store: Store<Sandbox>,
        instance: ComponentInstance,
        driver: Driver,
        deadline: u64,
    ) -> Self {
        Self {
            store,
            instance,
            driver,
            deadline,
        }
    }

    /// Makes `invocation`'s call: its results, or `Err` if the guest trapped
    /// (or ran out of time), with the call as context ([`InCall`]).
    pub fn call(&mut self, invocation: &Invocation) -> wasmtime::Result<Vec<Val>> {
        let func = self
            .instance
            .get_func(&mut self.store, invocation.export)
            .expect("the export the invocation found");
        let mut results = vec![Val::Bool(false); invocation.func.results().len()];
        self.store.set_epoch_deadline(self.deadline);
        self.driver
            .call_dynamic(&mut self.store, func, &invocation.params, &mut results)
            .with_context(|| InCall(invocation.to_string()))?;
        Ok(results)
    }

    /// Makes `invocation`'s call on a debugger's engine
    /// ([`crate::Host::inspecting`]) and traces it: its results, and where
    /// its values' bytes were ([`CallMap`]).
    pub fn call_mapped(
        &mut self,
        invocation: &Invocation,
    ) -> wasmtime::Result<(Vec<Val>, CallMap)> {
        self.driver.map_next_call();
        let results = self.call(invocation);
        let map = self.driver.take_map(&mut self.store)?;
        Ok((results?, map.unwrap_or_default()))
    }

    /// What the component printed to stdout and stderr since the last time
    /// this was asked.
    pub fn take_printed(&mut self) -> Printed {
        self.store.data_mut().take_printed()
    }
}

impl debug::Stored for AnyInstance {
    fn store(&mut self) -> &mut Store<Sandbox> {
        &mut self.store
    }
}
