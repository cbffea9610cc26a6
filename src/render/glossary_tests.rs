//! The glossary's marking of terms, tested on small pages.

use super::*;

fn glossary(pairs: &[(&str, &str)]) -> Glossary {
    let map = pairs
        .iter()
        .map(|(t, m)| (t.to_string(), m.to_string()))
        .collect();
    Glossary::new(&map, "/g/")
}

/// A marked use of the term with id `id`, written `text`.
fn term(id: &str, text: &str) -> String {
    format!("<button type=\"button\" class=\"term\" popovertarget=\"term-{id}\" aria-describedby=\"term-meaning-{id}\">{text}</button>")
}

/// The popover of a term: its name, its meaning and the way to the glossary.
fn meaning(id: &str, name: &str, meaning: &str) -> String {
    format!(
        "<div class=\"term-meaning\" id=\"term-{id}\" popover><p><strong>{name}</strong>: <span id=\"term-meaning-{id}\">{meaning}</span></p>\
         <p><a href=\"/g/#{id}\">Every word explained</a> <button type=\"button\" popovertarget=\"term-{id}\" popovertargetaction=\"hide\">Close<span class=\"visually-hidden\"> the meaning of {name}</span></button></p></div>\n"
    )
}

#[test]
fn only_text_outside_tags_links_and_code_is_marked_once_per_term() {
    let g = glossary(&[("Ofsted", "Inspectors."), ("CQC", "Care inspectors.")]);
    let html = "<p><a href=\"/ofsted/\">Ofsted</a> <img alt=\"ofsted\" src=\"x.png\"> <code>CQC</code></p><h2>Ofsted</h2><p>ofsted and CQC, Ofsted</p>";
    let marked = g.mark_up(html);
    assert_eq!(
        marked,
        format!(
            "<p><a href=\"/ofsted/\">Ofsted</a> <img alt=\"ofsted\" src=\"x.png\"> <code>CQC</code></p><h2>Ofsted</h2><p>{} and {}, Ofsted</p><div class=\"term-meanings\">\n{}{}</div>\n",
            term("ofsted", "ofsted"),
            term("cqc", "CQC"),
            meaning("cqc", "CQC", "Care inspectors."),
            meaning("ofsted", "Ofsted", "Inspectors.")
        )
    );
    assert_eq!(g.mark_up("<p>No terms here.</p>"), "<p>No terms here.</p>");
}

#[test]
fn terms_named_like_entities_never_break_escaped_text() {
    let g = glossary(&[("lt", "Less than."), ("amp", "Amplifier.")]);
    let html = g.mark_up("<p>x&lt;y &amp; z, lt and amp</p>");
    assert!(
        html.starts_with("<p>x&lt;y &amp; z, <button type=\"button\" class=\"term\""),
        "{html}"
    );
    assert_eq!(html.matches("class=\"term\"").count(), 2, "{html}");
}

#[test]
fn only_the_first_use_is_marked() {
    let g = glossary(&[("SEND", "Special needs.")]);
    let html = g.mark_up("<p>SEND and SEND.</p>");
    assert_eq!(
        html,
        format!(
            "<p>{} and SEND.</p><div class=\"term-meanings\">\n{}</div>\n",
            term("send", "SEND"),
            meaning("send", "SEND", "Special needs.")
        )
    );
}

#[test]
fn links_headings_and_code_are_left_alone() {
    let g = glossary(&[("SEND", "m")]);
    let html =
        g.mark_up("<h2 id=\"send\">SEND</h2><p><a href=\"x\">SEND</a> <code>SEND</code> SEND</p>");
    assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
    assert!(
        html.contains(&format!("</code> {}", term("send", "SEND"))),
        "{html}"
    );
}

#[test]
fn acronyms_match_case_and_whole_words_only() {
    let g = glossary(&[("SEND", "m"), ("milestone", "n")]);
    let html = g.mark_up("<p>We send SENDIASS a Milestone, then SEND.</p>");
    assert!(
        html.contains(">Milestone</button>")
            && html.contains(">SEND</button>.")
            && !html.contains(">SENDIASS"),
        "{html}"
    );
}

#[test]
fn the_longest_term_wins_at_the_same_place() {
    let g = glossary(&[("EHC", "a"), ("EHC plan", "b")]);
    let html = g.mark_up("<p>An EHC plan.</p>");
    assert!(html.contains(&term("ehc-plan", "EHC plan")), "{html}");
}

#[test]
fn nothing_in_a_popover_or_a_button_is_marked_again() {
    let g = glossary(&[
        ("Ofsted", "Checks schools with the CQC."),
        ("CQC", "Care inspectors."),
    ]);
    let once = g.mark_up("<p>Ofsted visited.</p>");
    // The page is marked again for the theme's words: the CQC in Ofsted's meaning stays text.
    let twice = g.mark_main(&format!("<main>{once}<p>More from Ofsted.</p></main>"));
    assert!(
        twice.contains("Checks schools with the CQC.</span>"),
        "{twice}"
    );
    assert_eq!(twice.matches("class=\"term\"").count(), 1, "{twice}");
}

#[test]
fn a_term_after_many_uses_of_marked_ones_is_still_marked() {
    let g = glossary(&[("EHC", "a"), ("EHC plan", "b"), ("SEND", "c")]);
    let cards = "<li><p>EHC plan and SEND</p></li>".repeat(50);
    let html = g.mark_main(&format!("<main><ul>{cards}</ul><p>An EHC.</p></main>"));
    assert_eq!(html.matches("class=\"term\"").count(), 3, "{html}");
    assert!(html.contains(&term("ehc-plan", "EHC plan")), "{html}");
    // "EHC" first stands alone at the second card, inside "EHC plan" already marked once.
    let second = html.find("</li>").map(|i| &html[i..]).unwrap_or_default();
    assert!(second.contains(&term("ehc", "EHC")), "{html}");
    assert!(html.ends_with("</div>\n</main>"), "{html}");
}

#[test]
fn words_match_in_any_case_with_few_terms_or_many() {
    let html = "<p>The ofSTED report, then a REVISIT.</p>";
    let few = glossary(&[("Ofsted", "a"), ("revisit", "b")]);
    let mut pairs: Vec<(String, String)> = (0..100)
        .map(|i| (format!("term{i}"), "m".to_string()))
        .collect();
    pairs.extend([("Ofsted", "a"), ("revisit", "b")].map(|(t, m)| (t.into(), m.into())));
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(t, m)| (&**t, &**m)).collect();
    // A hundred terms and more are searched for by an automaton, not the packed searcher.
    let many = glossary(&pairs);
    let automaton =
        |g: &Glossary| (g.finders.iter()).any(|f| matches!(f.detector, Detector::Automaton(_)));
    let simd = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));
    assert!(automaton(&many) && (!simd || !automaton(&few)));
    for g in [few, many] {
        let marked = g.mark_up(html);
        assert!(marked.contains(&term("ofsted", "ofSTED")), "{marked}");
        assert!(marked.contains(&term("revisit", "REVISIT")), "{marked}");
    }
}

#[test]
fn terms_sort_alphabetically_with_unique_ids() {
    let g = glossary(&[("b", "x"), ("A b", "y"), ("a-b", "z")]);
    let ids: Vec<&str> = g.terms.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a-b", "a-b-2", "b"]);
}
