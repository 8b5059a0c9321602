//! `planlint server`: the language server, LSP over stdio (lsp-server + lsp-types).
//!
//! One thread handles messages in order. A document is linted at once when it is opened or
//! saved, and once typing pauses (`DEBOUNCE`) after a change; a request about a document that
//! is waiting is answered after linting it, so edits never refer to stale text. Settings come
//! from the planlint.toml nearest the workspace root and are reloaded when it changes. A
//! document that makes planlint fail gets no diagnostics and a log message; the server goes on.

mod convert;
pub mod transport;

use crate::config::{Config, ConfigError};
use crate::engine::FileReport;
use crate::engine::Settings;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, MarkupContent, MarkupKind, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, ServerCapabilities,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How long typing must pause before a changed document is linted again.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// How long to wait for a message when nothing is due.
const IDLE: Duration = Duration::from_secs(3600);

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("language server I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("built-in settings: {0}")]
    Config(String),
}

/// Serve on standard input and output until the editor says `exit`.
pub fn run() -> Result<(), ServerError> {
    let (connection, transport) = transport::stdio();
    let served = serve(&connection);
    // Dropping the connection lets the writer finish every answer already sent to it.
    drop(connection);
    transport.join()?;
    served
}

/// Initialize, then handle messages until shutdown (also used with in-memory connections).
pub fn serve(connection: &Connection) -> Result<(), ServerError> {
    let capabilities = serde_json::to_value(capabilities()).unwrap_or_default();
    let (id, params) = match connection.initialize_start() {
        Ok(start) => start,
        // The input ended before the editor initialized: nothing to serve.
        Err(e) if e.channel_is_disconnected() => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "planlint", "version": env!("CARGO_PKG_VERSION")},
    });
    match connection.initialize_finish(id, result) {
        Ok(()) => {}
        Err(e) if e.channel_is_disconnected() => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut server = Server::new(connection, workspace_root(&params))
        .map_err(|e| ServerError::Config(e.message))?;
    if watches_files(&params) {
        server.watch_config();
    }
    server.main_loop()
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The first workspace folder, else the deprecated root URI, else the working directory.
fn workspace_root(params: &InitializeParams) -> PathBuf {
    #[allow(deprecated)] // rootUri is all that older clients send
    let root_uri = params.root_uri.as_ref();
    params
        .workspace_folders
        .iter()
        .flatten()
        .map(|f| &f.uri)
        .chain(root_uri)
        .find_map(convert::file_path)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

fn watches_files(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|c| c.dynamic_registration)
        .unwrap_or(false)
}

struct Document {
    text: String,
    version: i32,
    report: Option<FileReport>,
}

/// The settings in force and the config file (and its modification time) they came from.
struct ConfigState {
    file: Option<(PathBuf, Option<SystemTime>)>,
    settings: Settings,
}

struct Server<'c> {
    connection: &'c Connection,
    root: PathBuf,
    config: ConfigState,
    documents: HashMap<Uri, Document>,
    due: HashMap<Uri, Instant>,
}

fn config_stamp(root: &Path) -> Option<(PathBuf, Option<SystemTime>)> {
    let path = Config::discover(root)?;
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    Some((path, modified))
}

