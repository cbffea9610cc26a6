//! What a document file says about itself: a PDF's pages and whether assistive technology can read
//! it (tags, a title, a language), and an Office or OpenDocument file's proper name and pages.
//!
//! PDFs are read with `lopdf`, which follows object streams, cross-reference streams and
//! incremental updates, so the count is the document's own page tree, never a guess. A file that
//! cannot be read (damaged, encrypted) gives a reason and no count: a page count is shown only
//! when it is certain. Office files are zip archives whose `docProps/app.xml` (or OpenDocument's
//! `meta.xml`) records the pages; they are read with `zip` and `quick-xml`.

use std::io::{Cursor, Read};

use lopdf::{Dictionary, Document, Object};

/// What makes a PDF readable by screen readers, as PDF/UA and the GOV.UK guidance ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// A structure tree and marked content: headings, lists and reading order.
    pub tagged: bool,
    /// A document title (what a screen reader announces first).
    pub title: bool,
    /// A declared language (which voice reads it).
    pub language: bool,
    /// The program that made it (`/Producer` or `/Creator`), for the hint on how to fix it.
    pub made_with: Option<String>,
}

impl Access {
    /// What is missing, as "no ...": "no tags, no title and no language".
    pub fn lacking(&self) -> String {
        let words: Vec<String> = self
            .missing()
            .iter()
            .map(|m| format!("no {}", m.trim_start_matches("a ")))
            .collect();
        match words.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// What is missing, in words: `["tags", "a title"]`.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            (self.tagged, "tags"),
            (self.title, "a title"),
            (self.language, "a language"),
        ]
        .into_iter()
        .filter(|(present, _)| !present)
        .map(|(_, what)| what)
        .collect()
    }
}

/// The largest document file that is read (bigger ones are published, with no page count).
pub const LARGEST: u64 = 100 << 20;

/// The most objects (pages, fonts, pictures, ...) a PDF may have to be read: 25,000 take about
/// half a second.
pub const MOST_OBJECTS: usize = 25_000;

/// A PDF's facts, or why it cannot be read, read on a thread of its own with a large stack: the
/// reader recurses into nested objects, and a hostile file must not overflow the build's stack.
pub fn pdf(bytes: Vec<u8>) -> Result<(u32, Access), String> {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || read_pdf(&bytes))
        .map_err(|e| format!("it could not be read ({e})"))?
        .join()
        .unwrap_or_else(|_| Err("it is damaged".into()))
}

/// A PDF's facts, read on the calling thread (in `isolated`'s child process, whose stack and
/// memory are its own).
pub fn read_pdf(bytes: &[u8]) -> Result<(u32, Access), String> {
    // The reader finds each object's line by counting from the start of the file, so its time
    // grows with the square of the objects: past a limit far above any report's, say so at once.
    let objects = bytes.windows(6).filter(|w| w == b"endobj").count();
    if objects > MOST_OBJECTS {
        return Err(format!(
            "it has {objects} objects, more than the {MOST_OBJECTS} sendsite reads (a report of hundreds of pages has a few thousand)"
        ));
    }
    // A damaged file must never stop the build, even if the reader trips over it.
    let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(format!("it is damaged or not a PDF ({e})")),
        Err(_) => return Err("it is damaged".into()),
    };
    if doc.is_encrypted() {
        return Err("it is encrypted".into());
    }
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(0);
    if pages == 0 {
        return Err("its pages cannot be found (it may be damaged)".into());
    }
    let catalog = doc
        .catalog()
        .map_err(|_| "it has no catalogue (it is damaged)".to_string())?;
    let get = |dict: &Dictionary, key: &[u8]| -> Option<Object> {
        let object = dict.get(key).ok()?;
        doc.dereference(object).ok().map(|(_, o)| o.clone())
    };
    let marked = get(catalog, b"MarkInfo")
        .and_then(|m| m.as_dict().ok().and_then(|d| get(d, b"Marked")))
        .and_then(|m| m.as_bool().ok())
        .unwrap_or(false);
    let tagged = marked && catalog.has(b"StructTreeRoot");
    let text = |o: Option<Object>| o.and_then(|o| lopdf::decode_text_string(&o).ok());
    // Some tools write the language as a name (`/Lang /en-GB`), not a string.
    let language = match get(catalog, b"Lang") {
        Some(Object::Name(name)) => !name.is_empty(),
        other => text(other).is_some_and(|l| !l.trim().is_empty()),
    };
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| doc.dereference(i).ok())
        .and_then(|(_, o)| o.as_dict().ok().cloned());
    let field = |key: &[u8]| {
        info.as_ref()
            .and_then(|d| text(get(d, key)))
            .filter(|t| !t.trim().is_empty())
    };
    let title = field(b"Title").is_some() || xmp_title(&doc, catalog);
    let made_with = field(b"Producer").or_else(|| field(b"Creator"));
    Ok((
        pages,
        Access {
            tagged,
            title,
            language,
            made_with,
        },
    ))
}

