//! Word's automatic numbering: the definitions in numbering.xml, the paragraph styles that
//! carry numbering (headings), and the counters a walk through the document advances.

use super::{attr, walk_events, DocxError};
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};

/// Word numbers at most nine levels (w:ilvl 0–8).
const LEVELS: usize = 9;

/// One level of a numbering definition (`w:lvl`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Level {
    start: u32,
    format: String,
    /// `%1、`, `（%2）`, `%1.%2`: the marker with placeholders for each level's counter.
    text: String,
    suffix: String,
    /// `w:isLgl`: every level shown in decimal.
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            suffix: "tab".into(),
            legal: false,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

/// A `w:num`: an abstract definition plus per-level overrides.
#[derive(Debug, Default)]
struct Instance {
    abstract_id: String,
    overrides: HashMap<usize, Override>,
}

/// numbering.xml.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    instances: HashMap<String, Instance>,
}

/// Where the parser of numbering.xml is.
#[derive(Default)]
struct NumberingCursor {
    abstract_id: Option<String>,
    num_id: Option<String>,
    override_level: Option<usize>,
    level: Option<(usize, Level)>,
}

impl Numbering {
    pub fn parse(xml: &str) -> Result<Numbering, DocxError> {
        let mut numbering = Numbering::default();
        let mut at = NumberingCursor::default();
        // The fallback of an alternate rendering repeats what the choice says in a form older
        // readers know (decimal for a custom 一, 二, 三 format).
        walk_events(
            xml,
            "word/numbering.xml",
            &["Fallback"],
            |event| match event {
                Event::Start(e) => numbering.open(&mut at, &e),
                Event::Empty(e) => {
                    numbering.open(&mut at, &e);
                    numbering.close(&mut at, e.local_name().as_ref());
                }
                Event::End(e) => numbering.close(&mut at, e.local_name().as_ref()),
                _ => {}
            },
        )?;
        Ok(numbering)
    }

    fn open(&mut self, at: &mut NumberingCursor, e: &quick_xml::events::BytesStart) {
        let val = || attr(e, "val");
        match e.local_name().as_ref() {
            "abstractNum" => at.abstract_id = attr(e, "abstractNumId"),
            "num" => {
                at.num_id = attr(e, "numId");
                if let Some(id) = &at.num_id {
                    self.instances.insert(id.clone(), Instance::default());
                }
            }
            "abstractNumId" => {
                if let (Some(id), Some(v)) = (&at.num_id, val()) {
                    if let Some(instance) = self.instances.get_mut(id) {
                        instance.abstract_id = v;
                    }
                }
            }
            "lvlOverride" => at.override_level = attr(e, "ilvl").and_then(|v| v.parse().ok()),
            "startOverride" => {
                let start = val().and_then(|v| v.parse().ok());
                if let Some(o) = self.override_at(at) {
                    o.start = start;
                }
            }
            "lvl" => {
                let ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                at.level = Some((ilvl, Level::default()));
            }
            name => {
                if let Some((_, level)) = at.level.as_mut() {
                    read_level_property(level, name, e);
                }
            }
        }
    }

    fn close(&mut self, at: &mut NumberingCursor, name: &str) {
        match name {
            "lvl" => {
                let Some((ilvl, level)) = at.level.take() else {
                    return;
                };
                if ilvl >= LEVELS {
                    return;
                }
                if at.num_id.is_some() {
                    if let Some(o) = self.override_at(at) {
                        o.level = Some(level);
                    }
                } else if let Some(id) = &at.abstract_id {
                    let levels = self.abstracts.entry(id.clone()).or_default();
                    if levels.len() <= ilvl {
                        levels.resize(ilvl + 1, Level::default());
                    }
                    levels[ilvl] = level;
                }
            }
            "abstractNum" => at.abstract_id = None,
            "num" => at.num_id = None,
            "lvlOverride" => at.override_level = None,
            _ => {}
        }
    }

    fn override_at(&mut self, at: &NumberingCursor) -> Option<&mut Override> {
        let instance = self.instances.get_mut(at.num_id.as_ref()?)?;
        Some(instance.overrides.entry(at.override_level?).or_default())
    }

    /// The nine levels of an instance, its overrides applied.
    fn levels(&self, instance: &Instance) -> Vec<Level> {
        let mut levels = self
            .abstracts
            .get(&instance.abstract_id)
            .cloned()
            .unwrap_or_default();
        levels.resize(LEVELS, Level::default());
        for (ilvl, o) in &instance.overrides {
            if let Some(level) = levels.get_mut(*ilvl) {
                if let Some(replacement) = &o.level {
                    *level = replacement.clone();
                }
                if let Some(start) = o.start {
                    level.start = start;
                }
            }
        }
        levels
    }
}

