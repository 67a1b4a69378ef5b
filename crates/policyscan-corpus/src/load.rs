//! Reading one planned file into documents: bytes → text (decode) → extracted text (HTML)
//! → metadata → normalized view.

use std::io::BufRead;

use policyscan_api::text_rules::is_blank;
use sha2::{Digest, Sha256};

use crate::decode::{self, DecodeError};
use crate::document::{DocumentMeta, LoadedDocument, MetaOrigin};
use crate::failure::{Failure, FailureStage};
use crate::gazetteer::Gazetteer;
use crate::html;
use crate::normalize::normalize;
use crate::path_meta::meta_from_path;
use crate::plan::{FileFormat, PlannedFile};
use crate::title_meta::meta_from_title_line;

/// A document, plus problems that did not stop it from being analyzed (e.g. a manifest or
/// record naming an unknown region).
pub type Loaded = Result<(LoadedDocument, Vec<Failure>), Failure>;

fn sha256_hex(bytes: &[u8]) -> String {
    policyscan_api::hex::to_hex(&Sha256::digest(bytes))
}

/// Reads and prepares a text or HTML file (not JSONL: see [`JsonlLines`]).
pub fn load_file(file: &PlannedFile, gazetteer: &Gazetteer) -> Loaded {
    let shown = file.shown.clone();
    let bytes = std::fs::read(&file.path).map_err(|e| {
        Failure::new(
            FailureStage::Read,
            shown.clone(),
            format!("cannot read file: {e}"),
        )
        .with_doc(file.rel.clone())
    })?;
    let size = bytes.len();
    let sha256 = sha256_hex(&bytes);
    let (original, encoding) = decode::decode_owned(bytes).map_err(|e| {
        let message = match e {
            DecodeError::Empty => "empty file (no text to analyze)".to_string(),
            other => other.to_string(),
        };
        Failure::new(FailureStage::Decode, shown.clone(), message).with_doc(file.rel.clone())
    })?;

    let (extracted, extracted_map, normalized, html_title) = match file.format {
        FileFormat::Html => {
            let extracted = html::extract_text(&original);
            if is_blank(&extracted.text) {
                return Err(Failure::new(
                    FailureStage::Decode,
                    shown,
                    "HTML page has no text after removing tags and scripts",
                )
                .with_doc(file.rel.clone()));
            }
            let normalized = normalize(&extracted.text);
            (
                Some(extracted.text),
                Some(extracted.map),
                normalized,
                extracted.title,
            )
        }
        _ => (None, None, normalize(&original), None),
    };

    let mut problems = Vec::new();
    let mut meta = DocumentMeta {
        id: file.rel.clone(),
        path: shown.clone(),
        ..Default::default()
    };
    if let Some(manifest) = &file.manifest {
        if let Some(row) = manifest.row_for(&file.rel) {
            meta.region = row.region;
            meta.region_origin = row.region.map(|_| MetaOrigin::Manifest);
            meta.year = row.year;
            meta.year_origin = row.year.map(|_| MetaOrigin::Manifest);
            meta.kind = row.kind.clone();
            meta.title = row.title.clone();
            meta.date = row.date.clone();
            meta.source = row.source.clone();
            meta.extra = row.extra.clone();
        } else {
            problems.push(
                Failure::new(
                    FailureStage::Manifest,
                    crate::plan::shown_path(&manifest.path),
                    format!("no row for '{}'; metadata taken from the path", file.rel),
                )
                .with_doc(file.rel.clone()),
            );
        }
    }
    // The page title, else the first line of the text as the document has it (the
    // normalized view may have joined a heading to the next line).
    let text_for_title = html_title
        .as_deref()
        .or(extracted.as_deref())
        .unwrap_or(&original);
    fill_from_path_and_title(&mut meta, &file.rel, text_for_title, gazetteer);
    if meta.title.is_none() {
        meta.title = html_title;
    }
    Ok((
        LoadedDocument {
            meta,
            original,
            extracted,
            extracted_map,
            normalized,
            encoding: encoding.name(),
            sha256,
            bytes: size,
        },
        problems,
    ))
}

/// Fills region and year not given by a manifest or record: from the path first, then
/// from the first line of the text.
fn fill_from_path_and_title(meta: &mut DocumentMeta, rel: &str, text: &str, gaz: &Gazetteer) {
    if meta.region.is_none() || meta.year.is_none() {
        let from_path = meta_from_path(std::path::Path::new(rel), gaz);
        if meta.region.is_none() && from_path.region.is_some() {
            meta.region = from_path.region;
            meta.region_origin = Some(MetaOrigin::Path);
        }
        if meta.year.is_none() && from_path.year.is_some() {
            meta.year = from_path.year;
            meta.year_origin = Some(MetaOrigin::Path);
        }
    }
    let title = meta_from_title_line(text, gaz);
    if meta.region.is_none() && title.region.is_some() {
        meta.region = title.region;
        meta.region_origin = Some(MetaOrigin::TitleLine);
    }
    if meta.year.is_none() && title.year.is_some() {
        meta.year = title.year;
        meta.year_origin = Some(MetaOrigin::TitleLine);
    }
    if meta.title.is_none() {
        meta.title = title.title;
    }
}

