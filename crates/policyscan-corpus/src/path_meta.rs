//! Region and year from a document's path relative to the corpus root.
//!
//! Corpora without a manifest are usually laid out by year and region in some order
//! (`2020/beijing.txt`, `beijing/2020.txt`, `北京_2020.txt`, `2020年北京市政府工作报告.txt`), so the
//! path is the second metadata source after the manifest.

use std::path::{Component, Path};

use crate::gazetteer::Gazetteer;

/// What the path says; either field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMeta {
    /// Canonical region id.
    pub region: Option<&'static str>,
    pub year: Option<i32>,
}

/// Reads region and year from the components of `rel_path` (the file's stem, then its
/// directories from the innermost out); the component nearest the file wins.
pub fn meta_from_path(rel_path: &Path, gazetteer: &Gazetteer) -> PathMeta {
    let mut names: Vec<String> = rel_path
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(file) = names.last_mut() {
        let stem = Path::new(file.as_str())
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        if let Some(stem) = stem {
            *file = stem;
        }
    }
    let mut meta = PathMeta::default();
    for name in names.iter().rev() {
        if meta.region.is_none() {
            meta.region = region_in(name, gazetteer);
        }
        if meta.year.is_none() {
            meta.year = year_in(name);
        }
        if meta.region.is_some() && meta.year.is_some() {
            break;
        }
    }
    meta
}

fn tokens(name: &str) -> impl Iterator<Item = &str> {
    name.split(['_', '-', '.', ' ', '/'])
        .filter(|t| !t.is_empty())
}

/// Region named by one path component: ASCII tokens are looked up as pinyin or English
/// (also two adjacent tokens, for `inner-mongolia`); other tokens are searched as Chinese.
fn region_in(name: &str, gazetteer: &Gazetteer) -> Option<&'static str> {
    let toks: Vec<&str> = tokens(name).collect();
    for (i, tok) in toks.iter().enumerate() {
        let found = if tok.is_ascii() {
            gazetteer.lookup(tok).or_else(|| {
                let next = toks.get(i + 1).filter(|n| n.is_ascii())?;
                gazetteer.lookup(&format!("{tok} {next}"))
            })
        } else {
            gazetteer.find_in_text(tok)
        };
        if let Some(region) = found {
            return Some(region.id);
        }
    }
    None
}

/// First year in a component: a run of exactly four ASCII digits in 1949..=2100, alone
/// (`2020`) or inside a token (`2020年北京市…`, `report2020`).
fn year_in(name: &str) -> Option<i32> {
    tokens(name).find_map(first_year)
}

/// First run of exactly four ASCII digits in `text` that is a plausible report year.
pub(crate) fn first_year(text: &str) -> Option<i32> {
    first_year_at(text).map(|(_, year)| year)
}

/// Like [`first_year`], with the byte offset where the year starts.
pub(crate) fn first_year_at(text: &str) -> Option<(usize, i32)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 4 {
            if let Some(year) = text[i..i + 4]
                .parse()
                .ok()
                .filter(|y| (1949..=2100).contains(y))
            {
                return Some((i, year));
            }
        }
        i += run;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(path: &str) -> PathMeta {
        meta_from_path(Path::new(path), Gazetteer::standard())
    }

    fn expect(path: &str, region: Option<&'static str>, year: Option<i32>) {
        assert_eq!(meta(path), PathMeta { region, year }, "{path}");
    }

    #[test]
    fn common_layouts() {
        expect("2020/beijing.txt", Some("beijing"), Some(2020));
        expect("beijing/2020.txt", Some("beijing"), Some(2020));
        expect("北京_2020.txt", Some("beijing"), Some(2020));
        expect("2020年北京市政府工作报告.txt", Some("beijing"), Some(2020));
        expect("2020-beijing.md", Some("beijing"), Some(2020));
        expect("reports/2021/shaanxi.html", Some("shaanxi"), Some(2021));
        expect("2020/national.txt", Some("national"), Some(2020));
        expect("2024/national_en.txt", Some("national"), Some(2024));
        expect("shanxi_2019.txt", Some("shanxi"), Some(2019));
        expect("陕西省2026年政府工作报告.txt", Some("shaanxi"), Some(2026));
        expect("2021/inner-mongolia.txt", Some("neimenggu"), Some(2021));
        expect("Guangdong/Report 2018.html", Some("guangdong"), Some(2018));
        expect(
            "./2019/国务院政府工作报告.txt",
            Some("national"),
            Some(2019),
        );
    }

    #[test]
    fn file_name_wins_over_directories() {
        expect("2020/beijing/2021_tianjin.txt", Some("tianjin"), Some(2021));
        expect("beijing/tianjin.txt", Some("tianjin"), None);
        expect("2020/2021.txt", None, Some(2021));
    }

    #[test]
    fn negatives() {
        expect("notes.txt", None, None);
        expect("12345.txt", None, None);
        expect("1800/report.txt", None, None);
        expect("v2/draft-01.txt", None, None);
        expect("", None, None);
    }

    #[test]
    fn first_year_needs_exactly_four_digits() {
        assert_eq!(first_year("2020年"), Some(2020));
        assert_eq!(first_year("20201"), None);
        assert_eq!(first_year("第12345号 2019"), Some(2019));
        assert_eq!(first_year("1948 1949"), Some(1949));
        assert_eq!(first_year("2101"), None);
    }
}
