//! `tm stats` and `tm remove`: what a new memory holds, where it is made, and the
//! sample taken out.

use crate::util::{Tm, stats, stderr};

tests![
    a_new_memory_can_leave_the_sample_out_and_the_sample_can_be_removed,
    without_db_the_memory_is_made_in_the_data_directory,
];

fn a_new_memory_can_leave_the_sample_out_and_the_sample_can_be_removed() {
    let tm = Tm::empty();
    assert_eq!(stats(&tm).entries, 0);
    let tm = Tm::new();
    assert_eq!(stats(&tm).entries, 21);
    tm.expect(&["remove", "--origin", "sample"], None, 0);
    tm.expect(&["glossary", "remove", "--origin", "sample"], None, 0);
    let s = stats(&tm);
    assert_eq!((s.entries, s.glossary_terms), (0, 0));
}

/// Without `--db` or `TM_DB` the memory is `tm/memory.db` in the data directory,
/// `$XDG_DATA_HOME` or else `~/.local/share` (on Linux): for a test, inside its own
/// directory, which is its home.
fn without_db_the_memory_is_made_in_the_data_directory() {
    let tm = Tm::new();
    let out = tm.cmd().env_remove("TM_DB").arg("stats").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tm.path(".local/share/tm/memory.db").is_file(), "{}", stderr(&out));
    let data = tm.path("data");
    let out = tm.cmd().env_remove("TM_DB").env("XDG_DATA_HOME", &data).arg("stats").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.join("tm/memory.db").is_file(), "{}", stderr(&out));
    assert!(!tm.db.exists());
}
