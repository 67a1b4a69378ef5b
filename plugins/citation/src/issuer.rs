//! Issuing bodies: a table of central bodies with their short and English names, the
//! province-level party committees and governments, and parsing the issuers at the head
//! of a title (国务院办公厅关于… → 国务院办公厅; 商务部等8部门关于… → 商务部, 8 departments).

/// A central body: its canonical name, other Chinese names met in titles, English names.
#[derive(Debug, Clone, Copy)]
pub struct Body {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub english: &'static [&'static str],
}

const fn body(
    name: &'static str,
    aliases: &'static [&'static str],
    english: &'static [&'static str],
) -> Body {
    Body {
        name,
        aliases,
        english,
    }
}

/// Central party and state bodies.
pub const CENTRAL_BODIES: &[Body] = &[
    body(
        "中共中央",
        &["中国共产党中央委员会", "党中央"],
        &[
            "the CPC Central Committee",
            "the Central Committee of the Communist Party of China",
            "the Communist Party of China Central Committee",
        ],
    ),
    body(
        "中共中央政治局",
        &["中央政治局"],
        &["the Political Bureau of the CPC Central Committee"],
    ),
    body("国务院", &["中华人民共和国国务院"], &["the State Council"]),
    body(
        "国务院办公厅",
        &["国办"],
        &[
            "the General Office of the State Council",
            "the State Council General Office",
        ],
    ),
    body(
        "中共中央办公厅",
        &["中办"],
        &["the General Office of the CPC Central Committee"],
    ),
    body(
        "全国人民代表大会常务委员会",
        &["全国人大常委会"],
        &[
            "the Standing Committee of the National People's Congress",
            "the NPC Standing Committee",
        ],
    ),
    body(
        "全国人民代表大会",
        &["全国人大"],
        &["the National People's Congress"],
    ),
    body(
        "中央军事委员会",
        &["中央军委"],
        &["the Central Military Commission"],
    ),
    body("中共中央组织部", &["中央组织部", "中组部"], &[]),
    body("中共中央宣传部", &["中央宣传部", "中宣部"], &[]),
    body(
        "中央全面深化改革委员会",
        &["中央深改委"],
        &["the Central Commission for Comprehensively Deepening Reform"],
    ),
    body(
        "中央财经委员会",
        &["中央财经委"],
        &["the Central Financial and Economic Affairs Commission"],
    ),
    body(
        "中央网络安全和信息化委员会办公室",
        &["中央网信办"],
        &["the Office of the Central Cyberspace Affairs Commission"],
    ),
    body(
        "国家互联网信息办公室",
        &["国家网信办"],
        &["the Cyberspace Administration of China"],
    ),
    body(
        "国家发展和改革委员会",
        &["国家发展改革委", "国家发改委", "发展改革委", "发改委"],
        &["the National Development and Reform Commission"],
    ),
    body("教育部", &[], &["the Ministry of Education"]),
    body(
        "科学技术部",
        &["科技部"],
        &["the Ministry of Science and Technology"],
    ),
    body(
        "工业和信息化部",
        &["工信部"],
        &["the Ministry of Industry and Information Technology"],
    ),
    body(
        "国家民族事务委员会",
        &["国家民委"],
        &["the National Ethnic Affairs Commission"],
    ),
    body("公安部", &[], &["the Ministry of Public Security"]),
    body("民政部", &[], &["the Ministry of Civil Affairs"]),
    body("司法部", &[], &["the Ministry of Justice"]),
    body("财政部", &[], &["the Ministry of Finance"]),
    body(
        "人力资源和社会保障部",
        &["人力资源社会保障部", "人社部"],
        &["the Ministry of Human Resources and Social Security"],
    ),
    body("自然资源部", &[], &["the Ministry of Natural Resources"]),
    body(
        "生态环境部",
        &[],
        &["the Ministry of Ecology and Environment"],
    ),
    body(
        "住房和城乡建设部",
        &["住房城乡建设部", "住建部"],
        &["the Ministry of Housing and Urban-Rural Development"],
    ),
    body("交通运输部", &[], &["the Ministry of Transport"]),
    body("水利部", &[], &["the Ministry of Water Resources"]),
    body(
        "农业农村部",
        &[],
        &["the Ministry of Agriculture and Rural Affairs"],
    ),
    body("商务部", &[], &["the Ministry of Commerce"]),
    body(
        "文化和旅游部",
        &["文化旅游部", "文旅部"],
        &["the Ministry of Culture and Tourism"],
    ),
    body(
        "国家卫生健康委员会",
        &["国家卫生健康委", "国家卫健委", "卫生健康委"],
        &["the National Health Commission"],
    ),
    body("退役军人事务部", &[], &["the Ministry of Veterans Affairs"]),
    body("应急管理部", &[], &["the Ministry of Emergency Management"]),
    body(
        "中国人民银行",
        &["人民银行", "人民银行总行", "央行"],
        &["the People's Bank of China"],
    ),
    body("审计署", &[], &["the National Audit Office"]),
    body(
        "国务院国有资产监督管理委员会",
        &["国务院国资委", "国资委"],
        &["the State-owned Assets Supervision and Administration Commission"],
    ),
    body("海关总署", &[], &["the General Administration of Customs"]),
    body(
        "国家税务总局",
        &["税务总局"],
        &["the State Taxation Administration"],
    ),
    body(
        "国家市场监督管理总局",
        &["市场监管总局"],
        &["the State Administration for Market Regulation"],
    ),
    body(
        "国家金融监督管理总局",
        &["金融监管总局"],
        &["the National Financial Regulatory Administration"],
    ),
    body(
        "中国证券监督管理委员会",
        &["中国证监会", "证监会"],
        &["the China Securities Regulatory Commission"],
    ),
    body(
        "中国银行保险监督管理委员会",
        &["中国银保监会", "银保监会"],
        &["the China Banking and Insurance Regulatory Commission"],
    ),
    body("国家统计局", &[], &["the National Bureau of Statistics"]),
    body(
        "国家知识产权局",
        &[],
        &["the China National Intellectual Property Administration"],
    ),
    body("国家能源局", &[], &["the National Energy Administration"]),
    body("国家数据局", &[], &["the National Data Administration"]),
    body("国家乡村振兴局", &[], &[]),
    body(
        "国家医疗保障局",
        &["国家医保局"],
        &["the National Healthcare Security Administration"],
    ),
    body("国家林业和草原局", &["国家林草局"], &[]),
    body("国家标准化管理委员会", &["国家标准委"], &[]),
    body("国家广播电视总局", &["广电总局"], &[]),
    body("国家体育总局", &[], &[]),
    body("国家邮政局", &[], &[]),
    body("国家外汇管理局", &["外汇局"], &[]),
    body("国家铁路局", &[], &[]),
    body("中国民用航空局", &["民航局"], &[]),
    body("国家文物局", &[], &[]),
    body("国家中医药管理局", &[], &[]),
    body("国家药品监督管理局", &["国家药监局"], &[]),
    body("国家移民管理局", &[], &[]),
    body("国家粮食和物资储备局", &[], &[]),
    body("国家国防科技工业局", &[], &[]),
    body("国家机关事务管理局", &[], &[]),
    body("国务院扶贫开发领导小组办公室", &["国务院扶贫办"], &[]),
    body("最高人民法院", &[], &["the Supreme People's Court"]),
    body(
        "最高人民检察院",
        &[],
        &["the Supreme People's Procuratorate"],
    ),
    body(
        "中国科学院",
        &["中科院"],
        &["the Chinese Academy of Sciences"],
    ),
    body("中华全国总工会", &["全国总工会"], &[]),
    body("共青团中央", &[], &[]),
];

