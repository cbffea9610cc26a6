//! The form for the site's own settings (`content/site.toml`): its names and addresses, the
//! framework, the web server, the reading age, what kinds of update and statuses are called,
//! and the glossary. Written with `toml_edit`, so every comment and setting the form does not
//! show stays as it was; checked by a trial build with the new settings, so a change that
//! breaks another file (a framework whose types of area the areas do not use) is refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table};

use super::fields::{draw_nth, put, said, Choose, Drawn, Errors, Field};
use super::form::Fields;
use super::forms::settings as d;
use super::open_data::OpenDataForm;
use super::problems::{by_field, place, Problem};
use super::signup::Signup;
use super::toml::{drop_if_empty, set, shown, table_mut, text, New};
use super::write::WriteError;
use super::{html, Choice, Editor, Frame};
use crate::config::{check_reading_age, Server};
use crate::source::url::{check_email, check_url};

/// Where the settings are, relative to the site root.
pub const SETTINGS: &str = "content/site.toml";

/// The most glossary terms one form sends (more are kept, unshown, as they are).
const MOST_TERMS: usize = 500;

/// One name the site gives a slug of its vocabulary (a kind of update, a status).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Named {
    /// The slug, which pages' addresses use: never changed here.
    pub slug: String,
    /// What the site calls it.
    pub label: String,
}

/// One glossary term as the form shows it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Term {
    /// The term as the file has it (empty for a new one).
    pub was: String,
    /// The term.
    pub term: String,
    /// What it means, in plain English.
    pub meaning: String,
    /// Ticked: take it out of the glossary.
    pub remove: bool,
}

/// The fields of the settings form.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SettingsForm {
    /// The file's version when the form was opened.
    pub version: String,
    pub title: String,
    pub organisation: String,
    pub description: String,
    pub email: String,
    pub signup: Signup,
    pub open_data: OpenDataForm,
    pub base_url: String,
    /// `2023` or `2016`.
    pub framework: String,
    pub next_inspection: String,
    /// `none`, `nginx`, `apache`, `iis`, `azure` or `netlify`.
    pub server: String,
    pub reading_age: String,
    pub kinds: Vec<Named>,
    pub statuses: Vec<Named>,
    pub glossary: Vec<Term>,
    pub new_term: Term,
}

