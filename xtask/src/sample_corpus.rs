//! `fixtures/corpus/sample/`: synthetic work reports for the 31 mainland provinces and the
//! national level, 2019–2021, with hard cases (HTML, GBK, UTF-16LE, BOM, traditional script,
//! English, odd file names, terms broken by line breaks and zero-width spaces, full-width
//! forms, "X＋" and blockers), and `sample.truth.json`: the mentions planted, per document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{bail, Context, Result};
use policyscan_corpus::gazetteer::Gazetteer;
use serde_json::{json, Value};

use crate::dictionary_terms::TermIndex;
use crate::encoded::{encode, TextEncoding};
use crate::plant::{DocText, Plant};
use crate::prng::Rng;
use crate::report_text::{self, english, Vocab, SIMPLIFIED, TRADITIONAL};
use crate::sample_citations;

pub const SEED: u64 = 0x5A3B_1E20_2019_0031;
const YEARS: [u32; 3] = [2019, 2020, 2021];
/// Provinces without a 2020 report in the sample.
pub const MISSING_2020: [&str; 2] = ["hubei", "xizang"];
/// The motivating number: provinces whose 2020 report mentions 区块链.
pub const BLOCKCHAIN_2020: usize = 22;

/// Ordinary concept terms planted at random: (term, chance per mille for 2019/2020/2021, max count).
const RANDOM_TERMS: &[(&str, [u32; 3], usize)] = &[
    ("人工智能", [300, 450, 600], 2),
    ("大数据", [500, 550, 600], 2),
    ("云计算", [250, 300, 300], 1),
    ("物联网", [200, 250, 300], 2),
    ("数字经济", [300, 500, 700], 3),
    ("工业互联网", [100, 350, 450], 2),
    ("电子商务", [300, 300, 300], 1),
    ("智慧城市", [250, 250, 250], 1),
    ("数字政府", [100, 250, 400], 2),
    ("碳达峰", [0, 0, 700], 2),
    ("碳中和", [0, 0, 650], 2),
    ("乡村振兴", [700, 750, 800], 4),
    ("营商环境", [700, 700, 700], 3),
    ("高质量发展", [800, 850, 900], 4),
];

/// Sentence frames a bare term is planted in: (before, after).
const FRAMES: &[(&str, &str)] = &[
    ("加快", "推广应用，"),
    ("推动", "与实体经济深度融合。"),
    ("支持", "相关产业加快发展。"),
    ("积极发展", "，培育新的增长点。"),
    ("探索", "在公共服务领域的应用。"),
    ("谋划一批", "重点项目，"),
];

const FRAMES_TRADITIONAL: &[(&str, &str)] = &[
    ("加快", "推廣應用，"),
    ("推動", "與實體經濟深度融合。"),
    ("支持", "相關產業加快發展。"),
];

/// How one region-year is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain(TextEncoding),
    Html,
    Traditional,
    English,
}

#[derive(Debug)]
struct DocSpec {
    rel_path: String,
    region: &'static str,
    region_zh: &'static str,
    year: u32,
    form: Form,
}

/// The region-years of the sample, with their file names and forms.
fn specs() -> Vec<DocSpec> {
    let mut out = Vec::new();
    for year in YEARS {
        let national = DocSpec {
            rel_path: if year == 2020 {
                "2020/national_en.txt".into()
            } else {
                format!("{year}/national.txt")
            },
            region: "national",
            region_zh: "全国",
            year,
            form: if year == 2020 {
                Form::English
            } else {
                Form::Plain(TextEncoding::Utf8)
            },
        };
        out.push(national);
        for region in Gazetteer::standard().mainland_universe() {
            let id = region.id;
            if year == 2020 && MISSING_2020.contains(&id) {
                continue;
            }
            let (rel_path, form) = match (year, id) {
                (2019, "fujian") => ("2019/fujian.html".to_string(), Form::Html),
                (2019, "hainan") => ("2019/hainan.txt".to_string(), Form::Traditional),
                (2019, "beijing") => (
                    "2019/北京_2019.txt".to_string(),
                    Form::Plain(TextEncoding::Utf8),
                ),
                (2020, "zhejiang") => (
                    "2020/zhejiang.txt".to_string(),
                    Form::Plain(TextEncoding::Utf16Le),
                ),
                (2021, "guangdong") => (
                    "2021/guangdong.txt".to_string(),
                    Form::Plain(TextEncoding::Gbk),
                ),
                (2021, "shanghai") => (
                    "2021/shanghai.txt".to_string(),
                    Form::Plain(TextEncoding::Utf8Bom),
                ),
                (2021, "tianjin") => (
                    "2021/2021年天津市政府工作报告.txt".to_string(),
                    Form::Plain(TextEncoding::Utf8),
                ),
                _ => (format!("{year}/{id}.txt"), Form::Plain(TextEncoding::Utf8)),
            };
            out.push(DocSpec {
                rel_path,
                region: id,
                region_zh: region.zh_full,
                year,
                form,
            });
        }
    }
    out
}

