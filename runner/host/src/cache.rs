//! Compiled components kept on disk, so a large component (an 18 MB Python
//! runtime, say) is compiled once per engine configuration, not on every
//! run: each a `.cwasm` that wasmtime serialized, named after the engine's
//! compatibility hash and the component's bytes.
//!
//! A `.cwasm` is native code wasmtime loads without checking it
//! (`Component::deserialize_file` is `unsafe`): the directory must be one
//! only this user writes, as a build's `target/` is. A file that does not
//! load is compiled again and replaced.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use wasmtime::Engine;
use wasmtime::component::Component;

/// Components smaller than this compile in milliseconds: not kept.
const SMALLEST_KEPT: usize = 256 << 10;

/// Where compiled components are kept.
#[derive(Clone, Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// A cache in `dir`, made when first written.
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// `bytes` compiled for `engine`: loaded from the cache when this
    /// engine's configuration compiled the same bytes before, else compiled
    /// (and kept, for a large component).
    pub(crate) fn compile(&self, engine: &Engine, bytes: &[u8]) -> wasmtime::Result<Component> {
        if bytes.len() < SMALLEST_KEPT {
            return Component::new(engine, bytes);
        }
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        bytes.hash(&mut hasher);
        let path = self.dir.join(format!("{:016x}.cwasm", hasher.finish()));
        if path.is_file() {
            // SAFETY: the file is a component this cache serialized for an
            // engine of the same configuration, in a directory only this
            // user writes (see the module's documentation); one that does
            // not load is compiled again below.
            if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
                return Ok(component);
            }
        }
        let component = Component::new(engine, bytes)?;
        // Written beside, then renamed: a run that reads it meanwhile never
        // sees half a file. A cache that cannot be written costs only time.
        if let Ok(serialized) = component.serialize()
            && std::fs::create_dir_all(&self.dir).is_ok()
        {
            let partial = path.with_extension(format!("{}.partial", std::process::id()));
            if std::fs::write(&partial, serialized).is_ok() {
                std::fs::rename(&partial, &path).ok();
            }
        }
        Ok(component)
    }
}
