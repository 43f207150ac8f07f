//! OmegaT projects: what `omegat.project` says (where the source files and the
//! memories are, the languages, whether sentences are segmented). `tm` leverages
//! a project by writing TMX where OmegaT looks for memories: `tm/auto/` (OmegaT puts
//! their exact matches in as translations) and `tm/` (offered as fuzzy matches).
//! This module only reads the settings; the files are the caller's.

use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::{Error, Position, Result};
use crate::lang::LangTag;

/// The name of an OmegaT project's settings file.
pub const PROJECT_FILE: &str = "omegat.project";
/// OmegaT's word for "the directory by default".
const DEFAULT: &str = "__DEFAULT__";

/// The settings of an OmegaT project that leverage needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The source files' directory.
    pub source_dir: PathBuf,
    /// The memories' directory (`auto/` in it takes exact matches).
    pub tm_dir: PathBuf,
    pub source_lang: LangTag,
    pub target_lang: LangTag,
    /// Whether OmegaT splits paragraphs into sentences.
    pub sentence_seg: bool,
}

impl Project {
    /// Whether `dir` is an OmegaT project (holds `omegat.project`).
    pub fn is_project(dir: &Path) -> bool {
        dir.join(PROJECT_FILE).is_file()
    }

    /// The settings of the project in `dir` (from its `omegat.project`, given as
    /// `xml`); relative directories are taken from `dir`.
    pub fn parse(dir: &Path, xml: &str) -> Result<Project> {
        let file = dir.join(PROJECT_FILE).display().to_string();
        let mut reader = Reader::from_str(xml);
        let mut values: Vec<(String, String)> = Vec::new();
        let mut open: Option<String> = None;
        let mut saw_project = false;
        loop {
            match reader.read_event() {
                Err(e) => {
                    let at = Position::new(file.clone()).line(line_of(xml, reader.buffer_position() as usize));
                    return Err(Error::parse(at, format!("not well-formed XML: {e}")));
                }
                Ok(Event::Start(e)) => {
                    let name = e.local_name().as_ref().to_string();
                    saw_project |= name == "project";
                    open = Some(name);
                }
                Ok(Event::Text(t)) => {
                    if let Some(name) = &open {
                        values.push((name.clone(), t.xml10_content().trim().to_string()));
                    }
                }
                Ok(Event::End(_)) => open = None,
                Ok(Event::Eof) => break,
                Ok(_) => {}
            }
        }
        if !saw_project {
            return Err(Error::parse(Position::new(file), "no <project> element: not an OmegaT project"));
        }
        let get = |name: &str| values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let dir_of = |name: &str, default: &str| -> PathBuf {
            match get(name) {
                None | Some(DEFAULT) | Some("") => dir.join(default),
                Some(path) => dir.join(path),
            }
        };
        let lang = |name: &str| -> Result<LangTag> {
            let value = get(name).ok_or_else(|| Error::parse(Position::new(file.clone()), format!("no <{name}>")))?;
            LangTag::parse(value).ok_or_else(|| {
                Error::parse(Position::new(file.clone()), format!("<{name}> {value:?} is not a language tag"))
            })
        };
        Ok(Project {
            source_dir: dir_of("source_dir", "source"),
            tm_dir: dir_of("tm_dir", "tm"),
            source_lang: lang("source_lang")?,
            target_lang: lang("target_lang")?,
            sentence_seg: get("sentence_seg").is_none_or(|v| v.eq_ignore_ascii_case("true")),
        })
    }
}

/// The 1-based line of byte `at` of `text`.
fn line_of(text: &str, at: usize) -> u64 {
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at.min(text.len())]).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings file OmegaT 3.6 writes, as the interop checks make it.
    const PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>memories/</tm_dir>
    <source_lang>AR</source_lang>
    <target_lang>en-GB</target_lang>
    <sentence_seg>false</sentence_seg>
  </project>
</omegat>"#;

    #[test]
    fn a_project_names_its_directories_languages_and_segmentation() {
        let dir = Path::new("proj");
        let p = Project::parse(dir, PROJECT).unwrap();
        assert_eq!(p.source_dir, dir.join("source"));
        assert_eq!(p.tm_dir, dir.join("memories/"));
        assert_eq!((p.source_lang.primary(), p.target_lang.as_str()), ("ar", "en-GB"));
        assert!(!p.sentence_seg);
        let sentences = Project::parse(dir, &PROJECT.replace("false", "true")).unwrap();
        assert!(sentences.sentence_seg);
    }

    #[test]
    fn a_file_that_is_no_project_is_refused_with_its_name() {
        let err = Project::parse(Path::new("p"), "<tmx/>").unwrap_err().to_string();
        assert!(err.contains("omegat.project") && err.contains("not an OmegaT project"), "{err}");
        let err = Project::parse(Path::new("p"), "<omegat><project>\n<source_lang>").unwrap_err().to_string();
        assert!(err.contains("omegat.project"), "{err}");
        let err = Project::parse(Path::new("p"), &PROJECT.replace("AR", "?")).unwrap_err().to_string();
        assert!(err.contains("source_lang"), "{err}");
    }
}
