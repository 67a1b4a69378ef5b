//! The corpus manifest: one row of metadata per document, the most trusted metadata source.
//!
//! Researchers keep it in Excel or pandas, so it comes as TSV, CSV or JSON with loosely named
//! columns (path/file, region/province/省份, year/年份 …). Bad rows are reported as problems
//! and skipped or kept without the bad field; only a manifest unusable as a whole (no header,
//! no path column, invalid JSON) is an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::decode::{decode_owned, DecodeError};
use crate::gazetteer::Gazetteer;

/// File names looked for in the corpus root, in order of preference.
pub const MANIFEST_NAMES: &[&str] = &[
    "MANIFEST.tsv",
    "manifest.tsv",
    "manifest.csv",
    "MANIFEST.csv",
    "manifest.json",
    "MANIFEST.json",
];

/// The first manifest file present in `root`, if any.
pub fn find_manifest(root: &Path) -> Option<PathBuf> {
    MANIFEST_NAMES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.is_file())
}

/// Metadata for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestRow {
    /// 1-based line in the manifest file (JSON: index in the array + 1).
    pub line: usize,
    /// Relative path, `/`-separated, without a leading `./`.
    pub path: String,
    /// Canonical region id, when the region value is known to the gazetteer.
    pub region: Option<&'static str>,
    /// The region value as written.
    pub region_raw: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    /// Every other non-empty column, by its name as written in the header.
    pub extra: BTreeMap<String, String>,
}

/// A row-level defect: reported, never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestProblem {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ManifestProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A loaded manifest: its usable rows and the problems found on the way.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    pub rows: Vec<ManifestRow>,
    pub problems: Vec<ManifestProblem>,
    /// Normalized path → index into `rows`.
    index: BTreeMap<String, usize>,
}

impl Manifest {
    /// The row for a document, by its path relative to the corpus root (`\` and a leading
    /// `./` are tolerated).
    pub fn row_for(&self, rel_path: &str) -> Option<&ManifestRow> {
        self.index
            .get(&normalize_path(rel_path))
            .map(|&i| &self.rows[i])
    }
}

/// Why a manifest could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read manifest {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot decode manifest {}: {source}", path.display())]
    Decode {
        path: PathBuf,
        #[source]
        source: DecodeError,
    },
    #[error("malformed manifest {}, line {line}: {message}", path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Loads a TSV, CSV (by extension; otherwise sniffed) or JSON manifest, resolving regions
/// with `gazetteer`. The file may be UTF-8, UTF-16 or GB18030, as Excel writes them.
pub fn load_manifest(path: &Path, gazetteer: &Gazetteer) -> Result<Manifest, ManifestError> {
    let bytes = std::fs::read(path).map_err(|source| ManifestError::Io {
        path: path.to_owned(),
        source,
    })?;
    let malformed = |line: usize, message: &str| ManifestError::Malformed {
        path: path.to_owned(),
        line,
        message: message.to_owned(),
    };
    let text = match decode_owned(bytes) {
        Ok((text, _)) => text,
        Err(DecodeError::Empty) => return Err(malformed(1, "empty manifest")),
        Err(source) => {
            return Err(ManifestError::Decode {
                path: path.to_owned(),
                source,
            })
        }
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("tsv" | "tab") => Format::Delimited(b'\t'),
        Some("csv") => Format::Delimited(b','),
        Some("json") => Format::Json,
        _ => sniff(&text),
    };
    let mut builder = RowBuilder {
        gazetteer,
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut index = BTreeMap::new();
    let raw_rows = match format {
        Format::Delimited(delimiter) => read_delimited(&text, delimiter),
        Format::Json => read_json(&text),
    }
    .map_err(|(line, message)| malformed(line, &message))?;
    for raw in raw_rows {
        match raw {
            Ok(raw) => builder.add(raw, &mut index),
            Err(problem) => builder.problems.push(problem),
        }
    }
    Ok(Manifest {
        path: path.to_owned(),
        rows: builder.rows,
        problems: builder.problems,
        index,
    })
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Delimited(u8),
    Json,
}

/// Format of a manifest with an unfamiliar extension, from its first characters.
fn sniff(text: &str) -> Format {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        return Format::Json;
    }
    let header = trimmed.lines().next().unwrap_or_default();
    Format::Delimited(if header.contains('\t') { b'\t' } else { b',' })
}

