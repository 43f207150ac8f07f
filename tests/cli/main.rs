//! The `tm` command, run as a user runs it: a fresh memory in a temporary directory,
//! real material from `../shared`, JSON output decoded into typed structs, exit
//! statuses checked. One module per command; one test binary.
//!
//! The harness is libtest-mimic rather than `#[test]`: a test whose material or
//! tools are missing returns [`util::Missing`] and is reported `ignored (why)`, and
//! counted among the ignored, never as passed (libtest cannot ignore a test once it
//! runs). Each module lists its tests in `tests![…]`; a test function left out of
//! the list is dead code, which the lints refuse, and `#[test]`, which this harness
//! would drop without a word, is refused by the test below.

use libtest_mimic::{Arguments, Trial};

#[path = "../util/mod.rs"]
mod util;

/// `tests![a, b]` in a module: its test functions, run in that order of
/// listing, on SQLite and again on PostgreSQL (named `postgres::…`, ignored
/// without a database to test on: `TM_TEST_POSTGRES`); `tests![a, b; sqlite:
/// c]`: `c` runs once, on SQLite, being about SQLite's file itself (its log,
/// its permissions, a process killed while writing it) or touching no memory.
macro_rules! tests {
    ($($name:ident),* $(,)? $(; sqlite: $($file:ident),* $(,)?)?) => {
        pub fn tests(engine: crate::util::Engine) -> Vec<libtest_mimic::Trial> {
            let mut all = vec![$(crate::util::trial_on(engine, stringify!($name), $name)),*];
            if engine == crate::util::Engine::Sqlite {
                all.extend([$($(crate::util::trial(stringify!($file), $file)),*)?]);
            }
            all
        }
    };
}

/// The modules, one per command: declared, their tests gathered and their sources
/// kept for the test below, from one list.
macro_rules! modules {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*

        fn trials() -> Vec<Trial> {
            [util::Engine::Sqlite, util::Engine::Postgres]
                .into_iter()
                .flat_map(|engine| [$($module::tests(engine)),*].into_iter().flatten())
                .collect()
        }

        const SOURCES: &[(&str, &str)] = &[$((stringify!($module), include_str!(concat!(stringify!($module), ".rs")))),*];
    };
}

modules![
    align,
    check,
    context,
    crash,
    engines,
    entries,
    errors,
    export,
    fuzz,
    maintenance,
    glossary,
    import,
    limits,
    origins,
    pretranslate,
    readme,
    review,
    search,
    sharing,
    segment,
    serve,
    stats,
    suggest,
    sync,
];

/// `#[test]` compiles to nothing in a binary with its own harness: such a test would
/// never run.
fn no_test_is_marked_for_the_builtin_harness() {
    for (module, source) in SOURCES {
        let marked: Vec<usize> =
            source.lines().enumerate().filter(|(_, l)| l.trim() == "#[test]").map(|(i, _)| i + 1).collect();
        assert!(marked.is_empty(), "tests/cli/{module}.rs: #[test] at lines {marked:?}: list the test in tests![…]");
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut all =
        vec![util::trial("no_test_is_marked_for_the_builtin_harness", no_test_is_marked_for_the_builtin_harness)];
    all.extend(trials());
    libtest_mimic::run(&args, all).exit();
}
