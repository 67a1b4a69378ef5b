//! `cargo xtask new-plugin NAME`: creates `plugins/NAME/`, a small working analyzer plugin
//! (crate `policyscan-NAME`) from the templates in `xtask/templates/plugin/`, and adds it to
//! the workspace `members` of the root `Cargo.toml`.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::plugins;

/// The template files: path in the new crate, and text with `{{…}}` placeholders.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        include_str!("../templates/plugin/Cargo.toml.tmpl"),
    ),
    (
        "README.md",
        include_str!("../templates/plugin/README.md.tmpl"),
    ),
    (
        "src/lib.rs",
        include_str!("../templates/plugin/src/lib.rs.tmpl"),
    ),
];

/// Longest NAME accepted: keeps the generated code within rustfmt's line width.
const MAX_NAME_LEN: usize = 40;

/// Creates `plugins/NAME` under the workspace `root` and registers it as a member.
pub fn run(root: &Path, name: &str) -> Result<()> {
    validate_name(name)?;
    let dir = root.join("plugins").join(name);
    if dir.exists() {
        bail!("{} already exists", dir.display());
    }
    let crate_name = format!("policyscan-{name}");
    let taken = plugins::workspace_package_names(root)?;
    if taken.contains(&crate_name) {
        bail!("the workspace already has a package named {crate_name}");
    }
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {}", manifest_path.display()))?;
    let member = format!("plugins/{name}");
    let new_manifest = add_member(&manifest, &member).with_context(|| {
        format!(
            "adding {member:?} to the members of {}",
            manifest_path.display()
        )
    })?;

    let vars = placeholders(name);
    let files = TEMPLATES
        .iter()
        .map(|(path, template)| Ok((*path, render(template, &vars)?)))
        .collect::<Result<Vec<_>>>()?;
    std::fs::create_dir_all(root.join("plugins"))?;
    // `create_dir` (not `_all`) fails if the folder appeared meanwhile: never overwrite.
    std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (path, text) in &files {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
    }
    if let Some(new_manifest) = new_manifest {
        std::fs::write(&manifest_path, new_manifest)
            .with_context(|| format!("writing {}", manifest_path.display()))?;
        println!("added {member:?} to the workspace members in Cargo.toml");
    } else {
        println!("{member} is already covered by a glob in the workspace members");
    }
    let lib = crate_name.replace('-', "_");
    println!(
        "created {} (crate {crate_name}, analyzer id {name})",
        dir.display()
    );
    println!("next:");
    println!("  cargo test -p {crate_name}");
    println!("  cargo xtask plugins");
    println!("  target/release/policyscan plugins check target/plugins/lib{lib}.so");
    println!("(see plugins/{name}/README.md)");
    Ok(())
}

/// A plugin NAME is the analyzer id and the folder name: `[a-z][a-z0-9-]*`, no `-` at the
/// end or twice in a row, at most [`MAX_NAME_LEN`] characters.
pub fn validate_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !starts_with_letter || !rest_ok {
        bail!(
            "invalid plugin name {name:?}: it must match [a-z][a-z0-9-]* \
             (lowercase ASCII letters, digits and '-', starting with a letter)"
        );
    }
    if name.ends_with('-') || name.contains("--") {
        bail!("invalid plugin name {name:?}: no '-' at the end or twice in a row");
    }
    if name.len() > MAX_NAME_LEN {
        bail!("invalid plugin name {name:?}: longer than {MAX_NAME_LEN} characters");
    }
    Ok(())
}

/// The values of the template placeholders for plugin NAME (already validated).
pub fn placeholders(name: &str) -> Vec<(&'static str, String)> {
    let crate_name = format!("policyscan-{name}");
    vec![
        ("id", name.to_string()),
        ("lib", crate_name.replace('-', "_")),
        ("name", crate_name),
        ("factory", format!("{}Factory", camel_case(name))),
    ]
}

