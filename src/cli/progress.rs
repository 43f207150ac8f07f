//! Progress bars on stderr, shown only on a terminal and without --quiet.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar over `total` units (bytes when `bytes`), or a hidden one.
pub fn bar(show: bool, total: u64, bytes: bool, message: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let template =
        if bytes { "{msg} {wide_bar} {bytes}/{total_bytes} ({eta})" } else { "{msg} {wide_bar} {pos}/{len} ({eta})" };
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message(message.to_string());
    bar
}
