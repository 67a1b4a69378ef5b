//! Where a byte offset is, for people: analyzers report configuration errors (a bad term in
//! a dictionary, a bad pattern) as `file:line:column`.

/// 1-based line and column (in characters) of byte offset `offset` in `src`. An offset past
/// the end or inside a character is moved back to the start of that character.
pub fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_in_characters() {
        let src = "a = 1\n区块 = 链\n";
        assert_eq!(line_column(src, 0), (1, 1));
        let p = src.find('=').expect("found");
        assert_eq!(line_column(src, p), (1, 3));
        let p = src.rfind('=').expect("found");
        assert_eq!(line_column(src, p), (2, 4));
        assert_eq!(line_column(src, p + 100), (3, 1));
    }
}
