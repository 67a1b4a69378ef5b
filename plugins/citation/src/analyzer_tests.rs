use super::*;

/// (matched text, attrs) of every finding of `text` after normalization.
fn run(text: &str) -> Vec<(String, Attrs)> {
    let norm = policyscan_corpus::normalize::normalize(text).text;
    CitationAnalyzer::builtin()
        .find_all(&norm)
        .into_iter()
        .map(|f| {
            (
                norm[f.span.start..f.span.end].to_string(),
                (*f.attrs).clone(),
            )
        })
        .collect()
}

fn attr<'a>(attrs: &'a Attrs, key: &str) -> &'a str {
    attrs.get(key).and_then(Value::as_str).unwrap_or("")
}

#[test]
fn title_with_linked_number_and_registry() {
    let got = run("贯彻《国务院关于积极推进“互联网+”行动的指导意见》（国发〔2015〕40号）。");
    assert_eq!(got.len(), 2);
    let (text, title) = &got[0];
    assert_eq!(text, "《国务院关于积极推进“互联网+”行动的指导意见》");
    assert_eq!(attr(title, "category"), "policy");
    assert_eq!(attr(title, "issuer"), "国务院");
    assert_eq!(attr(title, "doc_code"), "国发");
    assert_eq!(title.get("doc_year"), Some(&Value::from(2015)));
    assert!(!attr(title, "registry_id").is_empty(), "{title:?}");
    let (_, number) = &got[1];
    assert_eq!(
        attr(number, "linked_title"),
        "国务院关于积极推进“互联网+”行动的指导意见"
    );
    assert_eq!(attr(number, "registry_id"), attr(title, "registry_id"));
}

#[test]
fn wrapper_and_inner_document() {
    let got = run("《国务院关于印发〈新一代人工智能发展规划〉的通知》");
    assert_eq!(got.len(), 2);
    assert_eq!(attr(&got[0].1, "category"), "policy");
    assert_eq!(attr(&got[1].1, "title"), "新一代人工智能发展规划");
    assert_eq!(attr(&got[1].1, "category"), "plan");
    assert_eq!(attr(&got[1].1, "issuer"), "国务院");
    assert_eq!(
        attr(&got[1].1, "within"),
        "国务院关于印发〈新一代人工智能发展规划〉的通知"
    );
    assert_eq!(
        attr(&got[0].1, "registry_id"),
        attr(&got[1].1, "registry_id")
    );
    assert!(!attr(&got[1].1, "registry_id").is_empty());
}

#[test]
fn short_forms_resolve_within_the_document() {
    let got = run(
        "审议《中华人民共和国国民经济和社会发展第十五个五年规划纲要（草案）》。\
                   《纲要草案》提出目标。《意见》未出现过。",
    );
    assert_eq!(attr(&got[1].1, "category"), "short-form");
    assert_eq!(attr(&got[1].1, "resolution"), "resolved");
    assert_eq!(
        attr(&got[1].1, "resolved_from"),
        "中华人民共和国国民经济和社会发展第十五个五年规划纲要（草案）"
    );
    assert_eq!(
        attr(&got[1].1, "registry_id"),
        attr(&got[0].1, "registry_id")
    );
    assert_eq!(attr(&got[2].1, "resolution"), "unresolved");
    let got = run("《关于甲的意见》（以下简称《意见》）和《关于乙的意见》。《意见》要求……");
    assert_eq!(attr(&got[1].1, "resolution"), "defined");
    assert_eq!(attr(&got[3].1, "resolution"), "defined");
    assert_eq!(attr(&got[3].1, "resolved_from"), "关于甲的意见");
}

#[test]
fn works_are_not_policy() {
    let got = run("《人民日报》刊发评论，电视剧《山海情》热播，学习《孙子兵法》。");
    let cats: Vec<&str> = got.iter().map(|(_, a)| attr(a, "category")).collect();
    assert_eq!(cats, ["work", "work", "work"]);
}

