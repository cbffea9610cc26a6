//! The update form (`content/updates/…`).

use super::{Group, A_DAY, MARKDOWN};
use crate::content::keys;
use crate::editor::fields::{Field, Kind};

pub static TITLE: Field = Field::new(keys::entry::TITLE, "title", "Title", Kind::Text)
    .hint("What parents will see on the timeline, for example \"Survey of parents and carers\".")
    .required()
    .wide();
pub static DATE: Field = Field::new(keys::entry::DATE, "date", "Date", Kind::Day)
    .hint("The day it was published, for example 14/03/2025 or 14 March 2025. A date after today is held back until that day.")
    .required();
pub static KIND: Field = Field::new(keys::entry::KIND, "kind", "Kind", Kind::Choice)
    .called("the kind of update")
    .none("The kinds cannot be read while the site settings have a mistake: fix them first (the preview shows what is wrong).")
    .required();
pub static AREAS: Field = Field::new(keys::entry::AREAS, "areas", "Areas", Kind::Areas)
    .hint("The areas the inspectors named that this update is about. Leave them all unticked if it is about none.");
pub static SUMMARY: Field = Field::new(keys::entry::SUMMARY, "summary", "Summary", Kind::LongText)
    .hint("One or two sentences for the timeline and the feeds. Leave it empty to use the first paragraph of the body.")
    .rows(3);
pub static BODY: Field = Field::new("", "body", "Body", Kind::Markdown)
    .hint(MARKDOWN)
    .rows(14);
pub static OPENS: Field = Field::new(keys::entry::OPENS, "opens", "Opens on", Kind::Day)
    .hint(A_DAY)
    .called("the day it opens");
pub static CLOSES: Field = Field::new(keys::entry::CLOSES, "closes", "Closes on", Kind::Day)
    .hint(A_DAY)
    .called("the day it closes");
pub static EVENT_DATE: Field =
    Field::new(keys::entry::EVENT, "event-date", "Meeting date", Kind::Day)
        .hint(A_DAY)
        .called("the meeting's date");
pub static EVENT_TIME: Field = Field::new("", "event-time", "Start time (optional)", Kind::Time)
    .hint("UK time, for example 18:30.")
    .called("the start time");
pub static EVENT_END: Field = Field::new(
    keys::entry::EVENT_END,
    "event-end",
    "End time (optional)",
    Kind::Time,
)
.hint("UK time, for example 20:00. Without one, calendars show the meeting as an hour long.")
.called("the end time");
/// An `event_end` on another day than the meeting's, which the time field cannot show: kept as
/// the file writes it while the end time is left empty.
pub static EVENT_END_KEPT: Field = Field::new("", "event-end-kept", "", Kind::Hidden);
pub static LOCATION: Field =
    Field::new(keys::entry::LOCATION, "location", "Location", Kind::Text).wide();
pub static OUTCOME: Field = Field::new(keys::entry::OUTCOME, "outcome", "The inspectors' overall outcome", Kind::Pick)
    .hint("For an inspection or a monitoring inspection: what the inspectors' report says, in their words.")
    .none("No outcome given");
pub static JUDGEMENT: Field = Field::new(
    "{slug}",
    "judgement-{slug}",
    "{of}: the inspectors' judgement",
    Kind::Pick,
)
.none("Not judged in this update");
pub static PROGRESS: Field = Field::new(
    "{slug}",
    "progress-{slug}",
    "{of}: our own rating",
    Kind::Pick,
)
.none("Not assessed in this update");
pub static RATING: Field = Field::new(
    "status",
    "action-{slug}",
    "{of}: how it is going",
    Kind::Pick,
)
.none("Not reported on in this update");
pub static RATING_NOTE: Field = Field::new("note", "action-{slug}-note", "{of}: why (optional)", Kind::LongText)
    .hint("When it is not plain: a new date and the reason, for example: New date: March 2027, because recruitment took longer.")
    .rows(2);
pub static DOCUMENT_TITLE: Field = Field::new(
    keys::document::TITLE,
    "document-{i}-title",
    "Document {n}: title",
    Kind::Text,
)
.called("the title of document {n}")
.required()
.wide();
pub static DOCUMENT_TARGET: Field = Field::new("", "document-{i}-target", "", Kind::Hidden);
pub static DOCUMENT_REMOVE: Field = Field::new(
    "",
    "document-{i}-remove",
    "Take document {n} off the update (the file stays among the site's documents)",
    Kind::Flag,
);
pub static NEW_DOCUMENT_TITLE: Field = Field::new(
    keys::document::TITLE,
    "new-document-title",
    "Document title",
    Kind::Text,
)
.hint("For example \"Survey results, March 2025\". The file is saved under a name made from it.")
.called("the document's title")
.wide();
pub static NEW_DOCUMENT_FILE: Field = Field::new(keys::document::FILE, "new-document-file", "Document file", Kind::File)
    .hint("A PDF, Word, Excel, PowerPoint or OpenDocument file, a CSV file, or a PNG or JPEG image, up to {of} MB.");
pub static NEW_DOCUMENT_EXISTING: Field = Field::new(
    keys::document::FILE,
    "new-document-existing",
    "Or a file already in the site",
    Kind::Pick,
)
.none("None");
pub static NOTE_DATE: Field = Field::new(
    keys::history::DATE,
    "note-{i}-date",
    "Note {n}: date of the change",
    Kind::Day,
)
.hint(A_DAY)
.called("the date of the change");
pub static NOTE_NOTE: Field = Field::new(
    keys::history::NOTE,
    "note-{i}-note",
    "Note {n}: what changed",
    Kind::LongText,
)
.hint("Empty both to remove this note.")
.rows(2);
pub static NEW_NOTE_DATE: Field = Field::new(
    keys::history::DATE,
    "new-note-date",
    "Date of the change",
    Kind::Day,
)
.hint(A_DAY)
.called("the date of the change");
pub static NEW_NOTE_NOTE: Field = Field::new(
    keys::history::NOTE,
    "new-note-note",
    "What changed",
    Kind::LongText,
)
.rows(2);
pub static DRAFT: Field = Field::new(keys::entry::DRAFT, "draft", "Draft: do not publish it yet", Kind::Flag)
    .hint("A draft is saved but not published on the site. This preview shows drafts only if it was started to.");

/// The fields of the file's top level, as History names them.
pub static TOP: &[&Field] = &[
    &TITLE,
    &DATE,
    &KIND,
    &AREAS,
    &SUMMARY,
    &DRAFT,
    &OPENS,
    &CLOSES,
    &EVENT_DATE,
    &LOCATION,
    &OUTCOME,
];
pub static GROUPS: &[Group] = &[
    Group {
        key: keys::entry::JUDGEMENTS,
        one: "What the inspectors judged",
        fields: &[&JUDGEMENT],
    },
    Group {
        key: keys::entry::PROGRESS,
        one: "Our own assessment",
        fields: &[&PROGRESS],
    },
    Group {
        key: keys::entry::ACTIONS,
        one: "How the action is going",
        fields: &[&RATING, &RATING_NOTE],
    },
    Group {
        key: keys::entry::DOCUMENTS,
        one: "Document",
        fields: &[&DOCUMENT_TITLE, &NEW_DOCUMENT_FILE],
    },
    Group {
        key: keys::entry::HISTORY,
        one: "Note about a change",
        fields: &[&NOTE_DATE, &NOTE_NOTE],
    },
    Group {
        key: keys::entry::WITHDRAWN,
        one: "Withdrawn",
        fields: &[&super::withdraw::DATE, &super::withdraw::REASON],
    },
];
