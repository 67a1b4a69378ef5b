//! Citation sentences planted in the sample corpus, with the citations of registered
//! documents each must yield (the way the citation matrix counts them: a title with its
//! 文号 in brackets is one citation, a short form resolved to a registered title is one
//! more, a work in 《》 is none). The sample reports then answer "which provinces cite
//! which central documents" with a known answer.

use crate::plant::DocText;

/// One planted sentence and its expected citations (registry id, count).
#[derive(Debug, Clone, Copy)]
pub struct CitationPlant {
    pub text: &'static str,
    pub citations: &'static [(&'static str, usize)],
    /// Every citation finding it yields (titles, works and 文号 included).
    pub findings: usize,
}

const PLATFORM: CitationPlant = CitationPlant {
    text: "我们认真落实《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》\
           （国发〔2018〕27号），推动更多事项网上办理、就近办理。",
    citations: &[("gf-2018-27-national-online-government-services-platform", 1)],
    findings: 2, // the title and its 文号
};

const CROSS_PROVINCE: CitationPlant = CitationPlant {
    text: "按照国办发〔2020〕35号文件要求，推进高频事项“跨省通办”，异地办事更加便利。",
    citations: &[("gbf-2020-35-cross-province-services", 1)],
    findings: 1, // the 文号
};

const PROPOSAL: CitationPlant = CitationPlant {
    text: "根据《中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议》，\
           我们编制了本地规划纲要草案，《建议》提出的各项任务已逐项分解落实。",
    citations: &[("fyp14-proposal", 2)],
    findings: 2, // the title and 《建议》
};

const CIVIL_CODE: CitationPlant = CitationPlant {
    text: "深入学习宣传《中华人民共和国民法典》，组织观看电视剧《山海情》，法治社会建设扎实推进。",
    citations: &[("law-civil-code", 1)],
    findings: 2, // the law and the TV series
};

/// Which region-years cite what.
const PLAN: &[(u32, &[&str], CitationPlant)] = &[
    (2019, &["beijing", "shandong", "sichuan"], PLATFORM),
    (
        2020,
        &[
            "tianjin",
            "hebei",
            "shanxi",
            "liaoning",
            "jiangsu",
            "zhejiang",
            "anhui",
            "guangdong",
        ],
        PLATFORM,
    ),
    (
        2021,
        &[
            "national",
            "beijing",
            "shanghai",
            "jiangsu",
            "zhejiang",
            "fujian",
            "hunan",
            "guangdong",
            "chongqing",
            "sichuan",
            "yunnan",
            "shaanxi",
        ],
        PROPOSAL,
    ),
    (
        2021,
        &["tianjin", "hebei", "hubei", "guangxi", "guizhou", "gansu"],
        CROSS_PROVINCE,
    ),
    (2021, &["shanghai", "anhui", "jiangxi", "henan"], CIVIL_CODE),
];

/// What one report gets: the paragraph, its registered citations and all its findings.
#[derive(Debug)]
pub struct Planted {
    pub paragraph: DocText,
    pub citations: Vec<(&'static str, usize)>,
    pub findings: usize,
}

/// The citation sentences planted in the report of `region` in `year`, as one paragraph.
pub fn paragraph(year: u32, region: &str) -> Option<Planted> {
    let plants: Vec<&CitationPlant> = PLAN
        .iter()
        .filter(|(y, regions, _)| *y == year && regions.contains(&region))
        .map(|(_, _, p)| p)
        .collect();
    if plants.is_empty() {
        return None;
    }
    let mut planted = Planted {
        paragraph: DocText::default(),
        citations: Vec::new(),
        findings: 0,
    };
    for p in plants {
        planted.paragraph.text(p.text);
        planted.citations.extend_from_slice(p.citations);
        planted.findings += p.findings;
    }
    Some(planted)
}
