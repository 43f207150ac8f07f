//! XLIFF units as entries for a memory: one entry per segment with a target whose
//! state the import takes ([`States`]), in the memory's language pair.
//!
//! A segment without a target, or whose target holds inline codes alone, is not a
//! translation and gives nothing; one whose state is below the states asked for is
//! counted ([`XliffEntries::below_states`]) and left out; units marked
//! `translate="no"` give nothing. A unit of a `<file>` in another language pair,
//! or whose file does not say its languages, is a [`Problem`] (reported and skipped
//! as a TMX unit without the pair's languages is). The entry keeps the file's
//! `original`, the unit's `id` and `resname`, the segment's id and the state as
//! written as props ([`super::PROP_FILE`]…), and the notes: the unit's, and those
//! annotating the source or the target on that side.

use std::collections::VecDeque;
use std::io::Read;

use super::read::{XliffReader, unit_record};
use super::{File, PROP_FILE, PROP_RESNAME, PROP_SEGMENT, PROP_STATE, PROP_UNIT, States, Unit};
use crate::entry::{Entry, Meta, Prop};
use crate::error::{Position, Problem, Result};
use crate::lang::{LangPair, LangTag};

/// The entries of an XLIFF file for a memory of `pair`.
pub struct XliffEntries<R: Read> {
    pub reader: XliffReader<R>,
    pair: LangPair,
    states: States,
    origin: String,
    name: String,
    queue: VecDeque<(u64, std::result::Result<Entry, Problem>)>,
    /// The line of the last record's unit or segment.
    pub last_line: u64,
    /// Targets left out because their state is below the states asked for.
    pub below_states: u64,
}

impl<R: Read> XliffEntries<R> {
    pub fn open(read: R, name: &str, pair: &LangPair, states: States, origin: &str) -> Result<XliffEntries<R>> {
        Ok(XliffEntries {
            reader: XliffReader::open(read, name)?,
            pair: pair.clone(),
            states,
            origin: origin.to_string(),
            name: name.to_string(),
            queue: VecDeque::new(),
            last_line: 0,
            below_states: 0,
        })
    }

    /// The next entry, or the problem that keeps a segment from being one.
    pub fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        loop {
            if let Some((line, record)) = self.queue.pop_front() {
                self.last_line = line;
                return Ok(Some(record));
            }
            let Some(unit) = self.reader.next_unit()? else { return Ok(None) };
            let file = self.reader.files().get(unit.file).cloned().unwrap_or_default();
            let made = unit_entries(&unit, &file, &self.pair, self.states, &self.origin, &self.name);
            self.below_states += made.below_states;
            self.queue.extend(made.records);
        }
    }
}

/// What one unit gives.
#[derive(Debug, Default)]
pub struct UnitEntries {
    /// Entries and problems, each with the line of its segment.
    pub records: Vec<(u64, std::result::Result<Entry, Problem>)>,
    pub below_states: u64,
}

/// The entries of `unit` (of `file`) for a memory of `pair`.
pub fn unit_entries(
    unit: &Unit,
    file: &File,
    pair: &LangPair,
    states: States,
    origin: &str,
    name: &str,
) -> UnitEntries {
    let mut out = UnitEntries::default();
    if !unit.translate {
        return out;
    }
    let source_lang = file.source_lang.as_deref().and_then(LangTag::parse);
    let mut props = Vec::new();
    let mut prop = |kind: &str, value: &Option<String>| {
        if let Some(value) = value {
            props.push(Prop { kind: kind.into(), value: value.clone(), lang: None });
        }
    };
    prop(PROP_FILE, &file.original);
    prop(PROP_UNIT, &unit.id);
    prop(PROP_RESNAME, &unit.resname);
    let mut meta = Meta { props, ..Meta::default() };
    for note in &unit.notes {
        match note.applies_to.as_deref() {
            Some("source") => meta.source.notes.push(note.text.clone()),
            Some("target") => meta.target.notes.push(note.text.clone()),
            _ => meta.notes.push(note.text.clone()),
        }
    }
    for segment in unit.segments.iter().filter(|s| s.has_target()) {
        let record = match &segment.id {
            Some(id) if unit.segmented => format!("{}: segment {id}", unit_record(unit)),
            _ => unit_record(unit),
        };
        let problem =
            |reason: String| Problem { at: Position::new(name).line(segment.line).record(record.clone()), reason };
        let target_lang = segment.target_lang.as_deref().or(file.target_lang.as_deref()).and_then(LangTag::parse);
        let (source_lang, target_lang) = match (&source_lang, target_lang) {
            (Some(s), Some(t)) => (s.clone(), t),
            (None, _) => {
                out.records.push((segment.line, Err(problem("the file does not say its source language".into()))));
                continue;
            }
            (_, None) => {
                out.records.push((segment.line, Err(problem("the file does not say its target language".into()))));
                continue;
            }
        };
        if !pair.accepts(&source_lang, &target_lang) {
            let reason = format!("a {source_lang}→{target_lang} unit, not {pair}");
            out.records.push((segment.line, Err(problem(reason))));
            continue;
        }
        if segment.source.plain().trim().is_empty() {
            out.records.push((segment.line, Err(problem("a target without source text".into()))));
            continue;
        }
        if !states.admits(segment.state) {
            out.below_states += 1;
            continue;
        }
        let mut meta = meta.clone();
        if unit.segmented
            && let Some(id) = &segment.id
        {
            meta.props.push(Prop { kind: PROP_SEGMENT.into(), value: id.clone(), lang: None });
        }
        if let Some(state) = &segment.state_name {
            meta.props.push(Prop { kind: PROP_STATE.into(), value: state.clone(), lang: None });
        }
        let entry = Entry {
            source: segment.source.clone(),
            target: segment.target.clone().unwrap_or_default(),
            source_lang,
            target_lang,
            origin: origin.to_string(),
            created: None,
            changed: None,
            creator: None,
            changer: None,
            confidence: None,
            meta,
        };
        out.records.push((segment.line, Ok(entry)));
    }
    out
}