/// Hard-form plant sentences for particular region-years (each in its own frame).
fn hard_plants(year: u32, region: &str) -> Vec<DocText> {
    let mut s = DocText::default();
    match (year, region) {
        (2020, "jiangsu") => frame(
            &mut s,
            "加快",
            Plant::hard("区块\n链", "区块链", "区块链"),
            "技术攻关。",
        ),
        (2020, "shandong") => frame(
            &mut s,
            "推动",
            Plant::hard("区\u{200B}块链", "区块链", "区块链"),
            "试点应用。",
        ),
        (2020, "zhejiang") => frame(
            &mut s,
            "深化“",
            Plant::hard("区块链＋政务服务", "区块链+政务服务", "区块链"),
            "”改革。",
        ),
        (2020, "guangdong") => {
            s.text("推进");
            s.plant(Plant::bare("人工智能"));
            s.plant(Plant::hard("（ＡＩ）", "(AI)", "AI"));
            s.text("与制造业融合。");
        }
        (2021, "hubei") => frame(
            &mut s,
            "布局",
            Plant::hard("区块\n\u{200B}\n链", "区块链", "区块链"),
            "创新平台。",
        ),
        (2021, "jiangxi") => {
            s.text("推动");
            s.plant(Plant::bare("区块链"));
            s.plant(Plant::hard(
                "（ｂｌｏｃｋｃｈａｉｎ）",
                "(blockchain)",
                "blockchain",
            ));
            s.text("在物流领域的应用。");
        }
        (2021, "guizhou") => frame(
            &mut s,
            "探索“",
            Plant::hard("区块链＋政务服务", "区块链+政务服务", "区块链"),
            "”新模式。",
        ),
        (2021, "chongqing") => {
            s.text("加快");
            s.plant(Plant::bare("第五代移动通信"));
            s.plant(Plant::hard("（５Ｇ）", "(5G)", "5G"));
            s.text("基站建设，新建基站2600个。");
        }
        (2019, "sichuan") => frame(
            &mut s,
            "发展",
            Plant::hard("大数\n据", "大数据", "大数据"),
            "产业。",
        ),
        (2019, "qinghai") => frame(&mut s, "稳步", Plant::blocker("扩大数据"), "开放共享范围。"),
        (2021, "anhui") => frame(
            &mut s,
            "加大",
            Plant::blocker("预算力"),
            "度，兜牢基层“三保”底线。",
        ),
        _ => return Vec::new(),
    }
    vec![s]
}

pub fn frame(s: &mut DocText, before: &str, plant: Plant, after: &str) {
    s.text(before);
    s.plant(plant);
    s.text(after);
}