/// `demo-check` → `DemoCheck`.
fn camel_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Replaces every `{{key}}` of `template`; a placeholder without a value is an error.
pub fn render(template: &str, vars: &[(&str, String)]) -> Result<String> {
    let mut out = template.to_string();
    for (key, value) in vars {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    if let Some(start) = out.find("{{") {
        let end = out[start..].find("}}").map_or(out.len(), |e| start + e + 2);
        bail!("template placeholder {} has no value", &out[start..end]);
    }
    Ok(out)
}

/// A string item of the members array: its text (between the quotes) and byte range
/// (quotes included) in the manifest.
#[derive(Debug)]
struct Item {
    value: String,
    start: usize,
    end: usize,
}

/// The members array of the `[workspace]` table: the byte offset of its `[`, its `]`, and
/// its items.
fn members_array(manifest: &str) -> Result<(usize, usize, Vec<Item>)> {
    let mut in_workspace = false;
    let mut offset = 0;
    let mut key_at = None;
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_workspace = trimmed.trim_end().starts_with("[workspace]");
        } else if in_workspace {
            if let Some(after) = trimmed.strip_prefix("members") {
                if after.trim_start().starts_with('=') {
                    key_at = Some(offset + (line.len() - trimmed.len()));
                    break;
                }
            }
        }
        offset += line.len();
    }
    let key_at = key_at.context("no `members = [...]` in the [workspace] table")?;
    let after_key = &manifest[key_at..];
    let open = key_at
        + after_key
            .find('[')
            .filter(|&i| after_key[..i].trim_start_matches("members").trim() == "=")
            .context("`members` is not an array")?;
    let bytes = manifest.as_bytes();
    let mut items = Vec::new();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b']' => return Ok((open, i, items)),
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'#' => {
                i = manifest[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            quote @ (b'"' | b'\'') => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    if quote == b'"' && bytes[i] == b'\\' {
                        bail!("escape sequences in `members` are not supported");
                    }
                    i += 1;
                }
                if bytes.get(i) != Some(&quote) {
                    bail!("unterminated string in `members`");
                }
                items.push(Item {
                    value: manifest[start + 1..i].to_string(),
                    start,
                    end: i + 1,
                });
                i += 1;
            }
            other => bail!("unexpected {:?} in the `members` array", char::from(other)),
        }
    }
    bail!("the `members` array is not closed")
}

/// The workspace members listed in `manifest` (the text of the root `Cargo.toml`).
pub fn members(manifest: &str) -> Result<Vec<String>> {
    Ok(members_array(manifest)?
        .2
        .into_iter()
        .map(|item| item.value)
        .collect())
}

