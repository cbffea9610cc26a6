//! The site settings form over HTTP: what a save writes to `content/site.toml` (only what
//! changed, every comment kept), that the preview shows it, and that mistakes are named in the
//! form's words at their fields, all at once, with nothing saved.

use super::common::copy_fixture;
use super::editor::Editor;
use super::harness::{eventually, page};

/// The hidden fields of the settings form, and every field's value, as the form was served.
pub(super) fn fields_of(form: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for input in form.split("<input").skip(1) {
        let attr = |name: &str| {
            let at = input.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(input[at..at + input[at..].find('"')?].to_string())
        };
        let (Some(name), Some(value)) = (attr("name"), attr("value")) else {
            continue;
        };
        let kind = attr("type").unwrap_or_default();
        let chosen = input.split('>').next().unwrap_or("").contains(" checked");
        if (kind == "radio" || kind == "checkbox") && !chosen {
            continue;
        }
        found.push((unescape(&name), unescape(&value)));
    }
    // A list sends its chosen option, as a browser does (the first when none is chosen).
    for list in form.split("<select").skip(1) {
        let at = list.find(" name=\"").unwrap() + 7;
        let name = &list[at..at + list[at..].find('"').unwrap()];
        let options = &list[..list.find("</select>").unwrap()];
        let value = |option: &str| {
            let at = option.find("value=\"")? + 7;
            Some(option[at..at + option[at..].find('"')?].to_string())
        };
        let all: Vec<&str> = options.split("<option").skip(1).collect();
        let chosen = all
            .iter()
            .find(|o| o.split('>').next().unwrap_or("").contains(" selected"));
        if let Some(v) = chosen.or(all.first()).and_then(|o| value(o)) {
            found.push((name.to_string(), unescape(&v)));
        }
    }
    for area in form.split("<textarea").skip(1) {
        let at = area.find(" name=\"").unwrap() + 7;
        let name = &area[at..at + area[at..].find('"').unwrap()];
        let text = &area[area.find(">\n").unwrap() + 2..area.find("</textarea>").unwrap()];
        found.push((name.to_string(), unescape(text)));
    }
    found
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The form as served with `changes` made, and the Save button.
pub(super) fn changed(form: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = fields_of(form);
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value.to_string(),
            None => fields.push((name.to_string(), value.to_string())),
        }
    }
    fields.push(("action".into(), "save".into()));
    fields
}

pub(super) fn send(editor: &Editor, fields: &[(String, String)]) -> super::harness::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    editor.send("settings", &pairs)
}

#[test]
fn the_settings_form_changes_the_site_title_and_the_glossary_keeping_comments() {
    let site = copy_fixture("small");
    let toml = site.path().join("content/site.toml");
    let before = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("# Kept by the council's web team.\n{before}"),
    )
    .unwrap();
    let editor = Editor::open(site.path());
    let list = editor.get("").text();
    assert!(
        list.contains("href=\"/send/__sendsite/edit/settings\""),
        "{list}"
    );
    let form = editor.get("settings");
    assert_eq!(form.status, 200, "{}", form.text());
    let form = form.text();
    assert!(form.contains("<label class=\"ed-label\" for=\"f-title\">Site title</label>"));
    assert!(form.contains("value=\"Testshire SEND progress\""));
    assert!(form.contains("Name of the kind “news”"));
    let fields = changed(
        &form,
        &[
            ("title", "Testshire SEND improvement"),
            ("kind-0-label", "Council news"),
            ("term-0-remove", "yes"),
            ("new-term-term", "EHC plan"),
            ("new-term-meaning", "An education, health and care plan."),
        ],
    );
    let saved = send(&editor, &fields);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let after = std::fs::read_to_string(&toml).unwrap();
    assert!(
        after.starts_with("# Kept by the council's web team.\n"),
        "{after}"
    );
    assert!(
        after.contains("title = \"Testshire SEND improvement\""),
        "{after}"
    );
    assert!(
        after.contains("\"EHC plan\" = \"An education, health and care plan.\""),
        "{after}"
    );
    assert!(
        !after.contains("SEND = "),
        "the term taken out is gone: {after}"
    );
    assert!(
        after.contains("organisation = \"Testshire Council\"\n"),
        "{after}"
    );
    assert!(
        after.contains("news = \"Council news\"\n"),
        "an unchanged name is left as written: {after}"
    );
    eventually("the preview shows the new title", || {
        page(&editor.server, "/send/").contains("Testshire SEND improvement")
    });
}

