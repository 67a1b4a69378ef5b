//! Unit tests of the built-in patterns and of user patterns.

use super::*;
use crate::pattern_file::PatternSet;

/// (rule, matched text, [(capture, text)], form) of every finding, checking the span
/// invariants on the way.
type Hit = (String, String, Vec<(String, String)>, String);

fn hits_with(analyzer: &PhraseAnalyzer, text: &str) -> Vec<Hit> {
    let findings = analyzer.find_all(text);
    let mut last_start = 0;
    for f in &findings {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert!(
            f.span.start >= last_start,
            "not in span order: {findings:?}"
        );
        last_start = f.span.start;
        for c in &f.captures {
            assert!(
                c.span.start >= f.span.start && c.span.end <= f.span.end,
                "{f:?}"
            );
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            assert!(!c.span.is_empty());
        }
    }
    for (i, a) in findings.iter().enumerate() {
        for b in &findings[i + 1..] {
            if a.rule == b.rule {
                assert!(
                    a.span.end <= b.span.start,
                    "overlap in one rule: {a:?} {b:?}"
                );
            }
        }
    }
    findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                text[f.span.start..f.span.end].to_string(),
                f.captures
                    .iter()
                    .map(|c| {
                        (
                            c.name.to_string(),
                            text[c.span.start..c.span.end].to_string(),
                        )
                    })
                    .collect(),
                f.attrs
                    .get("form")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn hits(text: &str) -> Vec<Hit> {
    hits_with(&PhraseAnalyzer::builtin(), text)
}

/// The single `phrase/plus` finding: (text, x, y or "", form).
fn plus1(text: &str) -> (String, String, String, String) {
    let h = hits(text);
    assert_eq!(h.len(), 1, "{text}: {h:?}");
    assert_eq!(h[0].0, "phrase/plus", "{text}: {h:?}");
    let cap = |n: &str| {
        h[0].2
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    (h[0].1.clone(), cap("x"), cap("y"), h[0].3.clone())
}

fn none(text: &str) {
    let h = hits(text);
    assert!(h.is_empty(), "{text}: {h:?}");
}

fn s(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
    (a.into(), b.into(), c.into(), d.into())
}

#[test]
fn quoted_bare() {
    assert_eq!(
        plus1("实施“区块链+”行动"),
        s("“区块链+”", "区块链", "", "quoted-bare")
    );
    assert_eq!(
        plus1("推进「互联网+」，成效明显"),
        s("「互联网+」", "互联网", "", "quoted-bare")
    );
    assert_eq!(
        plus1("『文旅+』"),
        s("『文旅+』", "文旅", "", "quoted-bare")
    );
}

#[test]
fn left_boundary_examples() {
    assert_eq!(
        plus1("深入实施“人工智能+”行动"),
        s("“人工智能+”", "人工智能", "", "quoted-bare")
    );
    assert_eq!(
        plus1("深入实施人工智能+行动"),
        s("人工智能+", "人工智能", "", "bare")
    );
    assert_eq!(
        plus1("大力推进“互联网+政务服务”"),
        s("“互联网+政务服务”", "互联网", "政务服务", "quoted-xy")
    );
    assert_eq!(
        plus1("加快发展区块链+供应链金融。"),
        s("区块链+供应链金融", "区块链", "供应链金融", "xy")
    );
    assert_eq!(
        plus1("积极探索工业互联网+安全生产"),
        s("工业互联网+安全生产", "工业互联网", "安全生产", "xy")
    );
    assert_eq!(
        plus1("我省互联网+医疗健康"),
        s("互联网+医疗健康", "互联网", "医疗健康", "xy")
    );
    // Quoted X ignores stop words inside the quotes.
    assert_eq!(plus1("“数字建设+”").1, "数字建设");
    // No stop word: X is capped at 8 characters.
    assert_eq!(plus1("，甲乙丙丁戊己庚辛壬+").1, "乙丙丁戊己庚辛壬");
}

#[test]
fn x_plus_y_and_y_boundary() {
    assert_eq!(
        plus1("区块链+政务服务"),
        s("区块链+政务服务", "区块链", "政务服务", "xy")
    );
    assert_eq!(plus1("推动人工智能+制造，").2, "制造");
    assert_eq!(plus1("发展互联网+医疗健康等新业态").2, "医疗健康");
    assert_eq!(
        plus1("深化“互联网+政务服务”改革"),
        s("“互联网+政务服务”", "互联网", "政务服务", "quoted-xy")
    );
    assert_eq!(plus1("拓展区块链+政务服务应用").2, "政务服务");
    assert_eq!(
        plus1("建成区块链+政务服务平台"),
        s("区块链+政务服务平台", "区块链", "政务服务平台", "xy")
    );
    assert_eq!(plus1("推广互联网+医疗健康").1, "互联网");
    assert_eq!(plus1("推动区块链+金融发展").2, "金融");
    // Inside quotes, Y runs to the closing quote whatever stop words it contains.
    assert_eq!(
        plus1("培育“大景区+新业态”，"),
        s("“大景区+新业态”", "大景区", "新业态", "quoted-xy")
    );
    assert_eq!(plus1("“科学家+工程师”团队").2, "工程师");
    assert_eq!(plus1("实施“AI+车”战略").2, "车");
    none("实施AI+车战略");
    // A Latin word run on by Han characters is one mixed Y.
    assert_eq!(plus1("推进“互联网+AI监管”。").2, "AI监管");
    assert_eq!(plus1("推进互联网+5G网络。").2, "5G网络");
    // Spaces around the plus.
    assert_eq!(
        plus1("推进区块链 + 政务服务。"),
        s("区块链 + 政务服务", "区块链", "政务服务", "xy")
    );
    // Quotes around X only, unclosed: the quote is not part of the finding.
    assert_eq!(plus1("“区块链+政务服务，").0, "区块链+政务服务");
}

#[test]
fn chains() {
    let h = hits("推动互联网+教育+医疗深度融合。");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].1, "互联网+教育+医疗");
    assert_eq!(h[0].3, "chain");
    let caps: Vec<(&str, &str)> = h[0]
        .2
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(caps, [("x", "互联网"), ("y", "教育"), ("y2", "医疗")]);
    let h = hits("“文化+旅游+体育+康养”");
    assert_eq!(h[0].1, "“文化+旅游+体育+康养”");
    assert_eq!(h[0].3, "quoted-chain");
    assert_eq!(h[0].2.len(), 4);
    assert_eq!(h[0].2[3], ("y3".to_string(), "康养".to_string()));
    let h = hits("深化“市场+资源+应用场景”招商");
    assert_eq!(h[0].1, "“市场+资源+应用场景”");
    assert_eq!(h[0].2[2], ("y2".to_string(), "应用场景".to_string()));
}

