//! The editor's first page: every update, newest first, and every page, each linking to its
//! form; after a save that the preview does not show (a draft, an embargoed update), it says why.

use serde::Serialize;

use super::form::Fields;
use super::words::capital;
use super::{html, Editor, Frame, Response};
use crate::content::sources::Known;

/// An update, page or measure as the list shows it.
#[derive(Serialize)]
struct Item {
    file: String,
    query: String,
    title: String,
    date: String,
    kind: String,
    /// The date as `YYYY-MM-DD`, to sort by.
    sort: String,
    broken: bool,
    what: &'static str,
    /// Where it stands, in words (see [`super::states`]).
    state: String,
}
impl Editor {
    /// The list of updates (newest first) and pages.
    pub(super) fn list(&self, query: &Fields) -> Response {
        #[derive(Serialize)]
        struct List {
            #[serde(flatten)]
            frame: Frame,
            updates: Vec<Item>,
            pages: Vec<Item>,
            measures: Vec<Item>,
            saved: Option<String>,
            saved_page: Option<String>,
            problems: bool,
            notices: Vec<Notice>,
            more: usize,
        }
        let frame = self.frame("list");
        let today = self.today();
        let waiting = match self.is_team() {
            true => super::states::waiting(&self.root),
            false => Default::default(),
        };
        let plain = super::states::Facts {
            draft: false,
            withdrawn: false,
            date: None,
        };
        let (mut updates, mut pages, mut measures) = (Vec::new(), Vec::new(), Vec::new());
        let saved_file = query.get("saved");
        let mut saved = None;
        let mut held = None;
        {
            let engine = self.snapshot();
            let config = engine.sources().config();
            for (path, known) in engine.sources().files() {
                let file = path.to_string_lossy().replace('\\', "/");
                let item = |title: String, what| Item {
                    file: file.clone(),
                    query: url::form_urlencoded::byte_serialize(file.as_bytes()).collect(),
                    title,
                    date: String::new(),
                    sort: String::new(),
                    kind: String::new(),
                    broken: false,
                    what,
                    state: super::states::state(&plain, waiting.get(&file), today),
                };
                match known {
                    Known::Entry(Some(e)) => {
                        let kind = config.map_or(e.kind.clone(), |c| kind_label(c, &e.kind));
                        if file == saved_file {
                            let options = engine.options();
                            held = if e.draft && !options.drafts {
                                Some("It is a draft, so it is not published until it is marked ready.")
                            } else if e.date > options.today && !options.future {
                                Some("It is dated after today, so it goes live on that day.")
                            } else {
                                None
                            };
                        }
                        let facts = super::states::Facts {
                            draft: e.draft,
                            withdrawn: e.withdrawn.is_some(),
                            date: Some(e.date),
                        };
                        updates.push(Item {
                            state: super::states::state(&facts, waiting.get(&file), today),
                            date: crate::render::dates::DateView::new(e.date).text,
                            sort: crate::render::dates::iso(e.date),
                            kind,
                            ..item(e.title.clone(), "Update")
                        });
                    }
                    Known::Entry(None) => updates.push(Item {
                        broken: true,
                        ..item(file.clone(), "Update")
                    }),
                    Known::Area(a) => {
                        pages.push(item(a.map_or(file.clone(), |a| a.title.clone()), "Area"))
                    }
                    Known::Page(p) => pages.push(item(
                        p.and_then(|p| p.title.clone()).unwrap_or(file.clone()),
                        "Page",
                    )),
                    Known::Home => pages.insert(0, item("Home page".into(), "Home page")),
                    Known::Measure(m) => {
                        let title = m.map_or(file.clone(), |m| m.title.clone());
                        measures.push(item(title, "Measure"));
                    }
                    _ => continue,
                }
            }
        }
        // Said by its title, never its file.
        let restored = query.get("restored");
        let named = |file: &str| -> Option<String> {
            if file == super::settings::SETTINGS {
                return Some("the site settings".into());
            }
            let items = updates.iter().chain(&pages).chain(&measures);
            items
                .filter(|i| i.file == file)
                .map(|i| format!("“{}”", i.title))
                .next()
        };
        if let Some(name) = (!saved_file.is_empty())
            .then(|| named(&saved_file))
            .flatten()
        {
            let verb = if name == "the site settings" {
                "were"
            } else {
                "was"
            };
            let text = format!("{} {verb} saved. {}", capital(&name), held.unwrap_or(""));
            saved = Some(text.trim().to_string());
        }
        if let Some(name) = (!restored.is_empty()).then(|| named(&restored)).flatten() {
            saved = Some(format!(
                "An earlier version of {name} was restored, as a new change in its history."
            ));
        }
        let removed = query.get("removed");
        if !removed.is_empty() && engine_lacks(self, &removed) {
            let what = match removed.split('/').nth(1) {
                Some("areas") => "area",
                Some("updates") => "update",
                _ => "file",
            };
            saved = Some(format!("The {what} was removed."));
        }
        // Newest first; on one day, the file written last first.
        updates.sort_by(|a, b| (&b.sort, &b.file).cmp(&(&a.sort, &a.file)));
        let shown = if restored.is_empty() {
            &saved_file
        } else {
            &restored
        };
        // A page the preview does not show yet (a draft, an update dated later) is seen as it
        // will be.
        let saved_page = saved.as_ref().and_then(|_| {
            let as_it_will_be = held.map(|_| self.preview_link(shown));
            self.page_of(shown).or(as_it_will_be)
        });
        let all = self.snapshot().notices.clone();
        let items: Vec<&Item> = updates.iter().chain(&pages).chain(&measures).collect();
        let notices: Vec<Notice> = all
            .iter()
            .take(SHOWN)
            .map(|d| notice(&frame.edit, d, &items))
            .collect();
        html(
            200,
            self.views.render(
                "list.html",
                &List {
                    frame,
                    updates,
                    pages,
                    measures,
                    saved,
                    saved_page,
                    problems: false,
                    more: all.len().saturating_sub(notices.len()),
                    notices,
                },
            ),
        )
    }
}