#[test]
fn mistakes_in_the_settings_are_named_in_the_form_s_words_all_at_once() {
    let site = copy_fixture("small");
    let toml = site.path().join("content/site.toml");
    let before = std::fs::read(&toml).unwrap();
    let editor = Editor::open(site.path());
    let form = editor.get("settings").text();
    let fields = changed(
        &form,
        &[
            ("title", ""),
            ("email", "send at example"),
            ("base_url", "www.council.example/send/"),
            ("reading_age", "40"),
        ],
    );
    let refused = send(&editor, &fields);
    assert_eq!(refused.status, 422);
    let page = refused.text();
    for (field, words) in [
        ("f-title", "Enter the site title."),
        (
            "f-email",
            "Email for questions: \"send at example\" is not an email address",
        ),
        (
            "f-base-url",
            "Web address: \"www.council.example/send/\" must start with https:// or http://",
        ),
        ("f-reading-age", "Reading age: enter an age from 7 to 21"),
    ] {
        assert!(
            page.contains(&format!(
                "<a href=\"#{field}\">{}",
                words.replace('"', "&quot;")
            )),
            "{field}: {words}\n{page}"
        );
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    let start = page.find("There is a problem").unwrap();
    let summary = &page[start..start + page[start..].find("</ul>").unwrap()];
    for file_words in ["front matter", "TOML", "`", "+++", "line "] {
        assert!(!summary.contains(file_words), "{file_words} in {summary}");
    }
    assert_eq!(std::fs::read(&toml).unwrap(), before, "nothing was saved");
}

/// A change of the settings that breaks other files is refused, naming them: the 2023
/// framework's types of area are not those of the areas written for 2016.
#[test]
fn a_framework_the_areas_do_not_fit_is_refused_naming_the_files() {
    let site = copy_fixture("framework-2023");
    let toml = site.path().join("content/site.toml");
    let before = std::fs::read(&toml).unwrap();
    let editor = Editor::open(site.path());
    let form = editor.get("settings").text();
    assert!(
        form.contains("value=\"2023\" id=\"f-framework\" checked"),
        "{form}"
    );
    let refused = send(&editor, &changed(&form, &[("framework", "2016")]));
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused.text().contains("content/areas/"),
        "{}",
        refused.text()
    );
    assert_eq!(std::fs::read(&toml).unwrap(), before, "nothing was saved");
}

