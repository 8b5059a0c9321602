//! Bytes → text. Detection order (DESIGN §2): BOM, NUL pattern, valid UTF-8, then GB18030 or
//! Big5 chosen by chardetng. Decoding is lossy and never fails, except for binary input.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "gb18030")]
    Gb18030,
    #[serde(rename = "big5")]
    Big5,
}

impl Encoding {
    pub const ALL: [Encoding; 5] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Gb18030,
        Encoding::Big5,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
            Encoding::Big5 => "big5",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Big5 => encoding_rs::BIG5,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        match lower.as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "utf-16le" | "utf16le" => Ok(Encoding::Utf16Le),
            "utf-16be" | "utf16be" => Ok(Encoding::Utf16Be),
            "gb18030" | "gbk" | "gb2312" => Ok(Encoding::Gb18030),
            "big5" => Ok(Encoding::Big5),
            _ => Err(format!(
                "unknown encoding `{s}` (expected utf-8, utf-16le, utf-16be, gb18030 or big5)"
            )),
        }
    }
}

#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    pub had_errors: bool,
    /// Length of the byte-order mark that was dropped (for splicing fixes into the original).
    pub bom_len: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes that do not form a UTF-16 pattern.
    Binary,
}

/// The common case: no forced encoding, no BOM, no NUL; then valid UTF-8 is the text.
fn may_be_plain_utf8(bytes: &[u8], forced: Option<Encoding>) -> bool {
    forced.is_none()
        && !bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        && memchr::memchr(0, bytes).is_none()
}

fn plain_utf8(text: String) -> Decoded {
    Decoded {
        text: normalize_lone_cr(text),
        encoding: Encoding::Utf8,
        had_errors: false,
        bom_len: 0,
    }
}

/// `decode` for bytes the caller gives up: valid UTF-8 becomes the text without a copy (a
/// 100 MB file is not held twice).
pub fn decode_owned(bytes: Vec<u8>, forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    if !may_be_plain_utf8(&bytes, forced) {
        return decode(&bytes, forced);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(plain_utf8(text)),
        Err(e) => decode(e.as_bytes(), forced),
    }
}

/// Decode `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    // The common case is validated once.
    if may_be_plain_utf8(bytes, forced) {
        if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
            return Ok(plain_utf8(s.to_owned()));
        }
    }
    let (encoding, bom_len) = match forced {
        Some(enc) => (enc, bom_length(bytes, enc)),
        None => detect(bytes)?,
    };
    let body = bytes.get(bom_len..).unwrap_or(&[]);
    let (text, had_errors) = match encoding {
        Encoding::Utf8 => match simdutf8::basic::from_utf8(body) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(body).into_owned(), true),
        },
        other => {
            let (cow, errors) = other.codec().decode_without_bom_handling(body);
            (cow.into_owned(), errors)
        }
    };
    Ok(Decoded {
        text: normalize_lone_cr(text),
        encoding,
        had_errors,
        bom_len,
    })
}

fn bom_length(bytes: &[u8], enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) => 3,
        Encoding::Utf16Le if bytes.starts_with(&[0xFF, 0xFE]) => 2,
        Encoding::Utf16Be if bytes.starts_with(&[0xFE, 0xFF]) => 2,
        _ => 0,
    }
}

fn detect(bytes: &[u8]) -> Result<(Encoding, usize), DecodeError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok((Encoding::Utf8, 3));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok((Encoding::Utf16Le, 2));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok((Encoding::Utf16Be, 2));
    }
    if memchr::memchr(0, bytes).is_some() {
        return utf16_by_nul_pattern(bytes)
            .map(|e| (e, 0))
            .ok_or(DecodeError::Binary);
    }
    if simdutf8::basic::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return Ok((Encoding::Utf8, 0));
    }
    Ok((legacy_chinese(bytes), 0))
}

/// UTF-8 with a few bad bytes (a character cut off at the end, one damaged byte): decoded as
/// UTF-8 with U+FFFD for the damage, which PL504 then reports, rather than read as GB18030
/// throughout. GBK or Big5 text read as UTF-8 fails at nearly every character.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let non_ascii = |s: &[u8]| s.iter().filter(|&&b| b >= 0xC0).count();
    let mut rest = bytes;
    let (mut errors, mut characters) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => {
                characters += non_ascii(rest);
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                characters += non_ascii(good);
                errors += 1;
                if errors > MAX_UTF8_ERRORS {
                    return false;
                }
                rest = &after[e.error_len().unwrap_or(after.len())..];
            }
        }
    }
    characters >= errors * MIN_CHARACTERS_PER_ERROR
}