fn read_level_property(level: &mut Level, name: &str, e: &quick_xml::events::BytesStart) {
    let val = attr(e, "val");
    match name {
        "start" => level.start = val.and_then(|v| v.parse().ok()).unwrap_or(1),
        "numFmt" => {
            level.format = match val.as_deref() {
                // Word 2010+ writes 一, 二, 三 or 001, 002 as a custom format with a sample.
                Some("custom") => custom_format(attr(e, "format").as_deref().unwrap_or("")),
                Some(v) => v.to_owned(),
                None => "decimal".to_owned(),
            }
        }
        "lvlText" => level.text = val.unwrap_or_default(),
        "suff" => level.suffix = val.unwrap_or_else(|| "tab".into()),
        "isLgl" => level.legal = !matches!(val.as_deref(), Some("0" | "false" | "off")),
        _ => {}
    }
}

/// The built-in format a custom format sample stands for.
fn custom_format(sample: &str) -> String {
    let format = match sample.chars().next() {
        Some('一') => "chineseCounting",
        Some('壹') => "chineseLegalSimplified",
        Some('甲') => "ideographTraditional",
        Some('①') => "decimalEnclosedCircle",
        Some('0') if sample.starts_with("001") => "decimalZero3",
        Some('0') => "decimalZero",
        _ => "decimal",
    };
    format.to_owned()
}

/// Numbering carried by paragraph styles (Heading 1 → 一、), with `w:basedOn` inheritance.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, StyleNumbering>,
}

#[derive(Debug, Default, Clone)]
struct StyleNumbering {
    based_on: Option<String>,
    num_id: Option<String>,
    level: Option<usize>,
}

