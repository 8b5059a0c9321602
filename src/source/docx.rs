//! .docx input: the text of word/document.xml, one line per paragraph and one per table row,
//! with the numbering Word generates rebuilt from numbering.xml and styles.xml, so that the
//! tree sees the 一、/（一）/1. a reader sees. Spans refer to this extracted text; each line
//! also knows which Word paragraph it came from.

mod numbering;

use numbering::{Numbering, Styles};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;

/// The text of a Word document and where each of its paragraphs starts.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DocxText {
    pub text: String,
    /// Byte offset in `text` of each paragraph (body paragraph or table row), in document order.
    pub paragraph_starts: Vec<usize>,
}

/// Why a Word file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocxError {
    #[error("not a valid .docx file (corrupt zip archive: {0})")]
    Zip(String),
    #[error("a zip archive without word/document.xml, so not a Word document")]
    NotWord,
    #[error("corrupt .docx file: {part}: {message}")]
    Xml { part: &'static str, message: String },
    #[error("{part} is larger than {} MB uncompressed; not read", limit >> 20)]
    TooLarge { part: &'static str, limit: u64 },
    #[error("password-protected Word file; remove the password in Word and save it again")]
    Encrypted,
    #[error("Word 97-2003 (.doc) files are not supported; save the file as .docx and check that")]
    LegacyDoc,
    #[error(
        "WPS (.wps) files are not supported; save the file as .docx in WPS Office and check that"
    )]
    Wps,
}

/// What a file's first bytes say it is.
#[derive(Debug, PartialEq, Eq)]
pub enum Container {
    /// Plain or Markdown text in some encoding.
    Text,
    /// A zip archive: read as .docx.
    Docx,
    /// A Word format planlint cannot read.
    Unsupported(DocxError),
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// OLE compound files: .doc, .wps, and password-protected .docx.
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// A zip bomb must not exhaust memory: a document.xml larger than this is refused (the text of
/// a 2,000-page plan is about 20 MB of XML)...
const PART_LIMIT: u64 = 256 << 20;
/// ... and so are numbering and style parts larger than this (real ones are under 1 MB).
const SIDE_PART_LIMIT: u64 = 32 << 20;
/// XML inflated at once across the Word files checked in parallel: a file waits for others to
/// finish before it inflates its parts when together they would hold more.
const INFLATE_BUDGET: u64 = 512 << 20;

/// Bytes of XML inflated now, across threads.
static IN_FLIGHT: std::sync::Mutex<u64> = std::sync::Mutex::new(0);
static RELEASED: std::sync::Condvar = std::sync::Condvar::new();

/// A share of `INFLATE_BUDGET`, given back when dropped.
struct Reservation(u64);

impl Reservation {
    /// Wait until `bytes` fit in the budget (never longer than the other files take: a single
    /// reservation is at most the budget).
    fn take(bytes: u64) -> Reservation {
        let bytes = bytes.min(INFLATE_BUDGET);
        let lock = IN_FLIGHT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut in_flight = RELEASED
            .wait_while(lock, |n| *n + bytes > INFLATE_BUDGET)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *in_flight += bytes;
        Reservation(bytes)
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut in_flight = IN_FLIGHT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *in_flight = in_flight.saturating_sub(self.0);
        RELEASED.notify_all();
    }
}

/// Decide from the bytes (and, for OLE files, the extension) how to read a file.
pub fn sniff(path: &str, bytes: &[u8]) -> Container {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Container::Docx;
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if contains_utf16(bytes, "EncryptedPackage") {
            Container::Unsupported(DocxError::Encrypted)
        } else if extension == "wps" || extension == "wpt" {
            Container::Unsupported(DocxError::Wps)
        } else if matches!(extension.as_str(), "doc" | "dot")
            || contains_utf16(bytes, "WordDocument")
        {
            Container::Unsupported(DocxError::LegacyDoc)
        } else {
            Container::Text
        };
    }
    if matches!(extension.as_str(), "docx" | "docm" | "dotx") {
        return Container::Unsupported(DocxError::Zip("no zip signature".into()));
    }
    Container::Text
}

/// Whether `needle` occurs in `haystack` as UTF-16LE (OLE stream names).
fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let encoded: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(haystack, &encoded).is_some()
}

/// Extract the text of a .docx file.
pub fn extract(bytes: &[u8]) -> Result<DocxText, DocxError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    const PARTS: [(&str, u64); 3] = [
        ("word/document.xml", PART_LIMIT),
        ("word/numbering.xml", SIDE_PART_LIMIT),
        ("word/styles.xml", SIDE_PART_LIMIT),
    ];
    // Sizes from the archive's directory, checked before anything is inflated.
    let mut declared = 0;
    for (name, limit) in PARTS {
        declared += declared_size(&mut archive, name, limit)?;
    }
    let _reservation = Reservation::take(declared);
    let [document, numbering, styles] = PARTS.map(|(name, _)| name);
    let document = read_part(&mut archive, document)?.ok_or(DocxError::NotWord)?;
    let numbering = match read_part(&mut archive, numbering)? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let styles = match read_part(&mut archive, styles)? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    Walker::new(&numbering, &styles).walk(&document)
}

