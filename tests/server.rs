//! `planlint server` driven over stdio like an editor: initialize → didOpen → diagnostics
//! (UTF-16 positions on a line with an emoji and a CJK Extension B character) → hover →
//! code action → didChange (debounced) → config reload → shutdown → exit.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planlint"))
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(m) = read_message(&mut stdout) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (other messages are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(|m| m["id"] == id && m.get("method").is_none());
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(20))
                .expect("the server answered in time");
            if wanted(&m) {
                return m;
            }
        }
    }

    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

const PLAN: &str = "某区实施方案
一、工作目标
😀𠀀某某区完成改造，投资1。5亿元。
二、主要任务
（一）完善设施。
（一）加强领导。
三、保障措施
加强领导。
";

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

#[test]
fn editor_session_over_stdio() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let file = root.join("方案.txt");
    std::fs::write(&file, PLAN).unwrap();
    let uri = format!(
        "file://{}",
        file.to_str().unwrap().replace("方案", "%E6%96%B9%E6%A1%88")
    );
    let root_uri = format!("file://{}", root.to_str().unwrap());

    let mut client = Client::start(root);
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": PLAN}}),
    );
    let diagnostics = client.diagnostics(&uri);
    // `某某` follows 😀 and 𠀀, two UTF-16 code units each: character 4, not 2.
    let placeholder = find(&diagnostics, "PL301");
    assert_eq!(
        placeholder["range"]["start"],
        json!({"line": 2, "character": 4})
    );
    assert_eq!(
        placeholder["range"]["end"],
        json!({"line": 2, "character": 6})
    );
    assert_eq!(placeholder["source"], "planlint");
    let decimal = find(&diagnostics, "PL502");
    assert_eq!(
        decimal["range"]["start"],
        json!({"line": 2, "character": 15})
    );

    // Secondary labels become related information in the same document.
    let duplicate = find(&diagnostics, "PL003");
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri.as_str());
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 4, "character": 0})
    );
    assert_eq!(related["message"], "previous heading of this level");

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 5}}),
    );
    let hover_text = hover["contents"]["value"].as_str().unwrap();
    assert!(hover_text.contains("PL301"), "{hover_text}");
    assert!(
        hover_text.contains("Bad"),
        "the explain text with its examples: {hover_text}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": decimal["range"],
               "context": {"diagnostics": [decimal]}}),
    );
    let quick_fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("no quick fix in {actions:#}"));
    let edits = &quick_fix["edit"]["changes"][&uri];
    assert_eq!(edits[0]["newText"], ".");
    assert_eq!(edits[0]["range"], decimal["range"]);

    // Typing: the fixed text is linted once the typing pauses.
    let fixed = PLAN.replace("1。5", "1.5");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics(&uri);
    assert!(after.iter().all(|d| d["code"] != "PL502"), "{after:#?}");
    assert!(after.iter().any(|d| d["code"] == "PL301"));

    // A planlint.toml that turns PL301 off is picked up at the next lint.
    std::fs::write(root.join("planlint.toml"), "[rules]\nPL301 = \"off\"\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    let configured = client.diagnostics(&uri);
    assert!(
        configured.iter().all(|d| d["code"] != "PL301"),
        "{configured:#?}"
    );

    // A broken config is reported and the previous settings stay.
    std::fs::write(root.join("planlint.toml"), "[rules\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": []}));
    let message = client.wait_for(|m| m["method"] == "window/showMessage");
    assert!(message["params"]["message"]
        .as_str()
        .unwrap()
        .contains("invalid config"));

    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn odd_documents_do_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.request("initialize", json!({"processId": null, "capabilities": {}}));
    client.notify("initialized", json!({}));
    let odd = [
        "",
        "\u{0}\u{1}\u{FFFD}",
        "一、\r二、\r\n（一）",
        &"（".repeat(5000),
    ];
    for (i, text) in odd.iter().enumerate() {
        let uri = format!("untitled:odd-{i}");
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
        client.diagnostics(&uri);
    }
    // Unknown requests get an error response, not a crash.
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/rename", "params": {}}));
    let response = client.wait_for(|m| m["id"] == 99);
    assert!(response["error"].is_object());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// Frames `messages` (raw bodies) for LSP.
fn framed(bodies: &[&str]) -> Vec<u8> {
    bodies
        .iter()
        .flat_map(|b| format!("Content-Length: {}\r\n\r\n{b}", b.len()).into_bytes())
        .collect()
}

