//! What kind of thing a 《》 title names, decided from the title's own words (its last word
//! above all: 意见, 条例, 规划 …) and from a cue word right before the 《 (电视剧《…》).
//! The rules and their limits are listed in the crate documentation.

/// The category of a cited title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Law,
    Plan,
    Policy,
    Treaty,
    Official,
    ShortForm,
    Work,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Law,
        Category::Plan,
        Category::Policy,
        Category::Treaty,
        Category::Official,
        Category::ShortForm,
        Category::Work,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Law => "law",
            Category::Plan => "plan",
            Category::Policy => "policy",
            Category::Treaty => "treaty",
            Category::Official => "official",
            Category::ShortForm => "short-form",
            Category::Work => "work",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Categories a registry entry may have: a registry lists documents, not works or
    /// back-references.
    pub fn is_document(self) -> bool {
        !matches!(self, Category::ShortForm | Category::Work)
    }
}

/// A category and the reason for it (`form:意见`, `cue:电视剧`, `short:纲要`, `no-form` …),
/// kept in the output so every classification can be checked by reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub category: Category,
    pub basis: String,
}

/// A title without its trailing qualifiers, and whether they marked a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Core<'a> {
    pub core: &'a str,
    pub draft: bool,
}

/// Longest trailing parenthetical taken as a qualifier, in characters: （草案）,
/// （试行）, （2021—2035年）, （征求意见稿）.
const MAX_QUALIFIER_CHARS: usize = 24;

/// Unbracketed trailing qualifiers (纲要草案 → 纲要).
const BARE_QUALIFIERS: [&str; 5] = ["修订草案", "征求意见稿", "送审稿", "草案", "试行"];

/// Strips trailing qualifiers from a title (written with ASCII parentheses, as the
/// normalized view has them): 纲要(草案) and 纲要草案 → 纲要, draft.
pub fn strip_qualifiers(title: &str) -> Core<'_> {
    let mut core = title.trim_end();
    let mut draft = false;
    loop {
        if let Some(inner_end) = core.strip_suffix(')') {
            if let Some(open) = inner_end.rfind('(') {
                let qualifier = &inner_end[open + 1..];
                if open > 0 && qualifier.chars().count() <= MAX_QUALIFIER_CHARS {
                    draft |= qualifier.contains("草案") || qualifier.contains("征求意见稿");
                    core = inner_end[..open].trim_end();
                    continue;
                }
            }
        }
        if let Some(q) = BARE_QUALIFIERS
            .iter()
            .find(|q| core.len() > q.len() && core.ends_with(*q))
        {
            draft |= *q != "试行";
            core = &core[..core.len() - q.len()];
            continue;
        }
        return Core { core, draft };
    }
}

/// Back-references: a title that is nothing but a form word (after 该 / 本 / 上述).
pub const SHORT_HEADS: &[&str] = &[
    "纲要",
    "规划",
    "规划纲要",
    "建议",
    "意见",
    "实施意见",
    "指导意见",
    "若干意见",
    "决定",
    "通知",
    "方案",
    "实施方案",
    "工作方案",
    "总体方案",
    "行动方案",
    "条例",
    "办法",
    "实施办法",
    "管理办法",
    "规定",
    "若干规定",
    "细则",
    "实施细则",
    "措施",
    "若干措施",
    "政策措施",
    "若干政策措施",
    "计划",
    "行动计划",
    "报告",
    "决议",
    "协定",
    "公约",
    "条约",
];

const SHORT_PREFIXES: [&str; 5] = ["上述", "这个", "该", "本", "此"];

/// The form word a title consists of, when it is a back-reference.
pub fn short_head(core: &str) -> Option<&'static str> {
    let bare = SHORT_PREFIXES
        .iter()
        .find_map(|p| core.strip_prefix(p))
        .unwrap_or(core);
    SHORT_HEADS.iter().copied().find(|h| *h == bare)
}

