//! FNV-1a, the one stable hash of `tm`: stored in the memory (source hashes for
//! duplicate checks, matching-key hashes), so it must give the same value in every
//! build and version, which `std`'s hashers do not promise.

/// 64-bit FNV-1a, as a signed integer for SQLite. Stable across builds and versions.
pub fn fnv1a(bytes: &[u8]) -> i64 {
    let mut h = Fnv1a::default();
    h.write(bytes);
    h.finish() as i64
}

/// A 64-bit hash folded to its low 32 bits, sign-extended: what an entry keeps
/// of its source's hash ([`crate::entry::Text::markup_hash`]), which SQLite then
/// stores in 4 bytes, in the row and in its index, instead of 8. A duplicate
/// check compares the texts of the entries it finds by hash, so a collision
/// costs one look-up, never a wrong answer: at 10M entries, about one new
/// source in 430 meets an entry of another source with its hash.
///
/// The schema's migration to version 8 folds the stored hashes in SQL:
/// `(((h & 4294967295) + 2147483648) & 4294967295) - 2147483648`.
pub fn fold32(h: u64) -> i64 {
    i64::from(h as u32 as i32)
}

/// 64-bit FNV-1a over bytes given in pieces.
#[derive(Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}
