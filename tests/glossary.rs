//! The glossary: the first use of each term in a page's text links to its meaning; /glossary/
//! lists every term.

mod common;

use common::{build_ok, copy_fixture, read, term_button, write};

/// The HTML of a page's main text (`<div class="prose ...">` up to the end of main).
fn prose(page: &str) -> &str {
    let start = page.find("<div class=\"prose").expect("page has prose");
    &page[start..page.find("</main>").expect("page has main")]
}

#[test]
fn the_first_use_in_running_text_is_marked_not_links_headings_or_code() {
    let site = copy_fixture("glossary");
    let out = build_ok(site.path(), &[]);
    let entry = read(&out, "updates/milestone/index.html");
    let text = prose(&entry);
    assert!(
        text.contains("<h2 id=\"send-milestones\">SEND milestones</h2>"),
        "{text}"
    );
    assert!(text.contains("<a href=\"/send/areas/plans/\">about SEND</a> and <code>SEND</code> in code. We send a note to SENDIASS."), "{text}");
    assert!(
        text.contains(&format!(
            "<p>The first {}SEND</button> in running text, \
         and the first {}Milestone</button>, \
         then SEND and milestone again. \
         {}R&amp;D</button> too.</p>",
            term_button("send"),
            term_button("milestone"),
            term_button("r-d")
        )),
        "{text}"
    );
    assert_eq!(text.matches("class=\"term\"").count(), 3, "{text}");
    // Each meaning in its popover, in the glossary's order, with the way to the glossary.
    let popovers: Vec<&str> = text
        .split("<div class=\"term-meaning\" id=\"")
        .skip(1)
        .collect();
    assert_eq!(popovers.len(), 3, "{text}");
    for (popover, (id, name, meaning)) in popovers.iter().zip([
        (
            "milestone",
            "milestone",
            "A date by which part of a plan should be done.",
        ),
        ("r-d", "R&amp;D", "Research &amp; development."),
        (
            "send",
            "SEND",
            "Special educational needs and disabilities.",
        ),
    ]) {
        assert!(popover.starts_with(&format!(
            "term-{id}\" popover><p><strong>{name}</strong>: <span id=\"term-meaning-{id}\">{meaning}</span></p>\
             <p><a href=\"/send/glossary/#{id}\">Every word explained</a> \
             <button type=\"button\" popovertarget=\"term-{id}\" popovertargetaction=\"hide\">Close<span class=\"visually-hidden\"> the meaning of {name}</span></button></p></div>"
        )), "{popover}");
    }
}

#[test]
fn each_page_marks_its_own_first_use_and_the_longest_term_wins() {
    let site = copy_fixture("glossary");
    let out = build_ok(site.path(), &[]);
    let home = read(&out, "index.html");
    assert!(prose(&home).contains(&format!(
        "<p>Our {}SEND</button> record. SEND again.</p>",
        term_button("send")
    )));
    let area = read(&out, "areas/plans/index.html");
    assert!(
        prose(&area).contains(&format!(
            "<p>Every {}EHC plan</button> is checked; each {}EHC</button> is a team.</p>",
            term_button("ehc-plan"),
            term_button("ehc")
        )),
        "{}",
        prose(&area)
    );
}

/// The anchors of the glossary page's terms, in its order.
fn terms_of(page: &str) -> Vec<&str> {
    page.split("<dt id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect()
}

#[test]
fn the_glossary_page_lists_every_term_and_the_footer_links_to_it() {
    let site = copy_fixture("glossary");
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "glossary/index.html");
    let terms = terms_of(&page);
    // The site's own terms, and the framework's words that every site explains.
    assert_eq!(
        terms,
        [
            "cqc",
            "dfe",
            "ehc",
            "ehc-plan",
            "insufficient-progress",
            "milestone",
            "ofsted",
            "r-d",
            "revisit",
            "send",
            "significant-weakness",
            "sufficient-progress",
            "written-statement-of-action"
        ]
    );
    assert!(
        page.contains("<dt id=\"r-d\">R&amp;D</dt>\n    <dd>Research &amp; development.</dd>"),
        "{page}"
    );
    assert!(read(&out, "index.html").contains("<li><a href=\"/send/glossary/\">Glossary</a></li>"));
    assert!(
        read(&out, "sitemap.xml").contains("<loc>https://www.council.example/send/glossary/</loc>")
    );
}

#[test]
fn a_site_without_a_glossary_explains_the_framework_s_words_all_the_same() {
    let site = copy_fixture("glossary");
    let toml = read(site.path(), "content/site.toml");
    write(
        site.path(),
        "content/site.toml",
        &toml[..toml.find("[glossary]").unwrap()],
    );
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "glossary/index.html");
    let terms = terms_of(&page);
    let built_in: Vec<String> = sendsite::vocabulary::glossary::LOCAL_AREA_SEND
        .iter()
        .map(|(t, _)| sendsite::source::slug::slugify(t))
        .collect();
    let mut want: Vec<&str> = built_in.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(terms, want);
    assert!(read(&out, "index.html").contains("<li><a href=\"/send/glossary/\">Glossary</a></li>"));
}
