//! The region gazetteer: every province-level unit of China plus the national level.
//!
//! Metadata arrives as pinyin (`shaanxi`), Chinese (陕西省, 陕西), English (Inner Mongolia) or
//! one-character abbreviations (陕); everything downstream compares canonical ids only. The
//! 31 mainland units are also the *expected universe* for coverage reports.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Administrative level of a region; decides whether it counts towards mainland coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    National,
    Municipality,
    Province,
    AutonomousRegion,
    SpecialAdministrativeRegion,
}

/// One province-level unit (or the national level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Canonical id: lowercase pinyin (`shanxi` = 山西, `shaanxi` = 陕西), `national`.
    pub id: &'static str,
    /// Full Chinese name (北京市, 内蒙古自治区); 全国 for the national level.
    pub zh_full: &'static str,
    /// Short Chinese name (北京, 内蒙古).
    pub zh_short: &'static str,
    /// One-character abbreviation (京, 蒙); empty for the national level.
    pub abbr: &'static str,
    /// English name (Inner Mongolia, Tibet, Shaanxi).
    pub en: &'static str,
    pub level: RegionLevel,
    /// GB/T 2260 code (110000 …); 100000 for the national level.
    pub code: u32,
}

impl Region {
    /// True for the 31 mainland province-level units that coverage is measured against.
    pub fn in_mainland_universe(&self) -> bool {
        !matches!(
            self.level,
            RegionLevel::National | RegionLevel::SpecialAdministrativeRegion
        ) && self.id != "taiwan"
    }
}

const fn region(
    id: &'static str,
    zh_full: &'static str,
    zh_short: &'static str,
    abbr: &'static str,
    en: &'static str,
    level: RegionLevel,
    code: u32,
) -> Region {
    Region {
        id,
        zh_full,
        zh_short,
        abbr,
        en,
        level,
        code,
    }
}

use RegionLevel::{
    AutonomousRegion as Ar, Municipality as Mu, National as Na, Province as Pr,
    SpecialAdministrativeRegion as Sar,
};

