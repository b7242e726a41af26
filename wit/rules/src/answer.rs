//! What a call answers: a value of one of the types the contract's
//! functions return, alone or in a `result`.

use crate::Wave;

/// A value of a type the contract's functions return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// No value: a function without a result, or `result<_, error>`'s `ok`.
    Nothing,
    /// A `u8`.
    U8(u8),
    /// A `u32`.
    U32(u32),
    /// A `u64`.
    U64(u64),
    /// A `list<u8>`, or the bytes a `stream<u8>` carried.
    List(Vec<u8>),
}

/// What a call answered, in the shape of its function's WIT result: a plain
/// value, or a `result`'s `ok` or `err`. `E` is the `error` type of
/// whichever bindings made the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer<E> {
    /// The result of a function whose result is not a `result`.
    Value(Value),
    /// A `result` that came back `ok`.
    Ok(Value),
    /// A `result` that came back `err`: the component refused the request.
    Err(E),
}

impl<E> Answer<E> {
    /// The value, whichever shape: `None` for a refusal.
    pub fn value(self) -> Option<Value> {
        match self {
            Answer::Value(value) | Answer::Ok(value) => Some(value),
            Answer::Err(_) => None,
        }
    }
}

/// The value as the Rust type it is: `u8`, `u32`, `u64`, `Vec<u8>` or `()`; `Err`
/// hands back a value of another type.
macro_rules! typed {
    ($($rust:ty => $variant:pat => $value:expr),* $(,)?) => {$(
        impl TryFrom<Value> for $rust {
            type Error = Value;

            fn try_from(value: Value) -> Result<Self, Value> {
                match value {
                    $variant => Ok($value),
                    other => Err(other),
                }
            }
        }
    )*};
}

typed! {
    () => Value::Nothing => (),
    u8 => Value::U8(byte) => byte,
    u32 => Value::U32(number) => number,
    u64 => Value::U64(number) => number,
    Vec<u8> => Value::List(bytes) => bytes,
}

impl From<()> for Value {
    fn from((): ()) -> Self {
        Value::Nothing
    }
}

impl From<u8> for Value {
    fn from(byte: u8) -> Self {
        Value::U8(byte)
    }
}

impl From<u32> for Value {
    fn from(number: u32) -> Self {
        Value::U32(number)
    }
}

impl From<u64> for Value {
    fn from(number: u64) -> Self {
        Value::U64(number)
    }
}

impl From<Vec<u8>> for Value {
    fn from(bytes: Vec<u8>) -> Self {
        Value::List(bytes)
    }
}

/// A `result`, as an answer.
impl<T: Into<Value>, E> From<Result<T, E>> for Answer<E> {
    fn from(result: Result<T, E>) -> Self {
        match result {
            Ok(value) => Answer::Ok(value.into()),
            Err(error) => Answer::Err(error),
        }
    }
}

impl Wave for Value {
    /// `()` for nothing: what WAVE has for a missing value.
    fn wave(&self) -> String {
        match self {
            Value::Nothing => "()".to_string(),
            Value::U8(byte) => byte.wave(),
            Value::U32(number) => number.wave(),
            Value::U64(number) => number.wave(),
            Value::List(bytes) => bytes.wave(),
        }
    }
}

impl<E: Wave> Wave for Answer<E> {
    fn wave(&self) -> String {
        match self {
            Answer::Value(value) => value.wave(),
            Answer::Ok(Value::Nothing) => "ok".to_string(),
            Answer::Ok(value) => format!("ok({})", value.wave()),
            Answer::Err(error) => format!("err({})", error.wave()),
        }
    }
}
