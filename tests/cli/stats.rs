//! `tm stats` and `tm remove`: what a new memory holds, and the sample taken out.

use crate::util::{Tm, stats};

tests![a_new_memory_can_leave_the_sample_out_and_the_sample_can_be_removed];

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
