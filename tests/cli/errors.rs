//! Refusals and exit statuses: a memory of another pair, a database from a newer
//! `tm`, a closed pipe, the exit codes in `--help`.

use std::process::Command;

use crate::util::{Tm, stats, stderr, stdout};

tests![
    one_memory_holds_one_language_pair,
    a_database_from_a_newer_tm_is_refused,
    a_closed_pipe_is_not_an_error,
    help_documents_the_exit_codes,
];

fn one_memory_holds_one_language_pair() {
    let tm = Tm::new();
    stats(&tm);
    let file = tm.write("x.tsv", "en\tfr\nHello\tBonjour\n");
    let out = tm.expect(&["import", file.to_str().unwrap(), "--source-lang", "en", "--target-lang", "fr"], None, 2);
    assert!(stderr(&out).contains("is a ar→en memory, not en→fr"), "{}", stderr(&out));
}

fn a_database_from_a_newer_tm_is_refused() {
    let tm = Tm::new();
    stats(&tm);
    rusqlite::Connection::open(&tm.db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let out = tm.expect(&["stats"], None, 2);
    assert!(stderr(&out).contains("newer than the"), "{}", stderr(&out));
}

fn a_closed_pipe_is_not_an_error() {
    let tm = Tm::new();
    stats(&tm);
    let tm_bin = env!("CARGO_BIN_EXE_tm");
    let script = format!("'{tm_bin}' export | head -c 100 > /dev/null; exit ${{PIPESTATUS[0]}}");
    let status = tm.cmd().get_envs().fold(Command::new("bash"), |mut c, (k, v)| {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
        c
    });
    let mut status = status;
    let status = status.arg("-c").arg(script).current_dir(tm.dir.path()).status().unwrap();
    assert_eq!(status.code(), Some(0));
}

fn help_documents_the_exit_codes() {
    let out = Tm::new().expect(&["--help"], None, 0);
    assert!(stdout(&out).contains("Exit status: 0 success; 1 nothing found"), "{}", stdout(&out));
}
