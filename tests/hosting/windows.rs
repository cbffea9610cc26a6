//! IIS's `web.config` and Azure Static Web Apps' `staticwebapp.config.json`. Neither server runs
//! here, so the files are read as those servers read them: the XML with a real parser, element
//! by element, for the rules IIS enforces (a type or error page added where the server already
//! has one stops the site with 500.19 unless it is removed first); the JSON against the schema
//! Microsoft publishes for it, with `check-jsonschema`, and for the keys Microsoft documents.

use std::path::Path;

use quick_xml::events::Event;

use super::{built, built_at, NEW, OLD};

/// The example site's old and new address at the root of an address of its own, as Azure
/// Static Web Apps serves it.
const AZURE_OLD: &str = "/updates/revisit-notice/";
const AZURE_NEW: &str = "/updates/revisit-notification/";

/// One element of an XML file: its name, its ancestors' names and its attributes.
#[derive(Debug)]
struct Element {
    name: String,
    within: Vec<String>,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Every element of the file, in order; panics if it is not well-formed XML.
fn elements(xml: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    let mut all = Vec::new();
    loop {
        let (e, opens) = match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                let version = quick_xml::XmlVersion::Explicit1_0;
                let value = a.decoded_and_normalized_value(version, reader.decoder());
                let value = value.unwrap();
                (key, value.into_owned())
            })
            .collect();
        all.push(Element {
            name: name.clone(),
            within: open.clone(),
            attrs,
        });
        if opens {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "every element is closed: {open:?}");
    all
}

#[test]
fn iis_gets_a_web_config_that_adds_nothing_twice() {
    let (_tmp, out) = built("iis");
    let xml = std::fs::read_to_string(out.join("web.config")).unwrap();
    assert!(!out.join(".htaccess").exists());
    let all = elements(&xml);
    assert_eq!(all[0].name, "configuration");

    // Each type is removed before it is added, in the same section, so that a type IIS already
    // has (.css, .xml, .json...) does not make it answer 500.19.
    let maps: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].name == "mimeMap")
        .collect();
    assert!(maps.len() > 30, "{} types", maps.len());
    for &i in &maps {
        let ext = all[i].attr("fileExtension").unwrap();
        let before = &all[i - 1];
        assert!(
            before.name == "remove" && before.attr("fileExtension") == Some(ext),
            "the type of {ext} is not removed before it is added"
        );
        assert_eq!(before.within, all[i].within);
    }
    let site_types: Vec<(&str, &str)> = all
        .iter()
        .filter(|e| e.name == "mimeMap" && !e.within.contains(&"location".to_string()))
        .map(|e| {
            (
                e.attr("fileExtension").unwrap(),
                e.attr("mimeType").unwrap(),
            )
        })
        .collect();
    for want in [
        (".ics", "text/calendar; charset=utf-8"),
        (".csv", "text/csv; charset=utf-8"),
        (".json", "application/json"),
        (".xml", "application/xml; charset=utf-8"),
        (".html", "text/html; charset=utf-8"),
    ] {
        assert!(site_types.contains(&want), "{want:?}");
    }

    // The feeds, which are .xml files, get their own types by name.
    let located = |path: &str| -> Vec<&Element> {
        let at = all
            .iter()
            .position(|e| e.name == "location" && e.attr("path") == Some(path))
            .unwrap_or_else(|| panic!("no <location path=\"{path}\">"));
        all[at + 1..]
            .iter()
            .take_while(|e| e.within.contains(&"location".to_string()))
            .collect()
    };
    for (path, mime) in [
        ("feed.xml", "application/rss+xml; charset=utf-8"),
        ("atom.xml", "application/atom+xml; charset=utf-8"),
        (
            "areas/co-production/feed.xml",
            "application/rss+xml; charset=utf-8",
        ),
        (
            "areas/co-production/calendar.ics",
            "text/calendar; charset=utf-8",
        ),
    ] {
        let inside = located(path);
        let map = inside.iter().find(|e| e.name == "mimeMap").unwrap();
        assert_eq!(map.attr("mimeType"), Some(mime), "{path}");
    }

    // The 404 page: the one IIS has is removed, the site's own is served with status 404.
    let error = all.iter().position(|e| e.name == "error").unwrap();
    assert_eq!(all[error - 1].name, "remove");
    assert_eq!(all[error - 1].attr("statusCode"), Some("404"));
    assert_eq!(all[error].attr("statusCode"), Some("404"));
    assert_eq!(all[error].attr("path"), Some("/send-progress/404.html"));
    assert_eq!(all[error].attr("responseMode"), Some("ExecuteURL"));
    let errors = &all[error - 2];
    assert_eq!(errors.name, "httpErrors");
    assert_eq!(errors.attr("errorMode"), Some("Custom"));

    // The old address moves for good to the new one.
    let old = OLD
        .trim_start_matches("/send-progress/")
        .trim_end_matches('/');
    let redirect = located(old);
    let to = redirect.iter().find(|e| e.name == "httpRedirect").unwrap();
    assert_eq!(to.attr("destination"), Some(NEW));
    assert_eq!(to.attr("httpResponseStatus"), Some("Permanent"));
    assert_eq!(to.attr("exactDestination"), Some("true"));

    // sendsite's mark is hidden; the default document is the site's index.html.
    assert!(all
        .iter()
        .any(|e| e.name == "add" && e.attr("segment") == Some(".sendsite")));
    assert!(all
        .iter()
        .any(|e| e.name == "add" && e.attr("value") == Some("index.html")));
}