/// What a column (or JSON key) means; the number orders alternatives, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Path(u8),
    Region(u8),
    Year,
    Kind,
    Title,
    Date,
    Source,
    Extra,
}

fn field_of(name: &str) -> Field {
    match name.trim().to_lowercase().as_str() {
        "path" => Field::Path(0),
        "file" => Field::Path(1),
        "filename" => Field::Path(2),
        "region" => Field::Region(0),
        "province" => Field::Region(1),
        "region_pinyin" => Field::Region(2),
        "region_zh" => Field::Region(3),
        "省份" => Field::Region(4),
        "地区" => Field::Region(5),
        "year" | "年份" => Field::Year,
        "kind" | "type" => Field::Kind,
        "title" | "标题" => Field::Title,
        "date" => Field::Date,
        "source" => Field::Source,
        _ => Field::Extra,
    }
}

/// One row before interpretation: (column name, value) pairs.
struct RawRow {
    line: usize,
    cells: Vec<(String, String)>,
}

/// A row that could not even be split into cells.
type RawResult = Result<RawRow, ManifestProblem>;

/// Fatal problems as (line, message).
type Fatal = (usize, String);

fn read_delimited(text: &str, delimiter: u8) -> Result<Vec<RawResult>, Fatal> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| (1, format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{FEFF}').trim().to_owned())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err((1, "no header row".to_owned()));
    }
    if !headers
        .iter()
        .any(|h| matches!(field_of(h), Field::Path(_)))
    {
        return Err((1, "no path/file/filename column in the header".to_owned()));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            (line, format!("unreadable row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() != headers.len() {
            rows.push(Err(ManifestProblem {
                line,
                message: format!(
                    "expected {} columns, found {}; row skipped",
                    headers.len(),
                    record.len()
                ),
            }));
            continue;
        }
        let cells = headers
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        rows.push(Ok(RawRow { line, cells }));
    }
    Ok(rows)
}

fn read_json(text: &str) -> Result<Vec<RawResult>, Fatal> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| (e.line(), format!("invalid JSON: {e}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut map) => match map.remove("documents") {
            Some(serde_json::Value::Array(items)) => items,
            _ => return Err((1, "expected an array or {\"documents\": [...]}".to_owned())),
        },
        _ => return Err((1, "expected an array or {\"documents\": [...]}".to_owned())),
    };
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let line = i + 1;
            let serde_json::Value::Object(map) = item else {
                return Err(ManifestProblem {
                    line,
                    message: "expected an object; entry skipped".to_owned(),
                });
            };
            let cells = map.into_iter().map(|(k, v)| (k, json_cell(v))).collect();
            Ok(RawRow { line, cells })
        })
        .collect();
    Ok(rows)
}

/// A JSON value as cell text: strings as is, null as empty, anything else as JSON.
fn json_cell(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Interprets raw rows, collecting problems.
struct RowBuilder<'g> {
    gazetteer: &'g Gazetteer,
    rows: Vec<ManifestRow>,
    problems: Vec<ManifestProblem>,
}

