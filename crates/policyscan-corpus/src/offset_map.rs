//! Maps byte spans of a derived text (normalized, or extracted from HTML) back to byte spans
//! of the text it was made from, so every finding can report original offsets and the
//! original surface text.
//!
//! Only the edits are stored: text between two edits was copied verbatim, so a document
//! that needed no normalization costs no memory here.

/// One replaced (or deleted) stretch: `derived_len` bytes of derived text stand for
/// `source_len` bytes of source text. A deletion has `derived_len == 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    derived_start: usize,
    derived_len: usize,
    source_start: usize,
    source_len: usize,
}

impl Edit {
    fn derived_end(&self) -> usize {
        self.derived_start + self.derived_len
    }
    fn source_end(&self) -> usize {
        self.source_start + self.source_len
    }
}

/// Offset map from a derived text to its source text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    edits: Vec<Edit>,
    derived_len: usize,
    source_len: usize,
}

impl OffsetMap {
    /// The identity map for a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        OffsetMap {
            edits: Vec::new(),
            derived_len: len,
            source_len: len,
        }
    }

    /// True when derived and source text are the same bytes.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    pub fn derived_len(&self) -> usize {
        self.derived_len
    }

    pub fn source_len(&self) -> usize {
        self.source_len
    }

    /// Number of stored edits (for tests and memory accounting).
    pub fn edit_count(&self) -> usize {
        self.edits.len()
    }

    /// Maps the derived span `[start, end)` to the smallest source span that produced it.
    /// Characters deleted *inside* the span (a line break inside 区块\n链) are included;
    /// characters deleted just before or after it are not.
    pub fn map_span(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start <= end && end <= self.derived_len);
        let source_start = self.map_start(start);
        if end == start {
            return (source_start, source_start);
        }
        let source_end = self.map_end(end);
        (source_start, source_end.max(source_start))
    }

    /// Source offset where the derived byte at `pos` begins.
    fn map_start(&self, pos: usize) -> usize {
        // Last edit starting at or before `pos`.
        let idx = self.edits.partition_point(|e| e.derived_start <= pos);
        match idx.checked_sub(1).map(|i| self.edits[i]) {
            None => pos,
            Some(e) if pos < e.derived_end() => e.source_start,
            Some(e) => e.source_end() + (pos - e.derived_end()),
        }
    }

    /// Source offset just after the derived byte at `pos - 1`.
    fn map_end(&self, pos: usize) -> usize {
        // Last edit starting strictly before `pos`.
        let idx = self.edits.partition_point(|e| e.derived_start < pos);
        match idx.checked_sub(1).map(|i| self.edits[i]) {
            None => pos,
            Some(e) if pos <= e.derived_end() => e.source_end(),
            Some(e) => e.source_end() + (pos - e.derived_end()),
        }
    }
}

/// Builds an [`OffsetMap`] while a derived text is written left to right.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    edits: Vec<Edit>,
    derived_pos: usize,
    source_pos: usize,
}

impl OffsetMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// `len` bytes copied unchanged.
    pub fn copy(&mut self, len: usize) {
        self.derived_pos += len;
        self.source_pos += len;
    }

    /// `source_len` source bytes became `derived_len` different derived bytes.
    pub fn replace(&mut self, source_len: usize, derived_len: usize) {
        if source_len == 0 && derived_len == 0 {
            return;
        }
        let edit = Edit {
            derived_start: self.derived_pos,
            derived_len,
            source_start: self.source_pos,
            source_len,
        };
        // A deletion directly after another edit merges into it: the pair still maps as one
        // unit and the map stays small for runs of deleted characters.
        match self.edits.last_mut() {
            Some(last)
                if derived_len == 0
                    && last.derived_end() == self.derived_pos
                    && last.source_end() == self.source_pos
                    && last.derived_len == 0 =>
            {
                last.source_len += source_len;
            }
            _ => self.edits.push(edit),
        }
        self.derived_pos += derived_len;
        self.source_pos += source_len;
    }

    /// `source_len` source bytes left out of the derived text.
    pub fn delete(&mut self, source_len: usize) {
        self.replace(source_len, 0);
    }

    pub fn finish(self) -> OffsetMap {
        OffsetMap {
            edits: self.edits,
            derived_len: self.derived_pos,
            source_len: self.source_pos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.map_span(2, 5), (2, 5));
        assert_eq!(m.map_span(0, 10), (0, 10));
    }

    #[test]
    fn deletion_inside_span_is_included_and_outside_is_not() {
        // source "ab\ncd" -> derived "abcd"
        let mut b = OffsetMapBuilder::new();
        b.copy(2);
        b.delete(1);
        b.copy(2);
        let m = b.finish();
        assert_eq!(m.map_span(0, 4), (0, 5));
        assert_eq!(m.map_span(2, 4), (3, 5));
        assert_eq!(m.map_span(0, 2), (0, 2));
        assert_eq!(m.map_span(1, 3), (1, 4));
    }

    #[test]
    fn replacement_maps_whole_units() {
        // source "Ａb" (3+1 bytes) -> derived "Ab"
        let mut b = OffsetMapBuilder::new();
        b.replace(3, 1);
        b.copy(1);
        let m = b.finish();
        assert_eq!(m.map_span(0, 1), (0, 3));
        assert_eq!(m.map_span(1, 2), (3, 4));
        assert_eq!(m.map_span(0, 2), (0, 4));
    }

    #[test]
    fn deletion_then_replacement_at_same_position() {
        // source "\u{200b}＋x" -> derived "+x"
        let mut b = OffsetMapBuilder::new();
        b.delete(3);
        b.replace(3, 1);
        b.copy(1);
        let m = b.finish();
        assert_eq!(m.map_span(0, 1), (3, 6));
        assert_eq!(m.map_span(0, 2), (3, 7));
    }
}
