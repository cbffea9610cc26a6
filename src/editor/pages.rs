//! The form for the home page, a free page or an area: its title and its text, and an area's
//! finding (the inspectors' words) and the plan's actions for it. An area's other fields (its
//! number and type, an action's id and measure) are kept as they are.

use crate::content::keys;

use serde::Serialize;

use super::fields::{put, Choose, Drawn, Errors, Field};
use super::form::Fields;
use super::forms::page as d;
use super::problems::{by_field, place_all, Problem};
use std::collections::BTreeSet;

use super::toml::{new_table, set, shown, tables_mut, text, New};
use super::write::WriteError;
use super::{html, Editor, Frame};
use crate::content::sources::Known;
use crate::source::slug::short_slug;

/// The fields of a page's form.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PageForm {
    /// The file, relative to the site root.
    pub file: String,
    /// Its version when the form was opened.
    pub version: String,
    /// "Home page", "Page" or "Area".
    pub what: String,
    /// The title.
    pub title: String,
    /// An area's finding.
    pub finding: String,
    /// An area's type (a slug of the framework's types of area).
    pub area_type: String,
    /// The markdown.
    pub body: String,
    /// An area's actions, as written.
    pub actions: Vec<ActionField>,
    /// The action being added.
    pub new_action: ActionField,
}

impl PageForm {
    /// Every problem of its actions, in the form's words, all at once.
    fn own_problems(&self) -> Vec<Problem> {
        let listed = self.actions.iter().enumerate();
        let mut found: Vec<Problem> = listed.flat_map(|(i, a)| a.problems(Some(i))).collect();
        found.extend(self.new_action.problems(None));
        found
    }

    /// Its fields drawn, with the framework's `types` of area and the messages `errors`.
    fn draw(&self, types: &[super::Choice], errors: &Errors) -> Drawn {
        let mut drawn = Drawn::new();
        for (field, value) in [
            (&d::TITLE, &self.title),
            (&d::FINDING, &self.finding),
            (&d::BODY, &self.body),
            (&d::TYPE, &self.area_type),
        ] {
            let at = field.one();
            let options = types.iter().map(|t| Choose::new(&t.slug, &t.label));
            let shown = at.show(value).options(options.collect());
            put(&mut drawn, &at, shown, errors);
        }
        drawn
    }

    /// Writes the form into `doc` for a file of this `kind` ("Home page", "Page" or "Area"),
    /// changing only what differs; `taken` are the action ids of the whole site.
    pub fn apply(&self, kind: &str, doc: &mut toml_edit::DocumentMut, taken: &BTreeSet<String>) {
        let root = doc.as_table_mut();
        let optional = |s: &str| (!s.is_empty()).then(|| New::Text(s.into()));
        match kind {
            // A free page needs its title: an empty one is written for the build to report.
            "Page" => set(root, keys::page::TITLE, Some(New::Text(self.title.clone()))),
            _ => set(root, keys::area::TITLE, optional(&self.title)),
        }
        if kind == "Area" {
            set(root, keys::area::FINDING, optional(&self.finding));
            set(root, keys::area::TYPE, optional(&self.area_type));
            apply_actions(doc, &self.actions, &self.new_action, taken);
        }
    }
}

/// One action of the plan, as the form shows it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ActionField {
    /// Its id (made from the title for a new one; never changed here, updates report on it).
    pub id: String,
    /// What will be done.
    pub title: String,
    /// A day (`2026-03-31`) or a month (`2026-03`).
    pub due: String,
    /// Who answers for it.
    pub owner: String,
    /// Ticked: take it out of the plan.
    pub remove: bool,
}

impl ActionField {
    /// The action at `i` as sent (`None`: the one being added).
    fn submitted(fields: &Fields, i: Option<usize>) -> ActionField {
        let get = |(listed, new): (&'static Field, &'static Field)| match i {
            Some(i) => listed.nth(i).read_value(fields),
            None => new.one().read_value(fields),
        };
        ActionField {
            id: get((&d::ACTION_ID, &d::ACTION_ID)),
            title: get((&d::ACTION_TITLE, &d::NEW_TITLE)),
            due: get((&d::ACTION_DUE, &d::NEW_DUE)),
            owner: get((&d::ACTION_OWNER, &d::NEW_OWNER)),
            remove: i.is_some_and(|i| !d::ACTION_REMOVE.nth(i).read(fields).is_empty()),
        }
    }

    /// Its fields drawn (`None`: the one being added).
    fn draw(&self, i: Option<usize>, errors: &Errors) -> Drawn {
        let mut drawn = Drawn::new();
        let remove = if self.remove { "yes" } else { "" };
        let listed = [
            (&d::ACTION_ID, &d::ACTION_ID, self.id.as_str()),
            (&d::ACTION_TITLE, &d::NEW_TITLE, &self.title),
            (&d::ACTION_DUE, &d::NEW_DUE, &self.due),
            (&d::ACTION_OWNER, &d::NEW_OWNER, &self.owner),
            (&d::ACTION_REMOVE, &d::ACTION_REMOVE, remove),
        ];
        for (field, new, value) in listed {
            let at = match i {
                Some(i) => field.nth(i),
                None => new.one(),
            };
            put(&mut drawn, &at, at.show(value), errors);
        }
        drawn
    }

