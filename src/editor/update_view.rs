//! The update form drawn from its description ([`super::forms::update`]): every field with its
//! value, its choices in the site's words and its messages, for the template macro `field`.

use serde::Serialize;

use super::choices::Choices;
use super::fields::{draw_nth, put, Choose, Drawn, Errors, Shown};
use super::forms::update as d;
use super::update::UpdateForm;
use super::Choice;

/// The update form's fields, drawn.
#[derive(Serialize)]
pub(super) struct Drawing {
    /// The fields the form has once.
    fields: Drawn,
    /// The documents attached already: where each is, and its fields.
    documents: Vec<Attached>,
    /// The notes about changes written already.
    notes: Vec<Drawn>,
    /// The inspectors' judgement of each judged area.
    judged: Vec<Shown>,
    /// The council's rating of each area.
    progress: Vec<Shown>,
    /// How each area's actions are going.
    rated: Vec<Rated>,
    /// Whether the site has areas, outcomes, judged areas.
    has_areas: bool,
    has_outcomes: bool,
    has_judged: bool,
}

#[derive(Serialize)]
struct Attached {
    target: String,
    fields: Drawn,
}

#[derive(Serialize)]
struct Rated {
    slug: String,
    title: String,
    actions: Vec<Drawn>,
}

fn choose(list: &[Choice]) -> Vec<Choose> {
    list.iter()
        .map(|c| Choose::new(&c.slug, &c.label))
        .collect()
}

/// The form `form` drawn with the site's `choices` and the messages `errors`; `max_mb` is the
/// largest upload.
pub(super) fn draw(
    form: &UpdateForm,
    choices: &Choices,
    errors: &Errors,
    max_mb: usize,
) -> Drawing {
    let mut fields = Drawn::new();
    let mut one = |field: &'static super::fields::Field, value: &str, with: fn(Shown) -> Shown| {
        let at = field.one();
        let shown = with(at.show(value));
        put(&mut fields, &at, shown, errors);
    };
    let same = |s: Shown| s;
    one(&d::TITLE, &form.title, same);
    one(&d::DATE, &form.date, same);
    one(&d::SUMMARY, &form.summary, same);
    one(&d::BODY, &form.body, same);
    one(&d::OPENS, &form.opens, same);
    one(&d::CLOSES, &form.closes, same);
    one(&d::EVENT_DATE, &form.event_date, same);
    one(&d::EVENT_TIME, &form.event_time, same);
    one(&d::EVENT_END, &form.event_end, same);
    one(&d::EVENT_END_KEPT, &form.event_end_kept, same);
    one(&d::LOCATION, &form.location, same);
    one(&d::NEW_DOCUMENT_TITLE, &form.new_document.title, same);
    one(&d::NEW_NOTE_DATE, &form.new_note.date, same);
    one(&d::NEW_NOTE_NOTE, &form.new_note.note, same);
    one(&d::DRAFT, if form.draft { "yes" } else { "" }, same);
    let kinds = choices.kinds.iter().map(|k| Choose {
        slug: k.slug.clone(),
        label: k.label.clone(),
        uses: k.uses.clone(),
    });
    let at = d::KIND.one();
    let kind = at.show(&form.kind).options(kinds.collect());
    put(&mut fields, &at, kind, errors);
    let areas: Vec<Choose> = (choices.areas.iter())
        .map(|a| Choose::new(&a.slug, &a.title))
        .collect();
    let at = d::AREAS.one();
    let ticked = at.show("").options(areas).ticked(&form.areas);
    put(&mut fields, &at, ticked, errors);
    let at = d::OUTCOME.one();
    let outcome = at.show(&form.outcome).options(choose(&choices.outcomes));
    put(&mut fields, &at, outcome, errors);
    let at = d::NEW_DOCUMENT_FILE.about("", &max_mb.to_string());
    put(&mut fields, &at, at.show(""), errors);
    let at = d::NEW_DOCUMENT_EXISTING.one();
    let existing = at.show(&form.new_document.existing);
    put(
        &mut fields,
        &at,
        existing.options(choose(&choices.documents)),
        errors,
    );

    let per_area = |field: &'static super::fields::Field,
                    a: &super::choices::AreaChoice,
                    value: Option<&String>,
                    options: &[Choice]| {
        let at = field.about(&a.slug, &a.title);
        (at.show(value.map_or("", String::as_str))
            .options(choose(options)))
        .errors_from(errors)
    };
    let judged = (choices.judged_areas.iter())
        .map(|a| {
            per_area(
                &d::JUDGEMENT,
                a,
                form.judgements.get(&a.slug),
                &choices.judgements,
            )
        })
        .collect();
    let progress = (choices.areas.iter())
        .map(|a| {
            per_area(
                &d::PROGRESS,
                a,
                form.progress.get(&a.slug),
                &choices.ratings,
            )
        })
        .collect();
    let rated = (choices.areas.iter())
        .filter(|a| !a.actions.is_empty())
        .map(|a| Rated {
            slug: a.slug.clone(),
            title: a.title.clone(),
            actions: (a.actions.iter())
                .map(|x| {
                    let rated = form.actions.get(&x.slug);
                    let mut drawn = Drawn::new();
                    let at = d::RATING.about(&x.slug, &x.label);
                    let status = rated.map_or("", |r| r.status.as_str());
                    put(
                        &mut drawn,
                        &at,
                        at.show(status).options(choose(&choices.ratings)),
                        errors,
                    );
                    let at = d::RATING_NOTE.about(&x.slug, &x.label);
                    put(
                        &mut drawn,
                        &at,
                        at.show(rated.map_or("", |r| r.note.as_str())),
                        errors,
                    );
                    drawn
                })
                .collect(),
        })
        .collect();
    let documents = (form.documents.iter().enumerate())
        .map(|(i, doc)| {
            let fields = [
                (&d::DOCUMENT_TITLE, doc.title.as_str()),
                (&d::DOCUMENT_TARGET, doc.target.as_str()),
                (&d::DOCUMENT_REMOVE, if doc.remove { "yes" } else { "" }),
            ];
            Attached {
                target: doc.target.clone(),
                fields: draw_nth(i, &fields, errors),
            }
        })
        .collect();
    let notes = (form.history.iter().enumerate())
        .map(|(i, note)| {
            let fields = [
                (&d::NOTE_DATE, note.date.as_str()),
                (&d::NOTE_NOTE, &note.note),
            ];
            draw_nth(i, &fields, errors)
        })
        .collect();
    Drawing {
        fields,
        documents,
        notes,
        judged,
        progress,
        rated,
        has_areas: !choices.areas.is_empty(),
        has_outcomes: !choices.outcomes.is_empty(),
        has_judged: !choices.judged_areas.is_empty(),
    }
}
