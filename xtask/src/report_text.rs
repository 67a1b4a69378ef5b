//! Synthetic government-work-report text: a hand-written vocabulary and sentence templates
//! in the style of a 政府工作报告 (headings 一、 and （一）, targets, percentages), in simplified
//! and traditional script and in English. Nothing here is taken from a real report.
//!
//! The vocabulary must never contain a term of the built-in keyword dictionary, not even
//! across word joins: the generators check every document they write (see `plant.rs`).

use crate::prng::Rng;

/// One script's vocabulary and connectors.
#[derive(Debug)]
pub struct Vocab {
    pub verbs: &'static [&'static str],
    pub objects: &'static [&'static str],
    pub results: &'static [&'static str],
    pub indicators: &'static [&'static str],
    pub principles: &'static [&'static str],
    pub facilities: &'static [&'static str],
    pub times: &'static [&'static str],
    pub goals: &'static [&'static str],
    pub majors: &'static [&'static str],
    /// Connector words used by the templates, in this script.
    pub w: Connectors,
}

/// The fixed words the templates are built around.
#[derive(Debug)]
pub struct Connectors {
    pub full_year: &'static str,
    pub grew: &'static str,
    pub reached: &'static str,
    pub hundred_million_yuan: &'static str,
    pub we: &'static str,
    pub new_progress: &'static str,
    pub adhere: &'static str,
    pub ensure: &'static str,
    pub newly_built: &'static str,
    pub units: &'static str,
    pub renovated: &'static str,
    pub places: &'static str,
    pub focus: &'static str,
    pub delegates: &'static str,
    pub opening: &'static str,
    pub closing: &'static str,
    pub campaign_open: &'static str,
    pub campaign_close: &'static str,
}

pub const SIMPLIFIED: Vocab = Vocab {
    verbs: &[
        "推进", "加快", "深化", "完善", "强化", "落实", "扩大", "提升", "优化", "巩固", "健全",
        "统筹", "加强", "促进", "支持", "稳定", "培育", "壮大", "规范", "保障",
    ],
    objects: &[
        "生态保护",
        "民生保障",
        "就业服务",
        "基础设施",
        "公共服务",
        "城乡融合",
        "对外开放",
        "财政管理",
        "社会治理",
        "污染防治",
        "粮食生产",
        "防灾减灾",
        "医疗卫生",
        "养老服务",
        "教育事业",
        "住房保障",
        "交通体系",
        "水利工程",
        "市场主体",
        "重点项目",
        "开发区建设",
        "文化事业",
        "安全生产",
        "河湖治理",
        "农田建设",
        "旅游消费",
        "外贸外资",
        "国资国企",
        "民营经济",
        "普惠金融",
        "职业教育",
        "社区服务",
        "食品安全",
        "法治政府",
        "政务公开",
        "人才队伍",
        "创新平台",
        "先进制造业",
        "现代农业",
        "县域经济",
    ],
    results: &[
        "取得明显成效",
        "迈出坚实步伐",
        "实现稳步增长",
        "得到有效改善",
        "保持总体稳定",
        "持续向好",
        "再上新台阶",
    ],
    indicators: &[
        "地区生产总值",
        "一般公共预算收入",
        "城镇新增就业",
        "居民人均可支配收入",
        "固定资产投资",
        "社会消费品零售总额",
        "进出口总额",
        "粮食产量",
        "规模以上工业增加值",
    ],
    principles: &[
        "稳中求进工作总基调",
        "以人民为中心的发展思想",
        "新发展理念",
        "系统观念",
        "底线思维",
    ],
    facilities: &[
        "中小学校",
        "幼儿园",
        "养老机构",
        "农村公路",
        "污水处理厂",
        "社区卫生服务中心",
        "保障性住房",
        "体育场馆",
        "文化站",
    ],
    times: &["过去一年", "一年来", "今年", "上半年", "下一步", "全年"],
    goals: &[
        "社会大局和谐稳定",
        "经济运行在合理区间",
        "群众生活水平不断提高",
        "各项任务落到实处",
        "发展质量稳步提升",
    ],
    majors: &[
        "工作回顾",
        "总体要求和主要目标",
        "重点工作",
        "政府自身建设",
        "民生实事",
        "改革开放",
    ],
    w: Connectors {
        full_year: "全年",
        grew: "增长",
        reached: "达到",
        hundred_million_yuan: "亿元",
        we: "我们",
        new_progress: "取得新进展",
        adhere: "坚持",
        ensure: "确保",
        newly_built: "新建",
        units: "个",
        renovated: "改造",
        places: "处",
        focus: "着力",
        delegates: "各位代表：",
        opening: "受人民政府委托，现将本年度政府工作报告提请大会审议，请各位代表提出意见。",
        closing:
            "各位代表，新的征程已经开启，让我们凝心聚力、真抓实干，为完成全年目标任务而努力奋斗！",
        campaign_open: "深入开展",
        campaign_close: "专项行动",
    },
};

