//! The boundaries of README's "Architecture" section, checked on the source
//! tree: which folders may name teloxide and sqlx, and that modules do not
//! import each other in a cycle. Each rule is also run on a small synthetic
//! tree that breaks it, so a checker that sees nothing cannot pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles that exist today and are still to be untangled. The check fails
/// on any other cycle, and also when one of these is gone (so the list only
/// shrinks). Each entry is the sorted set of modules in one cycle.
const KNOWN_CYCLES: &[&[&str]] = &[];

/// The modules that must stay free of transport and storage.
const DOMAIN: &[&str] = &[
    "engine",
    "matching",
    "knowledge",
    "dialogue",
    "checking",
    "webcare",
    "school",
];

/// The front ends besides Telegram: they reach the school and the store
/// through their traits and name neither teloxide nor sqlx.
const FRONT_ENDS: &[&str] = &["terminal", "web"];

/// Every front end, Telegram included: none imports another. What one needs
/// of another's work comes through a domain trait that the crate root
/// (`main.rs`) wires, e.g. `school::assignments::Announcer`.
const ALL_FRONT_ENDS: &[&str] = &["telegram", "terminal", "web"];

/// The folders that run an HTTP server and so may name axum: the Telegram
/// webhook and the teachers' dashboard.
const HTTP: &[&str] = &["telegram/", "web/"];

/// A Rust source file: its path below `bot/` and its code without comments.
struct Source {
    path: String,
    code: String,
}

