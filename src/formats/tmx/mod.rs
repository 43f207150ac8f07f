//! TMX: streaming reader for TMX 1.1–1.4b from any tool ([`read`]) and a TMX 1.4b
//! writer ([`mod@write`]). Read and write agree on the `x-tm-*` props below, so that an
//! export read back gives the same entries.

pub mod read;
pub mod write;

pub use read::{Header, TmxReader, Unit};
pub use write::{HeaderInfo, Segtype, TmxWriter};

/// Prop holding an entry's origin.
pub const PROP_ORIGIN: &str = "x-tm-origin";
/// Prop holding an entry's collection (a client, a project).
pub const PROP_COLLECTION: &str = "x-tm-collection";
/// Prop holding the aligner's confidence in an entry.
pub const PROP_CONFIDENCE: &str = "x-tm-confidence";
/// Prefix of props that carry attributes the TMX DTD does not allow.
pub const PROP_ATTR_PREFIX: &str = "x-tm-attr-";
/// The type of a `<prop>` written without one (the DTD requires a type): read
/// and written so, so that it comes back as it was read.
pub const PROP_UNNAMED: &str = "x-unnamed";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Entry, Meta, Prop, Text, VariantMeta};
    use crate::lang::{LangPair, LangTag};
    use crate::timestamp::Timestamp;
    use proptest::prelude::*;

    fn write_then_read(entries: &[Entry]) -> Vec<Entry> {
        let header = HeaderInfo { srclang: "ar", adminlang: "en", segtype: "sentence", created: Timestamp(0) };
        let mut w = TmxWriter::new(Vec::new(), &header).unwrap();
        for e in entries {
            w.write(e, Segtype::Sentence).unwrap();
        }
        let bytes = w.finish().unwrap();
        let mut r = TmxReader::open(&bytes[..], "x.tmx").unwrap();
        let mut out = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            out.push(u.to_entry(&LangPair::arabic_english(), "x.tmx", "x.tmx").unwrap());
        }
        out
    }

    fn entry(source: &str, target: &str) -> Entry {
        let mut e =
            Entry::new(source, target, LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), "seed.tmx");
        e.created = Some(Timestamp(1_323_000_000));
        e.changed = Some(Timestamp(1_323_000_100));
        e
    }

    #[test]
    fn metadata_survives_a_round_trip() {
        let mut e = entry("انتهى الإضراب.", "The strike ended.");
        e.source_lang = LangTag::parse("ar-SA").unwrap();
        e.target =
            Text::from_markup("The <bpt i=\"1\">&lt;b&gt;</bpt>strike<ept i=\"1\">&lt;/b&gt;</ept> ended.".into());
        e.creator = Some("ALI".into());
        e.confidence = Some(0.875);
        e.meta = Meta {
            tuid: Some("12".into()),
            attrs: vec![("usagecount".into(), "4".into()), ("x-vendor".into(), "q\"uote".into())],
            props: vec![Prop { kind: "x-domain".into(), value: "oil & gas".into(), lang: None }],
            notes: vec!["checked <twice>".into()],
            source: VariantMeta { attrs: vec![], props: vec![], notes: vec!["src note".into()] },
            target: VariantMeta::default(),
        };
        assert_eq!(write_then_read(std::slice::from_ref(&e)), vec![e]);
    }

    proptest! {
        #[test]
        fn tmx_write_then_read_gives_the_same_entries(
            pairs in proptest::collection::vec(("[ء-ي ً-ْـ0-9٠-٩،؟.&<>\"'\r\n]{1,30}", "[a-zA-Z0-9 .,&<>\"'\t\r\n]{1,30}"), 1..8)
        ) {
            let entries: Vec<Entry> = pairs
                .iter()
                .filter(|(s, t)| !s.trim().is_empty() && !t.trim().is_empty())
                .map(|(s, t)| entry(s, t))
                .collect();
            prop_assert_eq!(write_then_read(&entries), entries);
        }
    }
}