/// The built-in table, in GB/T 2260 code order with the national level first.
static REGIONS: [Region; 35] = [
    region("national", "全国", "全国", "", "National", Na, 100000),
    region("beijing", "北京市", "北京", "京", "Beijing", Mu, 110000),
    region("tianjin", "天津市", "天津", "津", "Tianjin", Mu, 120000),
    region("hebei", "河北省", "河北", "冀", "Hebei", Pr, 130000),
    region("shanxi", "山西省", "山西", "晋", "Shanxi", Pr, 140000),
    region(
        "neimenggu",
        "内蒙古自治区",
        "内蒙古",
        "蒙",
        "Inner Mongolia",
        Ar,
        150000,
    ),
    region("liaoning", "辽宁省", "辽宁", "辽", "Liaoning", Pr, 210000),
    region("jilin", "吉林省", "吉林", "吉", "Jilin", Pr, 220000),
    region(
        "heilongjiang",
        "黑龙江省",
        "黑龙江",
        "黑",
        "Heilongjiang",
        Pr,
        230000,
    ),
    region("shanghai", "上海市", "上海", "沪", "Shanghai", Mu, 310000),
    region("jiangsu", "江苏省", "江苏", "苏", "Jiangsu", Pr, 320000),
    region("zhejiang", "浙江省", "浙江", "浙", "Zhejiang", Pr, 330000),
    region("anhui", "安徽省", "安徽", "皖", "Anhui", Pr, 340000),
    region("fujian", "福建省", "福建", "闽", "Fujian", Pr, 350000),
    region("jiangxi", "江西省", "江西", "赣", "Jiangxi", Pr, 360000),
    region("shandong", "山东省", "山东", "鲁", "Shandong", Pr, 370000),
    region("henan", "河南省", "河南", "豫", "Henan", Pr, 410000),
    region("hubei", "湖北省", "湖北", "鄂", "Hubei", Pr, 420000),
    region("hunan", "湖南省", "湖南", "湘", "Hunan", Pr, 430000),
    region("guangdong", "广东省", "广东", "粤", "Guangdong", Pr, 440000),
    region(
        "guangxi",
        "广西壮族自治区",
        "广西",
        "桂",
        "Guangxi",
        Ar,
        450000,
    ),
    region("hainan", "海南省", "海南", "琼", "Hainan", Pr, 460000),
    region("chongqing", "重庆市", "重庆", "渝", "Chongqing", Mu, 500000),
    region("sichuan", "四川省", "四川", "川", "Sichuan", Pr, 510000),
    region("guizhou", "贵州省", "贵州", "黔", "Guizhou", Pr, 520000),
    region("yunnan", "云南省", "云南", "滇", "Yunnan", Pr, 530000),
    region("xizang", "西藏自治区", "西藏", "藏", "Tibet", Ar, 540000),
    region("shaanxi", "陕西省", "陕西", "陕", "Shaanxi", Pr, 610000),
    region("gansu", "甘肃省", "甘肃", "甘", "Gansu", Pr, 620000),
    region("qinghai", "青海省", "青海", "青", "Qinghai", Pr, 630000),
    region(
        "ningxia",
        "宁夏回族自治区",
        "宁夏",
        "宁",
        "Ningxia",
        Ar,
        640000,
    ),
    region(
        "xinjiang",
        "新疆维吾尔自治区",
        "新疆",
        "新",
        "Xinjiang",
        Ar,
        650000,
    ),
    region("taiwan", "台湾省", "台湾", "台", "Taiwan", Pr, 710000),
    region(
        "hongkong",
        "香港特别行政区",
        "香港",
        "港",
        "Hong Kong",
        Sar,
        810000,
    ),
    region(
        "macau",
        "澳门特别行政区",
        "澳门",
        "澳",
        "Macau",
        Sar,
        820000,
    ),
];

/// Extra names accepted by [`Gazetteer::lookup`] (matched case-insensitively).
const LOOKUP_ALIASES: &[(&str, &str)] = &[
    ("national", "国务院"),
    ("national", "中央"),
    ("national", "China"),
    ("national", "中国"),
    ("national", "中华人民共和国"),
    ("national", "PRC"),
    ("xizang", "Xizang"),
    ("neimenggu", "Nei Mongol"),
    ("neimenggu", "Nei Menggu"),
    ("neimenggu", "Innermongolia"),
    ("hongkong", "Hongkong"),
    ("hongkong", "Xianggang"),
    ("macau", "Macao"),
    ("macau", "Aomen"),
    ("taiwan", "臺灣"),
    ("taiwan", "台灣"),
    ("hongkong", "香港特別行政區"),
    ("macau", "澳門"),
    ("macau", "澳門特別行政區"),
];

/// Extra names recognised by [`Gazetteer::find_in_text`] besides full and short names.
const TEXT_ALIASES: &[(&str, &str)] = &[("national", "国务院")];

/// Region table with name indexes for lookup and text search.
#[derive(Debug)]
pub struct Gazetteer {
    regions: &'static [Region],
    /// Lowercased name → index into `regions`.
    by_name: HashMap<String, usize>,
    /// Names searched in running text, longest first so ties at a position go to the longest.
    text_names: Vec<(&'static str, usize)>,
}

impl Gazetteer {
    /// The built-in table: 34 province-level units plus the national level.
    pub fn standard() -> &'static Gazetteer {
        static STANDARD: OnceLock<Gazetteer> = OnceLock::new();
        STANDARD.get_or_init(|| Gazetteer::build(&REGIONS))
    }