/// Province-level units: full name, short name, the one-character abbreviations that
/// start their 文号 (京政发, 内政发). A copy of what the corpus gazetteer knows, because
/// an analyzer depends on the API only.
pub const PROVINCES: &[(&str, &str, &[&str])] = &[
    ("北京市", "北京", &["京"]),
    ("天津市", "天津", &["津"]),
    ("河北省", "河北", &["冀"]),
    ("山西省", "山西", &["晋"]),
    ("内蒙古自治区", "内蒙古", &["内", "蒙"]),
    ("辽宁省", "辽宁", &["辽"]),
    ("吉林省", "吉林", &["吉"]),
    ("黑龙江省", "黑龙江", &["黑"]),
    ("上海市", "上海", &["沪"]),
    ("江苏省", "江苏", &["苏"]),
    ("浙江省", "浙江", &["浙"]),
    ("安徽省", "安徽", &["皖"]),
    ("福建省", "福建", &["闽"]),
    ("江西省", "江西", &["赣"]),
    ("山东省", "山东", &["鲁"]),
    ("河南省", "河南", &["豫"]),
    ("湖北省", "湖北", &["鄂"]),
    ("湖南省", "湖南", &["湘"]),
    ("广东省", "广东", &["粤"]),
    ("广西壮族自治区", "广西", &["桂"]),
    ("海南省", "海南", &["琼"]),
    ("重庆市", "重庆", &["渝"]),
    ("四川省", "四川", &["川"]),
    ("贵州省", "贵州", &["黔"]),
    ("云南省", "云南", &["云", "滇"]),
    ("西藏自治区", "西藏", &["藏"]),
    ("陕西省", "陕西", &["陕"]),
    ("甘肃省", "甘肃", &["甘"]),
    ("青海省", "青海", &["青"]),
    ("宁夏回族自治区", "宁夏", &["宁"]),
    ("新疆维吾尔自治区", "新疆", &["新"]),
];