pub const TRADITIONAL: Vocab = Vocab {
    verbs: &[
        "推進", "加快", "深化", "完善", "強化", "落實", "擴大", "提升", "優化", "鞏固", "健全",
        "統籌", "加強", "促進", "支持", "穩定",
    ],
    objects: &[
        "生態保護",
        "民生保障",
        "就業服務",
        "基礎設施",
        "公共服務",
        "城鄉融合",
        "對外開放",
        "財政管理",
        "社會治理",
        "污染防治",
        "糧食生產",
        "醫療衛生",
        "養老服務",
        "教育事業",
        "住房保障",
        "交通體系",
        "水利工程",
        "市場主體",
        "重點項目",
        "旅遊消費",
        "海洋經濟",
        "熱帶農業",
    ],
    results: &[
        "取得明顯成效",
        "邁出堅實步伐",
        "實現穩步增長",
        "得到有效改善",
        "保持總體穩定",
    ],
    indicators: &[
        "地區生產總值",
        "一般公共預算收入",
        "城鎮新增就業",
        "居民人均可支配收入",
        "固定資產投資",
        "社會消費品零售總額",
    ],
    principles: &["穩中求進工作總基調", "以人民為中心的發展思想", "新發展理念"],
    facilities: &[
        "中小學校",
        "幼兒園",
        "養老機構",
        "農村公路",
        "污水處理廠",
        "保障性住房",
    ],
    times: &["過去一年", "一年來", "今年", "下一步"],
    goals: &[
        "社會大局和諧穩定",
        "經濟運行在合理區間",
        "群眾生活水平不斷提高",
        "各項任務落到實處",
    ],
    majors: &["工作回顧", "總體要求和主要目標", "重點工作", "政府自身建設"],
    w: Connectors {
        full_year: "全年",
        grew: "增長",
        reached: "達到",
        hundred_million_yuan: "億元",
        we: "我們",
        new_progress: "取得新進展",
        adhere: "堅持",
        ensure: "確保",
        newly_built: "新建",
        units: "個",
        renovated: "改造",
        places: "處",
        focus: "著力",
        delegates: "各位代表：",
        opening: "受人民政府委託，現將本年度政府工作報告提請大會審議，請各位代表提出意見。",
        closing:
            "各位代表，新的征程已經開啟，讓我們凝心聚力、真抓實幹，為完成全年目標任務而努力奮鬥！",
        campaign_open: "深入開展",
        campaign_close: "專項行動",
    },
};

const CN_NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// 一、二、… for `i` in 0..10.
pub fn cn_numeral(i: usize) -> &'static str {
    CN_NUMERALS[i % CN_NUMERALS.len()]
}

/// A major heading: `一、2019年工作回顾`.
pub fn major_heading(rng: &mut Rng, v: &Vocab, i: usize, year: u32) -> String {
    let topic = v.majors[i % v.majors.len()];
    if i == 0 {
        format!("{}、{}年{}", cn_numeral(i), year - 1, topic)
    } else if rng.chance(500) {
        format!("{}、{}年{}", cn_numeral(i), year, topic)
    } else {
        format!("{}、{}", cn_numeral(i), topic)
    }
}

/// A minor heading: `（一）着力优化营商环境`.
pub fn minor_heading(rng: &mut Rng, v: &Vocab, i: usize) -> String {
    format!(
        "（{}）{}{}{}",
        cn_numeral(i),
        v.w.focus,
        rng.pick(v.verbs),
        rng.pick(v.objects)
    )
}

fn percent(rng: &mut Rng) -> String {
    format!("{}.{}%", rng.range(1, 12), rng.below(10))
}

