//! XLIFF, the exchange format of CAT tools (1.2, with the SDLXLIFF and memoQ
//! flavours, and 2.0): [`write`] writes pre-translations, as new documents and as
//! the pieces put into an existing file.

pub mod write;
