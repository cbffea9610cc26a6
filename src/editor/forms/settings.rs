//! The site settings form (`content/site.toml`).

use super::Group;
use crate::editor::fields::{Field, Kind};

pub static TITLE: Field = Field::new("title", "title", "Site title", Kind::Text)
    .hint("At the top of every page, and in search results.")
    .required()
    .wide();
pub static ORGANISATION: Field =
    Field::new("organisation", "organisation", "Organisation", Kind::Text)
        .hint("The council or partnership that publishes the site.")
        .required()
        .wide();
pub static DESCRIPTION: Field =
    Field::new("description", "description", "Description", Kind::LongText)
        .hint(
            "One or two sentences: what the site is for. Search engines and feed readers show it.",
        )
        .required()
        .rows(3);
pub static EMAIL: Field = Field::new("email", "email", "Email for questions", Kind::Email)
    .hint("Where parents write with questions, e.g. send@example.gov.uk. Leave it empty to show none.")
    .wide();
// Long text boxes, not one-line fields: an email service's address ends with the list's own id
// (`topic_id=UKXX_31`), which must be seen whole to be checked, at any text size.
pub static SIGNUP: Field = Field::new("all", "email_signup_all", "Email sign-up address for all updates", Kind::LongText)
    .hint("The page of the council's email service where parents sign up for every update, starting https://. Leave it empty if there is none.")
    .rows(2);
pub static SIGNUP_AREA: Field = Field::new(
    "{slug}",
    "signup-{slug}",
    "Email sign-up address for “{of}”",
    Kind::LongText,
)
.hint("Only if your email service keeps a list for this area: its sign-up page, as the service gives it.")
.rows(2);
pub static LICENCE: Field = Field::new("licence", "licence", "Licence of the open data", Kind::Pick)
    .hint("Under which licence others may reuse the site's open data. Councils publish under the Open Government Licence unless they have decided otherwise.")
    .required();
pub static GSS_CODE: Field = Field::new("gss_code", "gss_code", "The council's GSS code (optional)", Kind::Text)
    .hint("The council's code in the ONS register, for example E10000015: it ties the open data to the council whatever its name.");
pub static BASE_URL: Field = Field::new("base_url", "base_url", "Web address", Kind::Url)
    .hint("Where the site is published, starting https://, e.g. https://www.example.gov.uk/send-progress/.")
    .required()
    .wide();
pub static FRAMEWORK: Field = Field::new(
    "framework",
    "framework",
    "Inspection framework",
    Kind::Choice,
)
.hint("Decides the words of outcomes, statuses and types of area on every page.")
.called("the inspection framework")
.required();
pub static NEXT_INSPECTION: Field = Field::new("next_inspection", "next_inspection", "What happens next", Kind::LongText)
    .hint("Replaces the sentence the site works out from the last inspection, for example: Ofsted and the CQC expect to visit again in spring 2027. Leave it empty to keep that sentence.")
    .rows(2);
pub static SERVER: Field = Field::new("server", "server", "Web server", Kind::Choice)
    .hint("The build writes redirects and file types for this server. Ask your web team.")
    .called("the web server, or None")
    .required();
pub static READING_AGE: Field = Field::new(
    "reading_age",
    "reading_age",
    "Reading age",
    Kind::Number,
)
.hint("The checks flag texts harder than this, from 7 to 21. GOV.UK writes for 9; empty means 12.");
pub static KIND_SLUG: Field = Field::new("", "kind-{i}-slug", "", Kind::Hidden);
pub static KIND_LABEL: Field = Field::new(
    "{slug}",
    "kind-{i}-label",
    "Name of the kind “{of}”",
    Kind::Text,
)
.called("a name for “{of}”")
.required()
.wide();
pub static STATUS_SLUG: Field = Field::new("", "status-{i}-slug", "", Kind::Hidden);
pub static STATUS_LABEL: Field = Field::new(
    "{slug}",
    "status-{i}-label",
    "Name of the status “{of}”",
    Kind::Text,
)
.called("a name for “{of}”")
.required()
.wide();
pub static TERM_WAS: Field = Field::new("", "term-{i}-was", "", Kind::Hidden);
pub static TERM: Field = Field::new("", "term-{i}-term", "Term {n}", Kind::Text)
    .called("the term, or tick the box to take it out");
pub static TERM_MEANING: Field = Field::new(
    "{slug}",
    "term-{i}-meaning",
    "What term {n} means",
    Kind::LongText,
)
.called("what “{of}” means, or tick the box to take it out")
.rows(2);
pub static TERM_REMOVE: Field = Field::new(
    "",
    "term-{i}-remove",
    "Take term {n} out of the glossary",
    Kind::Flag,
);
pub static NEW_TERM: Field =
    Field::new("", "new-term-term", "New term", Kind::Text).called("the new term");
pub static NEW_MEANING: Field = Field::new(
    "{slug}",
    "new-term-meaning",
    "What the new term means",
    Kind::LongText,
)
.called("what “{of}” means")
.rows(2);

pub static TOP: &[&Field] = &[
    &TITLE,
    &ORGANISATION,
    &DESCRIPTION,
    &EMAIL,
    &BASE_URL,
    &FRAMEWORK,
    &NEXT_INSPECTION,
    &READING_AGE,
];
pub static GROUPS: &[Group] = &[
    Group {
        key: "email_signup",
        one: "Email sign-up",
        fields: &[&SIGNUP],
    },
    Group {
        key: "open_data",
        one: "Open data",
        fields: &[&LICENCE, &GSS_CODE],
    },
    Group {
        key: "hosting",
        one: "Publishing",
        fields: &[&SERVER],
    },
    Group {
        key: "kinds",
        one: "What kinds of update are called",
        fields: &[&KIND_LABEL],
    },
    Group {
        key: "statuses",
        one: "What outcomes, judgements and ratings are called",
        fields: &[&STATUS_LABEL],
    },
    Group {
        key: "glossary",
        one: "Glossary",
        fields: &[&NEW_MEANING],
    },
];
