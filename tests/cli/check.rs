//! `tm check` on real pairs: NTREX-128 (news, translated by people) and the shipped
//! seed report, left clean and with errors injected.
//!
//! The injection (here, documented case by case in [`inject`]) takes each pair in
//! turn for one kind of error, if the pair allows it, and writes the changed pair
//! into a bilingual TSV beside the clean one:
//! - `term`: a glossary name's rendering in the target misspelt (its last letter
//!   dropped: `Russia` → `Russi`), for pairs where the check finds the name on both
//!   sides (glossary: the shipped one and the ISO 3166 country names);
//! - `number`: a number of the target one more than it was (`2011` → `2012`);
//! - `untranslated`: the target replaced by the source, or an Arabic word of the
//!   source put into the target;
//! - `punctuation`: a comma of the target written `،`, or the question mark of a
//!   question dropped;
//! - `placeholder`: a placeholder (`%1`, `{0}`) added to the source only;
//! - `consistency`: the pair given again later with a word of its target changed.
//!
//! Recall of a kind is the share of pairs injected with it on which `tm check`
//! reports that kind; the clean pairs must have findings on at most 5 % of them.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::util::{Checked, Tm, seed_pairs, shared, stderr};

tests![tm_check_finds_injected_errors_of_every_kind_and_passes_clean_pairs, check_exits_0_on_a_clean_file];

#[derive(Deserialize, Debug)]
struct FindingJson {
    unit: u64,
    line: u64,
    kind: String,
}

const KINDS: [&str; 6] = ["term", "number", "untranslated", "punctuation", "placeholder", "consistency"];

fn tsv_field(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

/// The pair with an error of `kind`, if it allows one; `renderings` are the
/// glossary renderings the clean check found in this pair's target.
fn inject(kind: &str, source: &str, target: &str, renderings: &[String], k: usize) -> Option<(String, String)> {
    match kind {
        "term" => {
            // Every whole-word occurrence misspelt (`Indonesian` is another word).
            let r = renderings.first()?;
            let cut = &r[..r.char_indices().last()?.0];
            let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
            let mut out = String::new();
            let mut at = 0;
            for (i, _) in target.match_indices(r.as_str()) {
                if !letter(target[..i].chars().next_back()) && !letter(target[i + r.len()..].chars().next()) {
                    out.push_str(&target[at..i]);
                    out.push_str(cut);
                    at = i + r.len();
                }
            }
            (at > 0).then(|| (source.to_string(), out + &target[at..]))
        }
        "number" => {
            // A number both sides write in digits (not one inside a code like HER2,
            // nor one the source writes in words), one more in the target.
            let ascii: String = source
                .chars()
                .map(|c| if ('٠'..='٩').contains(&c) { char::from(b'0' + (c as u32 - 0x660) as u8) } else { c })
                .collect();
            let letter = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',');
            let mut i = 0;
            while let Some(off) = target[i..].find(|c: char| c.is_ascii_digit()) {
                let start = i + off;
                let end = start + target[start..].find(|c: char| !c.is_ascii_digit()).unwrap_or(target.len() - start);
                let digits = &target[start..end];
                let whole = !letter(target[..start].chars().next_back()) && !letter(target[end..].chars().next());
                let in_source = ascii.match_indices(digits).any(|(j, _)| {
                    !letter(ascii[..j].chars().next_back()) && !letter(ascii[j + digits.len()..].chars().next())
                });
                if whole && in_source {
                    let n: u64 = digits.parse().ok()?;
                    return Some((source.into(), format!("{}{}{}", &target[..start], n + 1, &target[end..])));
                }
                i = end;
            }
            None
        }
        "untranslated" if k.is_multiple_of(2) => Some((source.into(), source.into())),
        "untranslated" => {
            let word = source.split(' ').find(|w| w.chars().count() > 3 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)))?;
            let at = target.find(' ')?;
            Some((source.into(), format!("{} {word}{}", &target[..at], &target[at..])))
        }
        "punctuation" if target.trim_end().ends_with('?') => Some((source.into(), target.trim_end().trim_end_matches('?').to_string() + ".")),
        "punctuation" => {
            let at = target.find(", ")?;
            Some((source.into(), format!("{}،{}", &target[..at], &target[at + 1..])))
        }
        "placeholder" => Some((format!("{source} {}", if k.is_multiple_of(2) { "%1" } else { "{0}" }), target.into())),
        _ => None,
    }
}

fn write_tsv(tm: &Tm, name: &str, pairs: &[(String, String)]) -> std::path::PathBuf {
    let mut text = String::from("ar\ten\n");
    for (s, t) in pairs {
        text.push_str(&format!("{}\t{}\n", tsv_field(s), tsv_field(t)));
    }
    tm.write(name, text)
}

fn check_json(tm: &Tm, file: &Path, glossary: &Path) -> Vec<FindingJson> {
    let out = tm.run(&["check", file.to_str().unwrap(), "--glossary", glossary.to_str().unwrap(), "--format", "json"], None);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    crate::util::lines(&out.stdout)
}

