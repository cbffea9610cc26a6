//! Documents say what a reader will get (format, size, pages) and how to ask for another format.

mod common;

use common::{build_ok, copy_fixture, read, write};

#[test]
fn a_published_document_shows_format_size_pages_and_a_request_link() {
    let site = copy_fixture("small");
    let page = read(&build_ok(site.path(), &[]), "updates/inspection/index.html");
    assert!(page.contains(
        "<p class=\"document-title\"><a href=\"/send/documents/letter.pdf\">Inspection letter</a></p>\n  \
         <p class=\"document-meta\"><abbr title=\"Portable Document Format\">PDF</abbr>, 640 bytes, 2 pages\n  </p>\n  \
         <p class=\"document-request\"><a href=\"mailto:send@council.example?subject=Accessible%20format%20request%3A%20Inspection%20letter\">\
         Request an accessible format<span class=\"visually-hidden\"> of Inspection letter</span></a></p>"
    ), "{page}");
}

#[test]
fn without_an_email_there_is_no_request_link() {
    let site = copy_fixture("small");
    let toml =
        read(site.path(), "content/site.toml").replace("email = \"send@council.example\"\n", "");
    write(site.path(), "content/site.toml", &toml);
    let page = read(&build_ok(site.path(), &[]), "updates/inspection/index.html");
    assert!(
        page.contains("2 pages") && !page.contains("Request an accessible format"),
        "{page}"
    );
}