fn read_tree(root: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable source");
                let rel = path
                    .strip_prefix(root)
                    .expect("below root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Source {
                    path: rel,
                    code: strip_comments(&text),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Drops `//` comments (docs included) and string literals' contents are
/// kept: a string naming a crate is not an import, but no rule here is
/// fooled by one in practice, and keeping them avoids a tokenizer.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // `://` in a URL inside a string is not a comment.
            Some(i) if !line[..i].ends_with(':') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn names(code: &str, krate: &str) -> bool {
    code.match_indices(krate).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + krate.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Files that name `krate` outside the folders allowed to.
fn crate_outside(sources: &[Source], krate: &str, allowed: &[&str]) -> Vec<String> {
    sources
        .iter()
        .filter(|s| !allowed.iter().any(|a| s.path.starts_with(a)))
        .filter(|s| names(&s.code, krate))
        .map(|s| s.path.clone())
        .collect()
}

/// Top-level module of a file (`telegram/handler.rs` → `telegram`,
/// `canvas.rs` → `canvas`); None for the crate roots.
fn top_module(path: &str) -> Option<String> {
    let first = path.split('/').next()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// The identifiers that follow `prefix` in `code`: `prefix::a`, and the
/// leading identifier of each item in `prefix::{a, b::{c}}`.
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices(prefix) {
        if code[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            items.push(item);
            for item in items {
                let ident: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !ident.is_empty() {
                    out.push(ident);
                }
            }
        } else {
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !ident.is_empty() {
                out.push(ident);
            }
        }
    }
    out
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Edges between top-level modules (`crate::x` from a file of module `y`).
fn module_graph(sources: &[Source]) -> Graph {
    let tops: BTreeSet<String> = sources.iter().filter_map(|s| top_module(&s.path)).collect();
    let mut graph = Graph::new();
    for s in sources {
        let Some(from) = top_module(&s.path) else {
            continue;
        };
        graph.entry(from.clone()).or_default();
        for to in paths_after(&s.code, "crate::") {
            if to != from && tops.contains(&to) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// Edges between the submodules of each folder module (`super::x` or
/// `crate::m::x` from `m/y.rs` or `m/y/...`), named `m/x`. A module's own
/// `mod.rs` is their parent, not a sibling.
fn sibling_graph(sources: &[Source]) -> Graph {
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources {
        let parts: Vec<&str> = s.path.split('/').collect();
        if parts.len() >= 2 && parts[1] != "mod.rs" {
            children
                .entry(parts[0].to_string())
                .or_default()
                .insert(parts[1].trim_end_matches(".rs").to_string());
        }
    }
    let mut graph = Graph::new();
    for s in sources {
        let parts: Vec<&str> = s.path.split('/').collect();
        if parts.len() < 2 || parts[1] == "mod.rs" {
            continue;
        }
        let parent = parts[0];
        let me = parts[1].trim_end_matches(".rs");
        let siblings = &children[parent];
        let from = format!("{parent}/{me}");
        graph.entry(from.clone()).or_default();
        // From a file two levels down (`m/y/z.rs`), `super::` is `m::y`.
        let mut targets = Vec::new();
        if parts.len() == 2 {
            targets.extend(paths_after(&s.code, "super::"));
        } else {
            targets.extend(paths_after(&s.code, "super::super::"));
        }
        targets.extend(paths_after(&s.code, &format!("crate::{parent}::")));
        for to in targets {
            if to != me && siblings.contains(&to) {
                graph
                    .entry(from.clone())
                    .or_default()
                    .insert(format!("{parent}/{to}"));
            }
        }
    }
    graph
}

/// The strongly connected components with more than one member (Tarjan).
fn cycles(graph: &Graph) -> BTreeSet<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        found: BTreeSet<Vec<String>>,
    }
    fn visit<'g>(st: &mut State<'g>, v: &'g str) {
        st.index.insert(v, st.next);
        st.low.insert(v, st.next);
        st.next += 1;
        st.stack.push(v);
        st.on_stack.insert(v);
        let graph = st.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !st.index.contains_key(w) {
                visit(st, w);
                let low = st.low[v].min(st.low[w]);
                st.low.insert(v, low);
            } else if st.on_stack.contains(w) {
                let low = st.low[v].min(st.index[w]);
                st.low.insert(v, low);
            }
        }
        if st.low[v] == st.index[v] {
            let mut component = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                st.found.insert(component);
            }
        }
    }
    let mut st = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: BTreeSet::new(),
    };
    for v in graph.keys() {
        if !st.index.contains_key(v.as_str()) {
            visit(&mut st, v);
        }
    }
    st.found
}

/// Every rule's violations, as lines for the failure message.
fn violations(sources: &[Source], known: &[&[&str]]) -> Vec<String> {
    let mut out = Vec::new();
    for path in crate_outside(sources, "teloxide", &["telegram/"]) {
        out.push(format!("{path} names teloxide (only bot/telegram/ may)"));
    }
    for path in crate_outside(sources, "sqlx", &["store/"]) {
        out.push(format!("{path} names sqlx (only bot/store/ may)"));
    }
    for path in crate_outside(sources, "store::telegram", &["telegram/", "store/"]) {
        out.push(format!(
            "{path} names store::telegram (the Telegram front end's tables; only bot/telegram/ and bot/store/ may)"
        ));
    }
    for path in crate_outside(sources, "axum", HTTP) {
        out.push(format!(
            "{path} names axum (only {} may)",
            HTTP.iter()
                .map(|h| format!("bot/{h}"))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    for s in sources {
        if let Some(top) = top_module(&s.path)
            && FRONT_ENDS.contains(&top.as_str())
        {
            for krate in ["teloxide", "sqlx"] {
                if names(&s.code, krate) {
                    out.push(format!("{} is a front end and names {krate}", s.path));
                }
            }
        }
        if let Some(top) = top_module(&s.path)
            && ALL_FRONT_ENDS.contains(&top.as_str())
        {
            let mut other: Vec<String> = paths_after(&s.code, "crate::")
                .into_iter()
                .filter(|to| *to != top && ALL_FRONT_ENDS.contains(&to.as_str()))
                .collect();
            other.sort();
            other.dedup();
            for to in other {
                out.push(format!(
                    "{} is a front end and imports the front end {to}",
                    s.path
                ));
            }
        }
        if let Some(top) = top_module(&s.path)
            && DOMAIN.contains(&top.as_str())
        {
            for krate in ["teloxide", "sqlx", "axum"] {
                if names(&s.code, krate) {
                    out.push(format!("{} is domain code and names {krate}", s.path));
                }
            }
        }
    }
    let known: BTreeSet<Vec<String>> = known
        .iter()
        .map(|c| {
            let mut c: Vec<String> = c.iter().map(|s| s.to_string()).collect();
            c.sort();
            c
        })
        .collect();
    let mut found = cycles(&module_graph(sources));
    found.extend(cycles(&sibling_graph(sources)));
    for c in found.difference(&known) {
        out.push(format!("import cycle: {}", c.join(" -> ")));
    }
    for c in known.difference(&found) {
        out.push(format!(
            "the known cycle {} is gone: remove it from KNOWN_CYCLES",
            c.join(" -> ")
        ));
    }
    out
}

/// The Telegram front end's row types in `bot/store/`: only the transport's
/// traits (`Transport…`) may name them, so the school's store traits
/// describe classes, assignments, reports... of any learner, not of
/// Telegram users.
const TRANSPORT_ROWS: &[&str] = &["TgUser", "PendingUpdate", "RunningShift"];

/// `Trait::line` for every store trait other than the transport's that
/// names one of [`TRANSPORT_ROWS`] (in `traits.rs`, comments left out).
fn transport_rows_in_school_traits(traits_rs: &str) -> Vec<String> {
    let code = strip_comments(traits_rs);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        if let Some(rest) = line.strip_prefix("pub trait ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            current = Some(name);
        } else if line == "}" {
            current = None;
        }
        let Some(name) = current.as_deref().filter(|n| !n.starts_with("Transport")) else {
            continue;
        };
        for row in TRANSPORT_ROWS {
            let named = line.match_indices(row).any(|(i, _)| {
                let before = line[..i].chars().next_back();
                let after = line[i + row.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if named {
                out.push(format!("{name}: {}", line.trim()));
            }
        }
    }
    out
}

/// The store files that hold only school tables' SQL (SQLite's per-group
/// files and PostgreSQL's shifts and web sessions; `postgres/tables.rs`
/// holds both sides and `store/telegram.rs` is the transport's).
const SCHOOL_STORE_FILES: &[&str] = &[
    "store/assignments.rs",
    "store/classes.rs",
    "store/reports.rs",
    "store/shifts.rs",
    "store/uploads.rs",
    "store/web.rs",
    "store/postgres/shifts.rs",
    "store/postgres/web.rs",
];

/// The `tg_*` table names in `code` (comments left out): the transport's
/// tables, which a school read must not join.
fn transport_tables_named(code: &str) -> Vec<String> {
    let code = strip_comments(code);
    code.match_indices("tg_")
        .filter(|(i, _)| {
            !code[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn bot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bot")
}

#[test]
fn the_source_tree_keeps_its_boundaries_and_has_no_new_import_cycles() {
    let sources = read_tree(&bot_dir());
    assert!(sources.len() > 50, "read the real tree");
    let problems = violations(&sources, KNOWN_CYCLES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_school_s_store_traits_name_no_telegram_row() {
    let traits = std::fs::read_to_string(bot_dir().join("store/traits.rs")).expect("traits.rs");
    assert!(
        traits.contains("pub trait TransportReads"),
        "read the real file"
    );
    let found = transport_rows_in_school_traits(&traits);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_school_s_store_files_name_no_transport_table() {
    for file in SCHOOL_STORE_FILES {
        let code = std::fs::read_to_string(bot_dir().join(file)).expect("a school store file");
        let found = transport_tables_named(&code);
        assert!(found.is_empty(), "{file} names {found:?}");
    }
}

#[test]
fn a_transport_table_in_sql_is_reported_but_not_in_a_comment_or_a_longer_name() {
    let code = "// joins tg_users for the name\n\
                let sql = \"SELECT u.chat_id FROM class_members m JOIN tg_users u\";\n\
                let n = \"SELECT COUNT(*) FROM join_attempts\"; let my_tg_x = 1;\n";
    assert_eq!(transport_tables_named(code), ["tg_users"]);
}

#[test]
fn a_telegram_row_in_a_school_trait_is_reported_and_in_the_transport_s_is_not() {
    let traits = "pub trait ClassReads: Send {\n    \
                  fn class_members(&mut self) -> StoreFuture<'_, Vec<TgUser>>;\n    \
                  // a comment naming TgUser is fine\n    \
                  fn tg_users_count(&mut self) -> StoreFuture<'_, i64>;\n}\n\
                  pub trait TransportReads: Send {\n    \
                  fn user(&mut self) -> StoreFuture<'_, Option<TgUser>>;\n}\n";
    let found = transport_rows_in_school_traits(traits);
    assert_eq!(
        found,
        ["ClassReads: fn class_members(&mut self) -> StoreFuture<'_, Vec<TgUser>>;"]
    );
}

/// Prints the module graph's cycles and lines per module, for the report
/// on a change (`cargo test --test architecture -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_lines_per_module_and_cycles() {
    let sources = read_tree(&bot_dir());
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    for s in &sources {
        let module = s
            .path
            .split('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".rs");
        let text = std::fs::read_to_string(bot_dir().join(&s.path)).expect("source");
        *lines.entry(module.to_string()).or_default() += text.lines().count();
    }
    for (m, n) in &lines {
        println!("{m}\t{n}");
    }
    for c in cycles(&module_graph(&sources))
        .into_iter()
        .chain(cycles(&sibling_graph(&sources)))
    {
        println!("cycle: {}", c.join(" -> "));
    }
}

fn synthetic(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, code)| Source {
            path: path.to_string(),
            code: strip_comments(code),
        })
        .collect()
}

#[test]
fn teloxide_outside_telegram_and_sqlx_outside_store_are_reported() {
    let tree = synthetic(&[
        ("telegram/api.rs", "use teloxide::Bot;"),
        ("store/sqlite.rs", "use sqlx::SqlitePool;"),
        ("report/mod.rs", "use sqlx::SqliteConnection;"),
        ("engine/mod.rs", "fn f(_: teloxide::types::Update) {}"),
        ("web/pages.rs", "use axum::Router; use sqlx::Row;"),
        ("report/mod.rs", "use axum::Json;"),
        // Comments and look-alike names are not imports.
        (
            "matching/mod.rs",
            "// teloxide is not used here\nlet sqlx_like = 1;",
        ),
    ]);
    let problems = violations(&tree, &[]);
    assert_eq!(
        problems,
        [
            "engine/mod.rs names teloxide (only bot/telegram/ may)",
            "report/mod.rs names sqlx (only bot/store/ may)",
            "web/pages.rs names sqlx (only bot/store/ may)",
            "report/mod.rs names axum (only bot/telegram/ and bot/web/ may)",
            "engine/mod.rs is domain code and names teloxide",
            "web/pages.rs is a front end and names sqlx",
        ]
    );
}

#[test]
fn the_telegram_store_module_named_outside_telegram_and_store_is_reported() {
    let tree = synthetic(&[
        ("school/auth.rs", "use crate::store::telegram::Class;"),
        ("web/pages.rs", "fn f(_: crate::store::telegram::TgUser) {}"),
        ("telegram/handler.rs", "use crate::store::telegram as db;"),
        (
            "store/sqlite_tables.rs",
            "use super::telegram::{self as tg};",
        ),
        (
            "school/classes.rs",
            "// not crate::store::telegram\nuse crate::store::classes;",
        ),
    ]);
    assert_eq!(
        violations(&tree, &[]),
        [
            "school/auth.rs names store::telegram (the Telegram front end's tables; only bot/telegram/ and bot/store/ may)",
            "web/pages.rs names store::telegram (the Telegram front end's tables; only bot/telegram/ and bot/store/ may)",
        ]
    );
}

#[test]
fn a_front_end_that_imports_another_front_end_is_reported() {
    let tree = synthetic(&[
        (
            "web/assign.rs",
            "let push = crate::telegram::assignment_push(&c, &id);",
        ),
        ("terminal/mod.rs", "use crate::{web::Web, school::auth};"),
        // Its own module, the domain, a look-alike and a comment are fine.
        (
            "telegram/assign.rs",
            "use crate::telegram::api; use crate::school::assignments::Announcer; \
             use crate::webcare::render;\n// crate::web::Web is wired by main",
        ),
        ("main.rs", "use gesprekscoach::{telegram, web};"),
    ]);
    assert_eq!(
        violations(&tree, &[]),
        [
            "web/assign.rs is a front end and imports the front end telegram",
            "terminal/mod.rs is a front end and imports the front end web",
        ]
    );
}

#[test]
fn a_cycle_between_modules_or_sibling_submodules_is_reported() {
    let tree = synthetic(&[
        ("engine/mod.rs", "use crate::dialogue::Dialogue;"),
        ("dialogue/mod.rs", "pub mod load; pub mod check;"),
        ("dialogue/check.rs", "use crate::engine::run;"),
        ("dialogue/load.rs", "use super::{model::{A, B}, check};"),
        ("dialogue/model.rs", "use super::load;"),
        ("report/mod.rs", "use crate::engine::x;"),
    ]);
    let problems = violations(&tree, &[]);
    assert_eq!(
        problems,
        [
            "import cycle: dialogue -> engine",
            "import cycle: dialogue/load -> dialogue/model",
        ]
    );
    // A known cycle passes; a known one that disappeared must be removed.
    let known: &[&[&str]] = &[
        &["dialogue", "engine"],
        &["dialogue/load", "dialogue/model"],
    ];
    assert!(violations(&tree, known).is_empty());
    let stale: &[&[&str]] = &[
        &["dialogue", "engine"],
        &["dialogue/load", "dialogue/model"],
        &["a", "b"],
    ];
    assert_eq!(
        violations(&tree, stale),
        ["the known cycle a -> b is gone: remove it from KNOWN_CYCLES"]
    );
}
