//! `planlint server`: the language server, LSP over stdio (lsp-server + lsp-types).
//!
//! One thread handles messages in order. A document is linted at once when it is opened or
//! saved, and once typing pauses (`DEBOUNCE`) after a change; a request about a document that
//! is waiting is answered after linting it, so edits never refer to stale text. Settings come
//! from the planlint.toml nearest the workspace root (or the one the editor names) and are
//! reloaded when it changes; the editor may also set the rule selection (`initializationOptions`,
//! `workspace/configuration` or `workspace/didChangeConfiguration`: select, extendSelect,
//! ignore, config). Positions are UTF-8 when the client offers it, else UTF-16. A client that
//! pulls diagnostics (`textDocument/diagnostic`) is not also sent them. A document that makes
//! planlint fail gets no diagnostics and a log message; the server goes on.

mod convert;
pub mod transport;

use crate::config::{Config, ConfigError};
use crate::engine::FileReport;
use crate::engine::{Selection, Settings};
use crate::rules::diagnostic::{Diagnostic, Fix};
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, ConfigurationItem, ConfigurationParams, DiagnosticOptions,
    DiagnosticServerCapabilities, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, MarkupContent,
    MarkupKind, MessageType, PositionEncodingKind, PublishDiagnosticsParams, Registration,
    RegistrationParams, RelatedFullDocumentDiagnosticReport, ServerCapabilities, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
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
    let (id, params) = match connection.initialize_start() {
        Ok(start) => start,
        // The input ended before the editor initialized: nothing to serve.
        Err(e) if e.channel_is_disconnected() => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let options = EditorSettings::from_value(params.get("initializationOptions"));
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = position_encoding(&params);
    let capabilities = serde_json::to_value(capabilities(encoding)).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "planlint", "version": env!("CARGO_PKG_VERSION")},
    });
    match connection.initialize_finish(id, result) {
        Ok(()) => {}
        Err(e) if e.channel_is_disconnected() => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    let client = Client {
        encoding,
        pulls: pulls_diagnostics(&params),
        configuration: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
    };
    let mut server = Server::new(connection, workspace_root(&params), client, options)
        .map_err(|e| ServerError::Config(e.message))?;
    if watches_files(&params) {
        server.watch_config();
    }
    server.ask_configuration();
    server.main_loop()
}

/// UTF-8 positions when the client offers them (planlint's spans are byte offsets), else
/// LSP's default UTF-16.
fn position_encoding(params: &InitializeParams) -> convert::Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        convert::Encoding::Utf8
    } else {
        convert::Encoding::Utf16
    }
}

/// A client that asks for diagnostics (`textDocument/diagnostic`) is not also sent them.
fn pulls_diagnostics(params: &InitializeParams) -> bool {
    params
        .capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some())
}

fn capabilities(encoding: convert::Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            convert::Encoding::Utf8 => PositionEncodingKind::UTF8,
            convert::Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("planlint".into()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            ..DiagnosticOptions::default()
        })),
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
    client: Client,
    editor: EditorSettings,
    root: PathBuf,
    config: ConfigState,
    documents: HashMap<Uri, Document>,
    due: HashMap<Uri, Instant>,
}

fn config_stamp(root: &Path, chosen: Option<&Path>) -> Option<(PathBuf, Option<SystemTime>)> {
    let path = match chosen {
        Some(path) => root.join(path),
        None => Config::discover(root)?,
    };
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    Some((path, modified))
}

/// What the client negotiated.
#[derive(Clone, Copy)]
struct Client {
    encoding: convert::Encoding,
    pulls: bool,
    /// The client answers `workspace/configuration` requests.
    configuration: bool,
}

/// The id of our `workspace/configuration` requests, to know their answers.
const CONFIGURATION_REQUEST: &str = "planlint-configuration";

/// Settings from the editor (`initializationOptions`, or the `planlint` section of
/// `workspace/didChangeConfiguration`): the command line's selection and config path.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
struct EditorSettings {
    /// select, extendSelect, ignore.
    #[serde(flatten)]
    selection: Selection,
    /// A planlint.toml to use instead of the one nearest the workspace root.
    config: Option<PathBuf>,
}

impl EditorSettings {
    /// Accepts the settings bare or under a `planlint` key; anything unreadable is ignored.
    fn from_value(value: Option<&serde_json::Value>) -> EditorSettings {
        let Some(value) = value else {
            return EditorSettings::default();
        };
        let value = value.get("planlint").unwrap_or(value);
        serde_json::from_value(value.clone()).unwrap_or_default()
    }
}

