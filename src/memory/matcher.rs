//! The match score, the candidate plan and the word diff: pure functions over text.
//!
//! # The score
//!
//! [`score`] is the one formula. Both texts become matching keys
//! ([`crate::normalize`]) and tokens ([`crate::tokenize`]). Words and numbers are
//! *content* tokens; punctuation is kept apart. Then, like a CAT tool:
//!
//! ```text
//! d     = weighted edit distance between the content-token sequences
//!         (insert or delete 1; substitute 1, or CLITIC_COST when the two words
//!         differ only by proclitics, e.g. النفط / والنفط; equal tokens 0)
//! base  = 100 × (1 − d / max(n_segment, n_entry))          (n = content tokens)
//! score = ⌊base⌋ − min(punctuation edits, MAX_PUNCT_PENALTY), clamped to 0..=100
//! ```
//!
//! 100 means identical after normalization and nothing else: any other difference
//! gives at most 99. Entries made by the aligner (origin `aligned`) lose
//! [`ALIGNED_PENALTY`] point ([`penalize`]), so that an entry a person confirmed
//! wins a tie. So an entry that differs only in diacritics, tatweel, alef or
//! hamza forms, ya/alef maqsura or the digit system scores 100; one that differs in
//! punctuation alone scores 97–99.
//!
//! # The plan
//!
//! Candidates come from the index ([`super::index`]). If an entry scores at least
//! `t = min_score / 100`, its length in content tokens is within `[t·n, n/t]`, and
//! at most `D = ⌊(1 − t)·n / t⌋` of the segment's distinct word stems can be absent
//! from it (each absent stem costs at least 1). So every such entry contains at
//! least one of the `D + 1` rarest stems of the segment (prefix filtering): reading
//! those posting lists finds all of them, which is what [`plan`] computes. Scoring
//! every entry of the memory would give the same matches; [`upper_bound`] lets the
//! caller stop as soon as no unread candidate can enter the top matches.

use crate::normalize::{self, Key};
use crate::tokenize::{self, Kind, Token};

/// Points taken off the score of an entry made by the aligner, so that an entry a
/// person confirmed wins a tie (as Trados' alignment penalty does).
pub const ALIGNED_PENALTY: u8 = 1;

/// Cost of substituting a word by the same word with other proclitics.
pub const CLITIC_COST: f32 = 0.5;
/// Most points that punctuation differences take off.
pub const MAX_PUNCT_PENALTY: u32 = 3;

/// A token of a key with its text and stem.
#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    range: (u32, u32),
    stem: (u32, u32),
}

fn content_and_punct(key: &str, tokens: &[Token]) -> (Vec<Tok>, Vec<(u32, u32)>) {
    let mut content = Vec::with_capacity(tokens.len());
    let mut punct = Vec::new();
    for t in tokens {
        match t.kind {
            Kind::Punct => punct.push((t.start, t.end)),
            kind => {
                let text = t.text(key);
                let stem = if kind == Kind::Word { tokenize::stem(text) } else { text };
                let stem_start = t.end - stem.len() as u32;
                content.push(Tok { kind, range: (t.start, t.end), stem: (stem_start, t.end) });
            }
        }
    }
    (content, punct)
}

fn slice(key: &str, r: (u32, u32)) -> &str {
    &key[r.0 as usize..r.1 as usize]
}

/// A segment prepared for matching.
#[derive(Clone, Debug)]
pub struct Query {
    pub key: Key,
    content: Vec<Tok>,
    punct: Vec<(u32, u32)>,
    /// Distinct stems of its words, in order of first appearance.
    pub stems: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let key = normalize::key_with_map(text);
        let tokens = tokenize::tokens(&key.text);
        let (content, punct) = content_and_punct(&key.text, &tokens);
        let mut stems: Vec<String> = Vec::new();
        for t in content.iter().filter(|t| t.kind == Kind::Word) {
            let stem = slice(&key.text, t.stem);
            if !stems.iter().any(|s| s == stem) {
                stems.push(stem.to_string());
            }
        }
        Query { key, content, punct, stems }
    }

    /// Number of content tokens (words and numbers).
    pub fn length(&self) -> u32 {
        self.content.len() as u32
    }

    /// Whether the segment has anything to match on.
    pub fn is_matchable(&self) -> bool {
        !self.stems.is_empty()
    }
}