#[test]
fn latin_and_mixed() {
    assert_eq!(plus1("实施“AI+”行动"), s("“AI+”", "AI", "", "quoted-bare"));
    assert_eq!(plus1("发展AI+制造"), s("AI+制造", "AI", "制造", "xy"));
    assert_eq!(plus1("推进5G+工业互联网。").1, "5G");
    assert_eq!(
        plus1("the Blockchain+ model"),
        s("Blockchain+", "Blockchain", "", "bare")
    );
    assert_eq!(
        plus1("to develop blockchain + industry in 2020"),
        s("blockchain + industry", "blockchain", "industry", "xy")
    );
    assert_eq!(
        plus1("\"blockchain + industry\" projects"),
        s(
            "\"blockchain + industry\"",
            "blockchain",
            "industry",
            "quoted-xy"
        )
    );
    assert_eq!(
        plus1("the Internet Plus action plan"),
        s("Internet Plus", "Internet", "", "plus-word")
    );
    assert_eq!(plus1("“Internet Plus”").3, "quoted-plus-word");
    assert_eq!(plus1("AI + manufacturing.").2, "manufacturing");
    assert_eq!(
        plus1("推动blockchain+industry落地"),
        s("blockchain+industry", "blockchain", "industry", "xy")
    );
    none("InternetPlus and two plus two");
}