#[test]
fn azure_gets_a_static_web_apps_file_its_schema_accepts() {
    let (_tmp, out) = built_at("azure", &["--base-url", "https://send.council.example/"]);
    let file = out.join("staticwebapp.config.json");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hosting/data/staticwebapp.config.schema.json");
    let checked = std::process::Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("check-jsonschema (PyPI), which .ci/run installs");
    assert!(
        checked.status.success(),
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let keys: Vec<&str> = config
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in &keys {
        assert!(
            [
                "$schema",
                "routes",
                "responseOverrides",
                "mimeTypes",
                "globalHeaders"
            ]
            .contains(key),
            "{key} is not a key Microsoft documents for this file"
        );
    }
    let routes = config["routes"].as_array().unwrap();
    let route = |path: &str| {
        routes
            .iter()
            .find(|r| r["route"] == path)
            .unwrap_or_else(|| panic!("no route for {path}"))
    };
    assert_eq!(route(AZURE_OLD)["redirect"], AZURE_NEW);
    assert_eq!(route(AZURE_OLD)["statusCode"], 301);
    assert_eq!(
        route("/areas/co-production/feed.xml")["headers"]["Content-Type"],
        "application/rss+xml; charset=utf-8"
    );
    assert_eq!(
        route("/atom.xml")["headers"]["Content-Type"],
        "application/atom+xml; charset=utf-8"
    );
    assert_eq!(route("/.sendsite")["statusCode"], 404);
    assert_eq!(config["responseOverrides"]["404"]["rewrite"], "/404.html");
    assert_eq!(config["mimeTypes"][".ics"], "text/calendar; charset=utf-8");
    assert_eq!(config["mimeTypes"][".csv"], "text/csv; charset=utf-8");
    // A route's pattern may end in a wildcard only; sendsite's are whole paths.
    assert!(routes
        .iter()
        .all(|r| !r["route"].as_str().unwrap().contains('*')));
}

#[test]
fn azure_refuses_a_site_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common_copy(&site);
    let settings = site.join("content/site.toml");
    let toml = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("{toml}\n[hosting]\nserver = \"azure\"\n"),
    )
    .unwrap();
    let result = super::common::on_site("build", &site, &[]);
    let said = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success());
    assert!(
        said.contains("Azure Static Web Apps serves a site at the root of its address, not at \"/send-progress/\""),
        "{said}"
    );
}

fn common_copy(site: &Path) {
    super::common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
}
