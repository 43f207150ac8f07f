//! Where the search may go: a band of the (Arabic, English) grid around a guide
//! path drawn through anchors (numbers and names that occur once in each
//! document), so that long documents stay fast. Short ones are searched whole.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::features::{NAME, NUMBER, Sentence};

/// Documents with more cells than this get a band around the guide path.
const FULL_GRID: usize = 90_000;
/// Half-width of the band, at least.
const MIN_BAND: usize = 40;

/// Anchors: numbers and names that occur in exactly one sentence on each side.
pub(super) fn guide_path(ar: &[Sentence], en: &[Sentence]) -> Vec<(usize, usize)> {
    let mut ar_where: HashMap<u32, Option<usize>> = HashMap::new();
    for (i, s) in ar.iter().enumerate() {
        let strong = s.class_masks[NUMBER] | s.class_masks[NAME];
        for (u, unit) in s.units.iter().enumerate() {
            if strong & (1 << u) != 0 {
                for f in unit {
                    ar_where
                        .entry(*f)
                        .and_modify(|w| {
                            if *w != Some(i) {
                                *w = None
                            }
                        })
                        .or_insert(Some(i));
                }
            }
        }
    }
    let mut en_where: HashMap<u32, Option<usize>> = HashMap::new();
    for (j, s) in en.iter().enumerate() {
        for f in &s.features {
            en_where
                .entry(*f)
                .and_modify(|w| {
                    if *w != Some(j) {
                        *w = None
                    }
                })
                .or_insert(Some(j));
        }
    }
    let mut anchors: Vec<(usize, usize)> =
        ar_where.iter().filter_map(|(f, w)| Some(((*w)?, en_where.get(f).copied().flatten()?))).collect();
    anchors.sort_unstable();
    anchors.dedup();
    // The longest chain increasing on both sides: sorted by Arabic position (and,
    // for one Arabic sentence, English position downwards), the longest strictly
    // increasing run of English positions (patience sorting).
    anchors.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; anchors.len()];
    for k in 0..anchors.len() {
        let j = anchors[k].1;
        let pos = tails.partition_point(|&t| anchors[t].1 < j);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::new();
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        chain.push(anchors[k]);
        k = prev[k];
    }
    chain.reverse();
    chain
}

/// The DP band: for each Arabic position, the English positions allowed.
pub(super) fn band(n: usize, m: usize, anchors: &[(usize, usize)]) -> Vec<Range<usize>> {
    if (n + 1) * (m + 1) <= FULL_GRID {
        return vec![0..m + 1; n + 1];
    }
    let mut points = vec![(0usize, 0usize)];
    points.extend(anchors.iter().copied());
    points.push((n, m));
    let width = MIN_BAND.max(n.max(m) / 20);
    let mut out = Vec::with_capacity(n + 1);
    let mut seg = 0;
    for i in 0..=n {
        while seg + 1 < points.len() - 1 && points[seg + 1].0 <= i {
            seg += 1;
        }
        let (a0, e0) = points[seg];
        let (a1, e1) = points[(seg + 1).min(points.len() - 1)];
        let center = if a1 > a0 { e0 + (e1.saturating_sub(e0)) * (i - a0) / (a1 - a0) } else { e0 };
        out.push(center.saturating_sub(width)..(center + width + 1).min(m + 1));
    }
    // Monotone bounds, so that every cell can be reached.
    for i in 1..=n {
        out[i].start = out[i].start.max(out[i - 1].start);
        out[i].end = out[i].end.max(out[i - 1].end);
    }
    out[n].end = m + 1;
    out
}
