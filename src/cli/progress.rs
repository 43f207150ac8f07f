//! Progress bars on stderr, shown only on a terminal and without --quiet: the
//! command line's [`Progress`].

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use tm::progress::{Progress, Unit};

/// Work of fewer items than this gets no bar (it is over before one helps).
const ITEMS_FOR_A_BAR: u64 = 20;

/// A bar for each piece of work, or none.
pub struct Bar {
    show: bool,
    bar: Mutex<ProgressBar>,
}

impl Bar {
    pub fn new(show: bool) -> Bar {
        Bar { show, bar: Mutex::new(ProgressBar::hidden()) }
    }

    fn with(&self, f: impl FnOnce(&mut ProgressBar)) {
        if let Ok(mut bar) = self.bar.lock() {
            f(&mut bar);
        }
    }
}

impl Progress for Bar {
    fn start(&self, what: &str, total: u64, unit: Unit) {
        if !self.show || (unit == Unit::Items && total < ITEMS_FOR_A_BAR) {
            return;
        }
        let template = match unit {
            Unit::Bytes => "{msg} {wide_bar} {bytes}/{total_bytes} ({eta})",
            Unit::Items => "{msg} {wide_bar} {pos}/{len} ({eta})",
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
}
