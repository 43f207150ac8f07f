//! A Bloom filter over source hashes: lets a large import skip the database
//! look-up for the (usual) entry whose source the memory does not have yet.
//!
//! Sixteen bits and four probes per hash give about one false "maybe" in 400;
//! a "no" is always right. The filter holds [`Bloom::capacity`] hashes at that rate
//! and must be rebuilt larger beyond it.

/// Bits per hash the filter is sized for.
const BITS_PER_HASH: usize = 16;
const PROBES: usize = 4;

#[derive(Clone, Debug)]
pub struct Bloom {
    words: Vec<u64>,
    /// `words.len() * 64 - 1`: the bit count is a power of two.
    mask: u64,
    count: usize,
}

/// SplitMix64's finalizer: spreads the input's entropy over all 64 bits.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

impl Bloom {
    /// An empty filter for at least `hashes` hashes.
    pub fn with_capacity(hashes: usize) -> Bloom {
        let bits = (hashes.max(1 << 16) * BITS_PER_HASH).next_power_of_two();
        Bloom { words: vec![0; bits / 64], mask: bits as u64 - 1, count: 0 }
    }

    /// How many hashes it holds at its designed error rate.
    pub fn capacity(&self) -> usize {
        self.words.len() * 64 / BITS_PER_HASH
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The bits that stand for `hash`.
    fn probes(&self, hash: i64) -> [u64; PROBES] {
        let h = mix(hash as u64);
        let (a, b) = (h, h.rotate_left(32) | 1);
        std::array::from_fn(|i| a.wrapping_add((i as u64).wrapping_mul(b)) & self.mask)
    }

    pub fn insert(&mut self, hash: i64) {
        for bit in self.probes(hash) {
            self.words[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        self.count += 1;
    }

    /// `false`: the hash was never inserted; `true`: it may have been.
    pub fn may_contain(&self, hash: i64) -> bool {
        self.probes(hash).iter().all(|&bit| self.words[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::index::fnv1a;

    #[test]
    fn every_inserted_hash_is_found_and_few_others_are() {
        let mut bloom = Bloom::with_capacity(100_000);
        let hash = |i: u32| fnv1a(format!("الجملة رقم {i}").as_bytes());
        (0..100_000).for_each(|i| bloom.insert(hash(i)));
        assert!((0..100_000).all(|i| bloom.may_contain(hash(i))));
        let false_maybes = (100_000..200_000).filter(|&i| bloom.may_contain(hash(i))).count();
        assert!(false_maybes < 1_000, "{false_maybes} false positives in 100,000");
        assert_eq!(bloom.len(), 100_000);
        assert!(bloom.capacity() >= 100_000);
    }
}
