//! Region, year and title from a document's first line: the last metadata source, for files
//! whose manifest row and path say nothing (`report.txt` that starts 2020年北京市政府工作报告).

use crate::gazetteer::Gazetteer;
use crate::path_meta::first_year_at;

/// What the title line says; every field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleMeta {
    /// Canonical region id.
    pub region: Option<&'static str>,
    pub year: Option<i32>,
    pub title: Option<String>,
}

/// Longest title kept, in characters: a first "line" that is a whole paragraph is no title,
/// and names far into it are not about the document.
const MAX_TITLE_CHARS: usize = 200;

/// The English title of the national report (the provinces' translations vary too much).
const NATIONAL_EN_TITLE: &str = "report on the work of the government";

/// Reads the title line of `text`: its first line with a letter or digit, trimmed and cut
/// to 200 characters. Region comes from Chinese names in that line (or the English
/// national title), year from the first ASCII or Chinese-numeral year (二〇二〇年).
pub fn meta_from_title_line(text: &str, gazetteer: &Gazetteer) -> TitleMeta {
    let Some(line) = text
        .lines()
        .map(|l| {
            l.trim_matches(|c: char| {
                c.is_whitespace() || policyscan_api::text_rules::is_invisible(c)
            })
        })
        .find(|l| l.chars().any(char::is_alphanumeric))
    else {
        return TitleMeta::default();
    };
    let line = match line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => line[..cut].trim_end(),
        None => line,
    };
    let region = if line.to_lowercase().contains(NATIONAL_EN_TITLE) {
        gazetteer.get("national")
    } else {
        gazetteer.find_in_text(line)
    };
    TitleMeta {
        region: region.map(|r| r.id),
        year: first_year_any_script(line),
        title: Some(line.to_owned()),
    }
}

/// Value of a Chinese numeral digit as written in years (〇 and the look-alike ○ both 0).
fn chinese_digit(c: char) -> Option<u32> {
    let digit = match c {
        '〇' | '○' | '零' | 'Ｏ' | 'O' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(digit)
}

/// The earliest year in `line`, whether in ASCII or full-width digits (2020, ２０２０) or in
/// Chinese numerals followed by 年 (二〇二〇年).
fn first_year_any_script(line: &str) -> Option<i32> {
    // Full-width digits → ASCII, keeping one output char per input char so positions line up.
    let folded: String = line
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    let ascii = first_year_at(&folded).map(|(pos, y)| (folded[..pos].chars().count(), y));
    let chinese = chinese_year(line);
    match (ascii, chinese) {
        (Some((a, ya)), Some((c, yc))) => Some(if c < a { yc } else { ya }),
        (a, c) => a.or(c).map(|(_, y)| y),
    }
}

/// First run of exactly four Chinese numeral digits followed by 年, as (char index, year).
fn chinese_year(line: &str) -> Option<(usize, i32)> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|&&c| chinese_digit(c).is_some())
            .count();
        if run == 0 {
            i += 1;
            continue;
        }
        if run == 4 && chars.get(i + 4) == Some(&'年') {
            let year = chars[i..i + 4]
                .iter()
                .filter_map(|&c| chinese_digit(c))
                .fold(0u32, |acc, d| acc * 10 + d);
            let year = i32::try_from(year)
                .ok()
                .filter(|y| (1949..=2100).contains(y));
            if let Some(year) = year {
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

    fn meta(text: &str) -> TitleMeta {
        meta_from_title_line(text, Gazetteer::standard())
    }

    fn expect(text: &str, region: Option<&'static str>, year: Option<i32>, title: Option<&str>) {
        let want = TitleMeta {
            region,
            year,
            title: title.map(str::to_owned),
        };
        assert_eq!(meta(text), want, "{text}");
    }

    #[test]
    fn chinese_titles() {
        expect(
            "2020年北京市政府工作报告\n正文提到天津市。",
            Some("beijing"),
            Some(2020),
            Some("2020年北京市政府工作报告"),
        );
        expect(
            "\u{FEFF}\n  \n——\n  陕西省2026年政府工作报告  \n",
            Some("shaanxi"),
            Some(2026),
            Some("陕西省2026年政府工作报告"),
        );
        expect(
            "二〇二〇年内蒙古自治区政府工作报告",
            Some("neimenggu"),
            Some(2020),
            Some("二〇二〇年内蒙古自治区政府工作报告"),
        );
        expect(
            "二○一九年山西省政府工作报告",
            Some("shanxi"),
            Some(2019),
            Some("二○一九年山西省政府工作报告"),
        );
        expect(
            "政府工作报告 ２０２１",
            None,
            Some(2021),
            Some("政府工作报告 ２０２１"),
        );
        expect(
            "2019年国务院政府工作报告",
            Some("national"),
            Some(2019),
            Some("2019年国务院政府工作报告"),
        );
    }

    #[test]
    fn earliest_year_wins_across_scripts() {
        assert_eq!(meta("二〇一八年工作回顾与2019年安排").year, Some(2018));
        assert_eq!(meta("2019年安排与二〇一八年回顾").year, Some(2019));
        assert_eq!(meta("一二三四五年").year, None);
        assert_eq!(meta("第12020号 二〇一七年 2019").year, Some(2017));
    }

    #[test]
    fn english_national_title() {
        expect(
            "REPORT ON THE WORK OF THE GOVERNMENT 2024",
            Some("national"),
            Some(2024),
            Some("REPORT ON THE WORK OF THE GOVERNMENT 2024"),
        );
        expect(
            "Beijing Municipal Government Work Report 2020",
            None,
            Some(2020),
            Some("Beijing Municipal Government Work Report 2020"),
        );
    }

    #[test]
    fn long_first_line_is_cut_and_later_lines_ignored() {
        let text = format!("{}北京市\n2020年", "字".repeat(250));
        let m = meta(&text);
        assert_eq!(m.title.as_ref().map(|t| t.chars().count()), Some(200));
        assert_eq!((m.region, m.year), (None, None));
    }

    #[test]
    fn nothing_to_read() {
        assert_eq!(meta(""), TitleMeta::default());
        assert_eq!(meta(" \n——\n。。\n"), TitleMeta::default());
    }
}