/// The lines of a JSONL file, read lazily so a large file is never held in memory whole.
#[derive(Debug)]
pub struct JsonlLines {
    reader: std::io::BufReader<std::fs::File>,
    line_no: usize,
    path: String,
    done: bool,
}

impl JsonlLines {
    pub fn open(file: &PlannedFile) -> Result<JsonlLines, Failure> {
        let path = file.shown.clone();
        let f = std::fs::File::open(&file.path).map_err(|e| {
            Failure::new(
                FailureStage::Read,
                path.clone(),
                format!("cannot open file: {e}"),
            )
        })?;
        Ok(JsonlLines {
            reader: std::io::BufReader::new(f),
            line_no: 0,
            path,
            done: false,
        })
    }
}

impl Iterator for JsonlLines {
    /// `(line number, raw line bytes)` or a read failure.
    type Item = Result<(usize, Vec<u8>), Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => {
                    self.line_no += 1;
                    // A UTF-8 byte-order mark starts many files written on Windows, and
                    // any line of files concatenated from them.
                    if buf.starts_with(b"\xEF\xBB\xBF") {
                        buf.drain(..3);
                    }
                    // The line end is not part of the record (nor of its hash).
                    while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                        buf.pop();
                    }
                    if buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    return Some(Ok((self.line_no, buf)));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Failure::new(
                        FailureStage::Read,
                        self.path.clone(),
                        format!("read error after line {}: {e}", self.line_no),
                    )));
                }
            }
        }
    }
}

fn json_scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.trim().is_empty() => None,
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        other => Some(other.to_string()),
    }
}

/// A year from a JSON value (2020, "2020", "2020年", 2020.0 as pandas writes it), read the
/// way a manifest's year column is.
fn parse_year(v: &serde_json::Value) -> Option<i32> {
    json_scalar(v).and_then(|s| crate::manifest::parse_year(&s))
}

/// Parses one JSONL record into a document.
pub fn load_record(file: &PlannedFile, line_no: usize, line: &[u8], gaz: &Gazetteer) -> Loaded {
    let path = file.shown.clone();
    let fallback_id = format!("{}#{}", file.rel, line_no);
    let fail = |message: String| {
        Failure::new(
            FailureStage::Record,
            path.clone(),
            format!("line {line_no}: {message}"),
        )
        .with_doc(fallback_id.clone())
    };
    let text_line = std::str::from_utf8(line)
        .map_err(|e| fail(format!("not UTF-8 (JSONL must be UTF-8): {e}")))?;
    let value: serde_json::Value =
        serde_json::from_str(text_line).map_err(|e| fail(format!("not a JSON object: {e}")))?;
    let serde_json::Value::Object(mut obj) = value else {
        return Err(fail("not a JSON object".to_string()));
    };
    let text = match obj.remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err(fail("field 'text' is not a string".to_string())),
        None => return Err(fail("no 'text' field".to_string())),
    };
    if is_blank(&text) {
        return Err(fail("empty 'text'".to_string()));
    }
    let id = obj
        .remove("id")
        .and_then(|v| json_scalar(&v))
        .unwrap_or(fallback_id.clone());
    let mut meta = DocumentMeta {
        id: id.clone(),
        path: path.clone(),
        ..Default::default()
    };
    let mut problems = Vec::new();

    let mut region_raw = None;
    for key in ["region", "province", "region_pinyin", "region_zh"] {
        if let Some(v) = obj.remove(key).and_then(|v| json_scalar(&v)) {
            region_raw.get_or_insert(v);
        }
    }
    if let Some(raw) = region_raw {
        match gaz.lookup(&raw) {
            Some(r) => {
                meta.region = Some(r.id);
                meta.region_origin = Some(MetaOrigin::Record);
            }
            None => problems.push(
                Failure::new(
                    FailureStage::Record,
                    path.clone(),
                    format!("line {line_no}: unknown region '{raw}'"),
                )
                .with_doc(id.clone()),
            ),
        }
    }
    if let Some(v) = obj.remove("year") {
        match parse_year(&v) {
            Some(y) => {
                meta.year = Some(y);
                meta.year_origin = Some(MetaOrigin::Record);
            }
            None => problems.push(
                Failure::new(
                    FailureStage::Record,
                    path.clone(),
                    format!("line {line_no}: year {v} is not a year between 1949 and 2100"),
                )
                .with_doc(id.clone()),
            ),
        }
    }
    meta.kind = obj
        .remove("kind")
        .or_else(|| obj.remove("type"))
        .and_then(|v| json_scalar(&v));
    meta.title = obj.remove("title").and_then(|v| json_scalar(&v));
    meta.date = obj.remove("date").and_then(|v| json_scalar(&v));
    meta.source = obj.remove("source").and_then(|v| json_scalar(&v));
    for (k, v) in obj {
        if let Some(s) = json_scalar(&v) {
            meta.extra.insert(k, s);
        }
    }
    fill_from_path_and_title(&mut meta, &file.rel, &text, gaz);
    let normalized = normalize(&text);
    Ok((
        LoadedDocument {
            meta,
            sha256: sha256_hex(line),
            bytes: line.len(),
            original: text,
            extracted: None,
            extracted_map: None,
            normalized,
            encoding: "utf-8",
        },
        problems,
    ))
}