/// How many of the site's notices the first page lists (the rest are counted).
const SHOWN: usize = 50;

/// One thing to mend, as the first page lists it: the item it is about, linking to the form
/// that mends it (the settings, the documents page), and what to do.
#[derive(Serialize)]
struct Notice {
    title: String,
    href: Option<String>,
    line: Option<usize>,
    text: String,
    error: bool,
}

/// The notice of `d`, linked to the form of the item it names among `items`.
fn notice(edit: &str, d: &crate::error::Diagnostic, items: &[&Item]) -> Notice {
    let file = d.file.to_string_lossy().replace('\\', "/");
    let listed = items.iter().find(|i| i.file == file);
    let (title, href) = match listed {
        Some(i) => {
            let form = match i.what {
                "Update" => "update",
                "Measure" => "measure",
                _ => "page",
            };
            (
                i.title.clone(),
                Some(format!("{edit}{form}?file={}", i.query)),
            )
        }
        None if file == super::settings::SETTINGS => {
            ("Site settings".to_string(), Some(format!("{edit}settings")))
        }
        None if file.starts_with("content/")
            && !file.ends_with(".md")
            && !file.ends_with(".toml") =>
        {
            (
                file.trim_start_matches("content/").to_string(),
                Some(format!("{edit}documents")),
            )
        }
        None => (file.clone(), None),
    };
    // Said as sentences, in a form's words; a form places its own fields, so only a file
    // without one names a line.
    let form_words = super::problems::form_words;
    let text = match &d.hint {
        Some(hint) => format!("{} {}", form_words(&d.message), form_words(hint)),
        None => form_words(&d.message),
    };
    Notice {
        line: d
            .location
            .as_ref()
            .map(|l| l.line)
            .filter(|_| href.is_none()),
        title,
        href,
        text,
        error: d.is_error(),
    }
}

/// Whether the preview no longer has the file (a removal to report, not a stale address).
fn engine_lacks(editor: &Editor, file: &str) -> bool {
    editor
        .snapshot()
        .sources()
        .get(std::path::Path::new(file))
        .is_none()
}

/// A kind's label, as the site names it.
fn kind_label(config: &crate::config::Config, kind: &str) -> String {
    config
        .vocabulary
        .kinds
        .iter()
        .find(|(slug, _)| slug == kind)
        .map_or(kind.to_string(), |(_, label)| label.clone())
}
