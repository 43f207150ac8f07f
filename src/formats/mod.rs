//! File formats: bytes in, entries out, and back. One module per format; none of
//! them touches the database. Positions in errors and problems name the file, the
//! line and the record.

pub mod decode;
pub mod inline;
pub mod tmx;
