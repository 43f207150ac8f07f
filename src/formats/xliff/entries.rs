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
//! annotating the source or the target on that side; and its context
//! ([`crate::entry::Context`]): the sources of the segments before and after it
//! among the file's segments for translation, in file order (those without a
//! target count), as pre-translation sees the file.

use std::collections::VecDeque;
use std::io::Read;

use super::read::{XliffReader, too_long, unit_record};
use super::{File, PROP_FILE, PROP_RESNAME, PROP_SEGMENT, PROP_STATE, PROP_UNIT, States, Unit};
use crate::entry::{Context, Entry, Meta, Prop};
use crate::error::{Position, Problem, Result};
use crate::formats::limits::Limits;
use crate::lang::{LangPair, LangTag};

/// The entries of an XLIFF file for a memory of `pair`.
pub struct XliffEntries<R: Read> {
    pub reader: XliffReader<R>,
    pair: LangPair,
    states: States,
    origin: String,
    name: String,
    queue: VecDeque<(u64, std::result::Result<Entry, Problem>)>,
    /// Units read ahead, to know the source after the current one's.
    ahead: VecDeque<Unit>,
    /// The source of the last segment for translation of the units given out.
    prev: Option<String>,
    /// The line of the last record's unit or segment.
    pub last_line: u64,
    /// Targets left out because their state is below the states asked for.
    pub below_states: u64,
}

impl<R: Read> XliffEntries<R> {
    pub fn open(read: R, name: &str, pair: &LangPair, states: States, origin: &str) -> Result<XliffEntries<R>> {
        XliffEntries::with_limits(read, name, pair, states, origin, &Limits::DEFAULT)
    }

