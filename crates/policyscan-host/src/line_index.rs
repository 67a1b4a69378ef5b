//! Line and column of a byte offset, for findings that readers look up in an editor.

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { line_starts }
    }

    /// 1-based line and 1-based column (in characters) of byte offset `pos` in `text`.
    pub fn line_col(&self, text: &str, pos: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= pos);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = text.get(start..pos).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// Starts of lines after LF, CR LF and a lone CR (old Mac files, some PDF exports). Found
/// with SIMD memchr: this runs over every document that has findings.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |i| {
        let ends_line = bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n');
        ends_line.then_some(i + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "第一行\n区块链\n\nabc";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), (1, 1));
        let p = t.find("区块链").expect("found");
        assert_eq!(idx.line_col(t, p), (2, 1));
        let p = t.find("块").expect("found");
        assert_eq!(idx.line_col(t, p), (2, 2));
        let p = t.find("abc").expect("found");
        assert_eq!(idx.line_col(t, p), (4, 1));
        let cr = "一\r二\r\n三";
        let idx = LineIndex::new(cr);
        assert_eq!(idx.line_col(cr, cr.find('二').expect("found")), (2, 1));
        assert_eq!(idx.line_col(cr, cr.find('三').expect("found")), (3, 1));
    }
}