/// More bad sequences than this and the text is not UTF-8.
const MAX_UTF8_ERRORS: usize = 16;
/// Well-formed non-ASCII characters needed for each bad sequence.
const MIN_CHARACTERS_PER_ERROR: usize = 50;

/// GB18030 or Big5: chardetng's guess, unless only the other one decodes without errors.
fn legacy_chinese(bytes: &[u8]) -> Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (first, second) = if detector.guess(None, true) == encoding_rs::BIG5 {
        (Encoding::Big5, Encoding::Gb18030)
    } else {
        (Encoding::Gb18030, Encoding::Big5)
    };
    let clean = |enc: Encoding| !enc.codec().decode_without_bom_handling(bytes).1;
    if !clean(first) && clean(second) {
        second
    } else {
        first
    }
}

/// BOM-less UTF-16: of the two byte orders, the one that decodes to plausible text (ASCII,
/// CJK and CJK punctuation, no control characters). Han characters such as U+4E00 put NULs at
/// both parities, so the pattern is judged on the decoded text rather than on NUL positions.
fn utf16_by_nul_pattern(bytes: &[u8]) -> Option<Encoding> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let plausibility = |enc: Encoding| -> usize {
        let (text, errors) = enc.codec().decode_without_bom_handling(bytes);
        if errors {
            return 0;
        }
        let (mut good, mut total) = (0usize, 0usize);
        for c in text.chars() {
            total += 1;
            let cp = c as u32;
            let plausible = (c.is_ascii()
                && (!c.is_ascii_control() || matches!(c, '\n' | '\r' | '\t')))
                || (0x3000..=0x9FFF).contains(&cp)
                || (0xFF00..=0xFFEF).contains(&cp)
                || (0x2000..=0x206F).contains(&cp);
            if plausible {
                good += 1;
            }
        }
        // At least 90% plausible characters, in per-mille.
        let score = good * 1000 / total.max(1);
        if score >= 900 {
            score
        } else {
            0
        }
    };
    let (le, be) = (
        plausibility(Encoding::Utf16Le),
        plausibility(Encoding::Utf16Be),
    );
    match (le, be) {
        (0, 0) => None,
        (le, be) if le >= be => Some(Encoding::Utf16Le),
        _ => Some(Encoding::Utf16Be),
    }
}

/// A lone `\r` (old Mac line end) becomes `\n`; same length, so offsets are kept.
pub fn normalize_lone_cr(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte with another keeps the UTF-8 valid.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc_of(bytes: &[u8]) -> Encoding {
        decode(bytes, None)
            .map(|d| d.encoding)
            .unwrap_or(Encoding::Utf8)
    }

    #[test]
    fn detects_boms_and_utf16_without_bom() {
        assert_eq!(enc_of(b"\xEF\xBB\xBFabc"), Encoding::Utf8);
        let le: Vec<u8> = "一、指导思想\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let be: Vec<u8> = "一、指导思想 ab\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(enc_of(&le), Encoding::Utf16Le);
        // A UTF-8 plan whose last character was cut off stays UTF-8.
        let mut cut = "一、指导思想。".repeat(20).into_bytes();
        cut.extend_from_slice(&"三".as_bytes()[..2]);
        assert_eq!(enc_of(&cut), Encoding::Utf8);
        let gbk = encoding_rs::GBK
            .encode(&"一、指导思想。".repeat(20))
            .0
            .into_owned();
        assert_eq!(enc_of(&gbk), Encoding::Gb18030);
        assert_eq!(enc_of(&be), Encoding::Utf16Be);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        let d = decode(&bom, None).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (Encoding::Utf16Le, "一、指导思想\n")
        );
    }

    #[test]
    fn legacy_chinese_encodings() {
        let text = "一、指导思想\n为了进一步加强学校管理工作，特制定本实施方案。\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(&gbk, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Gb18030, text));
        let trad = "一、指導思想\n為了進一步加強學校管理工作，特製定本實施方案。\n";
        let (big5, _, _) = encoding_rs::BIG5.encode(trad);
        let d = decode(&big5, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Big5, trad));
    }

    #[test]
    fn binary_is_an_error_and_lone_cr_becomes_lf() {
        assert_eq!(
            decode(b"\x7FELF\x00\x01\x02\x00\x00\x00\x05", None).err(),
            Some(DecodeError::Binary)
        );
        assert_eq!(decode(b"a\rb\r\nc", None).unwrap().text, "a\nb\r\nc");
        assert_eq!(decode(b"", None).unwrap().text, "");
    }
}