/// The uncompressed size the archive declares for part `name` (0 when absent); larger than
/// `limit` is an error.
fn declared_size(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &'static str,
    limit: u64,
) -> Result<u64, DocxError> {
    match archive.by_name(name) {
        Ok(f) if f.size() > limit => Err(DocxError::TooLarge { part: name, limit }),
        Ok(f) => Ok(f.size()),
        Err(zip::result::ZipError::FileNotFound) => Ok(0),
        Err(e) => Err(DocxError::Zip(e.to_string())),
    }
}

fn read_part(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &'static str,
) -> Result<Option<String>, DocxError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Zip(e.to_string())),
    };
    // The declared size was checked against the limit; a part that inflates past it lies.
    let declared = file.size();
    let mut raw = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    file.take(declared + 1)
        .read_to_end(&mut raw)
        .map_err(|e| DocxError::Zip(format!("{name}: {e}")))?;
    if raw.len() as u64 > declared {
        return Err(DocxError::Zip(format!(
            "{name} inflates to more than its declared {declared} bytes"
        )));
    }
    if raw.starts_with(b"\xEF\xBB\xBF") {
        raw.drain(..3);
    }
    String::from_utf8(raw)
        .map(Some)
        .map_err(|_| DocxError::Xml {
            part: name,
            message: "not UTF-8".into(),
        })
}

/// The value of the attribute whose local name is `name` (`w:val` → "val").
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// Read a part event by event, leaving out the subtrees of the elements named in `skip`;
/// `handle` gets the rest. Namespaces are ignored: elements are matched by local name.
fn walk_events(
    xml: &str,
    part: &'static str,
    skip: &[&str],
    mut handle: impl FnMut(Event<'_>),
) -> Result<(), DocxError> {
    let mut reader = Reader::from_reader(xml.as_bytes());
    let mut depth = 0usize;
    loop {
        match reader.read_event().map_err(|e| xml_error(part, e))? {
            Event::Eof => return Ok(()),
            Event::Start(e) if depth > 0 || skip.contains(&e.local_name().as_ref()) => depth += 1,
            Event::End(_) if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            event => handle(event),
        }
    }
}

fn xml_error(part: &'static str, e: impl std::fmt::Display) -> DocxError {
    DocxError::Xml {
        part,
        message: e.to_string(),
    }
}

/// The text of `&amp;`-style and `&#x4E00;`-style references.
fn resolve_ref(r: &BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let text = match r.xml10_content().as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    };
    Some(text.to_owned())
}

/// Elements whose content a reader does not see as text in place: alternate renderings (the
/// text box text is also in mc:Choice), moved-away text, tracked property changes (they hold
/// old numbering), field codes.
const NOT_SEEN: &[&str] = &[
    "Fallback",
    "moveFrom",
    "pPrChange",
    "rPrChange",
    "numberingChange",
    "instrText",
];

#[derive(Default)]
struct Paragraph {
    style: Option<String>,
    num_id: Option<String>,
    level: Option<usize>,
    in_properties: bool,
    text: String,
}

#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: String,
}

/// Text boxes and tables nested deeper than this are read as part of the one that holds them:
/// each level copies its text into the level above, so unbounded nesting (a hostile file, or
/// a converter's runaway) would cost the square of the text. Real plans nest two or three.
const MAX_NESTING: usize = 8;

struct Walker<'a> {
    numbering: &'a Numbering,
    styles: &'a Styles,
    counters: numbering::Counters,
    out: DocxText,
    paragraphs: Vec<Paragraph>,
    tables: Vec<Table>,
    /// Paragraphs and tables opened beyond `MAX_NESTING`, read into the innermost kept one.
    flat_paragraphs: usize,
    flat_tables: usize,
    run_depth: usize,
    in_text: bool,
}

impl<'a> Walker<'a> {
    fn new(numbering: &'a Numbering, styles: &'a Styles) -> Self {
        Walker {
            numbering,
            styles,
            counters: numbering::Counters::default(),
            out: DocxText::default(),
            paragraphs: Vec::new(),
            tables: Vec::new(),
            flat_paragraphs: 0,
            flat_tables: 0,
            run_depth: 0,
            in_text: false,
        }
    }

    fn walk(mut self, xml: &str) -> Result<DocxText, DocxError> {
        walk_events(xml, "word/document.xml", NOT_SEEN, |event| match event {
            Event::Start(e) => self.start(&e),
            // An empty element gets its `end` at once, so counters such as run depth stay even.
            Event::Empty(e) => {
                self.start(&e);
                self.end(e.local_name().as_ref());
            }
            Event::End(e) => self.end(e.local_name().as_ref()),
            Event::Text(t) if self.in_text => self.push_text(&t.xml10_content()),
            Event::CData(t) if self.in_text => self.push_text(&t.xml10_content()),
            Event::GeneralRef(r) if self.in_text => {
                if let Some(text) = resolve_ref(&r) {
                    self.push_text(&text);
                }
            }
            _ => {}
        })?;
        Ok(self.out)
    }

