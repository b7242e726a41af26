//! The `streams` interface: the buffer filled and drained through
//! `stream<u8>`, on the workspace's streams component.

use linear_memory_host::{BufferError, Host, Limits, OutOfBounds, Outgoing, StreamsInstance};

fn instance() -> StreamsInstance {
    let host = Host::concurrent(Limits::default()).unwrap();
    let component = host
        .load_streams(linear_memory_host::STREAMS_COMPONENT)
        .unwrap();
    component.instantiate().unwrap()
}

#[test]
fn bytes_sent_through_a_stream_are_the_bytes_read_back() {
    let mut instance = instance();
    let bytes: Vec<u8> = (0..=255).cycle().take(1000).collect();
    let stored = instance
        .write_via_stream(10, 1000, Outgoing::new(bytes.clone()))
        .unwrap();
    assert_eq!(stored, Ok(1000));
    assert_eq!(instance.read(10, 1000).unwrap(), Ok(bytes.clone()));
    assert_eq!(instance.read_via_stream(10, 1000).unwrap(), Ok(bytes));
}

#[test]
fn a_range_past_the_end_is_refused_before_anything_is_read() {
    let mut instance = instance();
    let stored = instance
        .write_via_stream(65535, 2, Outgoing::new(vec![1, 2]))
        .unwrap();
    let refused = Err(BufferError::OutOfBounds(OutOfBounds {
        offset: 65535,
        len: 2,
        buffer_len: 65536,
    }));
    assert_eq!(stored, refused);
    assert_eq!(
        instance.read_via_stream(65535, 2).unwrap(),
        refused.map(|_: u32| vec![])
    );
}
