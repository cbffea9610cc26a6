//! The tables of an update's front matter read into its fields: what it records of the areas
//! and the plan, and its withdrawal.

use super::*;

type Table<V> = BTreeMap<Spanned<String>, Spanned<V>>;

/// What an entry records of the areas and the plan: the inspectors' judgements, the council's
/// own ratings (`[progress]`) and its reports on actions (`[actions]`).
pub(super) fn assessed(
    check: &mut Checker,
    ctx: &EntryContext,
    judgements: &Table<String>,
    progress: &Table<String>,
    actions: &Table<toml::Value>,
) -> (Vec<Judgement>, Vec<Judgement>, Vec<ActionReport>) {
    let located = |check: &Checker, key: &Spanned<String>| {
        Some(check.source.location(check.offset + key.span().start))
    };
    let judgements = judgements
        .iter()
        .filter_map(|(key, status)| {
            let area = check.area(key, ctx.areas);
            let location = located(check, key);
            check.status(status, ctx.config).map(|status| Judgement {
                area,
                status,
                location,
            })
        })
        .collect();
    let progress = progress
        .iter()
        .filter_map(|(key, rating)| {
            let area = check.area(key, ctx.areas);
            let location = located(check, key);
            check
                .rating(rating.get_ref(), rating, "progress", ctx.config)
                .map(|status| Judgement {
                    area,
                    status,
                    location,
                })
        })
        .collect();
    // Action ids are checked by the model, which knows every area's actions.
    let actions = actions
        .iter()
        .filter_map(|(key, value)| {
            let location = located(check, key);
            let (status, note) = read_report(value)
                .map_err(|(m, h)| {
                    check.error(value, format!("[actions] {}: {m}", key.get_ref()), h)
                })
                .ok()?;
            let status = check.rating(&status, value, "actions", ctx.config)?;
            Some(ActionReport {
                action: key.get_ref().clone(),
                status,
                note,
                location,
            })
        })
        .collect();
    (judgements, progress, actions)
}

/// `[withdrawn]`: a day on or after the entry's own, and a reason. A draft was never published,
/// so it is deleted, not withdrawn.
pub(super) fn withdrawal(
    check: &mut Checker,
    raw: &Spanned<RawWithdrawal>,
    published: Option<Date>,
    draft: bool,
) -> Option<Withdrawal> {
    let date = check.date(&raw.get_ref().date, "withdrawn date");
    let reason = raw.get_ref().reason.get_ref().trim().to_string();
    if reason.is_empty() {
        let hint = "say why in a sentence or two, e.g. reason = \"The figures were wrong; the corrected ones are in the update of 12 December 2026.\"";
        check.error(
            &raw.get_ref().reason,
            "[withdrawn] has no reason".into(),
            hint.into(),
        );
    }
    if draft {
        let hint = "a draft was never published: delete the file, or remove [withdrawn]";
        check.error(raw, "a draft cannot be withdrawn".into(), hint.into());
    }
    if let (Some(on), Some(published)) = (date, published) {
        if on < published {
            let hint = format!(
                "an update is withdrawn on or after the day it was published ({published})"
            );
            check.error(
                &raw.get_ref().date,
                format!("withdrawn date: {on} is before the update's date"),
                hint,
            );
        }
    }
    let at = raw.get_ref().date.span().start;
    let location = Some(check.source.location(check.offset + at));
    (!reason.is_empty() && !draft).then_some(Withdrawal {
        date: date?,
        reason,
        location,
    })
}
