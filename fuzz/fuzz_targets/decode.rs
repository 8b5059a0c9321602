//! Any bytes decode (or are refused as binary) without panicking.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = planlint::source::decode::decode(bytes, None);
});