/// Which provinces mention 区块链 in which year (before hard forms are added).
fn blockchain_plan() -> BTreeMap<u32, BTreeSet<&'static str>> {
    let mut plan = BTreeMap::new();
    for year in YEARS {
        let mut rng = Rng::for_label(SEED, &format!("blockchain-plan/{year}"));
        let present: Vec<&'static str> = Gazetteer::standard()
            .mainland_universe()
            .map(|r| r.id)
            .filter(|id| !(year == 2020 && MISSING_2020.contains(id)))
            .collect();
        let forced: BTreeSet<&'static str> = present
            .iter()
            .copied()
            .filter(|id| {
                hard_plants(year, id)
                    .iter()
                    .any(|d| d.plants().any(is_blockchain_plant))
            })
            .chain(match year {
                2019 => vec!["fujian", "hainan"],
                _ => vec![],
            })
            .collect();
        let mut others: Vec<&'static str> = present
            .iter()
            .copied()
            .filter(|id| !forced.contains(id))
            .collect();
        rng.shuffle(&mut others);
        let target = match year {
            2019 => 11,
            2020 => BLOCKCHAIN_2020,
            _ => 27,
        };
        let chosen: BTreeSet<&'static str> = forced
            .iter()
            .copied()
            .chain(others.into_iter().take(target - forced.len()))
            .collect();
        plan.insert(year, chosen);
    }
    plan
}

fn is_blockchain_plant(p: &Plant) -> bool {
    matches!(p.counted.as_deref(), Some("区块链" | "blockchain"))
}

/// Builds one Chinese report: header, headings, paragraphs, with `plants` spread over them.
/// What a report carries besides its filler: sentences put at random places, and a paragraph
/// put last without drawing from the PRNG (so adding it leaves the rest as it was).
#[derive(Debug, Default)]
pub struct Plants {
    pub sentences: Vec<DocText>,
    pub closing_paragraph: Option<DocText>,
}

impl From<Vec<DocText>> for Plants {
    fn from(sentences: Vec<DocText>) -> Plants {
        Plants {
            sentences,
            closing_paragraph: None,
        }
    }
}

pub fn chinese_report(
    rng: &mut Rng,
    v: &Vocab,
    year: u32,
    title: &str,
    body_owner: &str,
    plants: Plants,
    max_bytes: usize,
) -> DocText {
    let Plants {
        sentences: plants,
        closing_paragraph,
    } = plants;
    let target = rng.range(2200, max_bytes);
    // Blocks: a heading line or a paragraph of sentences.
    let mut blocks: Vec<Vec<DocText>> = Vec::new();
    let mut size = 0;
    let (mut major, mut minor) = (0, 0);
    while size < target {
        if minor % 3 == 0 {
            let h = report_text::major_heading(rng, v, major, year);
            size += h.len();
            blocks.push(vec![line_doc(&h)]);
            major += 1;
        }
        let h = report_text::minor_heading(rng, v, minor % 3);
        size += h.len();
        blocks.push(vec![line_doc(&h)]);
        minor += 1;
        for _ in 0..rng.range(1, 2) {
            let mut para = Vec::new();
            for _ in 0..rng.range(2, 5) {
                let s = report_text::sentence(rng, v);
                size += s.len();
                let mut d = DocText::default();
                d.text(&s);
                para.push(d);
            }
            blocks.push(para);
        }
    }
    // Plant sentences go into random paragraphs (blocks of more than one sentence or any
    // paragraph block), at random sentence positions.
    let paragraphs: Vec<usize> = (0..blocks.len())
        .filter(|&i| !is_heading_block(&blocks[i]))
        .collect();
    for p in plants {
        let b = *rng.pick(&paragraphs);
        let at = rng.range(0, blocks[b].len());
        blocks[b].insert(at, p);
    }
    let mut doc = DocText::default();
    doc.line(title);
    doc.line(&format!("——{}人民政府", body_owner));
    doc.line(v.w.delegates);
    doc.line(v.w.opening);
    for block in blocks {
        let heading = is_heading_block(&block);
        for s in block {
            doc.append(s);
        }
        if !heading {
            // A paragraph never ends in ；.
            doc.text("\n");
        }
    }
    if let Some(p) = closing_paragraph {
        doc.append(p);
        doc.text("\n");
    }
    doc.line(v.w.closing);
    doc
}

fn line_doc(s: &str) -> DocText {
    let mut d = DocText::default();
    d.line(s);
    d
}

fn is_heading_block(block: &[DocText]) -> bool {
    block.len() == 1 && block[0].plants().next().is_none() && block[0].surface().ends_with('\n')
}

