//! Aligner tests on real sentences: the seed report and its translation.

use super::*;

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
        use crate::segment::{Lang, split};
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
