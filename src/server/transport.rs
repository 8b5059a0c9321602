//! LSP over standard input and output, hardened against what editors and fuzzers send:
//! a `Content-Length` too large to allocate is refused (its body skipped), a body that is not
//! JSON-RPC gets a parse error and the server goes on, and the end of input ends the server
//! quietly after it has answered what came before.

use crossbeam_channel::{unbounded, Sender};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

/// Larger messages are refused: a whole plan is a few megabytes.
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;
/// A header line longer than this is not LSP framing.
const MAX_HEADER_BYTES: usize = 4096;

/// The writer thread; join it after the connection is dropped so every answer is written.
pub struct Transport {
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Transport) {
    let (to_client, outgoing) = unbounded::<Message>();
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        for message in outgoing {
            message.write(&mut stdout.lock())?;
        }
        Ok(())
    });
    let (incoming, from_client) = unbounded::<Message>();
    // The reader ends with the input; the server sees the channel close.
    thread::spawn(move || read_messages(&mut io::stdin().lock(), &incoming, &mut io::stdout()));
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Transport { writer })
}

/// What one framed message turned out to be.
enum Frame {
    Message(Message),
    /// A framing or parse error, answered with JSON-RPC's error `code`.
    Invalid {
        code: i32,
        reason: String,
    },
    End,
}

/// Read messages until the input ends or the client says `exit`; errors are answered on
/// `errors` (with a null id, as JSON-RPC requires when the id could not be read).
pub fn read_messages(
    input: &mut impl BufRead,
    incoming: &Sender<Message>,
    errors: &mut impl Write,
) {
    loop {
        match read_frame(input) {
            Frame::End => return,
            Frame::Invalid { code, reason } => {
                let body = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": {"code": code, "message": reason},
                })
                .to_string();
                // One write, so the frame is not interleaved with the writer thread's.
                let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
                if errors
                    .write_all(frame.as_bytes())
                    .and_then(|()| errors.flush())
                    .is_err()
                {
                    return;
                }
            }
            Frame::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return;
                }
            }
        }
    }
}

const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;

fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Option<usize> = None;
    let mut any_header = false;
    loop {
        let mut line = Vec::new();
        match input
            .by_ref()
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        if !line.ends_with(b"\n") {
            // An endless header line: nothing after it can be framed.
            return Frame::End;
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if any_header {
                break;
            }
            continue;
        }
        any_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok().or(Some(usize::MAX));
            }
        }
    }
    let Some(length) = length else {
        return Frame::Invalid {
            code: PARSE_ERROR,
            reason: "no Content-Length header".into(),
        };
    };
    if length > MAX_MESSAGE_BYTES {
        // Skip what can be skipped; an unreadable length leaves the stream unframed.
        if length == usize::MAX
            || io::copy(&mut input.by_ref().take(length as u64), &mut io::sink()).is_err()
        {
            return Frame::End;
        }
        return Frame::Invalid {
            code: INVALID_REQUEST,
            reason: format!("message of {length} bytes refused: the limit is {MAX_MESSAGE_BYTES}"),
        };
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Frame::End;
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Invalid {
            code: PARSE_ERROR,
            reason: format!("not a JSON-RPC message: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn run(input: &str) -> (Vec<Message>, String) {
        let (sender, receiver) = unbounded();
        let mut errors = Vec::new();
        read_messages(&mut input.as_bytes(), &sender, &mut errors);
        drop(sender);
        (
            receiver.into_iter().collect(),
            String::from_utf8(errors).unwrap(),
        )
    }

    #[test]
    fn bad_messages_are_answered_and_reading_goes_on() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}Content-Length: 99999999999999\r\n\r\n{}{}",
            frame("{not json"),
            frame(ok),
            frame(ok)
        );
        let (messages, errors) = run(&input);
        assert!(errors.contains("-32700"), "{errors}");
        // The oversized message swallows what follows it (the input ends first).
        assert!(errors.contains("refused"), "{errors}");
        assert!(messages.is_empty());
        let (messages, _) = run(&format!("{}{}", frame("[1,2]"), frame(ok)));
        assert_eq!(messages.len(), 1);
    }

    #[test]
    fn the_end_of_input_ends_quietly() {
        let (messages, errors) = run("");
        assert!(messages.is_empty() && errors.is_empty());
        let (messages, _) = run("Content-Length: 10\r\n\r\n{}");
        assert!(messages.is_empty());
    }
}
