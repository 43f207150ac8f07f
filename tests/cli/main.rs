//! The `tm` command, run as a user runs it: a fresh memory in a temporary directory,
//! real material from `../shared`, JSON output decoded into typed structs, exit
//! statuses checked. One module per command; one test binary.

#[path = "../util/mod.rs"]
mod util;

mod align;
mod errors;
mod export;
mod import;
mod search;
mod segment;
mod stats;
mod suggest;
