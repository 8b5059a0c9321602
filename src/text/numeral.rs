//! Numeral values: Arabic digits (ASCII or full-width) and Han numerals (十一, 二十三, 一百零五, 两).

/// The value of a Han numeral such as `十一`, `二十三`, `一百零五`, `两`, `〇`; None when it is not
/// one or does not fit in a u64 (two dozen 九 in a row are damage, not a number).
pub fn han_value(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    let mut any = false;
    for c in s.chars() {
        any = true;
        if let Some(d) = han_digit(c) {
            // Positional forms such as 二〇二四: concatenate digits.
            digit = Some(match digit {
                Some(prev) => prev.checked_mul(10)?.checked_add(d)?,
                None => d,
            });
            continue;
        }
        let unit = han_unit(c)?;
        let value = digit.take();
        if unit >= 10_000 {
            section = section.checked_add(value.unwrap_or(0))?.checked_mul(unit)?;
            total = total.checked_add(section)?;
            section = 0;
        } else {
            section = section.checked_add(value.unwrap_or(1).checked_mul(unit)?)?;
        }
    }
    if !any {
        return None;
    }
    total.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

/// The value of a Han digit (零 to 九, with the financial and traditional forms).
pub fn han_digit(c: char) -> Option<u64> {
    // A PDF conversion's look-alike (⼀ for 一) is read as the digit it stands for.
    let c = crate::text::lookalike::ordinary(c).unwrap_or(c);
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        // 参 is how folding writes 參 (the legal three of Taiwan-style headings, 參、).
        '三' | '叁' | '參' | '叄' | '参' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The value of a Han unit character (十 百 千 万 亿, with their financial forms).
pub fn han_unit(c: char) -> Option<u64> {
    let c = crate::text::lookalike::ordinary(c).unwrap_or(c);
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// A character of a Han numeral: a digit or a unit.
pub fn is_han_numeral(c: char) -> bool {
    han_digit(c).is_some() || han_unit(c).is_some()
}

/// The value of a run of ASCII or full-width digits.
pub fn digits_value(s: &str) -> Option<u64> {
    let mut value: u64 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u64 - '0' as u64,
            '０'..='９' => c as u64 - '０' as u64,
            _ => continue,
        };
        any = true;
        value = value.checked_mul(10)?.checked_add(d)?;
    }
    any.then_some(value)
}

/// Digits if there are any, else a Han numeral (the first run of either).
pub fn marker_value(s: &str) -> Option<u64> {
    if s.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return digits_value(s);
    }
    let han: String = s
        .chars()
        .filter(|&c| han_digit(c).is_some() || matches!(han_unit(c), Some(10 | 100)))
        .collect();
    han_value(&han)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_numerals() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十三", 23),
            ("一百零五", 105),
            ("两", 2),
            ("兩", 2),
            ("〇", 0),
            ("三千五百万", 35_000_000),
            ("一百", 100),
            ("二〇二四", 2024),
            ("九十九", 99),
        ];
        for (s, want) in cases {
            assert_eq!(han_value(s), Some(want), "{s}");
        }
        assert_eq!(han_value("年"), None);
        assert_eq!(han_value(&"九".repeat(24)), None, "overflow is no number");
        assert_eq!(han_value(&"九".repeat(19)), Some(9_999_999_999_999_999_999));
        assert_eq!(han_value(""), None);
    }

    #[test]
    fn marker_values() {
        assert_eq!(marker_value("（十二）"), Some(12));
        assert_eq!(marker_value("３．"), Some(3));
        assert_eq!(marker_value("12、"), Some(12));
        assert_eq!(marker_value("第三阶段"), Some(3));
        assert_eq!(marker_value("拾壹、"), Some(11));
        assert_eq!(marker_value("參、"), Some(3));
    }
}
