//! The form of the home page, a page or an area.

use super::{Group, A_MONTH_OR_DAY, MARKDOWN};
use crate::content::keys;
use crate::editor::fields::{Field, Kind};

pub static TITLE: Field = Field::new(keys::page::TITLE, "title", "Title", Kind::Text).wide();
pub static TYPE: Field = Field::new(keys::area::TYPE, "type", "Type of area", Kind::Choice)
    .hint("What the inspectors called it.")
    .called("the type of area");
pub static FINDING: Field = Field::new(
    keys::area::FINDING,
    "finding",
    "What the inspectors found",
    Kind::LongText,
)
.hint("The inspectors' own words.")
.rows(3);
pub static BODY: Field = Field::new("", "body", "Body", Kind::Markdown)
    .hint(MARKDOWN)
    .rows(18);
pub static ACTION_ID: Field = Field::new(keys::action::ID, "action-{i}-id", "", Kind::Hidden);
pub static ACTION_TITLE: Field = Field::new(
    keys::action::TITLE,
    "action-{i}-title",
    "Action {n}: what will be done",
    Kind::LongText,
)
.called("what action {n} will do")
.required()
.rows(2);
pub static ACTION_DUE: Field = Field::new(
    keys::action::DUE,
    "action-{i}-due",
    "Action {n}: due by",
    Kind::MonthOrDay,
)
.hint(A_MONTH_OR_DAY)
.called("when action {n} is due");
pub static ACTION_OWNER: Field = Field::new(
    keys::action::OWNER,
    "action-{i}-owner",
    "Action {n}: who is responsible",
    Kind::Text,
)
.hint("A role, for example Head of SEND.")
.wide();
pub static ACTION_REMOVE: Field = Field::new(
    "",
    "action-{i}-remove",
    "Take action {n} out of the plan",
    Kind::Flag,
);
pub static NEW_TITLE: Field = Field::new(
    keys::action::TITLE,
    "new-action-title",
    "What will be done",
    Kind::LongText,
)
.rows(2);
pub static NEW_DUE: Field = Field::new(
    keys::action::DUE,
    "new-action-due",
    "Due by",
    Kind::MonthOrDay,
)
.hint(A_MONTH_OR_DAY)
.called("when the new action is due");
pub static NEW_OWNER: Field = Field::new(
    keys::action::OWNER,
    "new-action-owner",
    "Who is responsible",
    Kind::Text,
)
.hint("A role, for example Head of SEND.")
.wide();

pub static TOP: &[&Field] = &[&TITLE, &TYPE, &FINDING];
pub static GROUPS: &[Group] = &[Group {
    key: keys::area::ACTIONS,
    one: "Action",
    fields: &[&ACTION_TITLE, &ACTION_DUE, &ACTION_OWNER],
}];
