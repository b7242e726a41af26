//! The sandbox: a component that imports WASI (as components in most
//! languages do) runs, and finds nothing to reach. The probe is
//! `runner/tests/capability-probe`, a command built here with its README's
//! command and run in the sandbox every instance gets.

use linear_memory_host::{AnyComponent, Host};

use super::fixtures;

#[test]
fn a_component_that_imports_wasi_is_granted_nothing() {
    let path = fixtures::build_for_wasm32_wasip2("capability-probe", "capability-probe");
    let Ok(AnyComponent::Command(probe)) = Host::new().unwrap().load_any(&path) else {
        panic!("{} is not a command", path.display());
    };
    let imports = probe.imports();
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
    let run = probe.run().unwrap();
    assert!(run.succeeded);
    let report = String::from_utf8(run.stdout).unwrap();
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
