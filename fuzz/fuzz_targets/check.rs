//! The whole check, on any bytes, in every output format.
#![no_main]
use std::sync::LazyLock;

static SETTINGS: LazyLock<planlint::engine::Settings> =
    LazyLock::new(|| planlint::engine::Settings::builtin().expect("built-in settings"));

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(report) = planlint::check_source("fuzz.txt", bytes, &SETTINGS) {
        // `check` builds one document at a time: it must find exactly what the whole tree does.
        let lean = planlint::engine::check_source_keeping(
            "fuzz.txt",
            bytes,
            &SETTINGS,
            planlint::engine::Keep::Findings,
        )
        .expect("decoded once already");
        assert_eq!(
            format!("{:?}", lean.diagnostics),
            format!("{:?}", report.diagnostics)
        );
        for format in [
            planlint::report::Format::Human,
            planlint::report::Format::Json,
            planlint::report::Format::Sarif,
        ] {
            let _ = planlint::report::render(format, std::slice::from_ref(&report), &[], false);
        }
    }
});
