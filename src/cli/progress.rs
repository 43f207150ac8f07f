//! Progress bars on stderr, shown only on a terminal and without --quiet: the
//! command line's [`Progress`].

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use tm::progress::{Count, Progress};

/// Whether `--quiet` was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quiet {
    Yes,
    No,
}

/// Work of fewer items than this gets no bar (it is over before one helps).
const ITEMS_FOR_A_BAR: u64 = 20;

/// A bar for each piece of work, or none.
pub struct Bar {
    show: bool,
    quiet: Quiet,
    bar: Mutex<ProgressBar>,
}

impl Bar {
    /// Bars on stderr when it is a terminal, unless `quiet`.
    pub fn on_stderr(quiet: Quiet) -> Bar {
        let show = quiet == Quiet::No && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Bar { show, quiet, bar: Mutex::new(ProgressBar::hidden()) }
    }

    fn with(&self, f: impl FnOnce(&mut ProgressBar)) {
        if let Ok(mut bar) = self.bar.lock() {
            f(&mut bar);
        }
    }
}

impl Progress for Bar {
    fn start(&self, what: &str, total: u64, unit: Count) {
        if !self.show || (unit == Count::Items && total < ITEMS_FOR_A_BAR) {
            return;
        }
        let template = match unit {
            Count::Bytes => "{msg} {wide_bar} {bytes}/{total_bytes} ({eta})",
            Count::Items => "{msg} {wide_bar} {pos}/{len} ({eta})",
        };
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        self.with(|b| *b = bar);
    }

    fn set(&self, done: u64) {
        self.with(|b| b.set_position(done));
    }

    fn finish(&self) {
        self.with(|b| {
            b.finish_and_clear();
            *b = ProgressBar::hidden();
        });
    }

    /// A note on stderr (terminal or not), unless `--quiet`.
    fn waiting(&self, why: &str) {
        if self.quiet == Quiet::No {
            self.with(|b| b.suspend(|| eprintln!("{why}")));
        }
    }
}
