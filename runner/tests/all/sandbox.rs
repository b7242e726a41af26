//! The sandbox: a component that imports WASI (as components in most
//! languages do) runs, and finds nothing to reach. The probe is
//! `runner/tests/capability-probe`, built here with the README's command.

use std::path::PathBuf;
use std::process::Command;

use runner::Host;

/// Builds the probe into a target directory of this test's own.
fn build_probe() -> PathBuf {
    let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixtures");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip2",
            "-p",
            "capability-probe",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .expect("cargo runs");
    assert!(status.success());
    target_dir.join("wasm32-wasip2/release/capability_probe.wasm")
}

#[test]
fn a_component_that_imports_wasi_is_granted_nothing() {
    let component = Host::new().unwrap().load(build_probe()).unwrap();
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