impl SettingsForm {
    /// The form of the settings `doc`, with every kind's and status's name as the site has it.
    fn of(
        doc: &DocumentMut,
        config: Option<&crate::config::Config>,
        areas: &[Choice],
        version: String,
    ) -> Self {
        let root = doc.as_table();
        let named = |pairs: Vec<(String, String)>| {
            let named = pairs.into_iter().map(|(slug, label)| Named { slug, label });
            named.collect()
        };
        let (kinds, statuses) = match config {
            Some(c) => (
                named(c.vocabulary.kinds.clone()),
                named(
                    (c.vocabulary.terms().iter())
                        .map(|s| (s.slug.clone(), s.label.clone()))
                        .collect(),
                ),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let glossary = root
            .get("glossary")
            .and_then(Item::as_table_like)
            .map(|t| {
                t.iter()
                    .map(|(term, meaning)| Term {
                        was: term.to_string(),
                        term: term.to_string(),
                        meaning: meaning.as_str().unwrap_or_default().to_string(),
                        remove: false,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let hosting = root.get("hosting").and_then(Item::as_table);
        SettingsForm {
            version,
            title: text(root, "title"),
            organisation: text(root, "organisation"),
            description: text(root, "description"),
            email: text(root, "email"),
            signup: Signup::of(root, areas),
            open_data: OpenDataForm::of(root),
            base_url: text(root, "base_url"),
            framework: Some(shown(root, "framework"))
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| "2016".into()),
            next_inspection: text(root, "next_inspection"),
            server: hosting
                .map(|h| text(h, "server"))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "none".into()),
            reading_age: shown(root, "reading_age"),
            kinds,
            statuses,
            glossary,
            new_term: Term::default(),
        }
    }

    /// The form as sent, read by its description ([`d`]).
    fn submitted(fields: &Fields, areas: &[Choice]) -> SettingsForm {
        let v = |f: &'static Field| f.one().read(fields);
        let count = |k: &str| {
            fields
                .get(k)
                .trim()
                .parse::<usize>()
                .unwrap_or(0)
                .min(MOST_TERMS)
        };
        let named = |count: usize, slug: &'static Field, label: &'static Field| {
            (0..count)
                .map(|i| Named {
                    slug: slug.nth(i).read(fields),
                    label: label.nth(i).read(fields),
                })
                .collect()
        };
        SettingsForm {
            version: fields.get("version").trim().to_string(),
            title: v(&d::TITLE),
            organisation: v(&d::ORGANISATION),
            description: v(&d::DESCRIPTION),
            email: v(&d::EMAIL),
            signup: Signup::submitted(fields, areas),
            open_data: OpenDataForm::submitted(fields),
            base_url: v(&d::BASE_URL),
            framework: v(&d::FRAMEWORK),
            next_inspection: v(&d::NEXT_INSPECTION),
            server: v(&d::SERVER),
            reading_age: v(&d::READING_AGE),
            kinds: named(count("kinds"), &d::KIND_SLUG, &d::KIND_LABEL),
            statuses: named(count("statuss"), &d::STATUS_SLUG, &d::STATUS_LABEL),
            glossary: (0..count("terms"))
                .map(|i| Term {
                    was: fields.get(&d::TERM_WAS.nth(i).name()),
                    term: d::TERM.nth(i).read(fields),
                    meaning: d::TERM_MEANING.nth(i).read(fields),
                    remove: !d::TERM_REMOVE.nth(i).read(fields).is_empty(),
                })
                .collect(),
            new_term: Term {
                term: v(&d::NEW_TERM),
                meaning: v(&d::NEW_MEANING),
                ..Term::default()
            },
        }
    }

    /// Its fields drawn, with the messages `errors`: the fields it has once, each kind's and
    /// status's name, and the glossary's terms.
    fn draw(&self, errors: &Errors) -> Drawing {
        let mut fields = Drawn::new();
        let frameworks = vec![
            Choose::new("2023", "Area SEND framework (inspections since 2023)"),
            Choose::new("2016", "2016 framework (written statement of action)"),
        ];
        let servers = vec![
            Choose::new("none", "None of these, or not known"),
            Choose::new("nginx", "nginx"),
            Choose::new("apache", "Apache"),
            Choose::new("iis", "IIS (Windows Server, Azure App Service)"),
            Choose::new("azure", "Azure Static Web Apps"),
            Choose::new("netlify", "Netlify"),
        ];
        for (field, value, options) in [
            (&d::TITLE, &self.title, Vec::new()),
            (&d::ORGANISATION, &self.organisation, Vec::new()),
            (&d::DESCRIPTION, &self.description, Vec::new()),
            (&d::EMAIL, &self.email, Vec::new()),
            (&d::BASE_URL, &self.base_url, Vec::new()),
            (&d::FRAMEWORK, &self.framework, frameworks),
            (&d::NEXT_INSPECTION, &self.next_inspection, Vec::new()),
            (&d::SERVER, &self.server, servers),
            (&d::READING_AGE, &self.reading_age, Vec::new()),
            (&d::NEW_TERM, &self.new_term.term, Vec::new()),
            (&d::NEW_MEANING, &self.new_term.meaning, Vec::new()),
        ] {
            let at = field.one();
            put(&mut fields, &at, at.show(value).options(options), errors);
        }
        let named = |list: &[Named], slug: &'static Field, label: &'static Field| {
            (list.iter().enumerate())
                .map(|(i, n)| {
                    let mut drawn = Drawn::new();
                    let at = slug.nth(i);
                    put(&mut drawn, &at, at.show(&n.slug), errors);
                    let at = label.nth(i).with(&n.slug, &n.slug);
                    put(&mut drawn, &at, at.show(&n.label), errors);
                    drawn
                })
                .collect()
        };
        let terms = (self.glossary.iter().enumerate())
            .map(|(i, t)| {
                let remove = if t.remove { "yes" } else { "" };
                let fields = [
                    (&d::TERM_WAS, t.was.as_str()),
                    (&d::TERM, &t.term),
                    (&d::TERM_MEANING, &t.meaning),
                    (&d::TERM_REMOVE, remove),
                ];
                draw_nth(i, &fields, errors)
            })
            .collect();
        let signups = self.signup.draw(&mut fields, errors);
        self.open_data.draw(&mut fields, errors);
        Drawing {
            signups,
            fields,
            kinds: named(&self.kinds, &d::KIND_SLUG, &d::KIND_LABEL),
            statuses: named(&self.statuses, &d::STATUS_SLUG, &d::STATUS_LABEL),
            terms,
        }
    }

    /// Writes what changed into `doc`; `before` is the form of the file as it is.
    fn apply(&self, doc: &mut DocumentMut, before: &SettingsForm) {
        let optional = |s: &str| (!s.is_empty()).then(|| New::Text(s.into()));
        let root = doc.as_table_mut();
        for (key, value) in [
            ("title", &self.title),
            ("organisation", &self.organisation),
            ("description", &self.description),
            ("base_url", &self.base_url),
        ] {
            set(root, key, Some(New::Text(value.clone())));
        }
        set(root, "email", optional(&self.email));
        set(root, "next_inspection", optional(&self.next_inspection));
        if self.framework != before.framework {
            set(root, "framework", Some(New::Text(self.framework.clone())));
        }
        let age = match self.reading_age.parse::<i64>() {
            Ok(n) => Some(New::Number(n)),
            Err(_) => optional(&self.reading_age),
        };
        set(root, "reading_age", age);
        if self.server != before.server {
            let server = (self.server != "none").then(|| New::Text(self.server.clone()));
            set(table_mut(doc, "hosting"), "server", server);
            drop_if_empty(doc, "hosting");
        }
        rename(
            doc,
            "kinds",
            &self.kinds,
            &before.kinds,
            |t, slug, label| set(t, slug, Some(New::Text(label.into()))),
        );
        rename(
            doc,
            "statuses",
            &self.statuses,
            &before.statuses,
            |t, slug, label| {
                match t.get_mut(slug).and_then(Item::as_table_like_mut) {
                    Some(status) => status.insert("label", toml_edit::value(label)),
                    None => t.insert(slug, inline_label(label)),
                };
            },
        );
        self.apply_glossary(doc);
        self.signup.apply(doc);
        self.open_data.apply(doc, &before.open_data);
    }

    /// Writes the glossary: terms removed, renamed, changed, and one added.
    fn apply_glossary(&self, doc: &mut DocumentMut) {
        let adding = !self.new_term.term.is_empty() || !self.new_term.meaning.is_empty();
        if self.glossary.is_empty() && !adding {
            return;
        }
        let table = table_mut(doc, "glossary");
        for t in &self.glossary {
            if t.remove || (t.term != t.was && !t.was.is_empty()) {
                table.remove(&t.was);
            }
            if !t.remove {
                set(table, &t.term, Some(New::Text(t.meaning.clone())));
            }
        }
        if adding {
            let new = &self.new_term;
            set(table, &new.term, Some(New::Text(new.meaning.clone())));
        }
        drop_if_empty(doc, "glossary");
    }
}

/// `{ label = "..." }`.
fn inline_label(label: &str) -> Item {
    let mut status = toml_edit::InlineTable::new();
    status.insert("label", label.into());
    toml_edit::value(status)
}

/// Writes each name that changed into the table `key` with `write`.
fn rename(
    doc: &mut DocumentMut,
    key: &str,
    now: &[Named],
    before: &[Named],
    write: impl Fn(&mut Table, &str, &str),
) {
    let was: BTreeMap<&str, &str> = before
        .iter()
        .map(|n| (n.slug.as_str(), n.label.as_str()))
        .collect();
    let changed: Vec<&Named> = now
        .iter()
        .filter(|n| was.get(n.slug.as_str()).is_some_and(|l| *l != n.label))
        .collect();
    if changed.is_empty() {
        return;
    }
    let table = table_mut(doc, key);
    for n in changed {
        write(table, &n.slug, &n.label);
    }
}

/// The settings form's field for a key of `site.toml`.
fn field(form: &SettingsForm) -> impl Fn(&str, usize, &str) -> Option<String> + '_ {
    move |section: &str, _: usize, key: &str| match (section, key) {
        ("", super::signup::OLD_KEY) => Some(d::SIGNUP.id()),
        ("", key) => d::TOP.iter().find(|f| f.key == key).map(|f| f.id()),
        ("hosting", _) => Some(d::SERVER.id()),
        (section, key) if section.starts_with("email_signup") => form.signup.field(section, key),
        ("open_data", key) => OpenDataForm::field(key),
        ("glossary", term) => Some(match form.glossary.iter().position(|t| t.term == term) {
            Some(i) => d::TERM_MEANING.nth(i).id(),
            None => d::NEW_MEANING.id(),
        }),
        ("kinds", slug) => position(&form.kinds, slug).map(|i| d::KIND_LABEL.nth(i).id()),
        ("statuses", slug) => position(&form.statuses, slug).map(|i| d::STATUS_LABEL.nth(i).id()),
        _ => None,
    }
}

fn position(named: &[Named], slug: &str) -> Option<usize> {
    named.iter().position(|n| n.slug == slug)
}

/// Every problem of the settings form's own fields, each on its field, all at once.
fn check_settings(form: &SettingsForm) -> Vec<Problem> {
    let mut found: Vec<Problem> = [
        (&d::TITLE, &form.title),
        (&d::ORGANISATION, &form.organisation),
        (&d::DESCRIPTION, &form.description),
        (&d::BASE_URL, &form.base_url),
    ]
    .into_iter()
    .filter_map(|(f, value)| f.one().problem(value))
    .collect();
    let label = |f: &'static Field| f.label;
    if !form.base_url.is_empty() {
        let at = d::BASE_URL.one();
        if let Err(e) = check_url(label(&d::BASE_URL), &form.base_url) {
            found.push(at.says(said(e)));
        } else if !form.base_url.starts_with("http") {
            found.push(at.says(format!("{}: start it with https://", at.label())));
        }
    }
    if !form.email.is_empty() {
        if let Err(e) = check_email(label(&d::EMAIL), &form.email) {
            found.push(d::EMAIL.one().says(said(e)));
        }
    }
    found.extend(form.signup.problems());
    found.extend(form.open_data.problems());
    if !form.reading_age.is_empty() {
        let age = form.reading_age.parse::<u32>().unwrap_or(0);
        if let Err((from, to)) = check_reading_age(age) {
            let why = format!(
                "{}: enter an age from {from} to {to} (GOV.UK writes for 9; the default is 12)",
                label(&d::READING_AGE)
            );
            found.push(d::READING_AGE.one().says(why));
        }
    }
    if !["2023", "2016"].contains(&form.framework.as_str()) {
        found.push(
            d::FRAMEWORK
                .one()
                .says("Choose the inspection framework".into()),
        );
    }
    if Server::named(&form.server).is_none() {
        found.push(
            d::SERVER
                .one()
                .says("Choose the web server, or None".into()),
        );
    }
    for (i, term) in form.glossary.iter().enumerate().filter(|(_, t)| !t.remove) {
        found.extend(d::TERM.nth(i).problem_if_empty(&term.term));
        let meaning = d::TERM_MEANING.nth(i).with("", &term.term);
        found.extend(meaning.problem_if_empty(&term.meaning));
    }
    let new = &form.new_term;
    if new.term.is_empty() && !new.meaning.is_empty() {
        found.extend(d::NEW_TERM.one().problem_if_empty(&new.term));
    }
    if !new.term.is_empty() && new.meaning.is_empty() {
        found.extend(d::NEW_MEANING.about("", &new.term).problem_if_empty(""));
    }
    for (list, label) in [
        (&form.kinds, &d::KIND_LABEL),
        (&form.statuses, &d::STATUS_LABEL),
    ] {
        for (i, named) in list.iter().enumerate() {
            found.extend(
                label
                    .nth(i)
                    .with(&named.slug, &named.slug)
                    .problem_if_empty(&named.label),
            );
        }
    }
    found
}

/// The settings form's fields, drawn.
#[derive(Serialize)]
struct Drawing {
    fields: Drawn,
    /// Each area's email sign-up address.
    signups: Vec<Drawn>,
    kinds: Vec<Drawn>,
    statuses: Vec<Drawn>,
    terms: Vec<Drawn>,
}

#[derive(Serialize)]
struct SettingsView {
    #[serde(flatten)]
    frame: Frame,
    form: SettingsForm,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    conflict: Option<String>,
    drawn: Drawing,
}

impl Editor {
    /// `GET settings`: the form of the site's settings.
    pub(super) fn open_settings(&self) -> super::Response {
        match self.read_settings() {
            Ok((doc, version)) => {
                let config = self.snapshot().sources().config().cloned();
                let areas = self.area_choices();
                let form = SettingsForm::of(&doc, config.as_ref(), &areas, version);
                self.show_settings(form, Vec::new(), Vec::new(), None)
            }
            Err(response) => response,
        }
    }

    /// `POST settings`: checks the settings with a trial build; shows the form again or saves.
    pub(super) fn submit_settings(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let (mut doc, _) = match self.read_settings() {
            Ok(read) => read,
            Err(response) => return response,
        };
        let config = self.snapshot().sources().config().cloned();
        let areas = self.area_choices();
        let before = SettingsForm::of(&doc, config.as_ref(), &areas, String::new());
        let mut form = SettingsForm::submitted(fields, &areas);
        if let Some(who) = self.guarded() {
            let values = [&mut form.base_url, &mut form.framework, &mut form.server];
            let kept = [&before.base_url, &before.framework, &before.server].map(String::as_str);
            if let Some(label) = super::guarded::keep(values, kept) {
                return super::guarded::refused(self, &label, &who);
            }
        }
        form.apply(&mut doc, &before);
        let text = doc.to_string();
        let path = PathBuf::from(SETTINGS);
        let mut problems = check_settings(&form);
        let trial = self.trial(&path, &text, &Default::default(), false);
        let (errors, warnings): (Vec<_>, Vec<_>) = trial
            .problems
            .iter()
            .cloned()
            .partition(crate::error::Diagnostic::is_error);
        let placed = |list: &[crate::error::Diagnostic]| {
            place(&path, list, &text, 1, usize::MAX, &field(&form))
        };
        // The form's own messages first: a field it has already named is not named twice.
        let named: Vec<Option<String>> = problems.iter().map(|p| p.field.clone()).collect();
        let from_build = placed(&errors).into_iter();
        problems.extend(from_build.filter(|p| p.field.is_none() || !named.contains(&p.field)));
        let warnings = placed(&warnings);
        if !problems.is_empty() {
            return self.show_settings(form, problems, warnings, None);
        }
        let version = form.version.clone();
        match self.save(&path, &text, &version) {
            Ok(response) => response,
            Err(WriteError::Changed) => {
                let conflict = Some(format!("The settings changed on disk after you opened this form, so nothing was saved over them.{} Copy anything you want to keep from the form below, then open the settings again.", self.changed_by(&path)));
                self.show_settings(form, problems, warnings, conflict)
            }
            Err(e) => self.message(
                500,
                "The settings could not be saved",
                &[&format!(
                    "Writing {SETTINGS} failed: {}. Nothing was changed.",
                    e.reason()
                )],
            ),
        }
    }

    /// The settings file, parsed, and its version; the page that says why not.
    fn read_settings(&self) -> Result<(DocumentMut, String), super::Response> {
        let path = Path::new(SETTINGS);
        let Some((text, version)) = self.read_file(path) else {
            let why = "Check that content/site.toml is still there, and that it is UTF-8 text.";
            return Err(self.message(404, "The settings cannot be read", &[why]));
        };
        match text.parse::<DocumentMut>() {
            Ok(doc) => Ok((doc, version)),
            Err(e) => Err(self.cannot_open(path, &text, &e.to_string())),
        }
    }

    fn show_settings(
        &self,
        form: SettingsForm,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        conflict: Option<String>,
    ) -> super::Response {
        let errors = by_field(&problems);
        let status = super::problems::status(&problems, conflict.is_some());
        let mut drawn = form.draw(&errors);
        if let Some(why) = self.guarded() {
            super::guarded::lock(&mut drawn.fields, &why);
        }
        let view = SettingsView {
            frame: self.frame("settings"),
            drawn,
            form,
            problems,
            warnings,
            conflict,
        };
        html(status, self.views.render("settings.html", &view))
    }
}