/// Input that ends without `exit`, a body that is not JSON and an absurd Content-Length:
/// every request before the end is answered, bad input gets JSON-RPC errors, and the server
/// exits 0 without a word on stderr.
#[test]
fn hostile_input_and_end_of_input() {
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}}})
    .to_string();
    let hover = json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///nowhere/x.txt"},
                   "position": {"line": 0, "character": 0}}})
    .to_string();
    let mut input = framed(&[
        &initialize,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ]);
    input.extend(framed(&["{not json", &hover]));
    input.extend(b"Content-Length: 99999999999999\r\n\r\n{}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_planlint"))
        .args(["server", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = BufReader::new(&out.stdout[..]);
    let mut messages = Vec::new();
    while let Some(m) = read_message(&mut reader) {
        messages.push(m);
    }
    // The reader answers bad frames itself, so the order of answers is not fixed.
    assert!(
        messages.iter().any(|m| m["error"]["code"] == -32700),
        "{messages:?}"
    );
    let init = messages.iter().find(|m| m["id"] == 1).unwrap();
    assert_eq!(init["result"]["serverInfo"]["name"], "planlint");
    assert!(messages.iter().any(|m| m["id"] == 2), "{messages:?}");
    assert!(messages.iter().any(|m| m["error"]["message"]
        .as_str()
        .is_some_and(|s| s.contains("refused"))));
}

/// A client that offers UTF-8 positions, pulls diagnostics and passes a rule selection gets
/// byte columns, answers to `textDocument/diagnostic` instead of notifications, and only the
/// rules it selected; a new selection from `didChangeConfiguration` applies at once.
#[test]
fn negotiated_encoding_pull_diagnostics_and_editor_settings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let uri = format!("file://{}/plan.txt", root.to_str().unwrap());
    let mut client = Client::start(root);
    let init = client.request(
        "initialize",
        json!({"processId": null,
               "rootUri": format!("file://{}", root.to_str().unwrap()),
               "initializationOptions": {"planlint": {"select": ["PL301", "PL502"], "ignore": ["PL502"]}},
               "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]},
                                "textDocument": {"diagnostic": {"dynamicRegistration": false}}}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        false
    );
    assert_eq!(init["serverInfo"]["name"], "planlint");
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": PLAN}}),
    );
    let pull = |client: &mut Client| {
        let report = client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert_eq!(report["kind"], "full");
        report["items"].as_array().unwrap().clone()
    };
    let items = pull(&mut client);
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["PL301"], "select PL301 and PL502, ignore PL502");
    // `某某` follows 😀 and 𠀀, four bytes each: byte column 8.
    assert_eq!(
        items[0]["range"]["start"],
        json!({"line": 2, "character": 8})
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"planlint": {"select": ["PL502"]}}}),
    );
    let items = pull(&mut client);
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["PL502"]);
    // Pulled, not pushed: the only publishDiagnostics would have come before this answer.
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
    let mut pushed = false;
    while let Ok(m) = client.messages.recv_timeout(Duration::from_secs(5)) {
        pushed |= m["method"] == "textDocument/publishDiagnostics";
        if m["id"] == 99 {
            break;
        }
    }
    assert!(!pushed, "a pulling client is not sent diagnostics");
}

/// A client that keeps settings is asked for the `planlint` section (`workspace/configuration`)
/// and its answer applies at once; a change notification makes the server ask again.
#[test]
fn settings_come_from_workspace_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let uri = format!("file://{}/plan.txt", root.to_str().unwrap());
    let mut client = Client::start(root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.to_str().unwrap()),
               "capabilities": {"workspace": {"configuration": true},
                                "textDocument": {"diagnostic": {}}}}),
    );
    client.notify("initialized", json!({}));
    let answer = |client: &mut Client, settings: Value| {
        let ask = client.wait_for(|m| m["method"] == "workspace/configuration");
        assert_eq!(ask["params"]["items"][0]["section"], "planlint");
        client.send(json!({"jsonrpc": "2.0", "id": ask["id"], "result": [settings]}));
    };
    answer(&mut client, json!({"select": ["PL301"]}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": PLAN}}),
    );
    let codes = |client: &mut Client| -> Vec<String> {
        let report = client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes(&mut client), ["PL301"]);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    answer(&mut client, json!({"select": ["PL502"]}));
    assert_eq!(codes(&mut client), ["PL502"]);
}