/// Bare plant sentences for the random terms of a Chinese region-year.
fn random_plants(
    rng: &mut Rng,
    year: u32,
    frames: &[(&str, &str)],
    blockchain: usize,
    traditional: bool,
) -> Vec<DocText> {
    let yi = (year - 2019) as usize;
    let mut out = Vec::new();
    let mut push = |rng: &mut Rng, term: &str| {
        let (before, after) = *rng.pick(frames);
        let mut d = DocText::default();
        frame(&mut d, before, Plant::bare(term), after);
        out.push(d);
    };
    let bc = if traditional {
        "區塊鏈"
    } else {
        "区块链"
    };
    for _ in 0..blockchain {
        push(rng, bc);
    }
    if traditional {
        for t in ["大數據", "雲計算", "數字經濟"] {
            push(rng, t);
        }
        return out;
    }
    for &(term, chances, max) in RANDOM_TERMS {
        if rng.chance(chances[yi]) {
            for _ in 0..rng.range(1, max) {
                push(rng, term);
            }
        }
    }
    out
}

fn english_report(rng: &mut Rng, year: u32) -> DocText {
    let mut d = DocText::default();
    d.line("Report on the Work of the Government");
    d.line(&format!(
        "Delivered to the national legislature, {year} (synthetic text for tests)"
    ));
    d.text("\n");
    let bare = |d: &mut DocText, before: &str, term: &str, after: &str| {
        d.text(before);
        d.plant(Plant::bare(term));
        d.text(after);
    };
    for (i, heading) in english::HEADINGS.iter().enumerate() {
        d.line(heading);
        let n = rng.range(3, 5);
        d.line(&english::paragraph(rng, n));
        match i {
            0 => {
                d.text("We supported ");
                bare(&mut d, "", "blockchain", " pilots in trade finance. ");
                bare(
                    &mut d,
                    "",
                    "Blockchain",
                    " platforms now serve customs clearance. ",
                );
                d.text("Several ");
                bare(
                    &mut d,
                    "",
                    "blockchains",
                    " were connected for invoice checks.\n",
                );
            }
            1 => {
                d.text("We will apply ");
                bare(&mut d, "", "big data", " and ");
                bare(
                    &mut d,
                    "",
                    "artificial intelligence",
                    " in public services, and expand ",
                );
                bare(&mut d, "", "AI", " applications in manufacturing.\n");
                d.line("As the SAID survey and the FAIR review of local programs showed, services were PAID for on time, and main tasks were met.");
            }
            2 => {
                d.text("The ");
                bare(&mut d, "", "digital economy", " will grow, and ");
                bare(
                    &mut d,
                    "",
                    "AI",
                    "-assisted diagnosis will reach county hospitals.\n",
                );
            }
            _ => d.line(&english::paragraph(rng, 2)),
        }
    }
    d
}

/// Renders a simplified-Chinese report as an HTML page with head, scripts, styles, nav and
/// footer leftovers; plants keep their (HTML) surface.
fn html_page(title: &str, nav: &DocText, body: &DocText, footer: &DocText) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(
        "<style>\nbody { font-family: \"SimSun\", serif; }\n.nav a { color: #036; }\n</style>\n",
    );
    // Traps: terms inside a script and a comment must not count.
    out.push_str("<script>\nvar pageKeywords = [\"区块链\", \"大数据\", \"人工智能\"];\nif (pageKeywords.length > 0 && window.console) { console.log(\"ok\"); }\n</script>\n");
    out.push_str("</head>\n<body>\n");
    out.push_str(&format!(
        "<div class=\"nav\">{}</div>\n",
        render_html(nav).trim_end()
    ));
    out.push_str("<!-- 区块链 专题 -->\n");
    out.push_str("<div class=\"content\">\n<p>");
    out.push_str(&render_html(body).trim_end().replace('\n', "</p>\n<p>"));
    out.push_str("</p>\n</div>\n");
    out.push_str(&format!(
        "<div class=\"footer\">{}</div>\n",
        render_html(footer).trim_end()
    ));
    out.push_str("<script src=\"/js/stat.js\"></script>\n</body>\n</html>\n");
    out
}

