//! An example third-party policyscan analyzer: quantitative targets in government work
//! reports, such as 地区生产总值增长6%左右, 城镇调查失业率5.5%左右, 增长8%-9%,
//! 新增城镇就业1100万人以上, "GDP growth of around 5 percent" or "over 12 million new urban
//! jobs".
//!
//! It is not a built-in analyzer: it is built as a shared library (`cargo xtask plugins`,
//! feature `export`) and loaded with `policyscan analyze --plugin
//! target/plugins/libpolicyscan_growth_target.so`. It shows a complete plugin: a factory
//! with a checked (empty) configuration, self-test [`Example`]s, per-finding captures and
//! attributes, and [`policyscan_api::export_plugin!`].
//!
//! # What is reported
//!
//! One rule, `growth-target/target`. A target is a number with a **unit** (`%`, `‰`,
//! `个百分点`, `万人`, `亿元`, `万亿斤`, `倍` …; in English `%`, `percent`, `percentage
//! points`, `million` …) that is introduced by
//!
//! - a **verb** (Chinese, right before the number or before connectors such as 为 / 到 /
//!   达到 / 在 / 拟按 / 目标): 增长 增加 增速 增幅 新增 上涨 涨幅 上升 提高 提升 → `increase`;
//!   下降 降低 降幅 减少 压减 削减 回落 → `decrease`; 控制在 → `cap`; or
//! - a **level indicator** without a verb: 失业率 赤字率 通胀率 就业 产量 (城镇调查失业率5.5%左右,
//!   赤字率拟按3%安排, 粮食产量1.3万亿斤以上) → `level`; or
//! - in English, a phrase of up to six words before the number (and an optional link word:
//!   of / by / at / to / is …). Its last direction word decides the direction (growth,
//!   increase, rise → `increase`; decline, cut, reduction → `decrease`; kept, contained,
//!   control → `cap`); without one, a level word (unemployment, deficit, inflation, jobs,
//!   employment, output) makes it a `level`; a count (`12 million`) may instead be followed by
//!   what it counts (new urban jobs).
//!
//! A level (no verb) qualified by 以内 / within is a `cap`.
//!
//! The number may be a range: `8%-9%`, `8-9%`, `6%至6.5%`, `5 to 6 percent`, both units
//! equal when both are written.
//!
//! # Captures and attributes
//!
//! Captures (byte spans of the normalized text, inside the finding): `indicator` (omitted
//! when there is none), `value` (the number; for a range from the first digit to the last,
//! e.g. `8%-9`), `unit`, `qualifier` (as written; omitted when there is none).
//!
//! Attributes: `indicator` (text; omitted when there is none), `value` (as written; a range
//! as `8-9`), `unit` (as written), `qualifier` (`around` for 左右/上下/约/around/about …,
//! `above` for 以上/超过/不低于/above/over/at least/more than …, `below` for
//! 以内/以下/不超过/below/under/within/no more than …, `range` for a range, `exact` for none) and
//! `direction` (`increase`, `decrease`, `cap`, `level`).
//!
//! # Where the indicator starts
//!
//! Chinese: the indicator is what comes right before the verb (or the level noun), after
//! dropping adverbs (年均, 同比, 比上年, 比2020年, 预期, 力争 …). It starts after the nearest
//! of: punctuation or whitespace; a number (2020年GDP → GDP; an ASCII run with a letter,
//! such as GDP or PM2.5, stays part of it); a stop word (实现 确保 预期 预计 力争 推动 促进 主要
//! 目标 是 要 将 使 保持 其中 全年 今年 的 和 与 及 并 同时 均 …); the end of the previous
//! finding. Leading 年 / 月 / 日 / 全年 / 的 are dropped. When that start is more than 16
//! characters back, no indicator is reported (a clause, not a noun phrase) and the finding
//! starts at the verb.
//!
//! English: the words before the direction word, back to a stop word (a, the, and, to, for,
//! we, set, aim, of, in …), punctuation or six words; for a level, the whole phrase.
//!
//! # What is not reported
//!
//! - Percentages without a verb or level indicator: 占比30%, 覆盖率达到90% (达到 is a
//!   connector, not a verb: an attained level of an arbitrary ratio is not a target),
//!   "accounting for 30 percent".
//! - Numbers without a unit: years (2020年), dates (3月5日), document numbers
//!   (国办发〔2019〕58号), `1+N`, phone numbers (no unit, and more than 9 integer digits are
//!   never a value).
//! - Numbers glued to a letter or a dot (G20, PM2.5's 2.5).
//!
//! # Known limits
//!
//! - Arabic digits only: 增长六个百分点 and 1,100 (thousands separators) are not read.
//! - The verb must come before the number: 保持6%左右的增长 is not reported.
//! - One number per verb: in 分别增长6%和7% only 6% is found.
//! - Verb–object order in English gives no indicator: "cut energy use by 3%" has direction
//!   `decrease` but no indicator; "expect GDP to grow by 5%" yields no indicator either
//!   (the phrase stops at `to`).
//! - The word lists are short and hand-written; single-character verbs (增, 降, 涨, 减)
//!   may catch a verb that is part of a longer word.
//! - The scan is linear: every number costs a bounded look-behind (16 characters, six
//!   words) and look-ahead (a range, a unit, a qualifier, four words).

use std::sync::Arc;

use policyscan_api::serde_json::{self, Value};
use policyscan_api::{
    AnalyzeError, Analyzer, AnalyzerFactory, AnalyzerInfo, Attrs, BuiltAnalyzer, Capture, Document,
    Example, Finding, FindingSink, RuleInfo, Span,
};

mod scan;
#[cfg(test)]
mod tests;

pub use scan::{find_targets, Direction, Qualifier, Target, MAX_HEAD_WORDS, MAX_INDICATOR_CHARS};

