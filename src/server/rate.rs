//! The rate limit: requests per second for each caller, a token bucket each.
//!
//! A caller is a token's user, or, without a known token, the address the
//! request comes from (so that anonymous readers share nothing with token
//! holders, and one client cannot starve the others). Each bucket holds up to
//! `burst` requests and refills at `per_second`; a request finding it empty is
//! answered 429 with `Retry-After`, the seconds until one request is free. The
//! default (100 a second, bursts of 200) is far above what a translator's CAT
//! tool or Weblate's machinery sends while it translates (one request a
//! segment, each answered in milliseconds), and it stops a runaway script from
//! taking every thread; `--rate 0` turns it off (the load benchmark does, since
//! its fifty clients share one address).
//!
//! The buckets are kept in memory, at most [`MAX_CALLERS`]: past that, the
//! full ones (callers that have been quiet long enough to get their whole
//! burst back, who lose nothing by being forgotten) are dropped.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Callers whose buckets are kept before the full ones are dropped.
pub const MAX_CALLERS: usize = 10_000;

/// How many requests a caller may send.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Requests a second, sustained; 0: no limit.
    pub per_second: f64,
    /// Requests at once after a quiet time.
    pub burst: f64,
}

impl Rate {
    /// `per_second`, with bursts of twice as many.
    pub fn per_second(per_second: f64) -> Rate {
        Rate { per_second, burst: (2.0 * per_second).max(1.0) }
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Every caller's bucket.
pub struct Limiter {
    rate: Rate,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Limiter {
    pub fn new(rate: Rate) -> Limiter {
        Limiter { rate, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request of `caller`'s at `now`: `Ok`, or how long until one is free.
    pub fn take(&self, caller: &str, now: Instant) -> Result<(), Duration> {
        let Rate { per_second, burst } = self.rate;
        if per_second <= 0.0 {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let refilled =
            |b: &Bucket| (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second).min(burst);
        if buckets.len() >= MAX_CALLERS && !buckets.contains_key(caller) {
            buckets.retain(|_, b| refilled(b) < burst);
        }
        let bucket = buckets.entry(caller.to_string()).or_insert(Bucket { tokens: burst, at: now });
        let tokens = refilled(bucket);
        if tokens >= 1.0 {
            *bucket = Bucket { tokens: tokens - 1.0, at: now };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / per_second))
        }
    }

    /// Callers whose buckets are kept.
    #[cfg(test)]
    fn callers(&self) -> usize {
        self.buckets.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_taken_then_requests_come_at_the_rate() {
        let limiter = Limiter::new(Rate { per_second: 10.0, burst: 3.0 });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take("ana", t0), Ok(()));
        }
        let wait = limiter.take("ana", t0).unwrap_err();
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        // Another caller has a bucket of its own.
        assert_eq!(limiter.take("ip:127.0.0.1", t0), Ok(()));
        // A tenth of a second later one more request is free, and only one.
        let t1 = t0 + Duration::from_millis(100);
        assert_eq!(limiter.take("ana", t1), Ok(()));
        assert!(limiter.take("ana", t1).is_err());
        // After a quiet second the whole burst is back, never more.
        let t2 = t1 + Duration::from_secs(10);
        for _ in 0..3 {
            assert_eq!(limiter.take("ana", t2), Ok(()));
        }
        assert!(limiter.take("ana", t2).is_err());
    }

    #[test]
    fn a_rate_of_zero_limits_nothing() {
        let limiter = Limiter::new(Rate::per_second(0.0));
        let now = Instant::now();
        assert!((0..10_000).all(|_| limiter.take("ana", now).is_ok()));
    }

    #[test]
    fn quiet_callers_are_forgotten_past_the_most_kept() {
        let limiter = Limiter::new(Rate { per_second: 1.0, burst: 2.0 });
        let t0 = Instant::now();
        for i in 0..MAX_CALLERS {
            limiter.take(&format!("ip:{i}"), t0).unwrap();
        }
        // One busy caller, who has used up the burst.
        limiter.take("ip:busy", t0).unwrap_or(());
        let _ = limiter.take("ip:busy", t0);
        // A second later every other bucket is full again: they are dropped, the busy one kept.
        let t1 = t0 + Duration::from_millis(1500);
        limiter.take("ip:new", t1).unwrap();
        assert_eq!(limiter.callers(), 2);
    }
}