/// Words right before a 《 that announce a work, not a document.
const WORK_CUES: &[&str] = &[
    "电影",
    "影片",
    "电视剧",
    "剧集",
    "网剧",
    "纪录片",
    "专题片",
    "动画片",
    "动画",
    "微电影",
    "歌曲",
    "歌剧",
    "舞剧",
    "话剧",
    "音乐剧",
    "戏剧",
    "京剧",
    "川剧",
    "豫剧",
    "越剧",
    "黄梅戏",
    "秦腔",
    "小说",
    "图书",
    "书籍",
    "专著",
    "著作",
    "诗集",
    "散文集",
    "杂志",
    "期刊",
    "报纸",
    "栏目",
    "节目",
    "综艺",
    "作品",
    "剧目",
    "舞蹈",
    "交响乐",
    "主题曲",
    "丛书",
    "读物",
    "刊物",
    "展览",
    "大展",
];

/// Title endings that name works: newspapers, journals, collections, reference books.
const WORK_ENDINGS: &[&str] = &[
    "日报",
    "晚报",
    "时报",
    "周报",
    "学报",
    "画报",
    "商报",
    "杂志",
    "周刊",
    "月刊",
    "半月刊",
    "文选",
    "文集",
    "全集",
    "选集",
    "词典",
    "辞典",
    "字典",
    "通史",
    "文库",
    "丛书",
    "兵法",
    "报",
    "传",
    "记",
    "志",
];

/// Endings that name documents, longest first within each family where they overlap.
const FORMS: &[(&str, Category)] = &[
    ("联合声明", Category::Treaty),
    ("联合宣言", Category::Treaty),
    ("联合公报", Category::Treaty),
    ("议定书", Category::Treaty),
    ("备忘录", Category::Treaty),
    ("条约", Category::Treaty),
    ("协定", Category::Treaty),
    ("公约", Category::Treaty),
    ("宪章", Category::Treaty),
    ("协议", Category::Treaty),
    ("政府工作报告", Category::Official),
    ("白皮书", Category::Official),
    ("报告", Category::Official),
    ("公报", Category::Official),
    ("法典", Category::Law),
    ("宪法", Category::Law),
    ("条例", Category::Law),
    ("规定", Category::Law),
    ("办法", Category::Law),
    ("细则", Category::Law),
    ("规则", Category::Law),
    ("准则", Category::Law),
    ("章程", Category::Law),
    ("规程", Category::Law),
    ("守则", Category::Law),
    ("政策与行动", Category::Official),
    ("规划", Category::Plan),
    ("纲要", Category::Plan),
    ("计划", Category::Plan),
    ("蓝图", Category::Plan),
    ("路线图", Category::Plan),
    ("预案", Category::Plan),
    ("意见", Category::Policy),
    ("决定", Category::Policy),
    ("通知", Category::Policy),
    ("方案", Category::Policy),
    ("措施", Category::Policy),
    ("建议", Category::Policy),
    ("决议", Category::Policy),
    ("通告", Category::Policy),
    ("公告", Category::Policy),
    ("指南", Category::Policy),
    ("指引", Category::Policy),
    ("批复", Category::Policy),
    ("通报", Category::Policy),
    ("清单", Category::Policy),
    ("目录", Category::Policy),
    ("倡议", Category::Policy),
    ("纪要", Category::Policy),
    ("要点", Category::Policy),
    ("战略", Category::Policy),
    ("政策", Category::Policy),
    ("函", Category::Policy),
];

/// Words ending in 法 that are not laws.
const NOT_LAW_FA: &[&str] = &[
    "兵法", "书法", "方法", "手法", "做法", "想法", "说法", "看法", "用法", "技法", "画法", "疗法",
    "笔法", "章法", "戏法", "魔法", "佛法", "语法", "文法", "写法", "刀法", "拳法", "心法", "剑法",
    "功法", "阵法",
];

