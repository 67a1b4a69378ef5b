//! Unit tests. Every sentence here is synthetic.

use policyscan_api::text_rules::normalize_pattern;
use policyscan_api::{Analyzer, AnalyzerFactory, Document, Finding};

use super::*;

fn analyze(text: &str) -> Vec<Finding> {
    let analyzer = GrowthTargetAnalyzer::new();
    let doc = Document {
        id: "t",
        text,
        region: None,
        year: None,
    };
    let mut out: Vec<Finding> = Vec::new();
    analyzer
        .analyze(&doc, &mut out)
        .expect("analyze never fails");
    check_invariants(text, &out);
    out
}

/// Spans inside the text and on char boundaries, captures inside their finding, findings in
/// span order without overlap.
fn check_invariants(text: &str, findings: &[Finding]) {
    let mut last_end = 0;
    for f in findings {
        assert_eq!(&*f.rule, RULE_ID);
        assert!(f.span.start < f.span.end, "empty span in {text:?}");
        assert!(f.span.end <= text.len(), "span past the end in {text:?}");
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert!(f.span.start >= last_end, "overlap or disorder in {text:?}");
        last_end = f.span.end;
        for c in &f.captures {
            assert!(
                c.span.start < c.span.end,
                "empty capture {} in {text:?}",
                c.name
            );
            assert!(f.span.start <= c.span.start && c.span.end <= f.span.end);
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        }
        for key in ["value", "unit", "qualifier", "direction"] {
            assert!(f.attrs.contains_key(key), "attr {key} missing in {text:?}");
        }
    }
}

/// What a test expects of one finding.
#[derive(Debug, PartialEq)]
struct Seen {
    matched: String,
    indicator: Option<String>,
    value: String,
    unit: String,
    qualifier: Option<String>,
    qualifier_kind: String,
    direction: String,
}

fn capture(text: &str, f: &Finding, name: &str) -> Option<String> {
    f.captures
        .iter()
        .find(|c| &*c.name == name)
        .map(|c| text[c.span.start..c.span.end].to_string())
}