impl RowBuilder<'_> {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(ManifestProblem { line, message });
    }

    fn add(&mut self, raw: RawRow, index: &mut BTreeMap<String, usize>) {
        let line = raw.line;
        let mut row = ManifestRow {
            line,
            ..ManifestRow::default()
        };
        let mut paths: Vec<(u8, String)> = Vec::new();
        let mut regions: Vec<(u8, String)> = Vec::new();
        let mut year_raw = None;
        for (name, value) in raw.cells {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let slot = match field_of(&name) {
                Field::Path(rank) => {
                    paths.push((rank, value.to_owned()));
                    continue;
                }
                Field::Region(rank) => {
                    regions.push((rank, value.to_owned()));
                    continue;
                }
                Field::Year => &mut year_raw,
                Field::Kind => &mut row.kind,
                Field::Title => &mut row.title,
                Field::Date => &mut row.date,
                Field::Source => &mut row.source,
                Field::Extra => {
                    row.extra
                        .entry(name.trim().to_owned())
                        .or_insert_with(|| value.to_owned());
                    continue;
                }
            };
            // With duplicate columns, the first non-empty value wins.
            slot.get_or_insert_with(|| value.to_owned());
        }

        paths.sort_by_key(|(rank, _)| *rank);
        let Some(path) = paths
            .first()
            .map(|(_, p)| normalize_path(p))
            .filter(|p| !p.is_empty())
        else {
            self.problem(line, "no path; row skipped".to_owned());
            return;
        };
        if let Some(&first) = index.get(&path) {
            let first_line = self.rows.get(first).map_or(0, |r: &ManifestRow| r.line);
            self.problem(
                line,
                format!("duplicate path '{path}' (first on line {first_line}); row skipped"),
            );
            return;
        }
        row.path = path;

        regions.sort_by_key(|(rank, _)| *rank);
        if let Some((_, raw)) = regions.first() {
            row.region = self.gazetteer.lookup(raw).map(|r| r.id);
            if row.region.is_none() {
                self.problem(line, format!("unknown region '{raw}'"));
            }
            for (_, other) in &regions[1..] {
                let other_id = self.gazetteer.lookup(other).map(|r| r.id);
                if row.region.is_some() && other_id.is_some() && other_id != row.region {
                    self.problem(
                        line,
                        format!("region columns disagree: '{raw}' vs '{other}'"),
                    );
                }
            }
            row.region_raw = Some(raw.clone());
        }

        if let Some(raw) = year_raw {
            row.year = parse_year(&raw);
            if row.year.is_none() {
                self.problem(
                    line,
                    format!(
                        "year '{raw}' is not a year between {} and {}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
            }
        }

        index.insert(row.path.clone(), self.rows.len());
        self.rows.push(row);
    }
}

/// Years a manifest may give: from the first government work report on.
const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// A year as Excel and pandas write it: `2020`, `2020.0` (a float column), `2020年`;
/// `None` unless it is a whole number in [`YEARS`].
pub(crate) fn parse_year(raw: &str) -> Option<i32> {
    let value = raw.trim();
    let value = value.strip_suffix('年').unwrap_or(value).trim_end();
    let (digits, fraction) = value.split_once('.').unwrap_or((value, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(digits) || !all_digits(fraction) || fraction.bytes().any(|b| b != b'0') {
        return None;
    }
    digits.parse().ok().filter(|year| YEARS.contains(year))
}

/// Canonical form of a relative path: `/`-separated, no leading `./` or `/`, no empty or
/// `.` segments.
fn normalize_path(path: &str) -> String {
    path.trim()
        .replace('\\', "/")
        .split('/')
        .filter(|seg| !seg.is_empty() && *seg != ".")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, content: &str) -> Result<Manifest, ManifestError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write manifest");
        load_manifest(&path, Gazetteer::standard())
    }

    #[test]
    fn real_manifest_loads_cleanly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
        let Some(path) = find_manifest(&root) else {
            eprintln!(
                "notice: {} not present; real manifest test skipped",
                root.display()
            );
            return;
        };
        let manifest = load_manifest(&path, Gazetteer::standard()).expect("real manifest loads");
        assert_eq!(manifest.problems, Vec::new());
        assert_eq!(manifest.rows.len(), 87);
        let row = manifest.row_for("1954/national.txt").expect("1954 row");
        assert_eq!(
            (row.region, row.year, row.line),
            (Some("national"), Some(1954), 2)
        );
        assert_eq!(row.kind.as_deref(), Some("national_report"));
        assert!(row.extra.contains_key("sha256") && row.extra.contains_key("chars"));
        assert!(manifest.rows.iter().any(|r| r.region == Some("shaanxi")));
        assert!(manifest.rows.iter().any(|r| r.region == Some("shanxi")));
        assert!(manifest
            .rows
            .iter()
            .all(|r| r.region.is_some() && r.year.is_some()));
    }

    #[test]
    fn find_manifest_prefers_listed_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(find_manifest(dir.path()), None);
        std::fs::write(dir.path().join("manifest.json"), "[]").expect("write");
        assert_eq!(
            find_manifest(dir.path()),
            Some(dir.path().join("manifest.json"))
        );
        std::fs::write(dir.path().join("manifest.csv"), "path\n").expect("write");
        assert_eq!(
            find_manifest(dir.path()),
            Some(dir.path().join("manifest.csv"))
        );
    }

    #[test]
    fn csv_with_quotes_and_mixed_columns() {
        let m = load(
            "manifest.csv",
            "File,省份,Year,Type,标题,Notes\n\
             ./2020/bj.txt,北京,2020,provincial,\"北京市政府工作报告, 2020\",\"say \"\"hi\"\"\"\n\
             2020\\sx.txt,Shaanxi,2020年,,,\n",
        )
        .expect("loads");
        assert_eq!(m.problems, Vec::new());
        let bj = m.row_for("2020/bj.txt").expect("bj row");
        assert_eq!(bj.line, 2);
        assert_eq!(bj.region, Some("beijing"));
        assert_eq!(bj.region_raw.as_deref(), Some("北京"));
        assert_eq!(bj.year, Some(2020));
        assert_eq!(bj.kind.as_deref(), Some("provincial"));
        assert_eq!(bj.title.as_deref(), Some("北京市政府工作报告, 2020"));
        assert_eq!(
            bj.extra.get("Notes").map(String::as_str),
            Some("say \"hi\"")
        );
        let sx = m.row_for("./2020/sx.txt").expect("sx row");
        assert_eq!(
            (sx.region, sx.year, sx.kind.as_deref()),
            (Some("shaanxi"), Some(2020), None)
        );
        assert!(sx.extra.is_empty());
    }

    #[test]
    fn tsv_problems_are_reported_not_fatal() {
        let m = load(
            "MANIFEST.tsv",
            "path\tregion\tyear\n\
             a.txt\tAtlantis\t2020\n\
             b.txt\tbeijing\ttwenty\n\
             c.txt\tbeijing\n\
             a.txt\ttianjin\t2021\n\
             \tbeijing\t2020\n\
             d.txt\t\t\n",
        )
        .expect("loads");
        let problems: Vec<String> = m.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            vec![
                "line 2: unknown region 'Atlantis'",
                "line 3: year 'twenty' is not a year between 1949 and 2100",
                "line 4: expected 3 columns, found 2; row skipped",
                "line 5: duplicate path 'a.txt' (first on line 2); row skipped",
                "line 6: no path; row skipped",
            ]
        );
        let paths: Vec<&str> = m.rows.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.txt", "d.txt"]);
        let a = m.row_for("a.txt").expect("a row");
        assert_eq!(
            (a.region, a.region_raw.as_deref(), a.year),
            (None, Some("Atlantis"), Some(2020))
        );
        let b = m.row_for("b.txt").expect("b row");
        assert_eq!((b.region, b.year), (Some("beijing"), None));
        assert_eq!(m.row_for("d.txt").map(|r| r.region_raw.clone()), Some(None));
    }

    #[test]
    fn years_are_range_checked() {
        let m = load(
            "manifest.tsv",
            "path\tyear\n\
             2020/a.txt\t2020.0\n\
             2020/b.txt\t2021年\n\
             2020/c.txt\t 1949 \n\
             2020/d.txt\t2100\n\
             2020/e.txt\t20\n\
             2020/f.txt\t1948\n\
             2020/g.txt\t2101\n\
             2020/h.txt\t2020.5\n\
             2020/i.txt\t-2020\n\
             2020/j.txt\t99999999999\n\
             2020/k.txt\t2020.\n",
        )
        .expect("loads");
        let years: Vec<(&str, Option<i32>)> =
            m.rows.iter().map(|r| (r.path.as_str(), r.year)).collect();
        assert_eq!(
            years,
            [
                ("2020/a.txt", Some(2020)),
                ("2020/b.txt", Some(2021)),
                ("2020/c.txt", Some(1949)),
                ("2020/d.txt", Some(2100)),
                ("2020/e.txt", None),
                ("2020/f.txt", None),
                ("2020/g.txt", None),
                ("2020/h.txt", None),
                ("2020/i.txt", None),
                ("2020/j.txt", None),
                ("2020/k.txt", None),
            ]
        );
        let problems: Vec<String> = m.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "line 6: year '20' is not a year between 1949 and 2100",
                "line 7: year '1948' is not a year between 1949 and 2100",
                "line 8: year '2101' is not a year between 1949 and 2100",
                "line 9: year '2020.5' is not a year between 1949 and 2100",
                "line 10: year '-2020' is not a year between 1949 and 2100",
                "line 11: year '99999999999' is not a year between 1949 and 2100",
                "line 12: year '2020.' is not a year between 1949 and 2100",
            ]
        );

        // JSON numbers, including the float a pandas export writes.
        let m = load(
            "manifest.json",
            r#"[{"path": "a.txt", "year": 2020.0}, {"path": "b.txt", "year": 20}]"#,
        )
        .expect("loads");
        assert_eq!(m.row_for("a.txt").and_then(|r| r.year), Some(2020));
        assert_eq!(m.row_for("b.txt").map(|r| r.year), Some(None));
        assert_eq!(
            m.problems,
            vec![ManifestProblem {
                line: 2,
                message: "year '20' is not a year between 1949 and 2100".to_owned()
            }]
        );
    }

    #[test]
    fn region_columns_by_priority_and_disagreement() {
        let m = load(
            "manifest.tsv",
            "path\tregion_zh\tregion_pinyin\n x.txt\t陕西\tshaanxi\ny.txt\t山西\tshaanxi\nz.txt\t北京\t\n",
        )
        .expect("loads");
        assert_eq!(m.row_for("x.txt").and_then(|r| r.region), Some("shaanxi"));
        assert_eq!(m.row_for("z.txt").and_then(|r| r.region), Some("beijing"));
        assert_eq!(
            m.problems,
            vec![ManifestProblem {
                line: 3,
                message: "region columns disagree: 'shaanxi' vs '山西'".to_owned()
            }]
        );
    }

    #[test]
    fn json_array_and_documents_object() {
        let array = r#"[
            {"path": "2020/beijing.txt", "region": "京", "year": 2020, "title": "报告", "pages": 12},
            {"file": "2021/national.txt", "province": "国务院", "year": "2021", "date": null},
            "not an object",
            {"region": "beijing"}
        ]"#;
        let m = load("manifest.json", array).expect("loads");
        assert_eq!(m.rows.len(), 2);
        let bj = m.row_for("2020/beijing.txt").expect("bj");
        assert_eq!(
            (bj.line, bj.region, bj.year),
            (1, Some("beijing"), Some(2020))
        );
        assert_eq!(bj.extra.get("pages").map(String::as_str), Some("12"));
        let nat = m.row_for("2021/national.txt").expect("national");
        assert_eq!(
            (nat.region, nat.year, nat.date.as_deref()),
            (Some("national"), Some(2021), None)
        );
        let lines: Vec<usize> = m.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4]);

        let wrapped = r#"{"documents": [{"path": "a.txt", "year": 2019}]}"#;
        let m = load("MANIFEST.json", wrapped).expect("loads");
        assert_eq!(m.row_for("a.txt").and_then(|r| r.year), Some(2019));
    }

    #[test]
    fn unusable_manifests_are_errors() {
        let err = load("manifest.tsv", "name\tregion\na.txt\tbeijing\n").expect_err("no path");
        assert!(
            matches!(err, ManifestError::Malformed { line: 1, .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("no path/file/filename column"),
            "{err}"
        );
        let err = load("manifest.json", "[{\"path\": \"a\"},\n oops]").expect_err("bad json");
        assert!(
            matches!(err, ManifestError::Malformed { line: 2, .. }),
            "{err}"
        );
        let err = load("manifest.json", "{\"docs\": []}").expect_err("wrong shape");
        assert!(matches!(err, ManifestError::Malformed { .. }), "{err}");
        let err = load("manifest.csv", "  \n").expect_err("empty");
        assert!(matches!(err, ManifestError::Malformed { .. }), "{err}");
        let missing = Path::new("/nonexistent/policyscan/manifest.tsv");
        let err = load_manifest(missing, Gazetteer::standard()).expect_err("missing file");
        assert!(matches!(err, ManifestError::Io { .. }), "{err}");
    }

    #[test]
    fn gbk_manifest_from_excel_loads() {
        let (content, _, _) = encoding_rs::GBK.encode("path,省份,年份\n甘肃.txt,甘肃,2020\n");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("manifest.csv");
        std::fs::write(&path, &content).expect("write");
        let m = load_manifest(&path, Gazetteer::standard()).expect("loads");
        assert_eq!(m.problems, Vec::new());
        let row = m.row_for("甘肃.txt").expect("row");
        assert_eq!((row.region, row.year), (Some("gansu"), Some(2020)));
    }
}
