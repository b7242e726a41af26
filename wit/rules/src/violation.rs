//! An answer the contract rules out.

use std::fmt;

/// An answer the contract rules out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// The call's answer is not the one the contract allows.
    Differs {
        /// The call, in WAVE.
        call: String,
        /// What the component answered, in WAVE.
        component: String,
        /// What the contract allows, in WAVE.
        contract: String,
    },
    /// Answers that cannot all be true, or a buffer that is not what the
    /// calls before stored in it.
    Broken(String),
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Differs {
                call,
                component,
                contract,
            } => write!(f, "{call} returned {component}, expected {contract}"),
            Violation::Broken(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Violation {}
