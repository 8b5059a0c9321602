//! The Word reader on any bytes: an error or text, never a panic or an unbounded allocation.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = planlint::source::docx::extract(bytes);
});
