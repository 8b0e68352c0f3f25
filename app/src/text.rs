//! Characters that have no place in what people type: control characters (a NUL that PostgreSQL refuses, an
//! escape sequence for a terminal reading the logs), bidirectional overrides that make a text read backwards,
//! and the invisible characters that let two different names look the same.

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows
/// them, so "txt.exe" can display as "exe.txt" and a name as another.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character that removes nothing from the text if dropped from a form field: control characters other than
/// tab and line breaks, and bidirectional controls.
pub fn is_unwanted(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// A character that shows nothing: controls, bidirectional controls, zero-width and joiner characters, the soft
/// hyphen, variation selectors, fillers and tags. Allowed in a comment (an emoji sequence needs a joiner),
/// never in a name, where it only serves to make two names look alike.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{AD}'
                | '\u{34F}'
                | '\u{61C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202F}'
                | '\u{205F}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A form value without its unwanted characters ([`is_unwanted`]).
pub fn clean_field(value: &str) -> String {
    value.chars().filter(|c| !is_unwanted(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lose_controls_but_keep_text() {
        assert_eq!(clean_field("Bon\u{0}jour\u{1b}[31m"), "Bonjour[31m");
        assert_eq!(clean_field("a\u{202E}gnp.exe"), "agnp.exe");
        assert_eq!(clean_field("ligne 1\r\nligne 2\tfin"), "ligne 1\r\nligne 2\tfin");
        assert_eq!(clean_field("👨\u{200D}👩\u{200D}👧 Élise œuvre"), "👨\u{200D}👩\u{200D}👧 Élise œuvre");
        assert_eq!(clean_field("\u{85}\u{9F}x\u{7F}"), "x");
    }

    #[test]
    fn invisible_characters_are_named() {
        for c in ['\u{200B}', '\u{AD}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{0}', '\u{E0041}', '\u{3164}'] {
            assert!(is_invisible(c), "{:X}", c as u32);
        }
        for c in ['a', 'É', ' ', '-', '\'', 'ß', 'ł'] {
            assert!(!is_invisible(c), "{c}");
        }
    }
}
