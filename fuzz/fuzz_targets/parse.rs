//! Any text parses into a page whose spans lie on character boundaries.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let page = planlint::syntax::parse_text(text);
    for doc in &page.documents {
        for s in &doc.sections {
            assert!(text.is_char_boundary(s.line.start) && text.is_char_boundary(s.line.end));
        }
    }
});
