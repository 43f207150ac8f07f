#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tm::fuzz::run("matcher", data));