    fn start(&mut self, e: &BytesStart) {
        let local = e.local_name();
        match local.as_ref() {
            "p" if self.paragraphs.len() >= MAX_NESTING => self.flat_paragraphs += 1,
            "p" => self.paragraphs.push(Paragraph::default()),
            // The properties of a flattened paragraph would set those of the one holding it.
            "pPr" if self.flat_paragraphs > 0 => {}
            "pPr" => self.with_paragraph(|p| p.in_properties = true),
            "pStyle" => self.paragraph_property(|p| p.style = attr(e, "val")),
            "numId" => self.paragraph_property(|p| p.num_id = attr(e, "val")),
            "ilvl" => {
                self.paragraph_property(|p| p.level = attr(e, "val").and_then(|v| v.parse().ok()))
            }
            "r" => self.run_depth += 1,
            "t" => self.in_text = true,
            "tab" if self.run_depth > 0 => self.push_text("\t"),
            "br" | "cr" if self.run_depth > 0 => {
                let kind = attr(e, "type");
                if !matches!(kind.as_deref(), Some("page" | "column")) {
                    self.push_break();
                }
            }
            "noBreakHyphen" if self.run_depth > 0 => self.push_text("-"),
            "tbl" if self.tables.len() >= MAX_NESTING || self.flat_tables > 0 => {
                self.flat_tables += 1;
            }
            "tbl" => self.tables.push(Table::default()),
            "tr" | "tc" if self.flat_tables > 0 => {}
            "tr" => self.with_table(|t| t.row.clear()),
            "tc" => self.with_table(|t| t.cell.clear()),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "r" => self.run_depth = self.run_depth.saturating_sub(1),
            "pPr" if self.flat_paragraphs > 0 => {}
            "pPr" => self.with_paragraph(|p| p.in_properties = false),
            "p" if self.flat_paragraphs > 0 => {
                self.flat_paragraphs -= 1;
                self.push_text(" ");
            }
            "p" => self.end_paragraph(),
            // A flattened table's paragraphs join the cell that holds it (end_paragraph).
            "tc" | "tr" if self.flat_tables > 0 => {}
            "tbl" if self.flat_tables > 0 => self.flat_tables -= 1,
            "tc" => self.with_table(|t| {
                let cell = std::mem::take(&mut t.cell);
                t.row.push(cell.trim().to_owned());
            }),
            "tr" => self.end_row(),
            "tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn with_paragraph(&mut self, f: impl FnOnce(&mut Paragraph)) {
        if let Some(p) = self.paragraphs.last_mut() {
            f(p);
        }
    }

    fn paragraph_property(&mut self, f: impl FnOnce(&mut Paragraph)) {
        if let Some(p) = self.paragraphs.last_mut().filter(|p| p.in_properties) {
            f(p);
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut Table)) {
        if let Some(t) = self.tables.last_mut() {
            f(t);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            // A line is a paragraph: stray line ends inside a text node become spaces.
            p.text.extend(
                text.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        }
    }

    /// A manual line break starts a new line, except inside a table row, which stays one line.
    fn push_break(&mut self) {
        let in_table = !self.tables.is_empty();
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push(if in_table { ' ' } else { '\n' });
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        let marker = self.marker(&p);
        let line = marker + &p.text;
        if let Some(outer) = self.paragraphs.last_mut() {
            // A paragraph in a text box: part of the paragraph that anchors it.
            if !line.trim().is_empty() {
                outer.text.push(' ');
                outer.text.push_str(line.trim());
            }
        } else if let Some(table) = self.tables.last_mut() {
            if !table.cell.is_empty() && !line.trim().is_empty() {
                table.cell.push(' ');
            }
            table.cell.push_str(line.trim());
        } else {
            self.emit(&line);
        }
    }

    /// A table row is one line, its cells separated by tabs; a nested table is part of its cell.
    fn end_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let line = std::mem::take(&mut table.row).join("\t");
        if self.tables.len() > 1 {
            let depth = self.tables.len() - 2;
            if let Some(outer) = self.tables.get_mut(depth) {
                if !outer.cell.is_empty() {
                    outer.cell.push(' ');
                }
                outer.cell.push_str(&line);
            }
        } else if !line.trim().is_empty() {
            self.emit(&line);
        }
    }

    /// The number Word shows before a paragraph, from its own or its style's numbering.
    fn marker(&mut self, p: &Paragraph) -> String {
        let from_style = p.style.as_deref().map(|s| self.styles.numbering_of(s));
        let num_id = p
            .num_id
            .clone()
            .or_else(|| from_style.as_ref().and_then(|s| s.0.clone()));
        let level = p
            .level
            .or_else(|| from_style.as_ref().and_then(|s| s.1))
            .unwrap_or(0);
        match num_id {
            Some(id) => self.counters.next(self.numbering, &id, level),
            None => String::new(),
        }
    }

    fn emit(&mut self, line: &str) {
        self.out.paragraph_starts.push(self.out.text.len());
        self.out.text.push_str(line);
        self.out.text.push('\n');
    }
}

#[cfg(test)]
mod tests;