/// The tokens of an entry's source, for scoring. Reused across candidates.
#[derive(Default)]
pub struct Scratch {
    key: String,
    tokens: Vec<Token>,
    dp: Vec<f32>,
}

/// One step of the alignment between segment and entry content tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Same token (index in segment, index in entry).
    Same(usize, usize),
    /// Same stem, other proclitics.
    Clitic(usize, usize),
    /// Different token.
    Replace(usize, usize),
    /// Token only in the segment.
    Insert(usize),
    /// Token only in the entry.
    Delete(usize),
}

/// The score of an entry source against a segment, 0–100.
pub fn score(query: &Query, entry_source: &str, scratch: &mut Scratch) -> u8 {
    normalize::key_into(entry_source, &mut scratch.key);
    if scratch.key == query.key.text {
        return if query.key.text.is_empty() { 0 } else { 100 };
    }
    tokenize::tokens_into(&scratch.key, &mut scratch.tokens);
    let (content, punct) = content_and_punct(&scratch.key, &scratch.tokens);
    let d = distance(query, &content, &scratch.key, &mut scratch.dp);
    let n = query.content.len().max(content.len());
    if n == 0 {
        return 0;
    }
    let base = (100.0 * (1.0 - d / n as f32)).floor().max(0.0) as u32;
    let penalty = punct_distance(query, &punct, &scratch.key).min(MAX_PUNCT_PENALTY);
    base.saturating_sub(penalty).min(99) as u8
}

/// The score as shown: [`score`] less [`ALIGNED_PENALTY`] for aligned entries.
pub fn penalize(score: u8, origin: &str) -> u8 {
    if origin == crate::memory::entry::ORIGIN_ALIGNED { score.saturating_sub(ALIGNED_PENALTY) } else { score }
}

fn sub_cost(qk: &str, a: &Tok, ck: &str, b: &Tok) -> f32 {
    if slice(qk, a.range) == slice(ck, b.range) {
        0.0
    } else if a.kind == Kind::Word && b.kind == Kind::Word && slice(qk, a.stem) == slice(ck, b.stem) {
        CLITIC_COST
    } else {
        1.0
    }
}

/// Weighted edit distance between the content tokens; fills `dp` ((n+1)×(m+1)).
fn distance(query: &Query, content: &[Tok], ck: &str, dp: &mut Vec<f32>) -> f32 {
    let (n, m) = (query.content.len(), content.len());
    let w = m + 1;
    dp.clear();
    dp.resize((n + 1) * w, 0.0);
    for j in 0..=m {
        dp[j] = j as f32;
    }
    for i in 1..=n {
        dp[i * w] = i as f32;
        let a = &query.content[i - 1];
        for j in 1..=m {
            let sub = dp[(i - 1) * w + j - 1] + sub_cost(&query.key.text, a, ck, &content[j - 1]);
            let del = dp[(i - 1) * w + j] + 1.0;
            let ins = dp[i * w + j - 1] + 1.0;
            dp[i * w + j] = sub.min(del).min(ins);
        }
    }
    dp[n * w + m]
}

fn punct_distance(query: &Query, punct: &[(u32, u32)], ck: &str) -> u32 {
    let a: Vec<&str> = query.punct.iter().map(|&r| slice(&query.key.text, r)).collect();
    let b: Vec<&str> = punct.iter().map(|&r| slice(ck, r)).collect();
    let mut prev: Vec<u32> = (0..=b.len() as u32).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i as u32 + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + u32::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether the words of `query` occur in `text` one after the other, each with any
/// proclitics (concordance search). Punctuation is ignored.
pub fn contains_phrase(query: &Query, text: &str) -> bool {
    if query.content.is_empty() {
        return false;
    }
    let key = normalize::key(text);
    let tokens = tokenize::tokens(&key);
    let (content, _) = content_and_punct(&key, &tokens);
    let qk = &query.key.text;
    content
        .windows(query.content.len())
        .any(|w| w.iter().zip(&query.content).all(|(c, q)| slice(&key, c.stem) == slice(qk, q.stem)))
}

/// Character-level similarity of the two keys, 0–1: breaks ties between equal scores.
pub fn tie_break(query: &Query, entry_source: &str) -> f64 {
    strsim::normalized_levenshtein(&query.key.text, &normalize::key(entry_source))
}

/// Which posting lists to read for a segment and which lengths can match.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Indices into [`Query::stems`] of the stems whose postings must be read.
    pub prefix: Vec<usize>,
    /// Stems of the segment that no entry has: absent from every candidate.
    pub unknown: u32,
    pub min_length: u32,
    pub max_length: u32,
}