    /// [`XliffEntries::open`] with other limits on a unit's size (a unit over
    /// them is a problem on its line).
    pub fn with_limits(
        read: R,
        name: &str,
        pair: &LangPair,
        states: States,
        origin: &str,
        limits: &Limits,
    ) -> Result<XliffEntries<R>> {
        Ok(XliffEntries {
            reader: XliffReader::with_limits(read, name, limits)?,
            pair: pair.clone(),
            states,
            origin: origin.to_string(),
            name: name.to_string(),
            queue: VecDeque::new(),
            ahead: VecDeque::new(),
            prev: None,
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
            let unit = match self.ahead.pop_front() {
                Some(unit) => unit,
                None => match self.reader.next_unit()? {
                    Some(unit) => unit,
                    None => return Ok(None),
                },
            };
            // The source after this unit's: the first of the next units' (units
            // with nothing for translation are held until it is found).
            let mut next = self.ahead.iter().find_map(|u| sources(u).into_iter().next());
            while next.is_none() && self.ahead.len() < AHEAD {
                let Some(ahead) = self.reader.next_unit()? else { break };
                next = sources(&ahead).into_iter().next();
                self.ahead.push_back(ahead);
            }
            let file = self.reader.files().get(unit.file).cloned().unwrap_or_default();
            let here = sources(&unit);
            let around = (self.prev.as_deref(), next.as_deref());
            let made = unit_entries(&unit, &file, &self.pair, self.states, &self.origin, &self.name, around);
            if let Some(last) = here.into_iter().last() {
                self.prev = Some(last);
            }
            self.below_states += made.below_states;
            self.queue.extend(made.records);
        }
    }
}

/// Units read ahead at most to find the next source for translation; beyond, the
/// unit's next neighbour is taken as the file's end.
const AHEAD: usize = 256;

/// The sources of a unit's segments for translation, in order, as pre-translation
/// matches them (plain text, trimmed, empty ones left out).
pub fn sources(unit: &Unit) -> Vec<String> {
    if !unit.translate {
        return Vec::new();
    }
    unit.segments.iter().map(|s| s.source.plain().trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// What one unit gives.
#[derive(Debug, Default)]
pub struct UnitEntries {
    /// Entries and problems, each with the line of its segment.
    pub records: Vec<(u64, std::result::Result<Entry, Problem>)>,
    pub below_states: u64,
}

/// The entries of `unit` (of `file`) for a memory of `pair`; `around` are the
/// sources before and after the unit's segments for translation (`None` at the
/// file's edges).
pub fn unit_entries(
    unit: &Unit,
    file: &File,
    pair: &LangPair,
    states: States,
    origin: &str,
    name: &str,
    around: (Option<&str>, Option<&str>),
) -> UnitEntries {
    let mut out = UnitEntries::default();
    if !unit.translate {
        return out;
    }
    if let Some(problem) = too_long(unit, name) {
        out.records.push((unit.line, Err(problem)));
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
    let here = sources(unit);
    // Each segment's place among the unit's segments for translation.
    let mut k = 0;
    let places: Vec<Option<usize>> = unit
        .segments
        .iter()
        .map(|s| {
            let counts = !s.source.plain().trim().is_empty();
            k += usize::from(counts);
            counts.then(|| k - 1)
        })
        .collect();
    for (segment, place) in unit.segments.iter().zip(&places).filter(|(s, _)| s.has_target()) {
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
        if let Some(k) = *place {
            let prev = if k == 0 { around.0 } else { Some(here[k - 1].as_str()) };
            let next = here.get(k + 1).map(String::as_str).or(around.1);
            meta.add_context(Context { prev, next });
        }
        let entry = Entry {
            source: segment.source.clone(),
            target: segment.target.clone().unwrap_or_default(),
            source_lang,
            target_lang,
            origin: origin.to_string(),
            collection: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::tmx::{HeaderInfo, Segtype, TmxReader, TmxWriter};
    use crate::timestamp::Timestamp;

    fn pair(source: &str, target: &str) -> LangPair {
        LangPair { source: LangTag::parse(source).unwrap(), target: LangTag::parse(target).unwrap() }
    }

    /// The entries of `xml` and the count left out by their state.
    fn read(xml: &str, pair: &LangPair, states: States) -> (Vec<Entry>, Vec<Problem>, u64) {
        let mut r = XliffEntries::open(xml.as_bytes(), "t.xlf", pair, states, "t.xlf").unwrap();
        let (mut entries, mut problems) = (Vec::new(), Vec::new());
        while let Some(record) = r.next_record().unwrap() {
            match record {
                Ok(e) => entries.push(e),
                Err(p) => problems.push(p),
            }
        }
        (entries, problems, r.below_states)
    }

    fn targets(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.target.text.as_str()).collect()
    }

    fn prop<'a>(e: &'a Entry, kind: &str) -> Option<&'a str> {
        e.meta.props.iter().find(|p| p.kind == kind).map(|p| p.value.as_str())
    }

    const STATES_12: &str = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="report.docx" source-language="ar" target-language="en-GB" datatype="plaintext"><body>
<trans-unit id="1"><source>انتهى الإضراب.</source><target>The strike ended.</target></trans-unit>
<trans-unit id="2"><source>بدأ الإضراب.</source><target state="needs-review-translation">The strike start.</target></trans-unit>
<trans-unit id="3"><source>طالب العمال.</source><target state="translated">The workers demanded.</target></trans-unit>
<trans-unit id="4" approved="yes"><source>رفضت الشركة.</source><target state="needs-review-translation">The company refused.</target></trans-unit>
<trans-unit id="5"><source>وقع الاتفاق.</source><target state="final">The agreement was signed.</target></trans-unit>
<trans-unit id="6"><source>لا ترجمة بعد.</source><target state="new"></target></trans-unit>
<trans-unit id="7" translate="no"><source>KazMunayGas</source><target>KazMunayGas</target></trans-unit>
<trans-unit id="8"><source>مسودة.</source><target state="new">Draft.</target></trans-unit>
</body></file></xliff>"#;

    #[test]
    fn states_decide_which_targets_are_taken_and_the_others_are_counted() {
        let ar_en = LangPair::arabic_english();
        let (entries, problems, below) = read(STATES_12, &ar_en, States::Translated);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            targets(&entries),
            ["The strike ended.", "The workers demanded.", "The company refused.", "The agreement was signed."]
        );
        assert_eq!(below, 2, "needs-review-translation and new, with a target; an empty target is not counted");
        let (entries, _, below) = read(STATES_12, &ar_en, States::Reviewed);
        assert_eq!(targets(&entries), ["The company refused.", "The agreement was signed."]);
        assert_eq!(below, 4);
        let (entries, _, below) = read(STATES_12, &ar_en, States::All);
        assert_eq!((entries.len(), below), (6, 0), "translate=\"no\" and the empty target give nothing");
        let e = &entries[0];
        assert_eq!((e.source_lang.as_str(), e.target_lang.as_str()), ("ar", "en-GB"));
        assert_eq!(prop(e, PROP_FILE), Some("report.docx"));
        assert_eq!(prop(e, PROP_UNIT), Some("1"));
        assert_eq!(prop(e, PROP_STATE), None);
        assert_eq!(prop(&entries[1], PROP_STATE), Some("needs-review-translation"));
    }

    #[test]
    fn a_file_of_another_pair_gives_a_problem_per_translation_that_says_where() {
        let (entries, problems, _) = read(STATES_12, &pair("en", "fr"), States::All);
        assert!(entries.is_empty());
        assert_eq!(problems.len(), 6);
        assert_eq!(problems[0].to_string(), "t.xlf:4: unit 1 (id 1): a ar→en-GB unit, not en→fr");
    }

    #[test]
    fn seg_source_gives_one_entry_per_segment_paired_by_mid() {
        let xml = r#"<xliff version="1.2"><file source-language="en" target-language="de"><body>
<trans-unit id="u1" resname="intro"><source>Segment one. <g id="1">Segment two.</g></source>
<seg-source><mrk mtype="seg" mid="0">Segment one.</mrk> <g id="1"><mrk mtype="seg" mid="1">Segment <x id="2"/>two.</mrk></g></seg-source>
<target><g id="1"><mrk mtype="seg" mid="1">Segment <x id="2"/>zwei.</mrk></g> <mrk mtype="seg" mid="0">Segment eins.</mrk></target>
<note>Use the glossary.</note><note annotates="source">Source note.</note>
</trans-unit></body></file></xliff>"#;
        let (entries, problems, _) = read(xml, &pair("en", "de"), States::Translated);
        assert!(problems.is_empty(), "{problems:?}");
        let pairs: Vec<(String, &str)> =
            entries.iter().map(|e| (e.source.plain().into_owned(), e.target.text.as_str())).collect();
        assert_eq!(
            pairs,
            [("Segment one.".to_string(), "Segment eins."), ("Segment two.".to_string(), "Segment <x id=\"2\"/>zwei.")]
        );
        assert_eq!(prop(&entries[1], PROP_SEGMENT), Some("1"));
        assert_eq!(prop(&entries[1], PROP_RESNAME), Some("intro"));
        assert_eq!(entries[1].meta.notes, ["Use the glossary."]);
        assert_eq!(entries[1].meta.source.notes, ["Source note."]);
        // Both sides number the placeholder alike.
        assert_eq!(entries[1].source.markup.as_deref(), Some("Segment <ph x=\"1\">&lt;x id=\"2\"/&gt;</ph>two."));
        assert_eq!(entries[1].target.markup.as_deref(), Some("Segment <ph x=\"1\">&lt;x id=\"2\"/&gt;</ph>zwei."));
    }

    #[test]
    fn xliff2_segments_are_entries_with_their_own_states_and_native_codes() {
        let xml = r#"<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en">
 <file id="f1" original="seed.txt">
  <unit id="u1" name="p1">
   <notes><note appliesTo="target">Check the name.</note></notes>
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
   <segment id="s1" state="reviewed"><source>رفضت <pc id="1" dataRefStart="d1" dataRefEnd="d2">كازموناينجاز</pc> المطالب.</source>
    <target><pc id="1" dataRefStart="d1" dataRefEnd="d2">KazMunayGas</pc> rejected the demands.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2" state="initial"><source>جملة ثانية.</source><target>A second sentence.</target></segment>
   <segment id="s3"><source>جملة ثالثة.</source><target>A third <ph id="2"/>sentence.</target></segment>
  </unit>
 </file>
</xliff>"#;
        let (entries, problems, below) = read(xml, &LangPair::arabic_english(), States::Translated);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(targets(&entries), ["<b>KazMunayGas</b> rejected the demands.", "A third <ph id=\"2\"/>sentence."]);
        assert_eq!(below, 1);
        assert_eq!(
            entries[0].source.markup.as_deref(),
            Some("رفضت <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>كازموناينجاز<ept i=\"1\">&lt;/b&gt;</ept> المطالب.")
        );
        assert_eq!(entries[0].target.plain(), "KazMunayGas rejected the demands.");
        assert_eq!(prop(&entries[0], PROP_SEGMENT), Some("s1"));
        assert_eq!(prop(&entries[0], PROP_STATE), Some("reviewed"));
        assert_eq!(prop(&entries[0], PROP_RESNAME), Some("p1"));
        assert_eq!(entries[0].meta.target.notes, ["Check the name."]);
    }

    #[test]
    fn sdlxliff_conf_decides_per_segment() {
        let xml = r#"<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.docx" source-language="en-US" target-language="de-DE"><header/><body>
<trans-unit id="t1"><source>One. Two. Three.</source>
<seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk> <mrk mtype="seg" mid="3">Three.</mrk></seg-source>
<target><mrk mtype="seg" mid="1">Eins.</mrk> <mrk mtype="seg" mid="2">Zwei.</mrk> <mrk mtype="seg" mid="3">Drei.</mrk></target>
<sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff" origin="tm" percent="100"/><sdl:seg id="2" conf="Draft"/><sdl:seg id="3"/></sdl:seg-defs>
</trans-unit></body></file></xliff>"#;
        let en_de = pair("en", "de");
        let (entries, _, below) = read(xml, &en_de, States::Translated);
        assert_eq!((targets(&entries), below), (vec!["Eins."], 2));
        assert_eq!(prop(&entries[0], PROP_STATE), Some("ApprovedSignOff"));
        let (entries, _, _) = read(xml, &en_de, States::Final);
        assert_eq!(targets(&entries), ["Eins."]);
        let (entries, _, _) = read(xml, &en_de, States::All);
        assert_eq!(entries.len(), 3);
    }

    #[test]
    fn memoq_status_decides_for_the_unit() {
        let xml = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
<file source-language="en" target-language="fr"><body>
<trans-unit id="1" mq:status="ManuallyConfirmed"><source>Main<mq:ch val="nbsp"/>Window</source><target>Fenêtre principale</target></trans-unit>
<trans-unit id="2" mq:status="PartiallyEdited"><source>Rainbow</source><target>Arc-en</target></trans-unit>
</body></file></xliff>"#;
        let (entries, _, below) = read(xml, &pair("en", "fr"), States::Translated);
        assert_eq!((targets(&entries), below), (vec!["Fenêtre principale"], 1));
        assert_eq!(entries[0].source.text, "Main\u{A0}Window");
    }

    /// The inline codes of XLIFF 1.2 become TMX 1.4 elements that the TMX reader
    /// reads back as the same entry.
    #[test]
    fn inline_codes_export_to_tmx_and_read_back_the_same() {
        let xml = r#"<xliff version="1.2"><file source-language="ar" target-language="en"><body>
<trans-unit id="1"><source>قال <g id="1" ctype="bold">الوزير</g> <x id="2" ctype="x-break"/>إن <bpt id="3">&lt;i&gt;</bpt>الخط<ept id="3">&lt;/i&gt;</ept> <ph id="4">{0}</ph> <it id="5" pos="close">&lt;/span&gt;</it><mrk mtype="term">النفط</mrk>.</source>
<target>The <g id="1" ctype="bold">minister</g> said <x id="2" ctype="x-break"/>the <bpt id="3">&lt;i&gt;</bpt>pipeline<ept id="3">&lt;/i&gt;</ept> <ph id="4">{0}</ph> <it id="5" pos="close">&lt;/span&gt;</it><mrk mtype="term">oil</mrk>.</target>
</trans-unit></body></file></xliff>"#;
        let (entries, problems, _) = read(xml, &LangPair::arabic_english(), States::Translated);
        assert!(problems.is_empty(), "{problems:?}");
        let e = &entries[0];
        assert_eq!(
            e.target.markup.as_deref(),
            Some(
                "The <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;g id=\"1\" ctype=\"bold\"&gt;</bpt>minister<ept i=\"1\">&lt;/g&gt;</ept> said \
                 <ph x=\"2\" type=\"x-break\">&lt;x id=\"2\" ctype=\"x-break\"/&gt;</ph>the \
                 <bpt i=\"3\" x=\"3\">&lt;i&gt;</bpt>pipeline<ept i=\"3\">&lt;/i&gt;</ept> <ph x=\"4\">{0}</ph> \
                 <it pos=\"end\" x=\"5\">&lt;/span&gt;</it><hi type=\"term\">oil</hi>."
            )
        );
        assert_eq!(e.target.plain(), "The minister said the pipeline  oil.");
        let header = HeaderInfo { srclang: "ar", adminlang: "en", segtype: "sentence", created: Timestamp(0) };
        let mut w = TmxWriter::new(Vec::new(), &header).unwrap();
        w.write(e, Segtype::Sentence).unwrap();
        let bytes = w.finish().unwrap();
        let mut r = TmxReader::open(&bytes[..], "x.tmx").unwrap();
        let back = r.next_unit().unwrap().unwrap().into_entry(&LangPair::arabic_english(), "t.xlf", "x.tmx").unwrap();
        assert_eq!((&back.source, &back.target), (&e.source, &e.target));
        assert_eq!(back.meta.props, e.meta.props);
    }
}
