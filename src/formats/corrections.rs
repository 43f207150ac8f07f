//! The alignment corrections file: what a translator's review of an alignment
//! ([`super::review`]'s page) saves, and what `tm import --align --corrections`
//! reads. JSON, versioned:
//!
//! ```json
//! {"format": "tm-align-corrections", "version": 1, "split": "lines",
//!  "source": {"name": "law.ar.txt", "segments": 20, "hash": "9c1e…"},
//!  "target": {"name": "law.en.txt", "segments": 31, "hash": "04b7…"},
//!  "beads": [{"source": [0, 1], "target": [0, 2], "status": "confirmed", "confidence": 0.98},
//!            {"source": [1, 2], "target": [2, 2], "status": "edited"}, …]}
//! ```
//!
//! Each side names its document and identifies it by the number of its segments
//! and a hash of their texts ([`segments_hash`]), so that a file made for other
//! text, or for the same text segmented otherwise (another `--lines`, a changed
//! segmenter), is refused rather than applied to the wrong sentences. The bead
//! list is complete, in document order; a bead's ranges are half-open segment
//! index ranges (`[1, 2]` is segment 1 alone, `[2, 2]` none). `status` is
//! `aligner` (as the aligner gave it, not reviewed), `confirmed` (reviewed as
//! given) or `edited` (made by the translator's join, split, move or no
//! counterpart); `confidence` is the aligner's, for the beads it made. This module
//! reads the file (the page writes it); checking it against an alignment is
//! [`crate::ops::align::apply_corrections`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Position, Result};

/// The `format` every corrections file names.
pub const FORMAT: &str = "tm-align-corrections";
/// The version this `tm` writes and reads.
pub const VERSION: u32 = 1;

/// A corrections file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    pub format: String,
    pub version: u32,
    /// How the documents were split: `sentences` (segmented) or `lines`.
    pub split: SplitName,
    pub source: Document,
    pub target: Document,
    pub beads: Vec<CorrectedBead>,
}

/// How the documents were split into segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SplitName {
    Sentences,
    Lines,
}

/// One document of the pair, as the review saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The path it was aligned from, as given (for people: not checked).
    pub name: String,
    pub segments: usize,
    /// [`segments_hash`] of its segments.
    pub hash: String,
}

/// One bead of the corrected alignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectedBead {
    /// Source segment indices, half-open `[start, end]`.
    pub source: [usize; 2],
    pub target: [usize; 2],
    pub status: Status,
    /// The aligner's confidence (0–1), for a bead it made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// What the translator did with a bead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// As the aligner gave it; not reviewed.
    Aligner,
    /// Reviewed and kept as given.
    Confirmed,
    /// Made by the translator.
    Edited,
}

impl Status {
    /// The translator reviewed the bead (confirmed it or made it).
    pub fn reviewed(self) -> bool {
        self != Status::Aligner
    }
}

impl CorrectedBead {
    pub fn source_range(&self) -> Range<usize> {
        self.source[0]..self.source[1]
    }

    pub fn target_range(&self) -> Range<usize> {
        self.target[0]..self.target[1]
    }
}

/// The hash that identifies a document's segmentation: 64-bit FNV-1a
/// ([`crate::hash`]) over each segment's text preceded by its length in bytes
/// (so that moving a boundary changes it), as 16 hex digits.
pub fn segments_hash(text: &str, spans: &[Range<usize>]) -> String {
    let mut h = crate::hash::Fnv1a::default();
    for span in spans {
        let segment = text[span.clone()].as_bytes();
        h.write(&(segment.len() as u64).to_le_bytes());
        h.write(segment);
    }
    format!("{:016x}", h.finish())
}

/// Reads a corrections file from its bytes; `name` is the file named in errors
/// (a JSON error with its line, a wrong format or version).
pub fn read(bytes: &[u8], name: &str) -> Result<Corrections> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::parse(Position::new(name).line(e.line() as u64), format!("not JSON: {e}")))?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(Error::parse(Position::new(name), format!("not a corrections file (no \"format\": \"{FORMAT}\")")));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            let message = format!("corrections of version {v}; this tm reads version {VERSION}");
            return Err(Error::parse(Position::new(name), message));
        }
        None => return Err(Error::parse(Position::new(name), "no \"version\"")),
    }
    serde_json::from_value(value).map_err(|e| Error::parse(Position::new(name), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Corrections {
        let document = |name: &str| Document { name: name.into(), segments: 2, hash: "0123456789abcdef".into() };
        Corrections {
            format: FORMAT.into(),
            version: VERSION,
            split: SplitName::Lines,
            source: document("a.ar.txt"),
            target: document("a.en.txt"),
            beads: vec![
                CorrectedBead { source: [0, 1], target: [0, 2], status: Status::Confirmed, confidence: Some(0.9) },
                CorrectedBead { source: [1, 2], target: [2, 2], status: Status::Edited, confidence: None },
            ],
        }
    }

    #[test]
    fn written_corrections_read_back_the_same() {
        let written = serde_json::to_string(&sample()).unwrap();
        assert_eq!(read(written.as_bytes(), "c.json").unwrap(), sample());
    }

    #[test]
    fn another_format_or_version_is_refused_naming_the_file() {
        let e = read(br#"{"format":"other","version":1}"#, "c.json").unwrap_err().to_string();
        assert!(e.starts_with("c.json: not a corrections file"), "{e}");
        let e = read(br#"{"format":"tm-align-corrections","version":2}"#, "c.json").unwrap_err().to_string();
        assert!(e.contains("version 2; this tm reads version 1"), "{e}");
        let e = read(b"{\n\"format\":", "c.json").unwrap_err().to_string();
        assert!(e.starts_with("c.json:2: not JSON"), "{e}");
    }

    #[test]
    fn moving_a_boundary_changes_the_hash() {
        let text = "ab cd";
        assert_ne!(segments_hash(text, &[0..2, 2..5]), segments_hash(text, &[0..3, 3..5]));
        assert_eq!(segments_hash(text, &[0..2, 2..5]), segments_hash("ab cd", &[0..2, 2..5]));
    }
}