/// The plan for a query at `min_score` (1–100), given each stem's document
/// frequency (`None` for a stem no entry has).
pub fn plan(query: &Query, df: &[Option<u64>], min_score: u8) -> Plan {
    let t = f64::from(min_score.clamp(1, 100)) / 100.0;
    let n = f64::from(query.length());
    let min_length = (t * n - 1e-9).ceil().max(1.0) as u32;
    let max_length = (n / t + 1e-9).floor() as u32;
    let absent = ((1.0 - t) * n / t + 1e-9).floor() as usize;
    let mut order: Vec<usize> = (0..query.stems.len()).collect();
    // Stems no entry has are absent from every candidate: they use up the allowance.
    let unknown = order.iter().filter(|&&i| df.get(i).copied().flatten().is_none()).count();
    order.retain(|&i| df.get(i).copied().flatten().is_some());
    order.sort_by_key(|&i| (df[i].unwrap_or(0), i));
    let take = (absent + 1).saturating_sub(unknown).min(order.len());
    let prefix = if unknown > absent { Vec::new() } else { order[..take].to_vec() };
    Plan { prefix, unknown: unknown as u32, min_length, max_length }
}

/// The best score an entry of `length` content tokens found in `hits` of the
/// `plan.prefix` posting lists can reach.
pub fn upper_bound(query: &Query, plan: &Plan, hits: u32, length: u32) -> u8 {
    let n = query.length().max(length);
    if n == 0 {
        return 0;
    }
    let missing = (plan.prefix.len() as u32).saturating_sub(hits) + plan.unknown;
    let gap = query.length().abs_diff(length);
    let d = missing.max(gap);
    (100.0 * (1.0 - d as f64 / n as f64)).floor().clamp(0.0, 100.0) as u8
}

/// A piece of a word diff from an entry's source to the segment.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DiffPiece {
    /// `equal`: in both; `delete`: only in the entry; `insert`: only in the segment.
    pub op: &'static str,
    pub text: String,
}

/// The word diff from `entry_source` to the segment, in the entry's order, with
/// original spellings (what a translator has to change in the match).
pub fn diff(query: &Query, segment: &str, entry_source: &str) -> Vec<DiffPiece> {
    let ck = normalize::key_with_map(entry_source);
    let tokens = tokenize::tokens(&ck.text);
    let (content, _) = content_and_punct(&ck.text, &tokens);
    let mut dp = Vec::new();
    distance(query, &content, &ck.text, &mut dp);
    let steps = backtrace(query, &content, &ck.text, &dp);
    let seg_span = |i: usize| {
        let t = &query.content[i];
        &segment[query.key.original(t.range.0 as usize, t.range.1 as usize)]
    };
    let entry_span = |j: usize| ck.original(content[j].range.0 as usize, content[j].range.1 as usize);
    let mut pieces: Vec<DiffPiece> = Vec::new();
    let push = |pieces: &mut Vec<DiffPiece>, op: &'static str, text: &str| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => pieces.push(DiffPiece { op, text: text.to_string() }),
        }
    };
    let mut at = 0; // bytes of entry_source already given out
    // An inserted word needs a space before what follows it, if the entry has none.
    let mut space_owed = false;
    for step in steps {
        let entry_token = match step {
            Step::Same(_, j) | Step::Clitic(_, j) | Step::Replace(_, j) | Step::Delete(j) => Some(j),
            Step::Insert(_) => None,
        };
        if let Some(j) = entry_token {
            let span = entry_span(j);
            let gap = &entry_source[at..span.start.max(at)];
            if space_owed && !gap.starts_with(char::is_whitespace) {
                push(&mut pieces, "insert", " ");
            }
            space_owed = false;
            push(&mut pieces, "equal", gap);
            at = at.max(span.start);
            match step {
                Step::Same(..) => push(&mut pieces, "equal", &entry_source[span.clone()]),
                Step::Clitic(i, _) | Step::Replace(i, _) => {
                    push(&mut pieces, "delete", &entry_source[span.clone()]);
                    push(&mut pieces, "insert", seg_span(i));
                }
                _ => push(&mut pieces, "delete", &entry_source[span.clone()]),
            }
            at = at.max(span.end);
        } else if let Step::Insert(i) = step {
            if pieces.last().is_some_and(|p| !p.text.ends_with(char::is_whitespace)) {
                push(&mut pieces, "insert", " ");
            }
            push(&mut pieces, "insert", seg_span(i));
            space_owed = true;
        }
    }
    push(&mut pieces, "equal", &entry_source[at..]);
    join_changes(pieces)
}