/// The issuers named at the head of a title.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Issuers {
    /// Canonical names of the bodies named, in order (unknown names as written).
    pub bodies: Vec<String>,
    /// `等8部门`: how many departments issued it jointly, when the title says.
    pub departments: Option<u32>,
    /// `等部门` without a number: more issuers than named.
    pub more: bool,
    /// False when part of the head is not a body this table knows (kept as written).
    pub known: bool,
}

impl Issuers {
    /// As one string: 中共中央、国务院; 商务部等8部门.
    pub fn display(&self) -> String {
        let mut s = self.bodies.join("、");
        if let Some(n) = self.departments {
            s.push_str(&format!("等{n}部门"));
        } else if self.more {
            s.push_str("等部门");
        }
        s
    }
}

/// The canonical name of a central body named `name` (its full name or a short name).
pub fn central_body(name: &str) -> Option<&'static Body> {
    CENTRAL_BODIES
        .iter()
        .find(|b| b.name == name || b.aliases.contains(&name))
}

/// The issuers at the head of a title: the words before the first 关于, 印发 or 转发
/// (国务院办公厅转发国家发展改革委关于… → 国务院办公厅). None when the title has no head.
pub fn parse_title_issuers(title: &str) -> Option<Issuers> {
    let head_end = ["关于", "印发", "转发"]
        .iter()
        .filter_map(|w| title.find(w))
        .min()?;
    let head = title[..head_end].trim();
    if head.is_empty() {
        return None;
    }
    Some(parse_issuer_list(head))
}

/// Separators between bodies in a title head (和, 与, 及 only between two bodies: 和田地区
/// starts with 和).
fn skip_separators(s: &str) -> &str {
    s.trim_start_matches(['、', ',', '，', ' ', '和', '与', '及'])
}

fn skip_punctuation(s: &str) -> &str {
    s.trim_start_matches(['、', ',', '，', ' '])
}

