//! sla-core's top-level modules depend on each other one way only (DESIGN.md,
//! "Layout and dependencies"): this reads `src/`, collects every `crate::`
//! path (and every `super::` that climbs to the crate root) per top-level
//! module, and fails on a circle, naming it and a use behind each step.
//!
//! Comments, string literals and `#[cfg(test)]` items are left out: a unit
//! test may use the whole crate. A path to an item re-exported by `lib.rs`
//! (`crate::Policy`) counts as a use of the module it comes from; an item
//! defined in `lib.rs` itself sits above every module, so using one is a
//! circle through `lib`.

// A test: helpers outside #[test] functions may expect too (clippy.toml
// allows it only inside them); a failure names what it could not read.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// `from → to → (file, path as written)` for every use of another module.
type Graph = BTreeMap<String, BTreeMap<String, Vec<(String, String)>>>;

/// Name of the crate root as a node of the graph.
const LIB: &str = "lib";

/// External crates `lib.rs` re-exports: not modules of ours.
const EXTERNAL: &[&str] = &["chrono", "Tz"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The code of a Rust file without comments and string or char literals
/// (each replaced by a space, so positions and lines stay put).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |c: u8| if c == b'\n' { b'\n' } else { b' ' };
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if b[i] == b'r'
            && (b[i + 1..].starts_with(b"\"") || b[i + 1..].starts_with(b"#"))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            // A raw string r"..." or r#"..."#.
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push(b[i]);
                i += 1;
                continue;
            }
            let end: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let start = i;
            i += 2 + hashes;
            while i < b.len() && !b[i..].starts_with(&end) {
                i += 1;
            }
            i = (i + end.len()).min(b.len());
            out.extend(b[start..i].iter().map(|&c| blank(c)));
        } else if b[i] == b'"' {
            out.push(b' ');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                let n = if b[i] == b'\\' { 2 } else { 1 };
                out.extend(b[i..(i + n).min(b.len())].iter().map(|&c| blank(c)));
                i += n;
            }
            out.push(b' ');
            i += 1;
        } else if b[i] == b'\'' && char_literal_len(&b[i..]).is_some() {
            let n = char_literal_len(&b[i..]).unwrap_or(1);
            out.extend(std::iter::repeat_n(b' ', n));
            i += n;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 boundaries of ASCII code")
}