/// The analyzer id, the prefix of its rule id.
pub const ANALYZER_ID: &str = "growth-target";
/// The one rule this analyzer reports.
pub const RULE_ID: &str = "growth-target/target";
/// Changes whenever the patterns change, so results can be traced to them.
pub const CONFIG_HASH: &str = "growth-target-1";

/// The analyzer: stateless apart from the shared rule id and capture names.
#[derive(Debug, Clone)]
pub struct GrowthTargetAnalyzer {
    rule: Arc<str>,
    indicator: Arc<str>,
    value: Arc<str>,
    unit: Arc<str>,
    qualifier: Arc<str>,
}

impl Default for GrowthTargetAnalyzer {
    fn default() -> Self {
        GrowthTargetAnalyzer::new()
    }
}

impl GrowthTargetAnalyzer {
    pub fn new() -> Self {
        GrowthTargetAnalyzer {
            rule: Arc::from(RULE_ID),
            indicator: Arc::from("indicator"),
            value: Arc::from("value"),
            unit: Arc::from("unit"),
            qualifier: Arc::from("qualifier"),
        }
    }

    /// The finding for one target of `text`.
    pub fn finding(&self, text: &str, target: &Target) -> Finding {
        let slice = |s: Span| Value::from(&text[s.start..s.end]);
        let mut captures = Vec::with_capacity(4);
        let mut attrs = Attrs::new();
        if let Some(s) = target.indicator {
            captures.push(Capture {
                name: self.indicator.clone(),
                span: s,
            });
            attrs.insert("indicator".into(), slice(s));
        }
        captures.push(Capture {
            name: self.value.clone(),
            span: target.value,
        });
        captures.push(Capture {
            name: self.unit.clone(),
            span: target.unit,
        });
        if let Some(s) = target.qualifier {
            captures.push(Capture {
                name: self.qualifier.clone(),
                span: s,
            });
        }
        captures.sort_by_key(|c| c.span);
        attrs.insert("value".into(), Value::from(target.value_text.as_str()));
        attrs.insert("unit".into(), slice(target.unit));
        attrs.insert(
            "qualifier".into(),
            Value::from(target.qualifier_kind.as_str()),
        );
        attrs.insert("direction".into(), Value::from(target.direction.as_str()));
        Finding {
            rule: self.rule.clone(),
            span: target.span,
            captures,
            attrs: Arc::new(attrs),
        }
    }
}

impl Analyzer for GrowthTargetAnalyzer {
    fn id(&self) -> &str {
        ANALYZER_ID
    }

    fn rules(&self) -> Vec<RuleInfo> {
        vec![RuleInfo {
            id: RULE_ID.into(),
            label: "增长目标 / growth target".into(),
        }]
    }

    fn config_hash(&self) -> String {
        CONFIG_HASH.into()
    }

    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        for target in find_targets(doc.text) {
            sink.push(self.finding(doc.text, &target));
        }
        Ok(())
    }
}

/// Factory of [`GrowthTargetAnalyzer`]s. The configuration must be `null` or an empty JSON
/// object: this analyzer has no options.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrowthTargetFactory;

impl AnalyzerFactory for GrowthTargetFactory {
    fn info(&self) -> AnalyzerInfo {
        AnalyzerInfo {
            id: ANALYZER_ID,
            version: env!("CARGO_PKG_VERSION"),
            description: "Quantitative targets (GDP增长6%左右, 失业率5.5%左右, growth of \
                          around 5 percent): indicator, value, unit, qualifier, direction.",
        }
    }

    fn create(&self, config: &serde_json::Value) -> Result<BuiltAnalyzer, String> {
        match config {
            Value::Null => {}
            Value::Object(map) => {
                if let Some(key) = map.keys().next() {
                    return Err(format!(
                        "growth-target config: unknown key `{key}` (this analyzer has no options)"
                    ));
                }
            }
            other => {
                return Err(format!(
                    "growth-target config: expected a JSON object, got {other}"
                ))
            }
        }
        Ok(BuiltAnalyzer {
            analyzer: Box::new(GrowthTargetAnalyzer::new()),
            problems: Vec::new(),
        })
    }

    fn examples(&self) -> Vec<Example> {
        let example = |text: &str, expected: &[&str]| {
            let pairs: Vec<(&str, &str)> = expected.iter().map(|t| (RULE_ID, *t)).collect();
            Example::new(text, &pairs)
        };
        vec![
            example(
                "今年主要预期目标是：地区生产总值增长6%左右，城镇调查失业率5.5%左右。",
                &["地区生产总值增长6%左右", "城镇调查失业率5.5%左右"],
            ),
            // Full-width digits and signs: the host normalizes them before analysis.
            example(
                "居民消费价格涨幅３％左右，规模以上工业增加值增长８％－９％。",
                &["居民消费价格涨幅3%左右", "规模以上工业增加值增长8%-9%"],
            ),
            example(
                "新增城镇就业1100万人以上，单位产值能耗下降0.5个百分点，赤字率控制在3%以内。",
                &[
                    "新增城镇就业1100万人以上",
                    "单位产值能耗下降0.5个百分点",
                    "赤字率控制在3%以内",
                ],
            ),
            example(
                "We set a GDP growth target of around 5 percent and aim for over 12 million new \
                 urban jobs.",
                &[
                    "GDP growth target of around 5 percent",
                    "over 12 million new urban jobs",
                ],
            ),
            // Look-alikes: a share, a year, a document number, a date, 1+N.
            example(
                "数字经济占比30%。根据国办发〔2019〕58号文件，2020年3月5日起实施“1+N”政策体系。",
                &[],
            ),
        ]
    }
}

policyscan_api::export_plugin!(GrowthTargetFactory);
