//! Character classes shared by every layer, so that they cannot disagree.

/// A Han character: CJK Unified Ideographs with Extension A, the compatibility block, and the
/// supplementary plane's extensions B onwards (rare names and places).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_covers_the_extensions() {
        assert!(is_han('中') && is_han('㐀') && is_han('𠀀') && is_han('豈'));
        assert!(!is_han('a') && !is_han('。') && !is_han('１'));
    }
}
