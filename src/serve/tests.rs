//! Incremental rebuilds must serve exactly what a full build gives: after each edit of a
//! realistic sequence, every served file is compared with a fresh `render_site` of the folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::rebuild::Engine;
use super::store::Store;
use super::watch::Changes;
use crate::build::render_site;
use crate::render::{Body, Scope};
use crate::site::BuildOptions;

const ORIGIN: &str = "http://127.0.0.1:9";

fn options() -> BuildOptions {
    BuildOptions {
        drafts: false,
        future: false,
        today: time::macros::date!(2026 - 11 - 01),
    }
}

fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for item in walkdir::WalkDir::new(&from) {
        let item = item.unwrap();
        let to = dir.path().join(item.path().strip_prefix(&from).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(item.path(), &to).unwrap();
        }
    }
    dir
}

fn bytes(body: &Body) -> Vec<u8> {
    match body {
        Body::Bytes(b) => b.clone(),
        Body::Copy(p) => std::fs::read(p).unwrap_or_default(),
    }
}

/// Every output of a full build of the folder as it is now.
fn full(root: &Path, base_path: &str) -> BTreeMap<String, Vec<u8>> {
    let url = format!("{ORIGIN}{base_path}");
    let rendered =
        render_site(root, &options(), Some(&url)).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    rendered
        .outputs
        .iter()
        .map(|o| (o.path.clone(), bytes(&o.body)))
        .collect()
}

fn served(store: &Store) -> BTreeMap<String, Vec<u8>> {
    store
        .paths()
        .into_iter()
        .map(|p| (p.clone(), bytes(&store.get(&p).unwrap())))
        .collect()
}

/// A site being served, driven by hand instead of by the watcher.
pub(super) struct Serving {
    dir: tempfile::TempDir,
    engine: Engine,
    store: Store,
    last_scope: Scope,
}

impl Serving {
    fn start() -> Serving {
        Serving::start_with("small")
    }

    /// Serves a copy of `tests/fixtures/<name>`.
    pub(super) fn start_with(name: &str) -> Serving {
        let dir = fixture(name);
        let root = dir.path().canonicalize().unwrap();
        let mut engine = Engine::new(&root, options(), ORIGIN);
        let mut store = Store::new();
        let first = engine
            .build_all()
            .unwrap_or_else(|d| panic!("{:?}", d.sorted()));
        store.base_path = first.base_path.clone();
        store.apply(first.outputs, &first.scope);
        Serving {
            dir,
            engine,
            store,
            last_scope: Scope::All,
        }
    }