fn load_settings(file: Option<&Path>, editor: &EditorSettings) -> Result<Settings, ConfigError> {
    let config = match file {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    editor.selection.settings(&config)
}

impl<'c> Server<'c> {
    fn new(
        connection: &'c Connection,
        root: PathBuf,
        client: Client,
        editor: EditorSettings,
    ) -> Result<Self, ConfigError> {
        let mut server = Server {
            connection,
            client,
            editor,
            root,
            config: ConfigState {
                file: None,
                settings: Settings::builtin()?,
            },
            documents: HashMap::new(),
            due: HashMap::new(),
        };
        server.load_config();
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
                Ok(Message::Response(r)) => self.response(r),
                Err(RecvTimeoutError::Timeout) => {}
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

    /// Ask a client that keeps settings (`workspace/configuration`) for the `planlint`
    /// section; the answer arrives as a response in the main loop.
    fn ask_configuration(&self) {
        if !self.client.configuration {
            return;
        }
        self.send(Request::new(
            RequestId::from(CONFIGURATION_REQUEST.to_owned()),
            req::WorkspaceConfiguration::METHOD.to_owned(),
            ConfigurationParams {
                items: vec![ConfigurationItem {
                    scope_uri: None,
                    section: Some("planlint".into()),
                }],
            },
        ));
    }

    /// The answer to `workspace/configuration`: the editor's settings, applied at once.
    fn response(&mut self, response: Response) {
        if response.id != RequestId::from(CONFIGURATION_REQUEST.to_owned()) {
            return;
        }
        let section = response
            .response_result
            .as_ref()
            .ok()
            .and_then(|r| r.get(0));
        self.apply_editor_settings(EditorSettings::from_value(section));
    }

    fn apply_editor_settings(&mut self, editor: EditorSettings) {
        if editor != self.editor {
            self.editor = editor;
            self.load_config();
        }
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
                            apply_change(&mut doc.text, change, self.client.encoding);
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
            notif::DidChangeConfiguration::METHOD => {
                // Clients that keep settings send none here and are asked for them instead.
                if self.client.configuration {
                    self.ask_configuration();
                } else {
                    self.apply_editor_settings(EditorSettings::from_value(
                        n.params.get("settings"),
                    ));
                }
            }
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
            req::DocumentDiagnosticRequest::METHOD => {
                serde_json::from_value::<DocumentDiagnosticParams>(request.params)
                    .map(|p| serde_json::to_value(self.pulled_diagnostics(&p.text_document.uri)))
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
        if config_stamp(&self.root, self.editor.config.as_deref()) != self.config.file {
            self.load_config();
        }
    }

    /// Load the settings (planlint.toml and the editor's selection) and lint every document
    /// again; an invalid config is reported and the previous settings stay.
    fn load_config(&mut self) {
        let stamp = config_stamp(&self.root, self.editor.config.as_deref());
        let path = stamp.as_ref().map(|(p, _)| p.as_path());
        match load_settings(path, &self.editor) {
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
                let encoding = self.client.encoding;
                let diagnostics =
                    convert::diagnostics(&report.source, uri, &report.diagnostics, encoding);
                doc.report = Some(report);
                if !self.client.pulls {
                    self.publish(uri.clone(), diagnostics, version);
                }
            }
            Err(_) => {
                doc.report = None;
                if !self.client.pulls {
                    self.publish(uri.clone(), Vec::new(), version);
                }
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

    /// `textDocument/diagnostic`: the document's diagnostics, linted first if a change waits.
    fn pulled_diagnostics(&mut self, uri: &Uri) -> DocumentDiagnosticReportResult {
        let encoding = self.client.encoding;
        let items = self.report(uri).map_or_else(Vec::new, |report| {
            convert::diagnostics(&report.source, uri, &report.diagnostics, encoding)
        });
        DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            },
        ))
    }

    fn report(&mut self, uri: &Uri) -> Option<&FileReport> {
        self.lint_if_due(uri);
        self.documents.get(uri)?.report.as_ref()
    }

    /// The rule's explanation for the diagnostic under the cursor.
    fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let encoding = self.client.encoding;
        let at = params.text_document_position_params;
        let report = self.report(&at.text_document.uri)?;
        let source = &report.source;
        let offset = convert::offset(
            &source.text,
            source.line_index.line_starts(),
            at.position,
            encoding,
        );
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
            range: Some(convert::range(source, d.span, encoding)),
        })
    }

    /// A quick fix for each safe fix in the range, and one action that applies all of them.
    fn code_actions(&mut self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let encoding = self.client.encoding;
        let uri = params.text_document.uri;
        let Some(report) = self.report(&uri) else {
            return Vec::new();
        };
        let source = &report.source;
        let starts = source.line_index.line_starts();
        let from = convert::offset(&source.text, starts, params.range.start, encoding);
        let to = convert::offset(&source.text, starts, params.range.end, encoding);
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
                    .map(|f| {
                        TextEdit::new(
                            convert::range(source, f.span, encoding),
                            f.replacement.clone(),
                        )
                    })
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
                    diagnostics: Some(vec![convert::diagnostic(
                        &mut convert::Positions::new(source, encoding),
                        &uri,
                        d,
                    )]),
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
fn apply_change(
    text: &mut String,
    change: lsp_types::TextDocumentContentChangeEvent,
    encoding: convert::Encoding,
) {
    let Some(range) = change.range else {
        *text = change.text;
        return;
    };
    let starts = crate::source::LineIndex::new(text);
    let start = convert::offset(text, starts.line_starts(), range.start, encoding);
    let end = convert::offset(text, starts.line_starts(), range.end, encoding).max(start);
    text.replace_range(start..end, &change.text);
}