fn attr(f: &Finding, name: &str) -> Option<String> {
    f.attrs
        .get(name)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn seen(text: &str, f: &Finding) -> Seen {
    let s = Seen {
        matched: text[f.span.start..f.span.end].to_string(),
        indicator: capture(text, f, "indicator"),
        value: attr(f, "value").expect("value attr"),
        unit: capture(text, f, "unit").expect("unit capture"),
        qualifier: capture(text, f, "qualifier"),
        qualifier_kind: attr(f, "qualifier").expect("qualifier attr"),
        direction: attr(f, "direction").expect("direction attr"),
    };
    // The attributes repeat the captured text.
    assert_eq!(attr(f, "indicator"), s.indicator);
    assert_eq!(attr(f, "unit").as_deref(), Some(s.unit.as_str()));
    s
}

/// The only finding in `text`.
fn one(text: &str) -> Seen {
    let text = normalize_pattern(text);
    let found = analyze(&text);
    assert_eq!(
        found.len(),
        1,
        "expected one finding in {text:?}, got {found:#?}"
    );
    seen(&text, &found[0])
}

#[allow(clippy::too_many_arguments)]
fn expect(
    text: &str,
    matched: &str,
    indicator: Option<&str>,
    value: &str,
    unit: &str,
    qualifier: Option<&str>,
    qualifier_kind: &str,
    direction: &str,
) {
    let want = Seen {
        matched: matched.into(),
        indicator: indicator.map(Into::into),
        value: value.into(),
        unit: unit.into(),
        qualifier: qualifier.map(Into::into),
        qualifier_kind: qualifier_kind.into(),
        direction: direction.into(),
    };
    assert_eq!(one(text), want, "in {text:?}");
}

// ---------------------------------------------------------------------------------------
// The factory.

#[test]
fn every_example_passes() {
    let factory = GrowthTargetFactory;
    let examples = factory.examples();
    assert!((4..=6).contains(&examples.len()));
    let built = factory
        .create(&serde_json::json!({}))
        .expect("default config");
    for ex in examples {
        // The host normalizes the example text first, as it does documents.
        let text = normalize_pattern(&ex.text);
        let doc = Document {
            id: "example",
            text: &text,
            region: None,
            year: None,
        };
        let mut found: Vec<Finding> = Vec::new();
        built.analyzer.analyze(&doc, &mut found).expect("analyze");
        let got: Vec<(String, String)> = found
            .iter()
            .map(|f| {
                (
                    f.rule.to_string(),
                    text[f.span.start..f.span.end].to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = ex
            .expected
            .iter()
            .map(|e| (e.rule.clone(), e.text.clone()))
            .collect();
        assert_eq!(got, want, "example {:?}", ex.text);
    }
}

#[test]
fn config_is_empty_or_null() {
    let factory = GrowthTargetFactory;
    assert!(factory.create(&serde_json::json!({})).is_ok());
    assert!(factory.create(&serde_json::Value::Null).is_ok());
    let err = factory
        .create(&serde_json::json!({"min_value": 3}))
        .expect_err("unknown key is an error");
    assert!(err.contains("min_value"), "{err}");
    assert!(factory.create(&serde_json::json!([1])).is_err());
}

#[test]
fn info_rules_and_hash() {
    let info = GrowthTargetFactory.info();
    assert_eq!(info.id, "growth-target");
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    assert!(!info.description.contains('\n'));
    let built = GrowthTargetFactory
        .create(&serde_json::json!({}))
        .expect("build");
    assert_eq!(built.analyzer.id(), ANALYZER_ID);
    assert!(built.problems.is_empty());
    let rules = built.analyzer.rules();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].id, "growth-target/target");
    assert_eq!(built.analyzer.config_hash(), "growth-target-1");
}

// ---------------------------------------------------------------------------------------
// Chinese forms.

#[test]
fn gdp_forms() {
    expect(
        "地区生产总值增长6%左右",
        "地区生产总值增长6%左右",
        Some("地区生产总值"),
        "6",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
    expect(
        "今年国内生产总值增长5.5%左右。",
        "国内生产总值增长5.5%左右",
        Some("国内生产总值"),
        "5.5",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
    expect(
        "力争GDP增长6%以上",
        "GDP增长6%以上",
        Some("GDP"),
        "6",
        "%",
        Some("以上"),
        "above",
        "increase",
    );
    expect(
        "，增长6.5%以上；",
        "增长6.5%以上",
        None,
        "6.5",
        "%",
        Some("以上"),
        "above",
        "increase",
    );
    expect(
        "经济增长7%左右",
        "经济增长7%左右",
        Some("经济"),
        "7",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
}

#[test]
fn prices_unemployment_and_deficit() {
    expect(
        "居民消费价格涨幅3%左右",
        "居民消费价格涨幅3%左右",
        Some("居民消费价格"),
        "3",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
    expect(
        "城镇调查失业率5.5%左右",
        "城镇调查失业率5.5%左右",
        Some("城镇调查失业率"),
        "5.5",
        "%",
        Some("左右"),
        "around",
        "level",
    );
    expect(
        "赤字率拟按3%安排",
        "赤字率拟按3%",
        Some("赤字率"),
        "3",
        "%",
        None,
        "exact",
        "level",
    );
    expect(
        "居民消费价格涨幅控制在3%以内",
        "居民消费价格涨幅控制在3%以内",
        Some("居民消费价格涨幅"),
        "3",
        "%",
        Some("以内"),
        "below",
        "cap",
    );
    expect(
        "控制在5.5%以内",
        "控制在5.5%以内",
        None,
        "5.5",
        "%",
        Some("以内"),
        "below",
        "cap",
    );
    // A level qualified by 以内 is a cap.
    expect(
        "，失业率5%以内",
        "失业率5%以内",
        Some("失业率"),
        "5",
        "%",
        Some("以内"),
        "below",
        "cap",
    );
}

#[test]
fn ranges() {
    expect(
        "增长8%-9%",
        "增长8%-9%",
        None,
        "8-9",
        "%",
        None,
        "range",
        "increase",
    );
    expect(
        "增长8-9%",
        "增长8-9%",
        None,
        "8-9",
        "%",
        None,
        "range",
        "increase",
    );
    expect(
        "增长6%至6.5%",
        "增长6%至6.5%",
        None,
        "6-6.5",
        "%",
        None,
        "range",
        "increase",
    );
    expect(
        "增长6%~6.5%左右",
        "增长6%~6.5%左右",
        None,
        "6-6.5",
        "%",
        Some("左右"),
        "range",
        "increase",
    );
    // The value capture runs from the first digit to the last.
    let text = "工业增加值增长8%-9%";
    let f = &analyze(text)[0];
    assert_eq!(capture(text, f, "value").as_deref(), Some("8%-9"));
    // Different units: not a range; the first figure stands alone.
    expect(
        "增长8%-9万人",
        "增长8%",
        None,
        "8",
        "%",
        None,
        "exact",
        "increase",
    );
    // A separator not followed by a figure with a unit.
    expect(
        "增长6%至2025年",
        "增长6%",
        None,
        "6",
        "%",
        None,
        "exact",
        "increase",
    );
}

#[test]
fn decreases_and_points() {
    expect(
        "下降3%左右",
        "下降3%左右",
        None,
        "3",
        "%",
        Some("左右"),
        "around",
        "decrease",
    );
    expect(
        "单位能耗降低13.5%",
        "单位能耗降低13.5%",
        Some("单位能耗"),
        "13.5",
        "%",
        None,
        "exact",
        "decrease",
    );
    expect(
        "城镇调查失业率下降0.5个百分点",
        "城镇调查失业率下降0.5个百分点",
        Some("城镇调查失业率"),
        "0.5",
        "个百分点",
        None,
        "exact",
        "decrease",
    );
}

#[test]
fn counts() {
    expect(
        "新增城镇就业1100万人以上",
        "新增城镇就业1100万人以上",
        Some("新增城镇就业"),
        "1100",
        "万人",
        Some("以上"),
        "above",
        "level",
    );
    expect(
        "粮食产量1.3万亿斤以上",
        "粮食产量1.3万亿斤以上",
        Some("粮食产量"),
        "1.3",
        "万亿斤",
        Some("以上"),
        "above",
        "level",
    );
}

#[test]
fn indicator_boundaries() {
    // Stop words and adverbs.
    expect(
        "确保地区生产总值年均增长6%",
        "地区生产总值年均增长6%",
        Some("地区生产总值"),
        "6",
        "%",
        None,
        "exact",
        "increase",
    );
    expect(
        "社会消费品零售总额同比增长8%",
        "社会消费品零售总额同比增长8%",
        Some("社会消费品零售总额"),
        "8",
        "%",
        None,
        "exact",
        "increase",
    );
    expect(
        "GDP比2020年增长6%",
        "GDP比2020年增长6%",
        Some("GDP"),
        "6",
        "%",
        None,
        "exact",
        "increase",
    );
    expect(
        "国内生产总值预期增长5%左右",
        "国内生产总值预期增长5%左右",
        Some("国内生产总值"),
        "5",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
    // A year before the indicator.
    expect(
        "2020年GDP增长6%",
        "GDP增长6%",
        Some("GDP"),
        "6",
        "%",
        None,
        "exact",
        "increase",
    );
    // An ASCII run with a letter stays part of the indicator.
    expect(
        "PM2.5浓度下降10%",
        "PM2.5浓度下降10%",
        Some("PM2.5浓度"),
        "10",
        "%",
        None,
        "exact",
        "decrease",
    );
    // A target word and connectors between verb and number.
    expect(
        "国内生产总值增长目标为6%左右",
        "国内生产总值增长目标为6%左右",
        Some("国内生产总值"),
        "6",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
    expect(
        "研发投入增长达到约7%",
        "研发投入增长达到约7%",
        Some("研发投入"),
        "7",
        "%",
        Some("约"),
        "around",
        "increase",
    );
    // Too long to be a noun phrase: no indicator, the finding starts at the verb.
    let f = one("这一个非常非常长而且没有任何标点符号句子里面数值增长6%");
    assert_eq!(f.matched, "增长6%");
    assert_eq!(f.indicator, None);
}

#[test]
fn full_width_after_normalization() {
    expect(
        "国内生产总值增长６．５％以上",
        "国内生产总值增长6.5%以上",
        Some("国内生产总值"),
        "6.5",
        "%",
        Some("以上"),
        "above",
        "increase",
    );
    expect(
        "ＧＤＰ增长８％－９％",
        "GDP增长8%-9%",
        Some("GDP"),
        "8-9",
        "%",
        None,
        "range",
        "increase",
    );
    // A line break between CJK characters is removed by normalization.
    expect(
        "地区生产\n总值增长6%左右",
        "地区生产总值增长6%左右",
        Some("地区生产总值"),
        "6",
        "%",
        Some("左右"),
        "around",
        "increase",
    );
}

#[test]
fn several_targets_in_one_sentence() {
    let text = "地区生产总值增长6%左右，居民消费价格涨幅3%左右，城镇调查失业率5.5%以内，新增城镇就业100万人以上。";
    let found: Vec<String> = analyze(text)
        .iter()
        .map(|f| text[f.span.start..f.span.end].to_string())
        .collect();
    assert_eq!(
        found,
        [
            "地区生产总值增长6%左右",
            "居民消费价格涨幅3%左右",
            "城镇调查失业率5.5%以内",
            "新增城镇就业100万人以上"
        ]
    );
    // Without punctuation between them, the second indicator starts where the first ends.
    let text = "GDP增长6%以上城镇调查失业率5.5%左右";
    let found = analyze(text);
    assert_eq!(found.len(), 2);
    assert_eq!(
        capture(text, &found[1], "indicator").as_deref(),
        Some("城镇调查失业率")
    );
}

// ---------------------------------------------------------------------------------------
// English forms.

#[test]
fn english_forms() {
    expect(
        "GDP growth of around 5 percent",
        "GDP growth of around 5 percent",
        Some("GDP"),
        "5",
        "percent",
        Some("around"),
        "around",
        "increase",
    );
    expect(
        "We set a GDP growth target of around 5%.",
        "GDP growth target of around 5%",
        Some("GDP"),
        "5",
        "%",
        Some("around"),
        "around",
        "increase",
    );
    expect(
        "a CPI increase of around 3 percent",
        "CPI increase of around 3 percent",
        Some("CPI"),
        "3",
        "percent",
        Some("around"),
        "around",
        "increase",
    );
    expect(
        "a surveyed urban unemployment rate of around 5.5 percent",
        "surveyed urban unemployment rate of around 5.5 percent",
        Some("surveyed urban unemployment rate"),
        "5.5",
        "percent",
        Some("around"),
        "around",
        "level",
    );
    expect(
        "and over 12 million new urban jobs this year",
        "over 12 million new urban jobs",
        Some("new urban jobs"),
        "12",
        "million",
        Some("over"),
        "above",
        "level",
    );
    expect(
        "with a deficit-to-GDP ratio of 4 percent",
        "deficit-to-GDP ratio of 4 percent",
        Some("deficit-to-GDP ratio"),
        "4",
        "percent",
        None,
        "exact",
        "level",
    );
    expect(
        "growth of above 6%",
        "growth of above 6%",
        None,
        "6",
        "%",
        Some("above"),
        "above",
        "increase",
    );
}

#[test]
fn english_qualifiers_directions_and_ranges() {
    expect(
        "energy intensity cut by 3.1 percent",
        "energy intensity cut by 3.1 percent",
        Some("energy intensity"),
        "3.1",
        "percent",
        None,
        "exact",
        "decrease",
    );
    expect(
        "CPI kept within 3 percent",
        "CPI kept within 3 percent",
        Some("CPI"),
        "3",
        "percent",
        Some("within"),
        "below",
        "cap",
    );
    expect(
        "a deficit of no more than 3 percent",
        "deficit of no more than 3 percent",
        Some("deficit"),
        "3",
        "percent",
        Some("no more than"),
        "below",
        "level",
    );
    expect(
        "keep the deficit within 3 percent",
        "deficit within 3 percent",
        Some("deficit"),
        "3",
        "percent",
        Some("within"),
        "below",
        "cap",
    );
    expect(
        "GDP growth of 5 to 6 percent",
        "GDP growth of 5 to 6 percent",
        Some("GDP"),
        "5-6",
        "percent",
        None,
        "range",
        "increase",
    );
    expect(
        "unemployment down 0.5 percentage points",
        "unemployment down 0.5 percentage points",
        Some("unemployment"),
        "0.5",
        "percentage points",
        None,
        "exact",
        "decrease",
    );
    expect(
        "GDP growth at 6 percent or more",
        "GDP growth at 6 percent or more",
        Some("GDP"),
        "6",
        "percent",
        Some("or more"),
        "above",
        "increase",
    );
}

// ---------------------------------------------------------------------------------------
// Look-alikes.

#[test]
fn look_alikes_are_not_targets() {
    for text in [
        "数字经济核心产业增加值占比30%",
        "农村自来水覆盖率达到90%",
        "新型城镇化率为65%",
        "2020年",
        "到2025年，基本实现目标",
        "根据国办发〔2019〕58号文件",
        "京政发〔2020〕7号",
        "3月5日召开会议",
        "2021-03-05",
        "构建“1+N”政策体系",
        "咨询电话：010-12345678",
        "服务热线13812345678",
        "G20峰会和5G基站",
        "第3章第2.1节",
        "其中30%用于民生",
        "services accounted for 30 percent of output growth",
        "coverage reached 90 percent",
        "in 2020 and 2021",
        "Document No. 58 of 2019",
        "",
        "增长",
        "增长%",
        "增长.5%",
    ] {
        let text = normalize_pattern(text);
        let found = analyze(&text);
        assert!(found.is_empty(), "{text:?}: {found:#?}");
    }
}

// ---------------------------------------------------------------------------------------
// Robustness.

/// Deterministic pseudo-random texts of tricky pieces: no panic, invariants hold.
#[test]
fn random_texts_keep_the_invariants() {
    const PIECES: &[&str] = &[
        "增长",
        "下降",
        "控制在",
        "失业率",
        "就业",
        "比",
        "2020",
        "年",
        "6",
        "5.5",
        ".",
        "%",
        "个百分点",
        "万人",
        "左右",
        "以上",
        "以内",
        "-",
        "至",
        "，",
        "。",
        "GDP",
        " ",
        "of",
        "around",
        "growth",
        "percent",
        "million",
        "jobs",
        "deficit",
        "a",
        "é",
        "𠀀",
        "约",
        "为",
        "1+N",
        "〔",
        "〕",
        "号",
        "over",
        "to",
        "within",
        "or more",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut total = 0;
    for _ in 0..3000 {
        let len = (next() % 24) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        total += analyze(&text).len();
    }
    assert!(total > 0, "the random texts should contain some targets");
}

#[test]
fn long_inputs_are_scanned_in_linear_time() {
    // Runs of verbs, digits and letters that a backtracking scanner would revisit.
    let mut text = String::new();
    text.push_str(&"增长".repeat(100_000));
    text.push_str(&"1234567890".repeat(50_000));
    text.push_str(&"growth ".repeat(50_000));
    text.push_str(&"6%".repeat(50_000));
    text.push_str(&"地区生产总值增长6%左右，".repeat(20_000));
    let started = std::time::Instant::now();
    let found = analyze(&text);
    assert!(found.len() >= 20_000);
    // Generous: a quadratic scan of this input would take minutes.
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn findings_carry_their_own_attrs() {
    let text = "GDP增长6%左右，CPI涨幅3%以内";
    let found = analyze(text);
    assert_eq!(found.len(), 2);
    assert_eq!(attr(&found[0], "indicator").as_deref(), Some("GDP"));
    assert_eq!(attr(&found[1], "indicator").as_deref(), Some("CPI"));
    assert_eq!(attr(&found[1], "qualifier").as_deref(), Some("below"));
    let names: Vec<&str> = found[0].captures.iter().map(|c| &*c.name).collect();
    assert_eq!(names, ["indicator", "value", "unit", "qualifier"]);
    // Without an indicator the capture and the attribute are both left out.
    let text = "，增长6%";
    let f = &analyze(text)[0];
    assert!(f.captures.iter().all(|c| &*c.name != "indicator"));
    assert!(!f.attrs.contains_key("indicator"));
}