/// Joins changes of one kind separated only by white space: `[-a-] [-b-]` is
/// `[-a b-]`.
fn join_changes(pieces: Vec<DiffPiece>) -> Vec<DiffPiece> {
    let mut out: Vec<DiffPiece> = Vec::with_capacity(pieces.len());
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let bridges = piece.op == "equal"
            && piece.text.trim().is_empty()
            && matches!((out.last(), iter.peek()), (Some(a), Some(b)) if a.op != "equal" && a.op == b.op);
        if bridges {
            let next = iter.next().map(|n| n.text).unwrap_or_default();
            if let Some(last) = out.last_mut() {
                last.text.push_str(&piece.text);
                last.text.push_str(&next);
            }
            continue;
        }
        match out.last_mut() {
            Some(last) if last.op == piece.op => last.text.push_str(&piece.text),
            _ => out.push(piece),
        }
    }
    out
}

fn backtrace(query: &Query, content: &[Tok], ck: &str, dp: &[f32]) -> Vec<Step> {
    let (mut i, mut j) = (query.content.len(), content.len());
    let w = content.len() + 1;
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        let here = dp[i * w + j];
        if i > 0 && j > 0 {
            let cost = sub_cost(&query.key.text, &query.content[i - 1], ck, &content[j - 1]);
            if (dp[(i - 1) * w + j - 1] + cost - here).abs() < 1e-4 {
                steps.push(if cost == 0.0 {
                    Step::Same(i - 1, j - 1)
                } else if cost < 1.0 {
                    Step::Clitic(i - 1, j - 1)
                } else {
                    Step::Replace(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if j > 0 && (i == 0 || (dp[i * w + j - 1] + 1.0 - here).abs() < 1e-4) {
            steps.push(Step::Delete(j - 1));
            j -= 1;
        } else {
            steps.push(Step::Insert(i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(segment: &str, entry: &str) -> u8 {
        score(&Query::new(segment), entry, &mut Scratch::default())
    }

    const SEED: &str = "كان المهاجمون يطالبون أساسا بأجور أعلى.";

    #[test]
    fn identical_after_normalization_scores_100() {
        assert_eq!(s(SEED, SEED), 100);
        assert_eq!(s("كانَ المُهاجمونَ يُطالبونَ أساساً بأجورٍ أعلى.", SEED), 100);
        assert_eq!(s("كان المهـــاجمون يطالبون اساسا باجور اعلي.", SEED), 100);
        assert_eq!(s("في ١٦ و ١٧ ديسمبر ٢٠١١", "في 16 و 17 ديسمبر 2011"), 100);
    }

    #[test]
    fn one_word_of_six_changed_scores_83() {
        assert_eq!(s("كان العمال يطالبون أساسا بأجور أعلى.", SEED), 83);
    }

    #[test]
    fn a_clitic_costs_less_than_a_word() {
        let clitic = s("كان المهاجمون يطالبون أساسا وبأجور أعلى.", SEED);
        let word = s("كان المهاجمون يطالبون أساسا برواتب أعلى.", SEED);
        assert!(clitic > word, "{clitic} vs {word}");
        assert_eq!(clitic, 91);
    }

    #[test]
    fn punctuation_alone_scores_just_under_100() {
        assert_eq!(s("كان المهاجمون يطالبون أساسا بأجور أعلى", SEED), 99);
        assert_eq!(s("كان المهاجمون، يطالبون أساسا بأجور أعلى!", SEED), 98);
        assert_eq!(s("كان المهاجمون، يطالبون، أساسا، بأجور أعلى!", SEED), 97);
    }

    #[test]
    fn empty_input_matches_nothing() {
        assert_eq!(s("", ""), 0);
        assert_eq!(s("", SEED), 0);
        assert!(!Query::new("  ...  ").is_matchable());
    }

    #[test]
    fn phrases_are_found_with_clitics_and_without_diacritics() {
        let q = Query::new("خط أنابيب النفط");
        assert!(contains_phrase(&q, "منذ الانتهاء من خطّ أنابيبِ النفط إلى الصين"));
        assert!(contains_phrase(&Query::new("أنابيب النفط"), "وبأنابيب للنفط"));
        assert!(!contains_phrase(&q, "خط النفط"));
    }

    #[test]
    fn the_plan_reads_the_rarest_stems() {
        let q = Query::new("تعمل شركة النفط الحكومية كازمونايجاز أكبر حقول النفط");
        assert_eq!(q.length(), 8);
        let rare = tokenize::stem(&normalize::key("كازمونايجاز")).to_string();
        let df: Vec<Option<u64>> = q.stems.iter().map(|s| Some(if *s == rare { 1 } else { 100 })).collect();
        let p = plan(&q, &df, 70);
        // D = floor(0.3 × 8 / 0.7) = 3: four lists, the rarest first.
        assert_eq!(p.prefix.len(), 4);
        assert_eq!(q.stems[p.prefix[0]], rare);
        assert_eq!((p.min_length, p.max_length), (6, 11));
    }

    #[test]
    fn unknown_stems_use_up_the_allowance() {
        let q = Query::new("ثلاث كلمات غريبة");
        assert_eq!(plan(&q, &[None, None, None], 70).prefix, Vec::<usize>::new());
        let p = plan(&q, &[None, Some(5), Some(9)], 50);
        assert_eq!((p.prefix.len(), p.unknown), (2, 1));
    }

    #[test]
    fn upper_bound_is_never_below_the_score() {
        let q = Query::new(SEED);
        let p = plan(&q, &vec![Some(1); q.stems.len()], 70);
        let entry = "كان العمال يطالبون أساسا بأجور أعلى.";
        let hits = p.prefix.iter().filter(|&&i| Query::new(entry).stems.contains(&q.stems[i])).count() as u32;
        assert!(upper_bound(&q, &p, hits, 6) >= s(SEED, entry));
    }

    #[test]
    fn diff_shows_what_to_change_in_original_spelling() {
        let segment = "يجري تطوير حقل تنغيز الضخم";
        let pieces = diff(&Query::new(segment), segment, "يجري تطوير حقل Kashagan الضخم");
        let text: String = pieces
            .iter()
            .map(|p| match p.op {
                "equal" => p.text.clone(),
                "delete" => format!("[-{}-]", p.text),
                _ => format!("{{+{}+}}", p.text),
            })
            .collect();
        assert_eq!(text, "يجري تطوير حقل [-Kashagan-]{+تنغيز+} الضخم");
    }

    #[test]
    fn inserted_words_keep_their_spaces() {
        let segment = "بين دول الاتحاد السوفيتي";
        let pieces = diff(&Query::new(segment), segment, "بين الدول السوفيتية");
        let inserted: Vec<&str> = pieces.iter().filter(|p| p.op == "insert").map(|p| p.text.as_str()).collect();
        assert_eq!(inserted, vec!["دول الاتحاد", "السوفيتي"]);
        let segment = "جديد بين الدول";
        let pieces = diff(&Query::new(segment), segment, "بين الدول");
        assert_eq!(pieces[0], DiffPiece { op: "insert", text: "جديد ".into() });
    }

    #[test]
    fn adjacent_changes_of_one_kind_are_joined() {
        let segment = "والشركات الأوروبية.";
        let pieces = diff(&Query::new(segment), segment, "والشركات الأوروبية والأمريكية الكبيرة.");
        assert_eq!(pieces[1], DiffPiece { op: "delete", text: "والأمريكية الكبيرة".into() });
    }
}
