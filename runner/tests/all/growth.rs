//! `memory-pages` and `grow-memory`, on every implementation: the seed's
//! "memory grew" note, for real.

use linear_memory_host::{Call, Host, Limits};

use super::{IMPLEMENTATIONS, answer, number};

#[test]
fn growing_adds_exactly_the_pages_asked_for_and_returns_the_previous_size() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance();
        for pages in [0, 1, 3] {
            let before = number(&mut instance, Call::MemoryPages);
            let previous = answer(&mut instance, Call::GrowMemory { pages });
            assert_eq!(previous, format!("ok({before})"), "{name}");
            let after = number(&mut instance, Call::MemoryPages);
            assert_eq!(after, before + pages, "{name}");
        }
    }
}

/// Under a host cap above 4 GiB, so that only the 32-bit limit can refuse:
/// requests past 4 GiB are refused with the current size and change
/// nothing, and memory grows to exactly 4 GiB, then not a page more. (Under
/// the default 4 MiB cap the cap would refuse first, and growing to 4 GiB
/// would fail.) Growth reserves address space; the pages are never touched.
#[test]
fn growing_past_4_gib_is_refused_with_the_current_size() {
    let host = Host::with_limits(Limits {
        max_memory: 8 << 30,
        ..Limits::default()
    })
    .unwrap();
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance_on(&host);
        let pages = number(&mut instance, Call::MemoryPages);
        for requested in [65536, 65536 - pages + 1, u32::MAX] {
            let refused = answer(&mut instance, Call::GrowMemory { pages: requested });
            assert_eq!(refused, grow_refused(pages, requested), "{name}");
        }
        let now = number(&mut instance, Call::MemoryPages);
        assert_eq!(now, pages, "{name}: nothing grew");
        let to_4_gib = Call::GrowMemory {
            pages: 65536 - pages,
        };
        assert_eq!(
            answer(&mut instance, to_4_gib),
            format!("ok({pages})"),
            "{name}"
        );
        assert_eq!(number(&mut instance, Call::MemoryPages), 65536, "{name}");
        let refused = answer(&mut instance, Call::GrowMemory { pages: 1 });
        assert_eq!(refused, grow_refused(65536, 1), "{name}");
    }
}

/// `err(grow-refused(...))`, in WAVE.
fn grow_refused(current: u32, requested: u32) -> String {
    format!("err(grow-refused({{current-pages: {current}, requested-pages: {requested}}}))")
}

#[test]
fn the_buffer_keeps_its_address_and_bytes_when_memory_grows() {
    for implementation in IMPLEMENTATIONS.iter() {
        let name = &implementation.name;
        let mut instance = implementation.instance();
        let pointer = number(&mut instance, Call::GetWasmMemoryBufferPointer);
        let write = Call::Write {
            offset: 0,
            bytes: vec![24, 25],
        };
        assert_eq!(answer(&mut instance, write), "ok", "{name}");
        number(&mut instance, Call::GrowMemory { pages: 2 });
        let moved_to = number(&mut instance, Call::GetWasmMemoryBufferPointer);
        assert_eq!(moved_to, pointer, "{name}");
        let read = Call::Read { offset: 0, len: 2 };
        assert_eq!(answer(&mut instance, read), "ok([24, 25])", "{name}");
    }
}