#[test]
fn arithmetic_and_numbers_are_not_plus() {
    none("3+2等于5");
    none("1+1>2的效果");
    none("5+2=7");
    none("企业数量达到100+家");
    none("年份2020+?");
    none("0571-88888888");
    none("拨打+86-571-88888888");
    none("热线+86");
    none("3 + 2 = 5");
}

#[test]
fn policy_system_numerals() {
    let h = hits("构建“1+N”政策体系");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].0, "phrase/policy-system");
    assert_eq!(h[0].1, "“1+N”");
    let h = hits("形成1+X证书制度、1+4+N格局和1+1+N体系");
    let got: Vec<(&str, &str)> = h.iter().map(|h| (h.0.as_str(), h.1.as_str())).collect();
    assert_eq!(
        got,
        [
            ("phrase/policy-system", "1+X"),
            ("phrase/policy-system", "1+4+N"),
            ("phrase/policy-system", "1+1+N")
        ]
    );
    assert_eq!(h[1].2.len(), 3);
    assert_eq!(h[1].2[2], ("y2".to_string(), "N".to_string()));
    none("1+1=2");
    // All-number systems count only inside quotes.
    let h = hits("加快构建“3+2”现代化产业体系，“2+3+6+6”产业集群，对外开放“1+ N”政策");
    let got: Vec<(&str, &str)> = h.iter().map(|h| (h.0.as_str(), h.1.as_str())).collect();
    assert_eq!(
        got,
        [
            ("phrase/policy-system", "“3+2”"),
            ("phrase/policy-system", "“2+3+6+6”"),
            ("phrase/policy-system", "“1+ N”")
        ]
    );
    none("3+2现代化产业体系");
    none("“1+1>2”");
}

#[test]
fn lists_grades_urls() {
    none("任务（1）+（2）");
    none("①+②");
    none("项目1+项目2");
    none("第一+第二");
    none("数字经济+（1）");
    none("C++ and A+ and AA+ ratings");
    none("a+b@x.com");
    none("write to news+tech@example.com");
    none("see http://example.com/search+query");
    none("区块链+链");
}

#[test]
fn captures_match_attrs() {
    let a = PhraseAnalyzer::builtin();
    let text = "推进区块链+政务服务";
    let f = &a.find_all(text)[0];
    assert_eq!(f.attrs.get("x").and_then(|v| v.as_str()), Some("区块链"));
    assert_eq!(f.attrs.get("y").and_then(|v| v.as_str()), Some("政务服务"));
    assert_eq!(&*f.captures[0].name, "x");
    assert_eq!(f.span.start, "推进".len());
}

#[test]
fn rule_ids_are_shared() {
    let a = PhraseAnalyzer::builtin();
    let f = a.find_all("区块链+政务服务，人工智能+制造");
    assert_eq!(f.len(), 2);
    assert!(Arc::ptr_eq(&f[0].rule, &f[1].rule));
    assert!(Arc::ptr_eq(&f[0].captures[0].name, &f[1].captures[0].name));
}

#[test]
fn rules_and_hash() {
    let a = PhraseAnalyzer::builtin();
    let ids: Vec<String> = a.rules().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["phrase/plus", "phrase/policy-system"]);
    assert_eq!(a.config_hash().len(), 64);
    assert_eq!(a.config_hash(), PhraseAnalyzer::builtin().config_hash());
    let f = PatternSet::parse("[[pattern]]\nname = \"e\"\npattern = \"{x}赋能\"\n", "f")
        .expect("parses");
    let b = PhraseAnalyzer::new(&PatternSet::compose(true, &[f]));
    assert_ne!(a.config_hash(), b.config_hash());
}

fn user(src: &str) -> PhraseAnalyzer {
    let f = PatternSet::parse(src, "user.toml").expect("parses");
    PhraseAnalyzer::new(&PatternSet::compose(false, &[f]))
}

