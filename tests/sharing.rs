//! What other tools read of a site: open data that says what it is (one schema for every site,
//! its version, licence, council and last change), its description for data catalogues
//! (schema.org `Dataset`), the sitemap's `lastmod`, and the tags a shared link is shown with
//! (Open Graph, read by WhatsApp, Facebook, Teams and X).

mod common;

use std::path::Path;

use common::{build_err, build_ok, copy_fixture, read, write};

fn json(out: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, path)).unwrap()
}

/// The content of `<meta property|name="key" content="...">` on a page, unescaped.
fn meta(page: &str, key: &str) -> Option<String> {
    let at = page
        .find(&format!("property=\"{key}\" content=\""))
        .or_else(|| page.find(&format!("name=\"{key}\" content=\"")))?;
    let rest = &page[at..];
    let start = rest.find("content=\"")? + 9;
    let value = &rest[start..start + rest[start..].find('"')?];
    Some(value.replace("&amp;", "&").replace("&#x27;", "'"))
}

#[test]
fn every_site_shares_one_versioned_schema_and_says_its_licence_council_and_last_change() {
    let northmere = copy_fixture("framework-2023");
    let small = copy_fixture("small");
    let (a, b) = (build_ok(northmere.path(), &[]), build_ok(small.path(), &[]));
    assert_eq!(
        read(&a, "data.schema.json"),
        read(&b, "data.schema.json"),
        "one schema, the same on every site"
    );
    let schema = json(&a, "data.schema.json");
    assert_eq!(schema["$id"], "urn:sendsite:schema:data:1");
    let data = json(&a, "data.json");
    assert_eq!(
        data["schema_version"],
        schema["properties"]["schema_version"]["const"]
    );
    assert_eq!(data["schema_version"], "1.1.0");
    assert_eq!(
        data["modified"], "2025-09-30",
        "the end of the newest figure's month"
    );
    assert_eq!(data["site"]["gss_code"], "E99999999");
    assert_eq!(data["site"]["licence"]["id"], "OGL-UK-3.0");
    assert_eq!(
        data["site"]["licence"]["url"],
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    );
    let other = json(&b, "data.json");
    assert!(other["site"].get("gss_code").is_none(), "only when given");

    // Another licence, by its SPDX id.
    let site = "content/site.toml";
    let text = read(northmere.path(), site);
    write(
        northmere.path(),
        site,
        &text.replace("[open_data]\n", "[open_data]\nlicence = \"CC-BY-4.0\"\n"),
    );
    let data = json(&build_ok(northmere.path(), &[]), "data.json");
    assert_eq!(
        data["site"]["licence"]["url"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
}

#[test]
fn a_gss_code_or_licence_that_is_not_one_is_named_at_its_line() {
    let site = copy_fixture("framework-2023");
    let file = "content/site.toml";
    let text = read(site.path(), file);
    write(
        site.path(),
        file,
        &text
            .replace("gss_code = \"E99999999\"", "gss_code = \"Northmere\"")
            .replace("[open_data]\n", "[open_data]\nlicence = \"MIT\"\n"),
    );
    let err = build_err(site.path(), &[]);
    assert!(
        err.contains("open_data.gss_code: \"Northmere\" is not a GSS code")
            && err.contains("e.g. \"E10000015\""),
        "{err}"
    );
    assert!(
        err.contains("open_data.licence: \"MIT\" is not a licence sendsite knows")
            && err.contains("OGL-UK-3.0, CC-BY-4.0"),
        "{err}"
    );
}

#[test]
fn the_subscribe_page_describes_the_data_as_a_schema_org_dataset() {
    let site = copy_fixture("framework-2023");
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "subscribe/index.html");
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let dataset: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(dataset["@context"], "https://schema.org");
    assert_eq!(dataset["@type"], "Dataset");
    assert_eq!(dataset["name"], "The facts of Northmere SEND improvement");
    assert!(dataset["description"].as_str().unwrap().len() > 50);
    assert_eq!(
        dataset["license"],
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    );
    assert_eq!(dataset["creator"]["identifier"], "E99999999");
    assert_eq!(dataset["dateModified"], "2025-09-30");
    let downloads: Vec<&str> = dataset["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["contentUrl"].as_str().unwrap())
        .collect();
    assert_eq!(downloads[0], "https://www.northmere.example/send/data.json");
    assert!(
        downloads.iter().any(|d| d.ends_with(".csv")),
        "{downloads:?}"
    );
    assert!(page.contains("rel=\"license\">Open Government Licence v3.0</a>"));

    // A title with markup cannot end the script early.
    let file = "content/site.toml";
    let text = read(site.path(), file);
    write(
        site.path(),
        file,
        &text.replace(
            "title = \"Northmere SEND improvement\"",
            "title = \"Northmere </script><b>SEND</b>\"",
        ),
    );
    let page = read(&build_ok(site.path(), &[]), "subscribe/index.html");
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let dataset: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(
        dataset["name"],
        "The facts of Northmere </script><b>SEND</b>"
    );
}

#[test]
fn the_sitemap_says_when_each_page_last_changed_never_the_build_s_day() {
    let site = copy_fixture("framework-2023");
    let out = build_ok(site.path(), &[]);
    let sitemap = read(&out, "sitemap.xml");
    let lastmod = |path: &str| -> String {
        let loc = format!("<loc>https://www.northmere.example/send/{path}</loc><lastmod>");
        let at = sitemap
            .find(&loc)
            .unwrap_or_else(|| panic!("{path}: {sitemap}"))
            + loc.len();
        sitemap[at..at + 10].to_string()
    };
    assert_eq!(lastmod(""), "2025-09-30");
    assert_eq!(lastmod("areas/waiting-times/"), "2025-09-10");
    assert_eq!(lastmod("measures/ehc-plans-20-weeks/"), "2025-09-30");
    assert_eq!(lastmod("updates/improvement-notice/"), "2024-06-01");
    let urls = sitemap.matches("<url>").count();
    assert_eq!(sitemap.matches("<lastmod>").count(), urls, "every page");
    // Built a year later, nothing changed: the same sitemap.
    let later = site.path().join("later");
    let result = common::sendsite(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--today",
        "2027-11-01",
        "--output",
        later.to_str().unwrap(),
    ]);
    assert!(result.status.success());
    assert_eq!(read(&later, "sitemap.xml"), sitemap);
}

#[test]
fn every_page_has_the_tags_a_shared_link_is_shown_with() {
    let site = copy_fixture("framework-2023");
    let out = build_ok(site.path(), &[]);
    let mut checked = 0;
    for file in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap) {
        let name = file.file_name().to_string_lossy();
        if name != "index.html" && name != "404.html" {
            continue;
        }
        let page = std::fs::read_to_string(file.path()).unwrap();
        if page.contains("http-equiv=\"refresh") {
            continue;
        }
        let path = file.path().display().to_string();
        for key in [
            "og:title",
            "og:description",
            "og:url",
            "og:site_name",
            "og:type",
            "twitter:card",
        ] {
            let value = meta(&page, key).unwrap_or_default();
            assert!(!value.trim().is_empty(), "{path}: {key}");
        }
        let canonical = page.find("<link rel=\"canonical\" href=\"").unwrap() + 28;
        let canonical = &page[canonical..canonical + page[canonical..].find('"').unwrap()];
        assert_eq!(meta(&page, "og:url").unwrap(), canonical, "{path}");
        assert_eq!(
            meta(&page, "og:site_name").unwrap(),
            "Northmere SEND improvement"
        );
        checked += 1;
    }
    assert!(checked > 20, "{checked} pages");
    let entry = read(&out, "updates/improvement-notice/index.html");
    assert_eq!(meta(&entry, "og:type").unwrap(), "article");
    assert_eq!(
        meta(&entry, "og:title").unwrap(),
        "The Department for Education issues an improvement notice"
    );
    assert_eq!(
        meta(&entry, "og:description").unwrap(),
        "The notice sets out what the council must do, and by when."
    );
    let glossary = read(&out, "glossary/index.html");
    assert_eq!(
        meta(&glossary, "og:description").unwrap(),
        "What the words and abbreviations used on Northmere SEND improvement mean."
    );
    let home = read(&out, "index.html");
    assert_eq!(
        meta(&home, "og:title").unwrap(),
        "Northmere SEND improvement"
    );
}