fn render_html(d: &DocText) -> String {
    let mut out = String::new();
    for s in &d.segments {
        match s {
            crate::plant::Segment::Text(t) => out.push_str(&escape(t)),
            crate::plant::Segment::Plant(p) => out.push_str(&p.surface),
        }
    }
    out
}

fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '“' => out.push_str("&ldquo;"),
            '”' => out.push_str("&rdquo;"),
            _ => out.push(c),
        }
    }
    out
}

/// One generated document: bytes, encoding name and its verified mention counts.
struct Generated {
    bytes: Vec<u8>,
    encoding: &'static str,
    mentions: BTreeMap<String, u64>,
    /// Citations of registered documents planted: registry id → count.
    citations: BTreeMap<String, usize>,
    /// All citation findings planted (works and 文号 included).
    citation_findings: usize,
}

fn generate_doc(
    spec: &DocSpec,
    index: &TermIndex,
    plan: &BTreeMap<u32, BTreeSet<&'static str>>,
) -> Result<Generated> {
    let label = format!("{}/{}", spec.year, spec.region);
    let mut rng = Rng::for_label(SEED, &label);
    let mentions_blockchain = plan
        .get(&spec.year)
        .is_some_and(|s| s.contains(spec.region));
    let hard = hard_plants(spec.year, spec.region);
    let hard_blockchain = hard.iter().any(|d| d.plants().any(is_blockchain_plant));
    let national_blockchain = spec.region == "national" && spec.year != 2019;
    let blockchain = if mentions_blockchain || national_blockchain {
        if hard_blockchain {
            rng.range(0, 1)
        } else {
            rng.range(1, 3)
        }
    } else {
        0
    };
    let name = &spec.rel_path;
    let owner = if spec.region == "national" {
        "国务院".to_string()
    } else {
        spec.region_zh.to_string()
    };
    let title = if spec.region == "national" {
        format!("{}年政府工作报告", spec.year)
    } else {
        format!("{}年{}政府工作报告", spec.year, spec.region_zh)
    };
    let mut citations: BTreeMap<String, usize> = BTreeMap::new();
    let mut citation_findings = 0;
    let (doc, bytes, encoding) = match spec.form {
        Form::Plain(enc) => {
            let mut plants = random_plants(&mut rng, spec.year, FRAMES, blockchain, false);
            plants.extend(hard);
            let cited = sample_citations::paragraph(spec.year, spec.region).map(|planted| {
                for (id, n) in planted.citations {
                    *citations.entry(id.to_string()).or_default() += n;
                }
                citation_findings = planted.findings;
                planted.paragraph
            });
            let doc = chinese_report(
                &mut rng,
                &SIMPLIFIED,
                spec.year,
                &title,
                &owner,
                Plants {
                    sentences: plants,
                    closing_paragraph: cited,
                },
                4800,
            );
            let bytes = encode(&doc.surface(), enc).with_context(|| format!("encoding {name}"))?;
            (doc, bytes, enc.name())
        }
        Form::Traditional => {
            let plants = random_plants(
                &mut rng,
                spec.year,
                FRAMES_TRADITIONAL,
                blockchain.max(1),
                true,
            );
            let title = format!("{}年海南省政府工作報告", spec.year);
            let doc = chinese_report(
                &mut rng,
                &TRADITIONAL,
                spec.year,
                &title,
                "海南省",
                plants.into(),
                4800,
            );
            let bytes = doc.surface().into_bytes();
            (doc, bytes, "utf-8")
        }
        Form::English => {
            let doc = english_report(&mut rng, spec.year);
            let bytes = doc.surface().into_bytes();
            (doc, bytes, "utf-8")
        }
        Form::Html => {
            let mut plants = random_plants(&mut rng, spec.year, FRAMES, 0, false);
            let mut entity = DocText::default();
            frame(
                &mut entity,
                "推动",
                Plant::hard("&#x533A;块链", "区块链", "区块链"),
                "在电子证照中的应用。",
            );
            let mut tagged = DocText::default();
            frame(
                &mut tagged,
                "建设",
                Plant::hard("区块<b>链</b>", "区块链", "区块链"),
                "公共服务平台，研发（R&D）经费投入增长8.6%。",
            );
            plants.push(entity);
            plants.push(tagged);
            let body = chinese_report(
                &mut rng,
                &SIMPLIFIED,
                spec.year,
                &title,
                &owner,
                plants.into(),
                3800,
            );
            let mut nav = DocText::default();
            nav.text("首页 > 政务公开 > 政府工作报告");
            let mut footer = DocText::default();
            footer.text("主办单位：省人民政府办公厅 | 网站地图 | 联系我们");
            let html = html_page(&title, &nav, &body, &footer);
            let mut all = nav;
            all.text("\n");
            all.append(body);
            all.append(footer);
            (all, html.into_bytes(), "utf-8")
        }
    };
    let mentions = doc.verified_counts(index, name)?;
    Ok(Generated {
        bytes,
        encoding,
        mentions,
        citations,
        citation_findings,
    })
}

