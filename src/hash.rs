//! FNV-1a, the one stable hash of `tm`: stored in the memory (source hashes for
//! duplicate checks, matching-key hashes), so it must give the same value in every
//! build and version, which `std`'s hashers do not promise.

/// 64-bit FNV-1a, as a signed integer for SQLite. Stable across builds and versions.
pub fn fnv1a(bytes: &[u8]) -> i64 {
    let mut h = Fnv1a::default();
    h.write(bytes);
    h.finish() as i64
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