    fn build(regions: &'static [Region]) -> Gazetteer {
        let index_of = |id: &str| {
            regions
                .iter()
                .position(|r| r.id == id)
                .expect("alias refers to a known region id")
        };
        let mut by_name = HashMap::new();
        let mut text_names = Vec::new();
        for (i, r) in regions.iter().enumerate() {
            for name in [r.id, r.zh_full, r.zh_short, r.abbr, r.en] {
                if !name.is_empty() {
                    by_name.entry(name.to_lowercase()).or_insert(i);
                }
            }
            text_names.push((r.zh_full, i));
            if r.zh_short != r.zh_full {
                text_names.push((r.zh_short, i));
            }
        }
        for &(id, name) in LOOKUP_ALIASES {
            by_name.entry(name.to_lowercase()).or_insert(index_of(id));
        }
        for &(id, name) in TEXT_ALIASES {
            text_names.push((name, index_of(id)));
        }
        text_names.sort_by_key(|&(name, _)| std::cmp::Reverse(name.len()));
        Gazetteer {
            regions,
            by_name,
            text_names,
        }
    }

    /// All regions in GB/T 2260 code order, national first.
    pub fn regions(&self) -> &[Region] {
        self.regions
    }

    /// The region with canonical id `id` (exact, as stored: lowercase).
    pub fn get(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Resolves any single name form (id, Chinese full or short name, abbreviation, English
    /// name or a known alias) after trimming; ASCII is compared case-insensitively.
    pub fn lookup(&self, name: &str) -> Option<&Region> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let key = name.to_lowercase();
        self.by_name.get(&key).map(|&i| &self.regions[i])
    }

    /// The region whose Chinese full or short name occurs earliest in `text`; the longest
    /// name wins at the same position (so 内蒙古自治区 beats 内蒙古). 全国 and 国务院 mean
    /// the national level. Abbreviations are never used: one character is too ambiguous.
    ///
    /// Known limit: a name inside a longer word still counts (吉林 in 吉林市, 海南 in
    /// 海南藏族自治州), so this is meant for titles and file names, not running text.
    pub fn find_in_text(&self, text: &str) -> Option<&Region> {
        let mut best: Option<(usize, usize)> = None; // (position, region index)
        for &(name, i) in &self.text_names {
            // Longer names were tried first, so only a strictly earlier match can win.
            if let Some(pos) = text.find(name) {
                if best.is_none_or(|(best_pos, _)| pos < best_pos) {
                    best = Some((pos, i));
                }
            }
        }
        best.map(|(_, i)| &self.regions[i])
    }

    /// The 31 mainland province-level units, in code order.
    pub fn mainland_universe(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(|r| r.in_mainland_universe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::standard()
    }

    #[test]
    fn table_has_35_entries_in_code_order_with_unique_names() {
        let regions = g().regions();
        assert_eq!(regions.len(), 35);
        assert_eq!(regions[0].id, "national");
        assert!(regions.windows(2).all(|w| w[0].code < w[1].code));
        let mut seen = std::collections::HashSet::new();
        for r in regions {
            let own: std::collections::HashSet<String> =
                [r.id, r.zh_full, r.zh_short, r.abbr, r.en]
                    .iter()
                    .filter(|n| !n.is_empty())
                    .map(|n| n.to_lowercase())
                    .collect();
            for name in own {
                assert!(seen.insert(name.clone()), "{name} names two regions");
            }
        }
        let count = |level| regions.iter().filter(|r| r.level == level).count();
        assert_eq!(count(RegionLevel::National), 1);
        assert_eq!(count(RegionLevel::Municipality), 4);
        assert_eq!(count(RegionLevel::Province), 23);
        assert_eq!(count(RegionLevel::AutonomousRegion), 5);
        assert_eq!(count(RegionLevel::SpecialAdministrativeRegion), 2);
    }

    #[test]
    fn mainland_universe_is_31_units() {
        let ids: Vec<_> = g().mainland_universe().map(|r| r.id).collect();
        assert_eq!(ids.len(), 31);
        for excluded in ["national", "taiwan", "hongkong", "macau"] {
            assert!(!ids.contains(&excluded));
        }
        assert_eq!(ids.first(), Some(&"beijing"));
        assert_eq!(ids.last(), Some(&"xinjiang"));
    }

    #[test]
    fn shanxi_and_shaanxi_stay_apart() {
        let shanxi = g().get("shanxi").expect("shanxi");
        let shaanxi = g().get("shaanxi").expect("shaanxi");
        assert_eq!(
            (shanxi.zh_short, shanxi.code, shanxi.en),
            ("山西", 140000, "Shanxi")
        );
        assert_eq!(
            (shaanxi.zh_short, shaanxi.code, shaanxi.en),
            ("陕西", 610000, "Shaanxi")
        );
        assert_eq!(g().lookup("山西").map(|r| r.id), Some("shanxi"));
        assert_eq!(g().lookup("陕西省").map(|r| r.id), Some("shaanxi"));
        assert_eq!(g().lookup("Shaanxi").map(|r| r.id), Some("shaanxi"));
        assert_eq!(g().lookup("晋").map(|r| r.id), Some("shanxi"));
        assert_eq!(g().lookup("陕").map(|r| r.id), Some("shaanxi"));
        assert_eq!(g().find_in_text("山西省政府").map(|r| r.id), Some("shanxi"));
        assert_eq!(
            g().find_in_text("陕西省政府").map(|r| r.id),
            Some("shaanxi")
        );
    }

    #[test]
    fn lookup_resolves_every_name_form() {
        for r in g().regions() {
            for name in [r.id, r.zh_full, r.zh_short, r.abbr, r.en] {
                if name.is_empty() {
                    continue;
                }
                assert_eq!(g().lookup(name).map(|x| x.id), Some(r.id), "{name}");
                let padded = format!("  {}\t", name.to_uppercase());
                assert_eq!(g().lookup(&padded).map(|x| x.id), Some(r.id), "{padded}");
            }
            assert_eq!(g().get(r.id), Some(r));
        }
        let cases = [
            ("Tibet", "xizang"),
            ("xizang", "xizang"),
            ("inner mongolia", "neimenggu"),
            ("Nei Mongol", "neimenggu"),
            ("Macao", "macau"),
            ("hong kong", "hongkong"),
            ("全国", "national"),
            ("国务院", "national"),
            ("中央", "national"),
            ("National", "national"),
            ("china", "national"),
            ("中国", "national"),
        ];
        for (name, id) in cases {
            assert_eq!(g().lookup(name).map(|r| r.id), Some(id), "{name}");
        }
        for bad in ["", "  ", "Atlantis", "北", "shan xi", "beijingshi"] {
            assert_eq!(g().lookup(bad), None, "{bad}");
        }
    }

    #[test]
    fn find_in_text_on_report_titles() {
        let cases = [
            ("2020年北京市政府工作报告", "beijing"),
            ("陕西省2026年政府工作报告", "shaanxi"),
            ("内蒙古自治区2021年政府工作报告", "neimenggu"),
            ("2019年国务院政府工作报告", "national"),
            ("全国人大", "national"),
            ("广西壮族自治区政府工作报告", "guangxi"),
            ("政府工作报告（2020年1月 上海）", "shanghai"),
            ("北京市与天津市", "beijing"),
            ("关于天津市和北京市", "tianjin"),
        ];
        for (text, id) in cases {
            assert_eq!(g().find_in_text(text).map(|r| r.id), Some(id), "{text}");
        }
    }

    #[test]
    fn find_in_text_ignores_abbreviations_and_unknown_text() {
        for text in [
            "",
            "政府工作报告",
            "京津冀协同发展",
            "陕甘宁",
            "Beijing report",
        ] {
            assert_eq!(g().find_in_text(text), None, "{text}");
        }
    }

    #[test]
    fn level_serializes_in_snake_case() {
        let json = serde_json::to_string(&RegionLevel::SpecialAdministrativeRegion)
            .expect("serialize level");
        assert_eq!(json, "\"special_administrative_region\"");
    }
}