impl Styles {
    pub fn parse(xml: &str) -> Result<Styles, DocxError> {
        let mut styles = Styles::default();
        let mut current: Option<String> = None;
        walk_events(
            xml,
            "word/styles.xml",
            &["pPrChange"],
            |event| match event {
                Event::Start(e) | Event::Empty(e) => {
                    let local = e.local_name();
                    match local.as_ref() {
                        "style" => {
                            current = (attr(&e, "type").as_deref() == Some("paragraph"))
                                .then(|| attr(&e, "styleId"))
                                .flatten();
                        }
                        name => {
                            if let Some(style) = current.as_ref() {
                                let entry = styles.styles.entry(style.clone()).or_default();
                                let val = attr(&e, "val");
                                match name {
                                    "basedOn" => entry.based_on = val,
                                    "numId" => entry.num_id = val,
                                    "ilvl" => entry.level = val.and_then(|v| v.parse().ok()),
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "style" => current = None,
                _ => {}
            },
        )?;
        Ok(styles)
    }

    /// The numbering instance and level a paragraph of `style` gets, following `basedOn`.
    pub fn numbering_of(&self, style: &str) -> (Option<String>, Option<usize>) {
        let (mut num_id, mut level) = (None, None);
        let mut next = Some(style);
        // A bound on the chain: broken files can make `basedOn` loop.
        for _ in 0..16 {
            let Some(s) = next.and_then(|id| self.styles.get(id)) else {
                break;
            };
            num_id = num_id.or_else(|| s.num_id.clone());
            level = level.or(s.level);
            next = s.based_on.as_deref();
        }
        (num_id, level)
    }
}

/// The counters of a walk through the document, one set per abstract definition (instances
/// of one definition continue each other's numbering, as in Word).
#[derive(Debug, Default)]
pub struct Counters {
    values: HashMap<String, [Option<u32>; LEVELS]>,
    started: HashSet<String>,
}

impl Counters {
    /// Advance `level` of instance `num_id` and return the marker Word shows, with the
    /// separator that follows it ("" when the paragraph is not numbered).
    pub fn next(&mut self, numbering: &Numbering, num_id: &str, level: usize) -> String {
        // numId 0 switches numbering off for a paragraph whose style has it.
        let Some(instance) = numbering.instances.get(num_id).filter(|_| num_id != "0") else {
            return String::new();
        };
        let level = level.min(LEVELS - 1);
        let levels = numbering.levels(instance);
        let values = self.values.entry(instance.abstract_id.clone()).or_default();
        if self.started.insert(num_id.to_owned()) {
            for (ilvl, o) in &instance.overrides {
                if o.start.is_some() {
                    if let Some(v) = values.get_mut(*ilvl) {
                        *v = None;
                    }
                }
            }
        }
        // A broken or hostile file can start a list at 4294967295.
        values[level] = Some(values[level].map_or(levels[level].start, |v| v.saturating_add(1)));
        for deeper in values.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let this = &levels[level];
        let marker = render_marker(this, &levels, values);
        if marker.is_empty()
            || this.suffix == "nothing"
            || marker.ends_with(['、', '）', ')', '：'])
        {
            marker
        } else {
            marker + " "
        }
    }
}

/// `lvlText` with each `%n` replaced by level n's counter in level n's format.
fn render_marker(this: &Level, levels: &[Level], values: &[Option<u32>; LEVELS]) -> String {
    if this.format == "bullet" {
        return bullet(&this.text);
    }
    let mut out = String::new();
    let mut chars = this.text.chars().peekable();
    while let Some(c) = chars.next() {
        let digit = chars.peek().and_then(|d| d.to_digit(10));
        match digit {
            Some(n @ 1..=9) if c == '%' => {
                chars.next();
                let i = n as usize - 1;
                let level = &levels[i];
                let value = values[i].unwrap_or(level.start);
                let format = if this.legal { "decimal" } else { &level.format };
                out.push_str(&format_value(value, format));
            }
            _ => out.push(c),
        }
    }
    out
}

/// A bullet glyph; symbol-font glyphs in the private use area become `•`.
fn bullet(text: &str) -> String {
    if text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)) || text.trim().is_empty() {
        "• ".into()
    } else {
        format!("{} ", text.trim())
    }
}

const CHINESE_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const LEGAL_DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const LEGAL_TRADITIONAL_DIGITS: [&str; 10] =
    ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"];
const HEAVENLY_STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];

/// A counter value in one of Word's number formats (ST_NumberFormat).
pub fn format_value(n: u32, format: &str) -> String {
    match format {
        "none" => String::new(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => counting(n, &CHINESE_DIGITS, "十"),
        "chineseLegalSimplified" => counting(n, &LEGAL_DIGITS, "拾"),
        "ideographLegalTraditional" | "japaneseLegal" => {
            counting(n, &LEGAL_TRADITIONAL_DIGITS, "拾")
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .bytes()
            .map(|b| CHINESE_DIGITS[usize::from(b - b'0')])
            .collect(),
        "ideographTraditional" => table(n, &HEAVENLY_STEMS),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => offset(n, 20, '\u{2460}'),
        "decimalEnclosedParen" => offset(n, 20, '\u{2474}'),
        "decimalEnclosedFullstop" => offset(n, 20, '\u{2488}'),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "decimalZero3" => format!("{n:03}"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

/// 1–99 in Chinese counting (一, 十, 十一, 二十三); larger values in Arabic digits.
fn counting(n: u32, digits: &[&str; 10], ten: &str) -> String {
    let digit = |d: u32| digits[d as usize];
    match n {
        0 => digits[0].to_owned(),
        1..=9 => digit(n).to_owned(),
        10..=19 => format!("{ten}{}", if n > 10 { digit(n - 10) } else { "" }),
        20..=99 => {
            let ones = if n.is_multiple_of(10) {
                ""
            } else {
                digit(n % 10)
            };
            format!("{}{ten}{ones}", digit(n / 10))
        }
        _ => n.to_string(),
    }
}

fn table(n: u32, glyphs: &[&str]) -> String {
    match glyphs.get((n as usize).wrapping_sub(1)) {
        Some(g) => (*g).to_owned(),
        None => n.to_string(),
    }
}

/// ① ② …: `count` consecutive code points from `first`, then Arabic digits.
fn offset(n: u32, count: u32, first: char) -> String {
    match (1..=count).contains(&n) {
        true => char::from_u32(first as u32 + n - 1).map_or(n.to_string(), String::from),
        false => n.to_string(),
    }
}

/// A, B, … Z, AA, BB, … as Word counts letters; past ZZZZ, Arabic digits (a list started
/// at 4294967295 would otherwise be 165 million letters long).
fn letters(n: u32, base: u8) -> String {
    if n == 0 || n > 26 * 4 {
        return n.to_string();
    }
    let letter = char::from(base + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

/// Roman numerals up to 3999 (MMMCMXCIX); larger values in Arabic digits.
fn roman(mut n: u32) -> String {
    if n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, glyphs) in TABLE {
        while n >= value {
            out.push_str(glyphs);
            n -= value;
        }
    }
    out
}