/// Classifies a title (as it reads after normalization, without the 《》) that appears
/// right after `before` in the text.
pub fn classify(title: &str, before: &str) -> Classification {
    let found = |category, basis: String| Classification { category, basis };
    let Core { core, .. } = strip_qualifiers(title);
    if let Some(head) = short_head(core) {
        return found(Category::ShortForm, format!("short:{head}"));
    }
    if let Some(cue) = WORK_CUES.iter().find(|c| before.ends_with(*c)) {
        return found(Category::Work, format!("cue:{cue}"));
    }
    if let Some((word, category)) = FORMS.iter().find(|(w, _)| core.ends_with(w)) {
        // A one-character ending (函) needs a longer title: 《公函》 is not a citation.
        if word.chars().count() > 1 || core.chars().count() > 3 {
            return found(*category, format!("form:{word}"));
        }
    }
    if core.ends_with('法') && core.chars().count() >= 3 {
        if let Some(not_law) = NOT_LAW_FA.iter().find(|w| core.ends_with(*w)) {
            return found(Category::Work, format!("work:{not_law}"));
        }
        return found(Category::Law, "form:法".into());
    }
    if let Some(ending) = WORK_ENDINGS.iter().find(|e| core.ends_with(*e)) {
        return found(Category::Work, format!("work:{ending}"));
    }
    if ends_with_year(core) {
        return found(Category::Plan, "form:year".into());
    }
    if core.starts_with('告') && core.ends_with('书') {
        return found(Category::Official, "form:告书".into());
    }
    if core.contains("关于") {
        return found(Category::Policy, "form:关于".into());
    }
    found(Category::Work, "no-form".into())
}

/// 中国制造2025, 健康中国2030: a programme named by its target year.
fn ends_with_year(core: &str) -> bool {
    let bytes = core.as_bytes();
    let n = bytes.len();
    n > 4
        && bytes[n - 4..].iter().all(u8::is_ascii_digit)
        && matches!(&bytes[n - 4..n - 2], b"19" | b"20")
        && core[..n - 4]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(title: &str) -> (&'static str, String) {
        let c = classify(title, "");
        (c.category.as_str(), c.basis)
    }

    #[test]
    fn qualifiers() {
        let c = strip_qualifiers("国民经济和社会发展第十五个五年规划纲要(草案)");
        assert_eq!(c.core, "国民经济和社会发展第十五个五年规划纲要");
        assert!(c.draft);
        assert_eq!(strip_qualifiers("纲要草案").core, "纲要");
        assert!(strip_qualifiers("纲要草案").draft);
        let c = strip_qualifiers("知识产权强国建设纲要(2021-2035年)");
        assert_eq!((c.core, c.draft), ("知识产权强国建设纲要", false));
        assert_eq!(strip_qualifiers("办法(试行)").core, "办法");
        assert_eq!(strip_qualifiers("草案").core, "草案");
    }

    #[test]
    fn categories() {
        assert_eq!(cat("中华人民共和国数据安全法").0, "law");
        assert_eq!(cat("民营经济促进法").0, "law");
        assert_eq!(cat("中华人民共和国民法典").0, "law");
        assert_eq!(cat("优化营商环境条例").0, "law");
        assert_eq!(cat("廉政准则").0, "law");
        assert_eq!(cat("中华人民共和国预算法").0, "law");
        assert_eq!(
            cat("国务院办公厅关于对真抓实干成效明显地方予以督查激励的通报").0,
            "policy"
        );
        assert_eq!(cat("反分裂国家法(草案)").0, "law");
        assert_eq!(cat("国家突发公共事件总体应急预案").0, "plan");
        assert_eq!(cat("中国应对气候变化的政策与行动").0, "official");
        assert_eq!(cat("中国制造2025").0, "plan");
        assert_eq!(
            cat("某省国民经济和社会发展第十五个五年规划纲要(草案)").0,
            "plan"
        );
        assert_eq!(cat("国务院关于积极推进“互联网+”行动的指导意见").0, "policy");
        assert_eq!(cat("区域全面经济伙伴关系协定").0, "treaty");
        assert_eq!(cat("关于世界多极化和建立国际新秩序的联合声明").0, "treaty");
        assert_eq!(cat("政府工作报告").0, "official");
        assert_eq!(cat("告台湾同胞书").0, "official");
        assert_eq!(cat("纲要草案"), ("short-form", "short:纲要".into()));
        assert_eq!(cat("纲要(草案)").0, "short-form");
        assert_eq!(cat("实施办法").0, "short-form");
        assert_eq!(cat("人民日报"), ("work", "work:日报".into()));
        assert_eq!(cat("孙子兵法"), ("work", "work:兵法".into()));
        assert_eq!(cat("邓小平文选").0, "work");
        assert_eq!(cat("山海情"), ("work", "no-form".into()));
        assert_eq!(cat("公函").0, "work");
        let c = classify("星际计划", "观看电影");
        assert_eq!((c.category, c.basis.as_str()), (Category::Work, "cue:电影"));
    }
}
