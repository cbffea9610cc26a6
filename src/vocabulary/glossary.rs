//! The framework's own words explained in plain English: every site has them in its glossary,
//! so that "Effective action" or "local area partnership" is explained where a parent meets it,
//! whether or not the council wrote a glossary. A council rewords any of them in `[glossary]`.
//!
//! Each meaning is at most two short sentences for a reading age of 9 to 12, and passes
//! sendsite's own plain-English check (the test below).

use super::Framework;

/// The built-in glossary of a framework: (term as the site writes it, meaning).
pub fn built_in(framework: Framework) -> &'static [(&'static str, &'static str)] {
    match framework {
        Framework::F2023 => AREA_SEND,
        Framework::F2016 => LOCAL_AREA_SEND,
    }
}

/// The inspectorates and the department, named under both frameworks.
const CQC: (&str, &str) = (
    "CQC",
    "The Care Quality Commission checks health and care in England. It works with Ofsted on these visits.",
);
const DFE: (&str, &str) = (
    "DfE",
    "The Department for Education. It is the part of the government in charge of schools.",
);
const OFSTED: (&str, &str) = (
    "Ofsted",
    "The body that checks schools and services for children in England. It works with the CQC on these visits.",
);

/// The area SEND framework's words (2023, revised June 2025).
pub const AREA_SEND: &[(&str, &str)] = &[
    (
        "Effective action",
        "The good result of a return visit. This means fair steps were taken on each area for priority action.",
    ),
    (
        "Ineffective action",
        "The poor result of a return visit. This means not enough was done on the areas for priority action.",
    ),
    (
        "monitoring inspection",
        "A return visit by Ofsted and the CQC, usually 18 months after the report. They check just the most urgent problems.",
    ),
    (
        "local area partnership",
        "The council, local health services and others who help children with special needs. They work as a team.",
    ),
    (
        "stocktake",
        "A regular check by the DfE and health leaders. They look at how well the plan to fix things is going.",
    ),
    (
        "improvement notice",
        "A formal letter from the DfE to the council. It says what must be fixed, and by when.",
    ),
    (
        "priority action plan",
        "The plan to fix the most urgent problems. It is written after the worst of the three outcomes.",
    ),
    (
        "area for priority action",
        "A serious problem that inspectors say must be fixed first. This means it is one of the most urgent.",
    ),
    (
        "area for improvement",
        "Something inspectors say needs to get better. This means it still needs work, but it is less urgent.",
    ),
    (
        "Widespread or systemic failings",
        "The worst of the three outcomes. Inspectors found deep and wide problems that must be fixed fast.",
    ),
    (
        "Inconsistent experiences and outcomes",
        "The middle of the three outcomes. This means some children get good help, but others do not.",
    ),
    (
        "Positive experiences and outcomes",
        "The best of the three outcomes. This means most children get good help, and leaders fix weak spots.",
    ),
    CQC,
    DFE,
    OFSTED,
];

/// The 2016 framework's words (its inspections ended in 2022).
pub const LOCAL_AREA_SEND: &[(&str, &str)] = &[
    (
        "Written Statement of Action",
        "The plan the council and local health services wrote. It set out how they would fix each significant weakness.",
    ),
    (
        "significant weakness",
        "A serious problem that inspectors found. It had to be put right.",
    ),
    (
        "revisit",
        "When inspectors came back to see what had changed. They looked at each significant weakness in turn.",
    ),
    (
        "Sufficient progress",
        "Inspectors found enough had been done on this weakness. This means they were happy with the progress.",
    ),
    (
        "Insufficient progress",
        "Inspectors found not enough had been done on this weakness. The DfE then checked a new, faster plan.",
    ),
    CQC,
    DFE,
    OFSTED,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::plain::Plain;
    use std::path::Path;

    #[test]
    fn every_built_in_meaning_is_plain_english_at_the_default_reading_age() {
        for framework in [Framework::F2023, Framework::F2016] {
            let terms: Vec<String> = built_in(framework)
                .iter()
                .map(|(t, _)| t.to_string())
                .collect();
            let plain = Plain {
                glossary: &terms,
                reading_age: crate::config::DEFAULT_READING_AGE,
            };
            for (term, meaning) in built_in(framework) {
                let found = plain.check(Path::new("glossary"), meaning, 1);
                let said: Vec<String> = found.iter().map(|d| d.message.clone()).collect();
                assert!(said.is_empty(), "{term}: {said:?}");
                assert!(meaning.split_whitespace().count() <= 30, "{term}");
            }
        }
    }
}