fn tm_check_finds_injected_errors_of_every_kind_and_passes_clean_pairs() -> Checked {
    let shared = shared()?;
    let parallel = shared.join("data/parallel/ntrex-128");
    let ar = std::fs::read_to_string(parallel.join("newstest2019.ar")).unwrap();
    let en = std::fs::read_to_string(parallel.join("newstest2019.en")).unwrap();
    let mut pairs: Vec<(String, String)> = seed_pairs();
    pairs.extend(ar.lines().zip(en.lines()).take(1200).map(|(a, e)| (a.to_string(), e.to_string())));
    let glossary = shared.join("data/glossary/iso-codes/iso_3166-1.en-ar.tsv");
    let tm = Tm::new();

    // Clean: findings on at most 5 % of the pairs.
    let clean = write_tsv(&tm, "clean.tsv", &pairs);
    let found = check_json(&tm, &clean, &glossary);
    let flagged: std::collections::HashSet<u64> = found.iter().map(|f| f.unit).collect();
    let rate = flagged.len() as f64 / pairs.len() as f64;
    assert!(rate <= 0.05, "{} of {} clean pairs flagged", flagged.len(), pairs.len());
    assert!(found.iter().all(|f| f.line == f.unit + 2), "TSV lines are units after the header");

    // The country names on both sides of each clean pair: where a term error can go.
    let iso = std::fs::read_to_string(&glossary).unwrap();
    let names: Vec<(&str, &str)> = iso.lines().skip(1).filter_map(|l| l.split_once('\t')).collect();
    let renderings: Vec<Vec<String>> = pairs
        .iter()
        .map(|(s, t)| {
            names.iter().filter(|(en, ar)| t.contains(en) && s.contains(ar)).map(|(en, _)| en.to_string()).collect()
        })
        .collect();
    let mut injected: Vec<(String, String)> = Vec::new();
    let mut kind_of: Vec<Option<&str>> = Vec::new();
    let mut tried: HashMap<&str, usize> = HashMap::new();
    for (k, (s, t)) in pairs.iter().enumerate() {
        // Only pairs the check passes clean take an error: recall counts what was put in.
        let kind = if !renderings[k].is_empty() && k.is_multiple_of(2) { "term" } else { KINDS[k % (KINDS.len() - 1)] };
        let change = if flagged.contains(&(k as u64)) { None } else { inject(kind, s, t, &renderings[k], k) };
        match change {
            Some(pair) => {
                *tried.entry(kind).or_default() += 1;
                injected.push(pair);
                kind_of.push(Some(kind));
            }
            None => {
                injected.push((s.clone(), t.clone()));
                kind_of.push(None);
            }
        }
    }
    // Consistency: every 25th clean pair again at the end, its target changed.
    for k in (0..pairs.len()).step_by(25).filter(|k| !flagged.contains(&(*k as u64))) {
        let (s, t) = &pairs[k];
        injected.push((s.clone(), format!("{t} (again)")));
        kind_of.push(Some("consistency"));
        *tried.entry("consistency").or_default() += 1;
    }
    let file = write_tsv(&tm, "injected.tsv", &injected);
    let found = check_json(&tm, &file, &glossary);
    let mut kinds_at: HashMap<u64, Vec<&str>> = HashMap::new();
    for f in &found {
        kinds_at.entry(f.unit).or_default().push(&f.kind);
    }
    let mut report = Vec::new();
    for kind in KINDS {
        let units: Vec<usize> = (0..kind_of.len()).filter(|&u| kind_of[u] == Some(kind)).collect();
        let hits = units.iter().filter(|&&u| kinds_at.get(&(u as u64)).is_some_and(|ks| ks.contains(&kind))).count();
        let recall = hits as f64 / units.len().max(1) as f64;
        for &u in units.iter().filter(|&&u| !kinds_at.get(&(u as u64)).is_some_and(|ks| ks.contains(&kind))) {
            eprintln!("missed {kind} at unit {u}: {:?}", injected[u]);
        }
        report.push(format!("{kind}: {hits}/{} = {recall:.3}", units.len()));
        assert!(units.len() >= 20, "only {} pairs took a {kind} error", units.len());
        assert!(recall >= 0.95, "{report:?}");
    }
    eprintln!("tm check recall on injected NTREX-128 and seed pairs: {}; clean pairs flagged {:.3}", report.join(", "), rate);
    Ok(())
}

fn check_exits_0_on_a_clean_file() {
    let tm = Tm::new();
    let pairs = seed_pairs();
    let file = write_tsv(&tm, "seed.tsv", &pairs);
    let out = tm.expect(&["check", file.to_str().unwrap()], None, 0);
    assert!(stderr(&out).contains(&format!("{} units checked", pairs.len())), "{}", stderr(&out));
    let changed = vec![(pairs[0].0.clone(), pairs[0].1.replace("2011", "2012"))];
    let file = write_tsv(&tm, "changed.tsv", &changed);
    let out = tm.expect(&["check", file.to_str().unwrap(), "--format", "tsv"], None, 1);
    let tsv = crate::util::stdout(&out);
    assert!(tsv.lines().nth(1).is_some_and(|l| l.contains("\tnumber\terror\t2011 is 2012 in the target\t")), "{tsv}");
    tm.expect(&["check", file.to_str().unwrap(), "--fail-on", "error"], None, 1);
}