/// Email sign-up addresses as a council's email service gives them: one for everything and one
/// per area, each area's field named by its title; a new one is written under
/// `[email_signup.areas]`, one taken out goes, and one that is not a web address is named at
/// its field.
#[test]
fn email_sign_up_addresses_are_set_for_everything_and_each_area() {
    let site = copy_fixture("framework-2023");
    let toml = site.path().join("content/site.toml");
    let editor = Editor::open(site.path());
    let form = editor.get("settings").text();
    assert!(
        form.contains(
            "<label class=\"ed-label\" for=\"f-signup-waiting-times\">Email sign-up address for “Waiting times for EHC plans”</label>"
        ),
        "{form}"
    );
    assert!(
        form.contains(
            "https://alerts.northmere.example/accounts/UKNM/subscriber/new?topic_id=UKNM_12</textarea>"
        ),
        "{form}"
    );
    let refused = send(
        &editor,
        &changed(
            &form,
            &[("signup-health-input", "alerts.northmere.example/UKNM_40")],
        ),
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains("<a href=\"#f-signup-health-input\">Email sign-up address for “Health advice in EHC plans”: "),
        "{}",
        refused.text()
    );
    let topic = "https://alerts.northmere.example/accounts/UKNM/subscriber/new?topic_id=UKNM_40";
    let saved = send(
        &editor,
        &changed(
            &form,
            &[("signup-health-input", topic), ("signup-communication", "")],
        ),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let after = std::fs::read_to_string(&toml).unwrap();
    assert!(
        after.contains(&format!("\nhealth-input = \"{topic}\"\n")),
        "{after}"
    );
    assert!(!after.contains("communication = "), "{after}");
    assert!(after.contains("\nwaiting-times = "), "{after}");
    eventually("the area page offers its list", || {
        page(&editor.server, "/send/areas/health-input/").contains("topic_id=UKNM_40")
    });
}

/// The open data's licence and the council's GSS code are set in the form; a code that is not
/// one is named at its field.
#[test]
fn the_open_data_licence_and_gss_code_are_set_in_the_form() {
    let site = copy_fixture("framework-2023");
    let toml = site.path().join("content/site.toml");
    let editor = Editor::open(site.path());
    let form = editor.get("settings").text();
    assert!(
        form.contains(
            "<option value=\"OGL-UK-3.0\" selected>Open Government Licence v3.0</option>"
        ),
        "{form}"
    );
    assert!(form.contains("value=\"E99999999\""), "{form}");
    let refused = send(&editor, &changed(&form, &[("gss_code", "Northmere")]));
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains(
            "<a href=\"#f-gss-code\">The council&#39;s GSS code: &quot;Northmere&quot; is not one."
        ),
        "{}",
        refused.text()
    );
    let saved = send(
        &editor,
        &changed(
            &form,
            &[("licence", "CC-BY-4.0"), ("gss_code", "E10000015")],
        ),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let after = std::fs::read_to_string(&toml).unwrap();
    assert!(
        after.contains("[open_data]\ngss_code = \"E10000015\"\nlicence = \"CC-BY-4.0\"\n")
            || (after.contains("licence = \"CC-BY-4.0\"")
                && after.contains("gss_code = \"E10000015\"")),
        "{after}"
    );
}

/// A site that still has `email_signup_url` (which the build now refuses) is mended in the form:
/// it opens with the addresses the old pattern made, and a save writes `[email_signup]` instead.
#[test]
fn the_settings_form_mends_the_old_email_signup_url() {
    let site = copy_fixture("small");
    let toml = site.path().join("content/site.toml");
    let before = std::fs::read_to_string(&toml).unwrap();
    let old = "email_signup_url = \"https://alerts.council.example/send/{area}\"\n";
    std::fs::write(&toml, format!("{old}{before}")).unwrap();
    let editor = Editor::open(site.path());
    let form = editor.get("settings").text();
    assert!(
        form.contains("\nhttps://alerts.council.example/send</textarea>"),
        "{form}"
    );
    let saved = send(&editor, &changed(&form, &[]));
    assert_eq!(saved.status, 303, "{}", saved.text());
    let after = std::fs::read_to_string(&toml).unwrap();
    assert!(!after.contains("email_signup_url"), "{after}");
    assert!(
        after.contains("[email_signup]\nall = \"https://alerts.council.example/send\"\n"),
        "{after}"
    );
    assert!(after.contains("[email_signup.areas]\n"), "{after}");
}

/// A licence the file writes in another case is the one the list has chosen, and a save of the
/// form as it was keeps it.
#[test]
fn a_licence_written_in_lower_case_stays_chosen() {
    let site = copy_fixture("framework-2023");
    let toml = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("[open_data]\n", "[open_data]\nlicence = \"cc-by-4.0\"\n"),
    )
    .unwrap();
    let editor = Editor::open(site.path());
    let form = editor.get("settings").text();
    assert!(
        form.contains("<option value=\"CC-BY-4.0\" selected>"),
        "{form}"
    );
    let saved = send(
        &editor,
        &changed(&form, &[("title", "Northmere SEND progress")]),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let after = std::fs::read_to_string(&toml).unwrap();
    assert!(
        after.to_lowercase().contains("licence = \"cc-by-4.0\""),
        "{after}"
    );
}
