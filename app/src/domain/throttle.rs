//! The per-account login throttle: after a few free failures, each further failure doubles
//! the wait before the next attempt, up to a ceiling. Pure arithmetic; the state lives in
//! the database so every app server sees the same counts.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed before any wait.
    pub free_failures: u32,
    /// Wait after the first failure past the free ones, in seconds.
    pub base_secs: i64,
    /// Longest wait, in seconds.
    pub max_secs: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            free_failures: 5,
            base_secs: 1,
            max_secs: 15 * 60,
        }
    }
}

impl ThrottlePolicy {
    /// Seconds to wait after `failures` consecutive failures (0 while free).
    pub fn wait_after(&self, failures: u32) -> i64 {
        if failures < self.free_failures {
            return 0;
        }
        let doublings = (failures - self.free_failures).min(40);
        self.base_secs
            .saturating_mul(1_i64 << doublings)
            .min(self.max_secs)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn free_then_doubling_then_capped() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.wait_after(0), 0);
        assert_eq!(p.wait_after(4), 0);
        assert_eq!(p.wait_after(5), 1);
        assert_eq!(p.wait_after(6), 2);
        assert_eq!(p.wait_after(10), 32);
        assert_eq!(p.wait_after(20), 900);
        assert_eq!(p.wait_after(u32::MAX), 900);
    }

    #[test]
    fn waits_never_decrease() {
        let p = ThrottlePolicy {
            free_failures: 3,
            base_secs: 2,
            max_secs: 600,
        };
        let waits: Vec<i64> = (0..100).map(|n| p.wait_after(n)).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }
}
