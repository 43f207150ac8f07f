//! Aligner tests on real sentences: the seed report and its translation.

use std::ops::Range;

use super::learn::{Cooccurrence, Vocabulary};
use super::*;
use crate::segment::Lang;

fn inputs(sentences: &[&'static str]) -> Vec<Input<'static>> {
    sentences.iter().map(|&text| Input { text, paragraph_start: false, alignable: true }).collect()
}

fn shape(beads: &[Bead]) -> Vec<(Vec<usize>, Vec<usize>)> {
    beads.iter().map(|b| (b.source.clone().collect(), b.target.clone().collect())).collect()
}

const AR: [&str; 6] = [
    "كان المهاجمون يطالبون أساسا بأجور أعلى.",
    "ورفضت الشركات دراسة مطالب العمال في إجراءات الوساطة أو من خلال العمليات الأخرى.",
    "طوال أشهر الإضرابات، تماما أكثر من تم إطلاق 2000 عامل.",
    "رفضت الشركة تلك المطالبات بأنها \"لا أساس لها من الصحة\".",
    "تم نهب المتاجر وتم إطلاق عدة مباني.",
    "عندما فتحت الشرطة النار، كان هناك ما لا يقل عن 12 حالة وفاة مؤكدة، في حين أصيب العشرات الأخرى.",
];
const EN: [&str; 6] = [
    "The strikers were mainly demanding higher wages.",
    "The companies refused to consider the workers' demands in mediation procedures or through other processes.",
    "Over the months of the strikes, more than 2,000 workers were dismissed in all.",
    "The company rejected those demands as \"unfounded\".",
    "Shops were looted and several buildings were set on fire.",
    "When the police opened fire, there were at least 12 confirmed deaths, while dozens of others were injured.",
];

#[test]
fn a_translation_sentence_by_sentence_aligns_one_to_one() {
    let beads = align(&inputs(&AR), &inputs(&EN), &Resources::default());
    let expected: Vec<(Vec<usize>, Vec<usize>)> = (0..6).map(|i| (vec![i], vec![i])).collect();
    assert_eq!(shape(&beads), expected);
    assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
}

/// The seed report and its English paragraphs, segmented as `tm align` does.
struct Seed {
    ar: &'static str,
    en: String,
    ar_segments: Vec<crate::segment::Segment>,
    en_segments: Vec<crate::segment::Segment>,
}

impl Seed {
    fn new(drop_english: Option<&str>) -> Seed {
        use crate::segment::split;
        let ar = include_str!("../../memory/seed-report.ar.txt");
        let mut en = include_str!("../../memory/seed-report.en.txt").to_string();
        if let Some(sentence) = drop_english {
            en = en.replace(sentence, "");
        }
        let (ar_segments, en_segments) = (split(ar, Lang::Arabic), split(&en, Lang::English));
        Seed { ar, en, ar_segments, en_segments }
    }

    fn inputs(&self) -> (Vec<Input<'_>>, Vec<Input<'_>>) {
        (super::inputs(self.ar, &self.ar_segments), super::inputs(&self.en, &self.en_segments))
    }
}

#[test]
fn the_seed_report_aligns_pair_by_pair_and_its_separators_stay_alone() {
    let seed = Seed::new(None);
    let (ar, en) = seed.inputs();
    let beads = align(&ar, &en, &Resources::default());
    let pairs = beads.iter().filter(|b| !b.source.is_empty() && !b.target.is_empty()).count();
    assert_eq!(pairs, 21);
    assert!(beads.iter().all(|b| b.source.len() <= 1 && b.target.len() <= 1), "{:?}", shape(&beads));
    for b in beads.iter().filter(|b| b.target.is_empty()) {
        assert!(ar[b.source.start].text.starts_with("$٪"), "{}", ar[b.source.start].text);
    }
}

#[test]
fn a_sentence_left_untranslated_is_a_1_0_bead() {
    let seed = Seed::new(Some("Shops were looted and several buildings were set on fire. "));
    let (ar, en) = seed.inputs();
    let beads = align(&ar, &en, &Resources::default());
    let shops = ar.iter().position(|s| s.text.starts_with("تم نهب المتاجر")).unwrap();
    let bead = beads.iter().find(|b| b.source.contains(&shops)).unwrap();
    assert!(bead.target.is_empty(), "{:?}", shape(&beads));
}

#[test]
fn two_english_sentences_for_one_arabic_are_a_1_2_bead() {
    let en = [
        EN[0],
        EN[1],
        "Over the months of the strikes, workers were dismissed.",
        "More than 2,000 lost their jobs in all.",
        EN[3],
        EN[4],
        EN[5],
    ];
    let beads = align(&inputs(&AR), &inputs(&en), &Resources::default());
    assert!(shape(&beads).contains(&(vec![2], vec![2, 3])), "{:?}", shape(&beads));
}

#[test]
fn noise_separators_stay_unaligned() {
    let mut ar = inputs(&AR);
    ar.insert(3, Input { text: "$٪ & $٪ &", paragraph_start: false, alignable: false });
    let beads = align(&ar, &inputs(&EN), &Resources::default());
    assert!(shape(&beads).contains(&(vec![3], vec![])), "{:?}", shape(&beads));
}

#[test]
fn empty_sides_give_null_beads() {
    let beads = align(&inputs(&AR[..2]), &[], &Resources::default());
    assert_eq!(shape(&beads), vec![(vec![0], vec![]), (vec![1], vec![])]);
    assert!(align(&[], &[], &Resources::default()).is_empty());
}

#[test]
fn words_paired_once_in_each_of_two_documents_are_learned_from_both() {
    let first = (inputs(&["ارتفع إنتاج النفط في الحقل."]), inputs(&["Oil output rose at the field."]));
    let second = (inputs(&["تراجع إنتاج الغاز بعد الإضراب."]), inputs(&["Gas output fell after the strike."]));
    let one_to_one = [(0, 0, 0)];
    let stem = features::content_words("إنتاج", Lang::Arabic).pop().unwrap();
    let mut words = Vocabulary::default();
    let a = Cooccurrence::count(&mut words, &first.0, &first.1, &one_to_one);
    let b = Cooccurrence::count(&mut words, &second.0, &second.1, &one_to_one);
    let alone = words.translations(a.translations());
    assert!(!alone.contains_key(&stem), "one bead is no evidence: {alone:?}");
    let mut both = Cooccurrence::default();
    both.add(&a);
    both.add(&b);
    let both = words.translations(both.translations());
    assert_eq!(both.get(&stem), Some(&vec!["output".to_string()]), "{both:?}");
}

#[test]
fn aligning_documents_together_aligns_each_of_them() {
    let seed = Seed::new(None);
    let (ar, en) = seed.inputs();
    let shifted = (inputs(&AR), inputs(&EN));
    let together = align_documents(&[(&ar, &en), (&shifted.0, &shifted.1)], &Resources::default());
    assert_eq!(together.len(), 2);
    assert_eq!(shape(&together[1].beads), (0..6).map(|i| (vec![i], vec![i])).collect::<Vec<_>>());
    let pairs = together[0].beads.iter().filter(|b| !b.source.is_empty() && !b.target.is_empty()).count();
    assert_eq!(
        pairs,
        shape(&align(&ar, &en, &Resources::default())).iter().filter(|(s, t)| !s.is_empty() && !t.is_empty()).count()
    );
}

/// An Arabic list introduction (`البيانات الآتية:`) the segmenter splits from its
/// first item, translated without "the following": the English segment is split at
/// its colon and the 2-1 bead becomes two 1-1 beads.
#[test]
fn a_list_item_split_on_one_side_splits_the_other() {
    use crate::segment::split;
    let ar = "يجب أن يتضمن عقد الإيجار البيانات الآتية: اسم المؤجر وعنوانه. ويوقع الطرفان العقد أمام شاهدين.";
    let en = "A lease contract shall state: The landlord's name and address. Both parties sign the contract before two witnesses.";
    let spans = |text: &str, lang| -> Vec<Range<usize>> {
        split(text, lang).into_iter().filter(|s| !s.content.is_empty()).map(|s| s.content).collect()
    };
    let (mut ar_spans, mut en_spans) = (spans(ar, Lang::Arabic), spans(en, Lang::English));
    assert_eq!((ar_spans.len(), en_spans.len()), (3, 2), "the segmenter splits the Arabic introduction only");
    let mut beads = vec![
        Bead { source: 0..2, target: 0..1, confidence: 0.9 },
        Bead { source: 2..3, target: 1..2, confidence: 0.8 },
    ];
    lists::split_items(ar, en, &mut ar_spans, &mut en_spans, &mut beads);
    assert_eq!(shape(&beads), vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]);
    let texts: Vec<&str> = en_spans.iter().map(|r| &en[r.clone()]).collect();
    assert_eq!(
        texts,
        vec![
            "A lease contract shall state:",
            "The landlord's name and address.",
            "Both parties sign the contract before two witnesses."
        ]
    );
    assert_eq!(beads.iter().map(|b| b.confidence).collect::<Vec<_>>(), vec![0.9, 0.9, 0.8]);

    // Two colons before items: no telling where to cut; nothing changes.
    let en2 = "Each lease: The landlord's name. Each tenant: The tenant's name and address. Both parties sign the contract before two witnesses.";
    let (mut ar_spans, mut en_spans) = (spans(ar, Lang::Arabic), spans(en2, Lang::English));
    let mut beads = vec![
        Bead { source: 0..2, target: 0..2, confidence: 0.9 },
        Bead { source: 2..3, target: 2..3, confidence: 0.8 },
    ];
    let before = (en_spans.clone(), shape(&beads));
    lists::split_items(ar, en2, &mut ar_spans, &mut en_spans, &mut beads);
    assert_eq!((en_spans, shape(&beads)), before);
}
