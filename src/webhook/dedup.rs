//! Replay protection: remembers the last N verified delivery ids so a redelivered (or replayed)
//! event does not start a second scan. Memory is bounded by evicting the oldest id.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// A bounded, insertion-ordered set of delivery keys. Thread-safe; the critical sections are a
/// few hash operations, so a plain mutex is cheaper than anything cleverer.
pub struct DeliveryCache {
    inner: Mutex<Inner>,
    capacity: usize,
}

struct Inner {
    /// key -> sequence number of its live insertion.
    live: HashMap<String, u64>,
    /// Insertion order. May hold stale entries for keys that were forgotten (and maybe
    /// re-inserted); the sequence number tells them apart so eviction never drops a newer one.
    order: VecDeque<(u64, String)>,
    next_seq: u64,
}

impl DeliveryCache {
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        DeliveryCache {
            inner: Mutex::new(Inner {
                live: HashMap::with_capacity(capacity.min(16_384)),
                order: VecDeque::with_capacity(capacity.min(16_384)),
                next_seq: 0,
            }),
            capacity,
        }
    }

    /// Records `key`; returns false if it was already present (a duplicate).
    pub fn insert(&self, key: &str) -> bool {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.live.contains_key(key) {
            return false;
        }
        let seq = g.next_seq;
        g.next_seq += 1;
        g.live.insert(key.to_string(), seq);
        g.order.push_back((seq, key.to_string()));
        while g.order.len() > self.capacity {
            if let Some((old_seq, old_key)) = g.order.pop_front()
                && g.live.get(&old_key) == Some(&old_seq)
            {
                g.live.remove(&old_key);
            }
        }
        true
    }

    /// Forgets `key`, so a redelivery is processed again (used when the trigger could not be
    /// queued or failed).
    pub fn forget(&self, key: &str) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.live.remove(key);
    }

    pub fn contains(&self, key: &str) -> bool {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.live.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .live
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_detected() {
        let c = DeliveryCache::new(10);
        assert!(c.insert("a"));
        assert!(!c.insert("a"));
        assert!(c.insert("b"));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn oldest_is_evicted_at_capacity() {
        let c = DeliveryCache::new(3);
        for k in ["a", "b", "c", "d"] {
            assert!(c.insert(k));
        }
        assert!(!c.contains("a"));
        assert!(c.contains("b") && c.contains("d"));
        assert_eq!(c.len(), 3);
        assert!(c.insert("a"));
    }

    #[test]
    fn forget_then_reinsert_keeps_the_new_entry_alive() {
        let c = DeliveryCache::new(3);
        c.insert("a");
        c.forget("a");
        assert!(c.insert("a")); // order: (0,a stale), (1,a)
        c.insert("b");
        c.insert("c"); // evicts the stale (0,a) only
        assert!(c.contains("a"));
        c.insert("d"); // evicts (1,a)
        assert!(!c.contains("a"));
        assert!(c.len() <= 3);
    }

    #[test]
    fn memory_stays_bounded() {
        let c = DeliveryCache::new(100);
        for i in 0..10_000 {
            c.insert(&i.to_string());
            if i % 3 == 0 {
                c.forget(&i.to_string());
            }
        }
        assert!(c.len() <= 100);
        assert!(c.inner.lock().unwrap().order.len() <= 100);
    }
}