    pub(super) fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    pub(super) fn write(&self, path: &str, text: &str) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Rebuilds after changes to these paths; returns the errors if it failed.
    pub(super) fn changed(&mut self, paths: &[&str]) -> Option<String> {
        let mut changes = Changes::default();
        paths.iter().for_each(|p| changes.add(Path::new(p)));
        match self.engine.rebuild(&changes)? {
            Ok(rebuilt) => {
                self.store.base_path = rebuilt.base_path.clone();
                self.store.apply(rebuilt.outputs, &rebuilt.scope);
                self.last_scope = rebuilt.scope;
                None
            }
            Err(errors) => Some(
                errors
                    .sorted()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }

    pub(super) fn assert_same_as_full_build(&self, step: &str) {
        let expected = full(&self.root(), &self.store.base_path);
        let actual = served(&self.store);
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<BTreeSet<_>>();
        assert_eq!(
            names(&actual),
            names(&expected),
            "{step}: the served files differ"
        );
        for (path, bytes) in &expected {
            assert!(
                actual[path] == *bytes,
                "{step}: {path} differs from a full build"
            );
        }
    }

    pub(super) fn rendered_only(&self, step: &str) -> BTreeSet<String> {
        match &self.last_scope {
            Scope::Only(paths) => paths.clone(),
            Scope::All => panic!("{step}: expected a partial rebuild"),
        }
    }
}

const NEWS: &str = "content/updates/2022/2022-12-05-news.md";

#[test]
fn editing_an_entry_renders_only_its_pages_and_matches_a_full_build() {
    let mut s = Serving::start();
    let text = std::fs::read_to_string(s.root().join(NEWS)).unwrap();
    s.write(
        NEWS,
        &text.replace("New staff for EHC plans", "Five new caseworkers"),
    );
    assert_eq!(s.changed(&[NEWS]), None);
    s.assert_same_as_full_build("title edited");
    let rendered = s.rendered_only("title edited");
    assert!(
        rendered.contains("updates/news/index.html") && rendered.contains("kinds/news/index.html"),
        "{rendered:?}"
    );
    assert!(
        !rendered.contains("updates/inspection/index.html"),
        "{rendered:?}"
    );
}

#[test]
fn editing_an_entry_s_text_renders_only_its_own_page() {
    let mut s = Serving::start();
    let text = std::fs::read_to_string(s.root().join(NEWS)).unwrap();
    s.write(NEWS, &format!("{text}\nA second paragraph, added later.\n"));
    assert_eq!(s.changed(&[NEWS]), None);
    s.assert_same_as_full_build("text added");
    assert_eq!(
        s.rendered_only("text added"),
        BTreeSet::from(["updates/news/index.html".to_string()])
    );
}

/// Edits of an update's words alone (title, text) keep the registry's layout of the pages from
/// the last rebuild (no address or list depends on them); its summary, taken from the text, and
/// its title still reach every list that shows them, a link added to another file resolves, and
/// an edit of anything else (its date) lays the pages out again.
#[test]
fn text_edits_keep_the_layout_and_still_match_a_full_build() {
    let mut s = Serving::start();
    let text = std::fs::read_to_string(s.root().join(NEWS)).unwrap();
    let steps = [
        ("summary changed", text.replace("five new", "six new")),
        (
            "link to another file",
            text.replace(
                "caseworkers.",
                "caseworkers ([the revisit](@/updates/2022/2022-11-20-revisit.md)).",
            ),
        ),
        (
            "heading added",
            format!(
                "{text}
## What happens next

More.
"
            ),
        ),
        ("title changed", text.replace("New staff", "More staff")),
        (
            "moved in time after words",
            text.replace("date = 2022-12-05", "date = 2021-02-01"),
        ),
        ("back as it was", text.clone()),
    ];
    for (step, new) in steps {
        s.write(NEWS, &new);
        assert_eq!(s.changed(&[NEWS]), None, "{step}");
        s.assert_same_as_full_build(step);
    }
}

#[test]
fn moving_an_entry_in_time_and_between_areas_matches_a_full_build() {
    let mut s = Serving::start();
    let text = std::fs::read_to_string(s.root().join(NEWS)).unwrap();
    let moved = text
        .replace("date = 2022-12-05", "date = 2021-02-01")
        .replace("areas = [\"plans\"]", "areas = [\"families\"]");
    s.write(NEWS, &moved);
    assert_eq!(s.changed(&[NEWS]), None);
    s.assert_same_as_full_build("date and area changed");
}

#[test]
fn adding_renaming_and_deleting_entries_matches_a_full_build() {
    let mut s = Serving::start();
    let new = "content/updates/2023/2023-01-02-brand-new.md";
    s.write(
        new,
        "+++\ntitle = \"Brand new\"\ndate = 2023-01-02\nkind = \"survey\"\n+++\nHello.\n",
    );
    assert_eq!(s.changed(&[new]), None);
    s.assert_same_as_full_build("entry added");
    let renamed = "content/updates/2023/2023-01-02-renamed.md";
    std::fs::rename(s.root().join(new), s.root().join(renamed)).unwrap();
    assert_eq!(s.changed(&[new, renamed]), None);
    s.assert_same_as_full_build("entry renamed");
    std::fs::remove_dir_all(s.root().join("content/updates/2023")).unwrap();
    assert_eq!(s.changed(&["content/updates/2023"]), None);
    s.assert_same_as_full_build("folder deleted");
}

#[test]
fn a_broken_file_keeps_the_last_site_until_it_is_fixed() {
    let mut s = Serving::start();
    let text = std::fs::read_to_string(s.root().join(NEWS)).unwrap();
    s.write(NEWS, &text.replace("kind = \"news\"", "kind = \"nwes\""));
    let errors = s.changed(&[NEWS]).expect("a build error");
    assert!(
        errors.starts_with(
            "error: content/updates/2022/2022-12-05-news.md:4:8: unknown kind \"nwes\""
        ),
        "{errors}"
    );
    // Another edit while it is broken is remembered for when it is fixed.
    let other = "content/updates/2021/2021-03-01-survey.md";
    let survey = std::fs::read_to_string(s.root().join(other)).unwrap();
    s.write(
        other,
        &survey.replacen("title = \"", "title = \"Changed while broken: ", 1),
    );
    assert!(s.changed(&[other]).is_some());
    s.write(NEWS, &text);
    assert_eq!(s.changed(&[NEWS]), None);
    s.assert_same_as_full_build("fixed");
}

#[test]
fn areas_pages_templates_settings_and_files_match_a_full_build() {
    let mut s = Serving::start();
    s.write("content/areas/plans.md", "+++\ntitle = \"EHC plans\"\nnumber = 2\nfinding = \"Plans were late & poor.\"\n+++\nNew next steps.\n");
    assert_eq!(s.changed(&["content/areas/plans.md"]), None);
    s.assert_same_as_full_build("area body");
    assert_eq!(
        s.rendered_only("area body"),
        BTreeSet::from(["areas/plans/index.html".to_string()])
    );
    s.write(
        "content/pages/about.md",
        "+++\ntitle = \"About us\"\n+++\nNew text.\n",
    );
    assert_eq!(s.changed(&["content/pages/about.md"]), None);
    s.assert_same_as_full_build("page retitled");
    s.write("content/_index.md", "Welcome back.\n");
    assert_eq!(s.changed(&["content/_index.md"]), None);
    s.assert_same_as_full_build("home");
    s.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Gone</h1>{% endblock main %}",
    );
    assert_eq!(s.changed(&["themes/default/templates/404.html"]), None);
    s.assert_same_as_full_build("template");
    s.write("themes/default/static/extra.css", "p { color: red }");
    assert_eq!(s.changed(&["themes/default/static/extra.css"]), None);
    s.assert_same_as_full_build("static file");
    assert_eq!(
        s.rendered_only("static file"),
        BTreeSet::from(["static/extra.css".to_string()])
    );
    std::fs::remove_file(s.root().join("content/documents/letter.pdf")).unwrap();
    assert!(s
        .changed(&["content/documents/letter.pdf"])
        .unwrap()
        .contains("document file \"documents/letter.pdf\" does not exist"));
    s.write("content/documents/letter.pdf", "%PDF-1.4 /Type /Page");
    assert_eq!(s.changed(&["content/documents/letter.pdf"]), None);
    s.assert_same_as_full_build("document restored");
    let config = std::fs::read_to_string(s.root().join("content/site.toml")).unwrap();
    s.write(
        "content/site.toml",
        &config.replace("council.example/send/", "council.example/send-progress/"),
    );
    assert_eq!(s.changed(&["content/site.toml"]), None);
    assert_eq!(s.store.base_path, "/send-progress/");
    s.assert_same_as_full_build("settings");
}

#[test]
fn an_editor_s_short_lived_temporary_file_changes_nothing() {
    let mut s = Serving::start();
    assert!(s
        .engine
        .rebuild(&{
            let mut c = Changes::default();
            c.add(Path::new("content/updates/4913"));
            c
        })
        .is_none());
}

#[test]
fn two_entries_with_one_slug_is_an_error_until_one_is_renamed() {
    let mut s = Serving::start();
    let copy = "content/updates/2023-01-01-news.md";
    s.write(
        copy,
        "+++\ntitle = \"Copy\"\ndate = 2023-01-01\nkind = \"news\"\n+++\nCopy.\n",
    );
    let errors = s.changed(&[copy]).expect("a duplicate slug");
    assert_eq!(
        errors,
        "error: content/updates/2023-01-01-news.md: two entries have the slug \"news\"\n  \
         = hint: content/updates/2022/2022-12-05-news.md has it too; give one of them another file name or a `slug = \"...\"`"
    );
    s.write(
        copy,
        "+++\ntitle = \"Copy\"\ndate = 2023-01-01\nkind = \"news\"\nslug = \"copy\"\n+++\nCopy.\n",
    );
    assert_eq!(s.changed(&[copy]), None);
    s.assert_same_as_full_build("renamed");
}