/// Adds `member` to the `members` array of `manifest`, changing nothing else: returns the
/// new text, or `None` when a `plugins/*`-style glob already covers it; an error when it is
/// already listed. The item goes in sorted position when the array is sorted (else last),
/// on its own line when the array has one item per line.
pub fn add_member(manifest: &str, member: &str) -> Result<Option<String>> {
    let (open, close, items) = members_array(manifest)?;
    if items.iter().any(|item| item.value == member) {
        bail!("{member:?} is already a workspace member");
    }
    let parent = member.rsplit_once('/').map_or("", |(parent, _)| parent);
    if items
        .iter()
        .any(|item| item.value.strip_suffix("/*") == Some(parent))
    {
        return Ok(None);
    }
    let newline = if manifest.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let multi_line = manifest[open..close].contains('\n');
    // The separator before an item: a space, or a line break and that item's indentation.
    let separator = |item: &Item| {
        if multi_line {
            let line_start = manifest[..item.start].rfind('\n').map_or(0, |n| n + 1);
            format!("{newline}{}", &manifest[line_start..item.start])
        } else {
            " ".to_string()
        }
    };
    let quoted = format!("\"{member}\"");
    let sorted = items.windows(2).all(|w| w[0].value <= w[1].value);
    let before = if sorted {
        items.iter().find(|item| item.value.as_str() > member)
    } else {
        None
    };
    let (at, insert) = match (before, items.last()) {
        (Some(next), _) => (next.start, format!("{quoted},{}", separator(next))),
        (None, Some(last)) => (last.end, format!(",{}{quoted}", separator(last))),
        (None, None) => (open + 1, quoted),
    };
    let mut out = String::with_capacity(manifest.len() + insert.len());
    out.push_str(&manifest[..at]);
    out.push_str(&insert);
    out.push_str(&manifest[at..]);
    // Read the result back: the old members plus the new one, nothing lost.
    let mut expected: Vec<String> = items.into_iter().map(|item| item.value).collect();
    expected.push(member.to_string());
    let mut found = members(&out)?;
    expected.sort();
    found.sort();
    if found != expected {
        bail!("editing the members array went wrong (found {found:?})");
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\", \
        \"plugins/keyword\", \"plugins/test-fixtures/*\", \"xtask\"]\n\n[workspace.package]\n\
        version = \"0.1.0\"\n";

    #[test]
    fn names() {
        for good in ["demo", "demo-check", "a1", "growth-target2"] {
            assert!(validate_name(good).is_ok(), "{good}");
        }
        for bad in [
            "", "Demo", "1demo", "-demo", "demo-", "demo--x", "demo_x", "dé", "a b",
        ] {
            let e = validate_name(bad).expect_err(bad).to_string();
            assert!(e.contains("invalid plugin name"), "{e}");
        }
        assert!(validate_name(&"a".repeat(MAX_NAME_LEN + 1)).is_err());
    }

    #[test]
    fn placeholders_and_render() {
        let vars = placeholders("demo-check");
        let text = render("{{name}} {{id}} {{factory}} lib{{lib}}.so", &vars).expect("renders");
        assert_eq!(
            text,
            "policyscan-demo-check demo-check DemoCheckFactory libpolicyscan_demo_check.so"
        );
        let e = render("{{nmae}} x", &vars)
            .expect_err("unknown placeholder")
            .to_string();
        assert!(e.contains("{{nmae}}"), "{e}");
        assert_eq!(camel_case("a1-b2-c"), "A1B2C");
    }

    #[test]
    fn every_template_renders_completely() {
        let vars = placeholders("x-y");
        for (path, template) in TEMPLATES {
            let text = render(template, &vars).expect(path);
            assert!(!text.contains("{{") && !text.contains("}}"), "{path}");
        }
        let manifest = render(TEMPLATES[0].1, &vars).expect("Cargo.toml");
        assert!(manifest.contains("name = \"policyscan-x-y\""));
        assert!(manifest.contains("export = []"));
        let lib = render(TEMPLATES[2].1, &vars).expect("lib.rs");
        assert!(lib.contains("pub const ID: &str = \"x-y\";"));
        assert!(lib
            .trim_end()
            .ends_with("policyscan_api::export_plugin!(XYFactory);"));
    }

    #[test]
    fn adds_a_member_in_sorted_position_changing_nothing_else() {
        let out = add_member(MANIFEST, "plugins/demo-check")
            .expect("adds")
            .expect("changed");
        let expected = MANIFEST.replace(
            "\"crates/*\", \"plugins/keyword\"",
            "\"crates/*\", \"plugins/demo-check\", \"plugins/keyword\"",
        );
        assert_eq!(out, expected);
        // Last in order: appended.
        let out = add_member(MANIFEST, "plugins/zz")
            .expect("adds")
            .expect("changed");
        assert!(
            out.contains("\"plugins/test-fixtures/*\", \"plugins/zz\", \"xtask\"]"),
            "{out}"
        );
        let unsorted = MANIFEST
            .replace("\"crates/*\", ", "")
            .replace("\"xtask\"]", "\"xtask\", \"crates/*\"]");
        let out = add_member(&unsorted, "plugins/a")
            .expect("adds")
            .expect("changed");
        assert!(
            out.contains("\"xtask\", \"crates/*\", \"plugins/a\"]\n"),
            "{out}"
        );
    }

    #[test]
    fn adds_a_member_to_a_multi_line_array() {
        let manifest = "[package]\nname = \"x\"\n\n[workspace]\nmembers = [\n    \"crates/*\", # core\n    \"xtask\",\n]\n";
        let out = add_member(manifest, "plugins/demo")
            .expect("adds")
            .expect("changed");
        assert_eq!(
            out,
            "[package]\nname = \"x\"\n\n[workspace]\nmembers = [\n    \"crates/*\", # core\n    \"plugins/demo\",\n    \"xtask\",\n]\n"
        );
        let out = add_member(manifest, "zz/demo")
            .expect("adds")
            .expect("changed");
        assert!(
            out.contains("    \"xtask\",\n    \"zz/demo\",\n]\n"),
            "{out}"
        );
        let empty = "[workspace]\nmembers = []\n";
        let out = add_member(empty, "plugins/demo")
            .expect("adds")
            .expect("changed");
        assert_eq!(out, "[workspace]\nmembers = [\"plugins/demo\"]\n");
    }

    #[test]
    fn refuses_existing_members_and_respects_globs() {
        let e = add_member(MANIFEST, "plugins/keyword")
            .expect_err("duplicate")
            .to_string();
        assert!(e.contains("already a workspace member"), "{e}");
        let globbed = MANIFEST.replace("\"plugins/keyword\"", "\"plugins/*\"");
        assert!(add_member(&globbed, "plugins/demo")
            .expect("no error")
            .is_none());
        assert!(add_member("[package]\nname = \"x\"\n", "plugins/demo").is_err());
        assert_eq!(
            members(MANIFEST).expect("parses"),
            [
                "crates/*",
                "plugins/keyword",
                "plugins/test-fixtures/*",
                "xtask"
            ]
        );
    }
}