/// The length of a char literal at the start of `b` (`'a'`, `'\n'`,
/// `'\''`, `'\u{..}'`, a multi-byte char), `None` for a lifetime.
fn char_literal_len(b: &[u8]) -> Option<usize> {
    if b.get(1) == Some(&b'\\') {
        let close = b[2..].iter().position(|&c| c == b'\'')?;
        // `'\''`: the escaped quote is not the closing one.
        let close = if close == 0 {
            1 + b[3..].iter().position(|&c| c == b'\'')?
        } else {
            close
        };
        return Some(close + 3);
    }
    let ch_len = std::str::from_utf8(&b[1..b.len().min(5)])
        .ok()
        .or_else(|| std::str::from_utf8(&b[1..b.len().min(4)]).ok())
        .or_else(|| std::str::from_utf8(&b[1..b.len().min(3)]).ok())
        .or_else(|| std::str::from_utf8(&b[1..b.len().min(2)]).ok())
        .and_then(|s| s.chars().next())
        .map(char::len_utf8)?;
    (b.get(1 + ch_len) == Some(&b'\'')).then_some(ch_len + 2)
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `code` without the items marked `#[cfg(test)]` (blanked to their end:
/// the closing brace of a block, or a `;`).
fn without_tests(code: &str) -> String {
    let mut b = code.as_bytes().to_vec();
    let mark = b"#[cfg(test)]";
    let mut from = 0;
    while let Some(at) = find(&b[from..], mark).map(|p| p + from) {
        let mut i = at + mark.len();
        let mut depth = 0;
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        for c in &mut b[at..i] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = i;
    }
    String::from_utf8(b).expect("ASCII blanking keeps UTF-8")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The identifier starting at `i` (after spaces), if any.
fn ident_at(b: &[u8], mut i: usize) -> Option<(String, usize)> {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let start = i;
    while i < b.len() && is_ident(b[i]) {
        i += 1;
    }
    (i > start).then(|| (String::from_utf8_lossy(&b[start..i]).into_owned(), i))
}

/// The first segments of the paths a crate-root path starting at `i`
/// names: `x::y` gives `x`, `{x::y, z}` gives `x` and `z`.
fn first_segments(b: &[u8], mut i: usize) -> Vec<String> {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if b.get(i) != Some(&b'{') {
        return ident_at(b, i).map(|(s, _)| vec![s]).unwrap_or_default();
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut expect = true;
    while i < b.len() {
        match b[i] {
            b'{' => {
                depth += 1;
                expect = depth == 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expect = true,
            c if expect && is_ident(c) => {
                if let Some((s, end)) = ident_at(b, i) {
                    out.push(s);
                    i = end;
                    expect = false;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The top-level modules `lib.rs` declares, and which module each name it
/// re-exports comes from.
fn lib_rs() -> (Vec<String>, BTreeMap<String, String>) {
    let code = code_only(&fs::read_to_string(src().join("lib.rs")).expect("lib.rs"));
    let mut modules = Vec::new();
    let mut names = BTreeMap::new();
    for stmt in code.split(';') {
        let words: Vec<&str> = stmt
            .split_whitespace()
            .skip_while(|w| w.starts_with("#!") || w.starts_with("#[") || w.starts_with("pub"))
            .collect();
        match words.as_slice() {
            ["mod", name] => modules.push((*name).to_string()),
            ["use", rest @ ..] => {
                let rest = rest.join(" ");
                let Some((module, items)) = rest.split_once("::") else {
                    continue;
                };
                for item in first_segments(items.as_bytes(), 0) {
                    names.insert(item, module.trim().to_string());
                }
            }
            _ => {}
        }
    }
    (modules, names)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The dependency graph of sla-core's top-level modules.
#[allow(clippy::too_many_lines)] // a test helper: the graph is read in one pass
fn graph() -> Graph {
    let (modules, reexported) = lib_rs();
    let resolve = |name: &str| -> Option<String> {
        if modules.iter().any(|m| m == name) {
            Some(name.to_string())
        } else if EXTERNAL.contains(&name) {
            None
        } else {
            Some(
                reexported
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| LIB.to_string()),
            )
        }
    };
    let mut graph = Graph::new();
    for m in &modules {
        // The root declares every module: it sits above them all.
        graph
            .entry(LIB.into())
            .or_default()
            .insert(m.clone(), Vec::new());
        let mut files = Vec::new();
        let dir = src().join(m);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src().join(format!("{m}.rs")));
        }
        for file in files {
            let rel = file
                .strip_prefix(src())
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            // How far `super::` climbs before it reaches the root.
            let depth = rel.split('/').count() - usize::from(rel.ends_with("/mod.rs"));
            let code = without_tests(&code_only(&fs::read_to_string(&file).expect("source")));
            let b = code.as_bytes();
            let mut uses = Vec::new();
            let mut i = 0;
            while i < b.len() {
                let rest = &b[i..];
                let boundary = i == 0 || !is_ident(b[i - 1]) || b[i - 1] == b'$';
                if boundary && rest.starts_with(b"crate::") {
                    uses.push((i, i + 7));
                    i += 7;
                } else if boundary && rest.starts_with(b"super::") {
                    let mut j = i;
                    let mut ups = 0;
                    while b[j..].starts_with(b"super::") {
                        ups += 1;
                        j += 7;
                    }
                    if ups >= depth {
                        uses.push((i, j));
                    }
                    i = j;
                } else {
                    i += 1;
                }
            }
            for (start, after) in uses {
                let line_end = b[start..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b';')
                    .map_or(b.len(), |p| start + p);
                // The path as written, up to where it ends.
                let written: String = code[start..line_end]
                    .chars()
                    .take_while(|&c| c.is_ascii_alphanumeric() || "_:{}, $".contains(c))
                    .collect();
                let written = written.trim().to_string();
                for seg in first_segments(b, after) {
                    let Some(to) = resolve(&seg) else { continue };
                    if &to == m {
                        continue;
                    }
                    graph
                        .entry(m.clone())
                        .or_default()
                        .entry(to)
                        .or_default()
                        .push((rel.clone(), written.clone()));
                }
            }
        }
    }
    graph
}

/// A circle in `graph`, as the list of its nodes (the first repeated at
/// the end), if there is one.
fn find_cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, Vec<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|n| n == next).expect("on the path");
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn edges(graph: &Graph) -> BTreeMap<String, Vec<String>> {
    graph
        .iter()
        .map(|(from, to)| (from.clone(), to.keys().cloned().collect()))
        .collect()
}

#[test]
fn no_circle_between_top_level_modules() {
    let graph = graph();
    for (from, to) in &graph {
        eprintln!(
            "{from} -> {}",
            to.keys().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    if let Some(cycle) = find_cycle(&edges(&graph)) {
        let mut msg = format!(
            "import circle between sla-core modules: {}\n",
            cycle.join(" -> ")
        );
        for step in cycle.windows(2) {
            let (from, to) = (&step[0], &step[1]);
            match graph[from][to].first() {
                Some((file, written)) => {
                    msg += &format!("  {from} -> {to}: src/{file} uses `{written}`\n");
                }
                None => msg += &format!("  {from} -> {to}: lib.rs declares every module\n"),
            }
        }
        msg += "move the shared item to the lower module (DESIGN.md, \"Layout and dependencies\")";
        panic!("{msg}");
    }
}

#[test]
fn the_reader_sees_uses_through_re_exports_groups_and_super() {
    let graph = graph();
    let deps = |m: &str| -> Vec<String> {
        graph
            .get(m)
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default()
    };
    // `use crate::{data::..., error::...}` groups and single paths alike.
    assert!(
        deps("work_time").contains(&"calendar".to_string()),
        "{:?}",
        deps("work_time")
    );
    assert!(
        deps("work_time").contains(&"error".to_string()),
        "{:?}",
        deps("work_time")
    );
    // The contract sits on top: it uses the clock and the policies.
    assert!(
        deps("contract").contains(&"clock".to_string()),
        "{:?}",
        deps("contract")
    );
    assert!(
        deps("contract").contains(&"policy".to_string()),
        "{:?}",
        deps("contract")
    );
    // The error type depends on nothing above the RFC 3339 writer.
    assert_eq!(deps("error"), ["rfc3339"]);
}

#[test]
fn a_circle_is_found_and_named() {
    let g = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry((*a).into()).or_default().push((*b).into());
        }
        g
    };
    let layered = g(&[
        ("clock", "policy"),
        ("policy", "calendar"),
        ("clock", "calendar"),
    ]);
    assert_eq!(find_cycle(&layered), None);
    let circle = g(&[
        ("clock", "policy"),
        ("policy", "calendar"),
        ("policy", "clock"),
    ]);
    assert_eq!(
        find_cycle(&circle),
        Some(vec!["clock".into(), "policy".into(), "clock".into()])
    );
}

#[test]
fn comments_strings_and_tests_are_not_uses() {
    let text = "// crate::a\nlet s = \"crate::b\"; let c = '\"'; let r = r#\"crate::c\"#;\n\
                #[cfg(test)]\nmod tests { use crate::d; }\nuse crate::{e::X, f};\nfn g<'a>() {}\n";
    let code = without_tests(&code_only(text));
    assert!(!code.contains("crate::a") && !code.contains("crate::b") && !code.contains("crate::c"));
    assert!(!code.contains("crate::d"), "{code}");
    let at = code.find("crate::").expect("the real use") + 7;
    assert_eq!(first_segments(code.as_bytes(), at), ["e", "f"]);
    assert_eq!(code.len(), text.len());
}

/// The modules in the order DESIGN.md lists them under "Which way do
/// sla-core's modules depend?" (`name.rs` or `name/`, first mention).
fn design_order(modules: &[String]) -> Vec<String> {
    let design = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../DESIGN.md"))
        .expect("DESIGN.md beside the workspace manifest");
    let start = design
        .find("### Which way do sla-core's modules depend?")
        .expect("DESIGN.md answers which way the modules depend");
    let section = &design[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |e| e + 4)];
    let mut order: Vec<String> = Vec::new();
    for token in section.split('`').skip(1).step_by(2) {
        let name = token
            .strip_suffix(".rs")
            .or_else(|| token.strip_suffix('/'));
        if let Some(name) = name {
            if modules.iter().any(|m| m == name) && !order.iter().any(|o| o == name) {
                order.push(name.to_string());
            }
        }
    }
    order
}

#[test]
fn every_module_uses_only_those_design_md_lists_above_it() {
    let (modules, _) = lib_rs();
    let order = design_order(&modules);
    let missing: Vec<&String> = modules.iter().filter(|m| !order.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "DESIGN.md, \"Which way do sla-core's modules depend?\", does not list {missing:?}"
    );
    let rank = |m: &str| order.iter().position(|o| o == m);
    let mut wrong = Vec::new();
    for (from, deps) in graph() {
        for (to, uses) in deps {
            if let (Some(f), Some(t)) = (rank(&from), rank(&to)) {
                if t >= f {
                    let (file, written) = &uses[0];
                    wrong.push(format!("{from} -> {to}: src/{file} uses `{written}`"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "modules using one DESIGN.md lists below them (order {order:?}):\n{}",
        wrong.join("\n")
    );
}
