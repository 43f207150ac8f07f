//! The figures of the script check (`tm::script`) on real material: for each input,
//! how many entries say something of their script, how many the check finds
//! swapped or with a side in another script, and whether the input would be
//! refused. Inputs are lines on stdin: `PATH<TAB>SOURCE_LANG<TAB>TARGET_LANG` for a
//! TMX, XLIFF or TSV file, or `SOURCE_FILE<TAB>TARGET_FILE<TAB>SOURCE_LANG<TAB>TARGET_LANG`
//! for a line pair. `bench/script_check.sh` makes the list from the shared material.
//!
//! ```sh
//! bench/script_check.sh
//! ```

use std::io::BufRead;

use tm::formats::text::LinePairs;
use tm::formats::tmx::read::TmxEntries;
use tm::formats::tsv::TsvReader;
use tm::formats::xliff::{States, XliffEntries};
use tm::formats::{EntryFormat, Records};
use tm::lang::{LangPair, LangTag};
use tm::script::{Mismatch, PairScripts, Sample, telling};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut files, mut unchecked, mut entries, mut telling_entries, mut swapped, mut wrong, mut refused) =
        (0, 0, 0u64, 0u64, 0u64, 0u64, 0);
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        let tag = |s: &str| LangTag::parse(s).ok_or(format!("{s:?} is not a tag"));
        let (label, pair, mut records): (String, LangPair, Box<dyn Records>) = match cols[..] {
            [path, s, t] => {
                let pair = LangPair { source: tag(s)?, target: tag(t)? };
                let file = std::fs::File::open(path)?;
                let records: Box<dyn Records> = match EntryFormat::detect(path.as_ref())? {
                    EntryFormat::Tmx => Box::new(TmxEntries::open(file, path, &pair, "x")?),
                    EntryFormat::Xliff => Box::new(XliffEntries::open(file, path, &pair, States::All, "x")?),
                    EntryFormat::Tsv => Box::new(TsvReader::open(file, path, &pair, "x")?),
                };
                (path.to_string(), pair, records)
            }
            [a, b, s, t] => {
                let pair = LangPair { source: tag(s)?, target: tag(t)? };
                let (fa, fb) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
                (format!("{a} + {b}"), pair.clone(), Box::new(LinePairs::open(fa, fb, (a, b), &pair, "x")?))
            }
            _ => return Err(format!("bad input line {line:?}").into()),
        };
        files += 1;
        let Some(scripts) = PairScripts::of(&pair) else {
            unchecked += 1;
            continue;
        };
        let mut sample = Sample::default();
        let (mut n, mut sw, mut wr) = (0u64, 0u64, 0u64);
        while let Some(record) = records.next_record()? {
            let Ok(entry) = record else { continue };
            let (source, target) = (entry.source.plain(), entry.target.plain());
            let mismatch = scripts.check(&source, &target);
            let tells = telling(&source) || telling(&target);
            if !sample.is_full() {
                sample.add(mismatch.as_ref(), tells);
            }
            entries += 1;
            n += u64::from(tells);
            match &mismatch {
                Some(Mismatch::Swapped { .. }) => sw += 1,
                Some(Mismatch::WrongScript { .. }) => wr += 1,
                None => {}
            }
            if let Some(m) = &mismatch {
                eprintln!("{label}:{}: {m}: {source:?} / {target:?}", records.record_line());
            }
        }
        let refusal = sample.refusal(&scripts);
        if let Some(why) = &refusal {
            refused += 1;
            eprintln!("{label}: REFUSED: {why}");
        }
        telling_entries += n;
        swapped += sw;
        wrong += wr;
    }
    println!(
        "{files} inputs ({unchecked} in pairs the check cannot tell apart), {entries} entries, \
         {telling_entries} checked; {swapped} swapped (skipped on import), {wrong} with a side in another \
         script (kept); {refused} inputs refused"
    );
    Ok(())
}
