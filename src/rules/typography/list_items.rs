//! A list item written twice in a row (`市中医院、市中医院的`, `射阳县、市、市`): pasted twice,
//! or what told the items apart (a place name) was stripped. Part of PL503.

use crate::rules::Ctx;
use crate::source::Span;

/// The repeated item and the item it repeats.
pub(super) struct Repeat {
    pub item: Span,
    pub previous: Span,
}

/// Characters that end a list item on the left.
const ITEM_START: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '（', '(', '）', ')', '“', '”', '《', '》', ' ',
    '\u{3000}', '\t',
];

/// What may follow a repeated item: the list goes on or ends (等, 的 start the phrase after it).
const ITEM_END: &[char] = &[
    '，', ',', '。', '；', ';', '、', '）', ')', '等', '的', '和', '及', '与',
];

/// A repeat found as the tail of a longer clause must be at least this long (县中医院, not 省).
const MIN_PARTIAL_CHARS: usize = 2;

/// Longer items are phrases, not names; their repetition is a matter of style.
const MAX_ITEM_CHARS: usize = 20;

pub(super) fn repeated_items(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Repeat> {
    let mut out = Vec::new();
    for &span in spans {
        let text = cx.source.folded(span);
        for at in crate::text::find::positions(&crate::text::find::ENUMERATION_COMMA, text) {
            let after = &text[at + '、'.len_utf8()..];
            // Cheap test first: the text after 、 must start with a character of the item before.
            let Some(first) = after.chars().next() else {
                continue;
            };
            let window_start = (0..=at.saturating_sub(MAX_ITEM_CHARS * 3))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            if !text[window_start..at].contains(first) {
                continue;
            }
            let before = &text[window_start..at];
            let item_start = window_start
                + before.rfind(ITEM_START).map_or(0, |i| {
                    i + before[i..].chars().next().map_or(1, char::len_utf8)
                });
            let item = &text[item_start..at];
            let n = item.chars().count();
            if n == 0 || n > MAX_ITEM_CHARS || !item.chars().any(super::is_han) {
                continue;
            }
            // The list may start inside a clause (支持县中医院、县中医院的…): the repeated item is
            // then the longest tail of the text before, of at least two characters.
            let repeated = item.char_indices().find_map(|(i, _)| {
                let tail = &item[i..];
                let whole_or_long = i == 0 || tail.chars().count() >= MIN_PARTIAL_CHARS;
                let rest = after.strip_prefix(tail)?;
                (whole_or_long && (rest.is_empty() || rest.starts_with(ITEM_END))).then_some(i)
            });
            if let Some(i) = repeated {
                let repeat_start = span.start + at + '、'.len_utf8();
                out.push(Repeat {
                    item: Span::new(repeat_start, repeat_start + item.len() - i),
                    previous: Span::new(span.start + item_start + i, span.start + at),
                });
            }
        }
    }
    out
}