fn load_settings(file: Option<&Path>) -> Result<Settings, ConfigError> {
    let config = match file {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    Settings::new(&config, &[], &[])
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, root: PathBuf) -> Result<Self, ConfigError> {
        let mut server = Server {
            connection,
            root,
            config: ConfigState {
                file: None,
                settings: Settings::builtin()?,
            },
            documents: HashMap::new(),
            due: HashMap::new(),
        };
        server.refresh_config();
        Ok(server)
    }

    fn main_loop(&mut self) -> Result<(), ServerError> {
        loop {
            let now = Instant::now();
            let wait = self
                .due
                .values()
                .min()
                .map_or(IDLE, |t| t.saturating_duration_since(now));
            match self.connection.receiver.recv_timeout(wait) {
                Ok(Message::Request(request)) => {
                    // After shutdown the editor may close the input without `exit`.
                    if self.connection.handle_shutdown(&request).unwrap_or(true) {
                        return Ok(());
                    }
                    self.request(request);
                }
                Ok(Message::Notification(n)) if n.method == notif::Exit::METHOD => return Ok(()),
                Ok(Message::Notification(n)) => self.notification(n),
                Ok(Message::Response(_)) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            self.lint_due();
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // A closed channel means the editor is gone; the receive loop notices and ends.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params));
    }

    fn show_message(&self, typ: MessageType, message: String) {
        self.notify::<notif::ShowMessage>(ShowMessageParams { typ, message });
    }

    /// Ask the editor to tell us when any planlint.toml changes.
    fn watch_config(&self) {
        let registration = Registration {
            id: "planlint-config".into(),
            method: notif::DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(serde_json::json!({
                "watchers": [{"globPattern": "**/planlint.toml"}]
            })),
        };
        self.send(Request::new(
            RequestId::from("planlint-watch-config".to_owned()),
            req::RegisterCapability::METHOD.to_owned(),
            RegistrationParams {
                registrations: vec![registration],
            },
        ));
    }

    fn notification(&mut self, n: Notification) {
        let now = Instant::now();
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.documents.insert(
                        doc.uri.clone(),
                        Document {
                            text: doc.text,
                            version: doc.version,
                            report: None,
                        },
                    );
                    self.due.insert(doc.uri, now);
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.documents.get_mut(&uri) {
                        for change in p.content_changes {
                            apply_change(&mut doc.text, change);
                        }
                        doc.version = p.text_document.version;
                        self.due.insert(uri, now + DEBOUNCE);
                    }
                }
            }
            notif::DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    if let Some(text) = p.text {
                        if let Some(doc) = self.documents.get_mut(&p.text_document.uri) {
                            doc.text = text;
                        }
                    }
                    if self.documents.contains_key(&p.text_document.uri) {
                        self.due.insert(p.text_document.uri, now);
                    }
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    self.documents.remove(&uri);
                    self.due.remove(&uri);
                    self.publish(uri, Vec::new(), None);
                }
            }
            notif::DidChangeWatchedFiles::METHOD => self.refresh_config(),
            _ => {}
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            req::HoverRequest::METHOD => serde_json::from_value::<HoverParams>(request.params)
                .map(|p| serde_json::to_value(self.hover(p))),
            req::CodeActionRequest::METHOD => {
                serde_json::from_value::<CodeActionParams>(request.params)
                    .map(|p| serde_json::to_value(self.code_actions(p)))
            }
            method => {
                self.send(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("planlint does not handle `{method}`"),
                ));
                return;
            }
        };
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(e)) | Err(e) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("bad parameters: {e}"),
            ),
        };
        self.send(response);
    }

    /// Reload the settings when planlint.toml appeared, changed or went away.
    fn refresh_config(&mut self) {
        let stamp = config_stamp(&self.root);
        if stamp == self.config.file {
            return;
        }
        let path = stamp.as_ref().map(|(p, _)| p.as_path());
        match load_settings(path) {
            Ok(settings) => {
                self.config.settings = settings;
                let now = Instant::now();
                for uri in self.documents.keys() {
                    self.due.insert(uri.clone(), now);
                }
            }
            Err(e) => {
                let file = path.map_or_else(String::new, |p| format!("{}: ", p.display()));
                self.show_message(
                    MessageType::ERROR,
                    format!(
                        "planlint: invalid config {file}{}; keeping the previous settings",
                        e.message
                    ),
                );
            }
        }
        self.config.file = stamp;
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<Uri> = self
            .due
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(u, _)| u.clone())
            .collect();
        if ready.is_empty() {
            return;
        }
        self.refresh_config();
        for uri in ready {
            self.lint(&uri);
        }
    }

    /// Lint a document now if a change to it is still waiting.
    fn lint_if_due(&mut self, uri: &Uri) {
        if self.due.contains_key(uri) {
            self.refresh_config();
            self.lint(uri);
        }
    }

    /// The path a document is checked as: relative to the workspace root, for `[[overrides]]`.
    fn display_path(&self, uri: &Uri) -> String {
        match convert::file_path(uri) {
            Some(path) => {
                let relative = path.strip_prefix(&self.root).unwrap_or(&path);
                crate::engine::discover::display(relative)
            }
            None => uri.as_str().to_owned(),
        }
    }

    fn lint(&mut self, uri: &Uri) {
        self.due.remove(uri);
        let path = self.display_path(uri);
        let settings = &self.config.settings;
        let Some(doc) = self.documents.get_mut(uri) else {
            return;
        };
        let text = &doc.text;
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::engine::check_text(&path, text, settings)
        }));
        let version = Some(doc.version);
        match checked {
            Ok(report) => {
                let diagnostics = report
                    .diagnostics
                    .iter()
                    .map(|d| convert::diagnostic(&report.source, uri, d))
                    .collect();
                doc.report = Some(report);
                self.publish(uri.clone(), diagnostics, version);
            }
            Err(_) => {
                doc.report = None;
                self.publish(uri.clone(), Vec::new(), version);
                self.show_message(
                    MessageType::ERROR,
                    format!("planlint failed on {path}; please report this document"),
                );
            }
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    fn report(&mut self, uri: &Uri) -> Option<&FileReport> {
        self.lint_if_due(uri);
        self.documents.get(uri)?.report.as_ref()
    }

    /// The rule's explanation for the diagnostic under the cursor.
    fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let at = params.text_document_position_params;
        let report = self.report(&at.text_document.uri)?;
        let source = &report.source;
        let offset = convert::offset(&source.text, source.line_index.line_starts(), at.position);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.span.contains(offset) || (d.span.start == offset && d.span.is_empty()))?;
        let value = format!(
            "**{} {}**: {}\n\n---\n\n{}\n\n{}",
            d.rule.code,
            d.rule.name,
            d.message,
            d.rule.summary,
            d.rule.doc_text()
        );
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(convert::range(source, d.span)),
        })
    }

    /// A quick fix for each safe fix in the range, and one action that applies all of them.
    fn code_actions(&mut self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some(report) = self.report(&uri) else {
            return Vec::new();
        };
        let source = &report.source;
        let starts = source.line_index.line_starts();
        let from = convert::offset(&source.text, starts, params.range.start);
        let to = convert::offset(&source.text, starts, params.range.end);
        let wants = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|k| kind.as_str().starts_with(k.as_str())))
        };
        let edit = |fixes: &[&Fix]| WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri.clone(),
                fixes
                    .iter()
                    .map(|f| TextEdit::new(convert::range(source, f.span), f.replacement.clone()))
                    .collect(),
            )])),
            ..WorkspaceEdit::default()
        };
        let mut actions = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            for d in &report.diagnostics {
                let Some(fix) = &d.fix else { continue };
                if d.span.start > to || from > d.span.end {
                    continue;
                }
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix_title(source, d, fix),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(source, &uri, d)]),
                    edit: Some(edit(&[fix])),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
        }
        let all = crate::engine::fix::fixes(&report.diagnostics);
        if !all.is_empty() && wants(&CodeActionKind::SOURCE_FIX_ALL) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("planlint: apply all {} safe fixes", all.len()),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit(&all)),
                ..CodeAction::default()
            }));
        }
        actions
    }
}

fn fix_title(source: &crate::source::SourceFile, d: &Diagnostic, fix: &Fix) -> String {
    let old = source.slice(fix.span);
    let what = if fix.replacement.is_empty() {
        format!("remove `{old}`")
    } else {
        format!("replace `{old}` with `{}`", fix.replacement)
    };
    format!("{} {}: {what}", d.rule.code, d.rule.name)
}

/// Apply one content change: the whole text, or a range edit from clients that send those.
fn apply_change(text: &mut String, change: lsp_types::TextDocumentContentChangeEvent) {
    let Some(range) = change.range else {
        *text = change.text;
        return;
    };
    let starts = crate::source::LineIndex::new(text);
    let start = convert::offset(text, starts.line_starts(), range.start);
    let end = convert::offset(text, starts.line_starts(), range.end).max(start);
    text.replace_range(start..end, &change.text);
}
