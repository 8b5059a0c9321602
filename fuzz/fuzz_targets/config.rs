//! Any planlint.toml text loads or gives a configuration error.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(config) = planlint::config::Config::parse(text) {
        let _ = planlint::engine::Settings::new(&config, &[], &[]);
    }
});