/// Parses `中共中央、国务院`, `商务部等8部门`, `中共浙江省委 浙江省人民政府`.
pub fn parse_issuer_list(head: &str) -> Issuers {
    let mut out = Issuers {
        known: true,
        ..Issuers::default()
    };
    let mut rest = skip_punctuation(head);
    while !rest.is_empty() {
        if let Some((n, after)) = departments(rest) {
            out.departments = n;
            out.more = n.is_none();
            rest = skip_separators(after);
            continue;
        }
        if let Some((name, len)) = longest_central(rest) {
            out.bodies.push(name.to_string());
            rest = skip_separators(&rest[len..]);
            continue;
        }
        if let Some((name, len)) = provincial_body(rest) {
            out.bodies.push(name);
            rest = skip_separators(&rest[len..]);
            continue;
        }
        // Unknown words: kept as written, up to the next separator.
        let end = rest
            .find(['、', ',', '，', ' '])
            .or_else(|| rest.find('等'))
            .unwrap_or(rest.len());
        let end = if end == 0 { rest.len() } else { end };
        out.bodies.push(rest[..end].to_string());
        out.known = false;
        rest = skip_separators(&rest[end..]);
    }
    out
}

/// `等8部门`, `等十部门`, `等8个部门`, `等部门`: Some((count, rest)).
fn departments(s: &str) -> Option<(Option<u32>, &str)> {
    let s = s.strip_prefix('等')?;
    let digits_end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || chinese_digit(*c).is_some()))
        .map_or(s.len(), |(i, _)| i);
    let count = parse_count(&s[..digits_end]);
    let rest = s[digits_end..].trim_start_matches('个');
    for unit in ["部门", "部委", "单位", "家单位", "家"] {
        if let Some(after) = rest.strip_prefix(unit) {
            return Some((count, after));
        }
    }
    None
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
        .or(match c {
            '两' => Some(2),
            '十' => Some(10),
            _ => None,
        })
}

/// `8`, `十`, `十三`, `二十`, `二十一`.
fn parse_count(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digits: Vec<u32> = s.chars().map(chinese_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [d] => Some(*d),
        [10, d] => Some(10 + d),
        [d, 10] => Some(d * 10),
        [d, 10, e] => Some(d * 10 + e),
        _ => None,
    }
}

fn longest_central(s: &str) -> Option<(&'static str, usize)> {
    CENTRAL_BODIES
        .iter()
        .flat_map(|b| {
            std::iter::once(&b.name)
                .chain(b.aliases)
                .map(move |n| (b.name, *n))
        })
        .filter(|(_, n)| s.starts_with(n))
        .max_by_key(|(_, n)| n.len())
        .map(|(name, n)| (name, n.len()))
}