/// One sentence, ending with 。 (or ；), built from the vocabulary.
pub fn sentence(rng: &mut Rng, v: &Vocab) -> String {
    let w = &v.w;
    match rng.below(8) {
        0 => format!(
            "{}{}，{}{}，{}{}。",
            rng.pick(v.verbs),
            rng.pick(v.objects),
            rng.pick(v.verbs),
            rng.pick(v.objects),
            rng.pick(v.objects),
            rng.pick(v.results)
        ),
        1 => format!(
            "{}{}{}{}，{}{}{}{}。",
            w.full_year,
            rng.pick(v.indicators),
            w.grew,
            percent(rng),
            rng.pick(v.indicators),
            w.reached,
            rng.range(120, 98_000),
            w.hundred_million_yuan
        ),
        2 => format!(
            "{}，{}{}{}，{}{}。",
            rng.pick(v.times),
            w.we,
            rng.pick(v.verbs),
            rng.pick(v.objects),
            rng.pick(v.objects),
            w.new_progress
        ),
        3 => format!(
            "{}{}，{}{}、{}{}。",
            w.adhere,
            rng.pick(v.principles),
            rng.pick(v.verbs),
            rng.pick(v.objects),
            rng.pick(v.verbs),
            rng.pick(v.objects)
        ),
        4 => format!(
            "{}{}{}{}，{}{}{}{}。",
            w.newly_built,
            rng.pick(v.facilities),
            rng.range(3, 480),
            w.units,
            w.renovated,
            rng.pick(v.facilities),
            rng.range(2, 900),
            w.places
        ),
        5 => format!(
            "{}{}，{}{}；",
            rng.pick(v.verbs),
            rng.pick(v.objects),
            w.ensure,
            rng.pick(v.goals)
        ),
        6 => format!(
            "{}“{}{}”{}，{}{}。",
            w.campaign_open,
            rng.pick(v.verbs),
            rng.pick(v.objects),
            w.campaign_close,
            rng.pick(v.objects),
            rng.pick(v.results)
        ),
        _ => format!(
            "{}{}，{}{}{}。",
            rng.pick(v.objects),
            rng.pick(v.results),
            rng.pick(v.indicators),
            w.grew,
            percent(rng)
        ),
    }
}

/// A paragraph of `n` sentences (no line break).
pub fn paragraph(rng: &mut Rng, v: &Vocab, n: usize) -> String {
    let mut p = String::new();
    for _ in 0..n {
        p.push_str(&sentence(rng, v));
    }
    // A paragraph always ends with a full stop, never with ；.
    if p.ends_with('；') {
        p.pop();
        p.push('。');
    }
    p
}

/// English vocabulary (for the English national report and English bench documents).
pub mod english {
    use crate::prng::Rng;

    const VERBS: &[&str] = &[
        "advance",
        "deepen",
        "improve",
        "strengthen",
        "expand",
        "stabilize",
        "upgrade",
        "support",
        "promote",
        "consolidate",
        "modernize",
    ];
    const OBJECTS: &[&str] = &[
        "ecological protection",
        "public services",
        "employment",
        "infrastructure",
        "urban and rural integration",
        "opening up",
        "fiscal management",
        "social governance",
        "pollution control",
        "grain production",
        "disaster prevention",
        "health care",
        "elderly care",
        "education",
        "housing security",
        "transport networks",
        "water conservancy",
        "market entities",
        "major projects",
        "cultural programs",
        "workplace safety",
    ];
    const INDICATORS: &[&str] = &[
        "gross domestic product",
        "general public budget revenue",
        "urban employment",
        "per capita disposable income",
        "fixed asset investment",
        "total retail sales",
        "foreign trade",
        "grain output",
    ];
    const TIMES: &[&str] = &[
        "Last year",
        "Over the past year",
        "This year",
        "Going forward",
    ];
    const RESULTS: &[&str] = &[
        "made solid progress",
        "improved steadily",
        "remained generally stable",
        "reached a new level",
        "achieved notable results",
    ];

    /// One English sentence ending with a period.
    pub fn sentence(rng: &mut Rng) -> String {
        match rng.below(4) {
            0 => format!(
                "{}, we worked to {} {} and {} {}.",
                rng.pick(TIMES),
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS)
            ),
            1 => format!(
                "The growth of {} was {}.{} percent, and {} {}.",
                rng.pick(INDICATORS),
                rng.range(1, 12),
                rng.below(10),
                rng.pick(INDICATORS),
                rng.pick(RESULTS)
            ),
            2 => format!(
                "We will {} {} and {} {} in every region.",
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS)
            ),
            _ => format!(
                "Work on {} {}, with {} new projects completed.",
                rng.pick(OBJECTS),
                rng.pick(RESULTS),
                rng.range(3, 900)
            ),
        }
    }

    pub fn paragraph(rng: &mut Rng, n: usize) -> String {
        let mut p = String::new();
        for i in 0..n {
            if i > 0 {
                p.push(' ');
            }
            p.push_str(&sentence(rng));
        }
        p
    }

    pub const HEADINGS: &[&str] = &[
        "I. A Review of Our Work Last Year",
        "II. Overall Requirements and Policy Priorities",
        "III. Major Tasks for This Year",
        "IV. Improving the Work of the Government",
    ];
}