    /// What is wrong with it, in the form's words (`None`: the one being added).
    fn problems(&self, i: Option<usize>) -> Vec<Problem> {
        let (title, due) = match i {
            Some(i) => (d::ACTION_TITLE.nth(i), d::ACTION_DUE.nth(i)),
            None => (d::NEW_TITLE.one(), d::NEW_DUE.one()),
        };
        let mut found: Vec<Problem> = due.problem(&self.due).into_iter().collect();
        let said = !self.due.is_empty() || !self.owner.is_empty();
        if self.title.is_empty() && !self.remove && (i.is_some() || said) {
            let why = "Enter what will be done, or leave the action's fields empty";
            found.push(title.says(why.into()));
        }
        found
    }

    fn write(&self, table: &mut toml_edit::Table) {
        set(
            table,
            keys::action::TITLE,
            Some(New::Text(self.title.clone())),
        );
        set(
            table,
            keys::action::DUE,
            (!self.due.is_empty()).then(|| New::Date(self.due.clone())),
        );
        set(
            table,
            keys::action::OWNER,
            (!self.owner.is_empty()).then(|| New::Text(self.owner.clone())),
        );
    }
}

/// An area's actions as its front matter writes them.
fn actions_of(doc: &toml_edit::DocumentMut) -> Vec<ActionField> {
    doc.get(keys::area::ACTIONS)
        .and_then(toml_edit::Item::as_array_of_tables)
        .map(|tables| {
            tables
                .iter()
                .map(|t| ActionField {
                    id: text(t, keys::action::ID),
                    title: text(t, keys::action::TITLE),
                    due: shown(t, keys::action::DUE),
                    owner: text(t, keys::action::OWNER),
                    remove: false,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Writes the form's actions into `doc`: changed fields, removed actions, one new action with
/// an id made from its title that no other action of the site has (`taken`).
fn apply_actions(
    doc: &mut toml_edit::DocumentMut,
    actions: &[ActionField],
    new: &ActionField,
    taken: &BTreeSet<String>,
) {
    let adding = !new.title.is_empty() || !new.due.is_empty();
    if actions.is_empty() && !adding {
        return;
    }
    let Some(tables) = tables_mut(doc, keys::area::ACTIONS) else {
        return;
    };
    for (i, action) in actions.iter().enumerate().rev() {
        if i >= tables.len() {
            continue;
        }
        if action.remove {
            tables.remove(i);
        } else if let Some(table) = tables.get_mut(i) {
            action.write(table);
        }
    }
    if adding {
        let stem = short_slug(&new.title, 40, "action");
        let id = (1..)
            .map(|n| {
                if n == 1 {
                    stem.clone()
                } else {
                    format!("{stem}-{n}")
                }
            })
            .find(|id| !taken.contains(id))
            .unwrap_or(stem);
        let mut table = new_table();
        set(&mut table, keys::action::ID, Some(New::Text(id)));
        new.write(&mut table);
        tables.push(table);
    }
    if tables.is_empty() {
        doc.remove(keys::area::ACTIONS);
    }
}

#[derive(Serialize)]
struct PageView {
    #[serde(flatten)]
    frame: Frame,
    form: PageForm,
    opened: bool,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    conflict: Option<String>,
    preview: Option<String>,
    /// Its fields, drawn from the form's description; an area's actions, and the one added.
    fields: Drawn,
    actions: Vec<Drawn>,
    new_action: Drawn,
    /// Whether the framework has types of area to choose from.
    has_types: bool,
}

/// The field of the page form that a key of its front matter is shown at.
fn page_field(form: &PageForm) -> impl Fn(&str, usize, &str) -> Option<String> {
    let kept: Vec<usize> = (0..form.actions.len())
        .filter(|i| !form.actions[*i].remove)
        .collect();
    move |section: &str, index: usize, key: &str| match (section, key) {
        // An area's number is not in the form: its mistakes are the title's to say.
        ("", "number") => Some(d::TITLE.id()),
        ("", key) => d::TOP.iter().find(|f| f.key == key).map(|f| f.id()),
        ("actions", key) => {
            let kept = kept.get(index);
            let listed = [&d::ACTION_TITLE, &d::ACTION_DUE, &d::ACTION_OWNER];
            let new = [&d::NEW_TITLE, &d::NEW_DUE, &d::NEW_OWNER];
            // Any other key of an action (its id, its measure) is the title's to say.
            let which = listed.iter().position(|f| f.key == key).unwrap_or(0);
            Some(match kept {
                Some(i) => listed[which].nth(*i).id(),
                None => new[which].id(),
            })
        }
        _ => None,
    }
}

impl Editor {
    /// `GET page`: the form of a page's file.
    pub(super) fn open_page(&self, file: &str) -> super::Response {
        let super::Opened {
            path,
            what: kind,
            doc,
            parts,
            version,
        } = match self.open_file(file, "page", false) {
            Ok(opened) => opened,
            Err(response) => return response,
        };
        let form = PageForm {
            file: file.to_string(),
            version,
            what: kind.into(),
            title: text(doc.as_table(), keys::page::TITLE),
            finding: text(doc.as_table(), keys::area::FINDING),
            area_type: text(doc.as_table(), keys::area::TYPE),
            body: parts.body.replace("\r\n", "\n"),
            actions: actions_of(&doc),
            new_action: ActionField::default(),
        };
        // What the build says of the file as it is: its errors to fix, its warnings to consider.
        let text = parts.text();
        let trial = self.trial(&path, &text, &Default::default(), false);
        let (problems, warnings) = place_all(&path, &trial.problems, &text, &page_field(&form));
        self.show_page(form, true, problems, warnings, None, None)
    }

    /// `POST page`: checks the form; shows it again, previews it, or saves it.
    pub(super) fn submit_page(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let adding = file.is_empty() && fields.get("new") == "area";
        let opened = match adding {
            true => Ok(self.new_area(&fields.get("title"))),
            false => self.open_file(&file, "page", true),
        };
        let super::Opened {
            path,
            what: kind,
            mut doc,
            mut parts,
            ..
        } = match opened {
            Ok(opened) => opened,
            Err(response) => return response,
        };
        let form = PageForm {
            file,
            version: fields.get("version"),
            what: kind.into(),
            // The home page has no title field (its heading is the site's title): kept as written.
            title: match kind {
                "Home page" => text(doc.as_table(), keys::page::TITLE),
                _ => d::TITLE.one().read(fields),
            },
            finding: d::FINDING.one().read(fields),
            // Radio buttons send nothing when none is chosen: the file's type is kept.
            area_type: match fields.has(d::TYPE.name) {
                true => d::TYPE.one().read(fields),
                false => text(doc.as_table(), keys::area::TYPE),
            },
            body: d::BODY.one().read(fields),
            actions: (0..fields
                .get("actions")
                .parse::<usize>()
                .unwrap_or(0)
                .min(1000))
                .map(|i| ActionField::submitted(fields, Some(i)))
                .collect(),
            new_action: ActionField::submitted(fields, None),
        };
        form.apply(kind, &mut doc, &self.action_ids());
        parts.front_matter = doc.to_string();
        parts.set_body(&form.body);
        let text = parts.text();
        let preview = fields.get("action") == "preview";
        let trial = self.trial(&path, &text, &Default::default(), preview);
        let (placed, warnings) = place_all(&path, &trial.problems, &text, &page_field(&form));
        let mut problems = form.own_problems();
        if adding && self.root.join(&path).exists() {
            let why = "There is already an area with this title: change the title, or edit that area from the list";
            problems.insert(0, d::TITLE.one().says(why.into()));
        }
        // The form's own words first: the build's message on a field already named is the same
        // mistake in the words of the file.
        let named: Vec<Option<String>> = problems.iter().map(|p| p.field.clone()).collect();
        problems.extend(
            placed
                .into_iter()
                .filter(|p| p.field.is_none() || !named.contains(&p.field)),
        );
        if !problems.is_empty() || preview {
            return self.show_page(form, false, problems, warnings, None, trial.page);
        }
        let version = form.version.clone();
        match self.save(&path, &text, &version) {
            Ok(response) => response,
            Err(WriteError::Changed) => {
                let conflict = Some(format!("{} changed on disk after you opened this form, so nothing was saved over it.{} Copy anything you want to keep from the form below, then open the page again from the list.", path.display(), self.changed_by(&path)));
                self.show_page(form, false, problems, warnings, conflict, None)
            }
            Err(e) => self.message(
                500,
                "The page could not be saved",
                &[&format!(
                    "Writing {} failed: {}. Nothing was changed.",
                    path.display(),
                    e.reason()
                )],
            ),
        }
    }

    /// Every action id of the site, as the preview last read them.
    fn action_ids(&self) -> BTreeSet<String> {
        let engine = self.snapshot();
        let ids = engine
            .sources()
            .files()
            .filter_map(|(_, k)| match k {
                Known::Area(Some(a)) => {
                    Some(a.actions.iter().map(|x| x.id.clone()).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect();
        ids
    }

    pub(super) fn show_page(
        &self,
        form: PageForm,
        opened: bool,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        conflict: Option<String>,
        preview: Option<String>,
    ) -> super::Response {
        let errors = by_field(&problems);
        let status = super::problems::status(&problems, conflict.is_some());
        let types = self.area_types();
        let listed = form.actions.iter().enumerate();
        let view = PageView {
            frame: self.frame(""),
            fields: form.draw(&types, &errors),
            actions: listed.map(|(i, a)| a.draw(Some(i), &errors)).collect(),
            new_action: form.new_action.draw(None, &errors),
            has_types: !types.is_empty(),
            form,
            opened,
            problems,
            warnings,
            conflict,
            preview,
        };
        html(status, self.views.render("page.html", &view))
    }
}