/// A province-level body (中共浙江省委, 浙江省人民政府办公厅, 广西壮族自治区党委), or a local
/// body named without its province (省委, 省政府办公厅): (canonical name, bytes read).
fn provincial_body(s: &str) -> Option<(String, usize)> {
    let (party, after_party) = if let Some(r) = s.strip_prefix("中国共产党") {
        (true, r)
    } else if let Some(r) = s.strip_prefix("中共") {
        (true, r)
    } else {
        (false, s)
    };
    let consumed_party = s.len() - after_party.len();
    let (full, after_name) = PROVINCES
        .iter()
        .find_map(|(full, short, _)| {
            after_party
                .strip_prefix(full)
                .or_else(|| after_party.strip_prefix(short))
                .map(|r| (full.to_string(), r))
        })
        .or_else(|| {
            ["自治区", "省", "市", "区"]
                .iter()
                .find_map(|g| after_party.strip_prefix(g).map(|r| (g.to_string(), r)))
        })?;
    let name_len = after_party.len() - after_name.len();
    // Suffixes, longest first: (written, canonical suffix, party body).
    const SUFFIXES: &[(&str, &str, bool)] = &[
        ("委员会办公厅", "委办公厅", true),
        ("委办公厅", "委办公厅", true),
        ("党委办公厅", "党委办公厅", true),
        ("委员会", "委", true),
        ("党委", "党委", true),
        ("委", "委", true),
        ("人民政府办公厅", "人民政府办公厅", false),
        ("政府办公厅", "人民政府办公厅", false),
        ("人民政府", "人民政府", false),
        ("政府", "人民政府", false),
        ("人民代表大会常务委员会", "人大常委会", false),
        ("人大常委会", "人大常委会", false),
    ];
    let (written, canonical, party_body) = SUFFIXES
        .iter()
        .find(|(w, _, _)| after_name.starts_with(w))?;
    if party && !party_body {
        return None;
    }
    let name = if *party_body && *canonical != "党委" && *canonical != "党委办公厅" {
        format!("中共{full}{canonical}")
    } else {
        format!("{full}{canonical}")
    };
    Some((name, consumed_party + name_len + written.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuers(title: &str) -> Option<(String, bool)> {
        parse_title_issuers(title).map(|i| (i.display(), i.known))
    }

    #[test]
    fn central_and_joint_issuers() {
        assert_eq!(
            issuers("国务院办公厅关于加快推进政务服务“跨省通办”的指导意见"),
            Some(("国务院办公厅".into(), true))
        );
        assert_eq!(
            issuers("中共中央、国务院关于构建数据基础制度更好发挥数据要素作用的意见"),
            Some(("中共中央、国务院".into(), true))
        );
        assert_eq!(
            issuers("中共中央 国务院关于促进民营经济发展壮大的意见"),
            Some(("中共中央、国务院".into(), true))
        );
        let i = parse_title_issuers("商务部等8部门关于推进供应链创新的通知").expect("head");
        assert_eq!(
            (i.bodies, i.departments),
            (vec!["商务部".to_string()], Some(8))
        );
        let i = parse_title_issuers("工业和信息化部等十三部门关于印发某方案的通知").expect("head");
        assert_eq!(
            (i.bodies, i.departments),
            (vec!["工业和信息化部".to_string()], Some(13))
        );
        assert_eq!(
            issuers("国家发展改革委 国家能源局关于某事的通知"),
            Some(("国家发展和改革委员会、国家能源局".into(), true))
        );
        assert_eq!(
            issuers("工业和信息化部 中央网信办关于加快推动区块链技术应用和产业发展的指导意见"),
            Some((
                "工业和信息化部、中央网络安全和信息化委员会办公室".into(),
                true
            ))
        );
        assert_eq!(issuers("关于某事的意见"), None);
        assert_eq!(issuers("中华人民共和国数据安全法"), None);
        assert_eq!(
            issuers("国务院关于印发〈新一代人工智能发展规划〉的通知"),
            Some(("国务院".into(), true))
        );
    }

    #[test]
    fn provincial_and_unknown_issuers() {
        assert_eq!(
            issuers("中共浙江省委 浙江省人民政府关于某事的意见"),
            Some(("中共浙江省委、浙江省人民政府".into(), true))
        );
        assert_eq!(
            issuers("广东省人民政府办公厅关于某事的通知"),
            Some(("广东省人民政府办公厅".into(), true))
        );
        assert_eq!(
            issuers(
                "中国共产党广西壮族自治区委员会关于制定国民经济和社会发展第十五个五年规划的建议"
            ),
            Some(("中共广西壮族自治区委".into(), true))
        );
        assert_eq!(
            issuers("中共西藏自治区委员会关于制定规划的建议"),
            Some(("中共西藏自治区委".into(), true))
        );
        assert_eq!(
            issuers("省委办公厅、省政府办公厅关于某事的通知"),
            Some(("中共省委办公厅、省人民政府办公厅".into(), true))
        );
        assert_eq!(
            issuers("某某协会关于某事的倡议"),
            Some(("某某协会".into(), false))
        );
        assert_eq!(parse_count("二十一"), Some(21));
        assert_eq!(parse_count("十"), Some(10));
        assert_eq!(
            issuers("中共中央政治局关于改进工作作风的规定"),
            Some(("中共中央政治局".into(), true))
        );
        assert_eq!(
            issuers("国家发展改革委等部门关于某事的通知"),
            Some(("国家发展和改革委员会等部门".into(), true))
        );
        assert_eq!(
            issuers("和田地区行署关于某事的通知"),
            Some(("和田地区行署".into(), false))
        );
    }
}
