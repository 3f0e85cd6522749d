//! What the `make fuzz` examples share: a small deterministic generator (no dependency, the same
//! inputs on every run for a seed).

/// xorshift64*.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    #[allow(dead_code)]
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    #[allow(dead_code)]
    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}