/// Whether the XMP metadata (which newer tools write instead of `/Info`) has a `dc:title`.
fn xmp_title(doc: &Document, catalog: &Dictionary) -> bool {
    let Some(stream) = catalog
        .get(b"Metadata")
        .ok()
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, o)| o.as_stream().ok().cloned())
    else {
        return false;
    };
    // A title is a few bytes: a metadata stream that is large is not worth inflating.
    if stream.content.len() > 1 << 20 {
        return false;
    }
    let content = stream.decompressed_content().unwrap_or(stream.content);
    let xml = String::from_utf8_lossy(&content);
    xml.split("<dc:title>")
        .nth(1)
        .and_then(|rest| rest.split("</dc:title>").next())
        .is_some_and(|t| {
            t.split("<rdf:li").skip(1).any(|li| {
                li.split_once('>')
                    .is_some_and(|(_, v)| !v.trim_start().starts_with('<'))
            })
        })
}

/// An Office or OpenDocument file's pages, from what the file records (`None` when it does not).
pub fn office_pages(bytes: &[u8], ext: &str) -> Option<u32> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let (member, tag) = match ext {
        "docx" => ("docProps/app.xml", "Pages"),
        "pptx" => ("docProps/app.xml", "Slides"),
        "odt" => ("meta.xml", "document-statistic"),
        _ => return None,
    };
    let mut xml = String::new();
    let file = archive.by_name(member).ok()?;
    // A small XML file: a bomb of a zip cannot make it large.
    file.take(1 << 20).read_to_string(&mut xml).ok()?;
    read_count(&xml, tag)
}

/// `<Pages>3</Pages>` (Office), or `meta:page-count="3"` on `meta:document-statistic`.
fn read_count(xml: &str, tag: &str) -> Option<u32> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let attr = "meta:page-count";
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == tag.as_bytes() => {
                if tag == "document-statistic" {
                    let count = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == attr.as_bytes())?;
                    return std::str::from_utf8(&count.value).ok()?.trim().parse().ok();
                }
                inside = true;
            }
            Event::Text(t) if inside => {
                let text = String::from_utf8_lossy(&t.into_inner()).into_owned();
                return text.trim().parse().ok().filter(|n| *n > 0);
            }
            // `<Pages/>` or `<Pages></Pages>`: no count, and the next element's text is not one.
            Event::End(_) if inside => return None,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// How to add what is missing, in the program that made the file.
pub fn fix_hint(made_with: Option<&str>) -> String {
    let tool = made_with.unwrap_or("").to_lowercase();
    if tool.contains("word") || tool.contains("microsoft") {
        "in Word, give the document a title (File, Info, Title) and save it again with File, Save as, PDF, Options, and tick \"Document structure tags for accessibility\"".into()
    } else if tool.contains("libreoffice") || tool.contains("openoffice") {
        "in LibreOffice, set File, Properties, Title, then File, Export as PDF, and tick \"PDF/UA\" (or \"Tagged PDF\")".into()
    } else if tool.contains("acrobat") || tool.contains("adobe") {
        "in Acrobat Pro, use Accessibility, Autotag document, then File, Properties to set the title and the language".into()
    } else {
        "export it again from the program that made it with accessibility tags on (in Word: File, Save as, PDF, Options, \"Document structure tags for accessibility\"), with a title and a language set".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_counts_are_read_from_their_metadata() {
        let app = "<?xml version=\"1.0\"?><Properties xmlns=\"x\"><Pages>36</Pages><Words>9</Words></Properties>";
        assert_eq!(read_count(app, "Pages"), Some(36));
        let meta = "<office:document-meta><office:meta><meta:document-statistic meta:page-count=\"17\" meta:word-count=\"4\"/></office:meta></office:document-meta>";
        assert_eq!(read_count(meta, "document-statistic"), Some(17));
        assert_eq!(read_count("<Properties/>", "Pages"), None);
    }

    #[test]
    fn what_is_missing_is_said_in_words() {
        let a = Access {
            tagged: false,
            title: true,
            language: false,
            made_with: None,
        };
        assert_eq!(a.missing(), ["tags", "a language"]);
        assert!(
            fix_hint(Some("Microsoft® Word for Microsoft 365")).contains("Document structure tags")
        );
    }

    #[test]
    fn a_damaged_pdf_is_a_reason_not_a_count() {
        assert!(pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec()).is_err());
        assert!(pdf(b"not a pdf at all".to_vec()).is_err());
    }
}
