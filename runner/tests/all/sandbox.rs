//! The sandbox: a component that imports WASI (as components in most
//! languages do) runs, and finds nothing to reach. The probe is
//! `runner/tests/capability-probe`, built here with the README's command.

use linear_memory_host::Host;

use super::fixtures;

#[test]
fn a_component_that_imports_wasi_is_granted_nothing() {
    let component = Host::new()
        .unwrap()
        .load(fixtures::build_for_wasm32_wasip2("capability-probe"))
        .unwrap();
    let imports = component.imports();
    for wanted in [
        "wasi:cli/environment",
        "wasi:filesystem/preopens",
        "wasi:cli/stdin",
    ] {
        assert!(
            imports.iter().any(|name| name.starts_with(wanted)),
            "the probe imports {wanted}: {imports:?}"
        );
    }
    let mut probe = component.instantiate().unwrap();
    let report = String::from_utf8(probe.read(0, 0).unwrap().unwrap()).unwrap();
    assert_eq!(
        report.lines().collect::<Vec<_>>(),
        [
            "environment variables: 0",
            r#"HOME: Err("environment variable not found")"#,
            "arguments: 0",
            "read /etc/hostname: Err(NotFound)",
            "list /: Err(NotFound)",
            "list .: Err(NotFound)",
            "stdin: Ok(0)",
            "connect 127.0.0.1:80: Err(PermissionDenied)",
        ]
    );
}