#[test]
fn output_is_in_span_order() {
    let got =
        run("The State Council issued the Guidance Opinions. 《数据安全法》和国办发〔2019〕58号。");
    let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["Guidance Opinions", "《数据安全法》", "国办发〔2019〕58号"]
    );
    assert_eq!(attr(&got[0].1, "issuer"), "国务院");
}

/// Like [`run`], for a document of `region`.
fn run_in(region: &str, text: &str) -> Vec<(String, Attrs)> {
    let norm = policyscan_corpus::normalize::normalize(text).text;
    let doc = Document {
        id: "t",
        text: &norm,
        region: Some(region),
        year: Some(2026),
    };
    let mut out: Vec<Finding> = Vec::new();
    CitationAnalyzer::builtin()
        .analyze(&doc, &mut out)
        .expect("analyzes");
    out.into_iter()
        .map(|f| {
            (
                norm[f.span.start..f.span.end].to_string(),
                (*f.attrs).clone(),
            )
        })
        .collect()
}

#[test]
fn provincial_titles_shared_with_central_ones_are_not_central() {
    let text = "自治区党委《关于制定国民经济和社会发展第十五个五年规划的建议》，编制了\
                《国民经济和社会发展第十五个五年规划纲要（草案）》，落实《中华人民共和国民法典》。";
    let provincial = run_in("neimenggu", text);
    let ids: Vec<&str> = provincial
        .iter()
        .map(|(_, a)| attr(a, "registry_id"))
        .collect();
    assert_eq!(ids, ["", "", "law-civil-code"]);
    let national = run_in("national", text);
    let ids: Vec<&str> = national
        .iter()
        .map(|(_, a)| attr(a, "registry_id"))
        .collect();
    assert_eq!(ids, ["fyp15-proposal", "fyp15-outline", "law-civil-code"]);
    // With a central issuer the title is central wherever it is cited.
    let got = run_in(
        "neimenggu",
        "《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》",
    );
    assert_eq!(attr(&got[0].1, "registry_id"), "fyp15-proposal");
}

/// A joint wrapper's issuer (商务部等8部门) is central by its first body, with or without
/// the count of departments, and the document inside it takes that issuer.
#[test]
fn a_joint_central_wrapper_makes_its_inner_title_central() {
    for issuer in ["国家发展改革委", "国家发展改革委等8部门"] {
        let text =
            format!("落实《{issuer}关于印发〈关于积极推进“互联网+”行动的指导意见〉的通知》。");
        let got = run_in("neimenggu", &text);
        let inner = got
            .iter()
            .find(|(_, a)| attr(a, "title").starts_with("关于积极推进"))
            .expect("the inner title");
        assert_eq!(
            attr(&inner.1, "registry_id"),
            "gf-2015-40-internet-plus",
            "{issuer}"
        );
    }
}

#[test]
fn a_title_with_its_own_number_is_a_registered_document() {
    let got = run("《意见》（国发〔2015〕40号）和《中国制造二〇二五》（国发〔2015〕28号）");
    let title_ids: Vec<(&str, &str)> = got
        .iter()
        .filter(|(t, _)| t.starts_with('《'))
        .map(|(_, a)| (attr(a, "category"), attr(a, "registry_id")))
        .collect();
    assert_eq!(
        title_ids,
        [
            ("short-form", "gf-2015-40-internet-plus"),
            ("policy", "gf-2015-28-made-in-china-2025")
        ]
    );
}

#[test]
fn a_short_form_defined_after_a_notice_means_the_notice() {
    let got = run(
        "《国务院关于印发〈新一代人工智能发展规划〉的通知》（以下简称《通知》）。《通知》要求……",
    );
    let last = &got[got.len() - 1].1;
    assert_eq!(attr(last, "resolution"), "defined");
    assert_eq!(
        attr(last, "resolved_from"),
        "国务院关于印发〈新一代人工智能发展规划〉的通知"
    );
}
