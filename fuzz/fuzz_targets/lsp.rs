//! The language server's message reader on any bytes: messages, JSON-RPC errors or the end.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (sender, receiver) = crossbeam_channel::unbounded();
    let mut errors = Vec::new();
    planlint::server::transport::read_messages(&mut &bytes[..], &sender, &mut errors);
    drop(sender);
    let _ = receiver.into_iter().count();
});