/// Writes `sample/` and `sample.truth.json` under `corpus_dir`.
pub fn write(corpus_dir: &Path, index: &TermIndex) -> Result<()> {
    let plan = blockchain_plan();
    let blockchain_id = index
        .concept_of("区块链")
        .context("the built-in dictionary has no concept for 区块链")?
        .to_string();
    let mut documents = Vec::new();
    // concept → year → regions mentioning it
    let mut mentioning: BTreeMap<String, BTreeMap<u32, BTreeSet<String>>> = BTreeMap::new();
    let mut present: BTreeMap<u32, usize> = BTreeMap::new();
    for spec in specs() {
        let g = generate_doc(&spec, index, &plan)?;
        let size = g.bytes.len();
        if !(2000..=7000).contains(&size) {
            bail!(
                "{}: {} bytes, outside the 2–7 KB a sample report should have",
                spec.rel_path,
                size
            );
        }
        let path = corpus_dir.join("sample").join(&spec.rel_path);
        crate::fs_out::write_file(&path, &g.bytes)?;
        if spec.region != "national" {
            *present.entry(spec.year).or_default() += 1;
            for concept in g.mentions.keys() {
                mentioning
                    .entry(concept.clone())
                    .or_default()
                    .entry(spec.year)
                    .or_default()
                    .insert(spec.region.to_string());
            }
        }
        documents.push(json!({
            "doc": spec.rel_path,
            "region": spec.region,
            "year": spec.year,
            "encoding": g.encoding,
            "bytes": size,
            "mentions": g.mentions,
            "citations": g.citations,
            "citation_findings": g.citation_findings,
        }));
    }
    let got = mentioning
        .get(&blockchain_id)
        .and_then(|m| m.get(&2020))
        .map_or(0, BTreeSet::len);
    if got != BLOCKCHAIN_2020 || present.get(&2020) != Some(&29) {
        bail!(
            "sample plan broken: 2020 blockchain {got} of {:?}, want {BLOCKCHAIN_2020} of 29",
            present.get(&2020)
        );
    }
    let mut summary = serde_json::Map::new();
    for (concept, years) in &mentioning {
        let mut per_year = serde_json::Map::new();
        for year in YEARS {
            let regions: Vec<&String> = years
                .get(&year)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            per_year.insert(
                year.to_string(),
                json!({
                    "regions_mentioning": regions.len(),
                    "regions_present": present.get(&year).copied().unwrap_or(0),
                    "regions": regions,
                }),
            );
        }
        summary.insert(concept.clone(), Value::Object(per_year));
    }
    documents.sort_by(|a, b| a["doc"].as_str().cmp(&b["doc"].as_str()));
    let truth = json!({
        "about": "Planted mentions per document, computed by `cargo xtask fixtures` (never by the analyzer). \
                  Regions are counted over the 31 mainland provinces; national documents are listed but not counted in the summary. \
                  Script, style and comment content of 2019/fujian.html is not text and plants nothing.",
        "seed": format!("{SEED:#x}"),
        "documents": documents,
        "missing": { "2020": MISSING_2020 },
        "summary": summary,
    });
    crate::fs_out::write_json(&corpus_dir.join("sample.truth.json"), &truth)
}