#[test]
fn user_pattern_empower() {
    let a = user(
        "[[pattern]]\nname = \"empower\"\npattern = \"{x}赋能{y}\"\n\
         [pattern.slots.x]\nscript = \"han\"\nmin = 2\nmax = 6\nstop_words = [\"推进\", \"以\"]\n\
         [pattern.slots.y]\nscript = \"han\"\nmin = 2\nmax = 6\nstop_words = [\"发展\"]\n",
    );
    let h = hits_with(&a, "推进数字技术赋能实体经济发展，以区块链赋能。");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].0, "phrase/empower");
    assert_eq!(h[0].1, "数字技术赋能实体经济");
    assert_eq!(
        h[0].2,
        [
            ("x".to_string(), "数字技术".to_string()),
            ("y".to_string(), "实体经济".to_string())
        ]
    );
}

#[test]
fn user_pattern_latin_literal() {
    let a = user(
        "[[pattern]]\nname = \"industry\"\npattern = \"{x} + industry\"\nspaces = \"optional\"\n\
         [pattern.slots.x]\nscript = \"latin\"\nmin = 2\n",
    );
    let h = hits_with(
        &a,
        "We push blockchain + industry, AI+industry and cloud + industrywide.",
    );
    let got: Vec<(&str, &str)> = h
        .iter()
        .map(|h| (h.1.as_str(), h.2[0].1.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("blockchain + industry", "blockchain"),
            ("AI+industry", "AI")
        ]
    );
}

#[test]
fn user_pattern_interior_slot() {
    let a = user(
        "[[pattern]]\nname = \"from-to\"\npattern = \"从{a}到{b}\"\n\
         [pattern.slots.a]\nscript = \"han\"\nmin = 1\nmax = 4\n\
         [pattern.slots.b]\nscript = \"han\"\nmin = 1\nmax = 4\nstop_words = [\"的\"]\n",
    );
    let h = hits_with(&a, "实现从制造到智造的转变");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].1, "从制造到智造");
    assert_eq!(h[0].2[0].1, "制造");
    assert_eq!(h[0].2[1].1, "智造");
}

#[test]
fn user_file_replaces_builtin_rule_by_name() {
    let f = PatternSet::parse(
        "[[pattern]]\nname = \"plus\"\npattern = \"{x}加{y}\"\n\
         [pattern.slots.x]\nscript = \"han\"\nmin = 2\n[pattern.slots.y]\nscript = \"han\"\nmin = 2\n",
        "f",
    )
    .expect("parses");
    let a = PhraseAnalyzer::new(&PatternSet::compose(true, &[f]));
    let h = hits_with(&a, "区块链+政务，旅游加体育，1+N");
    let got: Vec<(&str, &str)> = h.iter().map(|h| (h.0.as_str(), h.1.as_str())).collect();
    assert_eq!(
        got,
        [
            ("phrase/plus", "旅游加体育"),
            ("phrase/policy-system", "1+N")
        ]
    );
}

#[test]
fn normalized_text_from_the_corpus() {
    let raw = "深入实施“人工智能＋”行动，推进区块\n链＋政务服务，发展ＡＩ＋制造。";
    let norm = policyscan_corpus::normalize::normalize(raw);
    let h = hits(&norm.text);
    let got: Vec<&str> = h.iter().map(|h| h.1.as_str()).collect();
    assert_eq!(got, ["“人工智能+”", "区块链+政务服务", "AI+制造"]);
}

#[test]
fn empty_and_plus_only_texts() {
    none("");
    none("+");
    none("++++");
    none("“+”");
    none("区块链");
}

#[test]
fn ordinal_items_are_not_x_but_fifth_generation_is() {
    let a = PhraseAnalyzer::builtin();
    let text = "第一+第二批次衔接，推广“第五代移动通信+医疗”模式。";
    let found = a.find_all(text);
    let plus: Vec<&str> = found
        .iter()
        .filter(|f| &*f.rule == "phrase/plus")
        .map(|f| &text[f.span.start..f.span.end])
        .collect();
    assert_eq!(plus, ["“第五代移动通信+医疗”"]);
}
