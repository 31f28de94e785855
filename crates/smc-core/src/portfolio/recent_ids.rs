//! The fill ids a portfolio remembers to make replayed fills idempotent. Bounded: a live
//! account books fills for days, and a set of every id ever seen would grow with each one.
//! Replays (an at-least-once feed redelivering its last uncommitted messages, a reconnect
//! resending the last reports) repeat recent fills, so the most recent ids are the ones that
//! matter; the oldest is forgotten first.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

/// The last `capacity` distinct ids, in first-seen order (FIFO: seeing an id again does not
/// make it younger). O(1) per insert; each id is stored once, shared by the set and the queue.
#[derive(Debug, Clone)]
pub(super) struct RecentIds {
    set: HashSet<Arc<str>>,
    /// The ids of `set`, oldest first.
    order: VecDeque<Arc<str>>,
    capacity: usize,
}

impl RecentIds {
    pub fn new(capacity: usize) -> Self {
        RecentIds {
            set: HashSet::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    /// Remembers `id`; false when it is remembered already (a duplicate).
    pub fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        if self.capacity == 0 {
            return true;
        }
        if self.order.len() >= self.capacity {
            self.forget_oldest();
        }
        let id: Arc<str> = id.into();
        self.set.insert(Arc::clone(&id));
        self.order.push_back(id);
        true
    }

    /// Changes the bound, forgetting the oldest ids beyond it.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        while self.order.len() > capacity {
            self.forget_oldest();
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    fn forget_oldest(&mut self) {
        if let Some(old) = self.order.pop_front() {
            self.set.remove(&old);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RecentIds;

    #[test]
    fn keeps_the_last_ids_and_forgets_the_oldest_first() {
        let mut ids = RecentIds::new(3);
        for id in ["a", "b", "c"] {
            assert!(ids.insert(id));
        }
        assert!(!ids.insert("a"), "a is remembered");
        assert!(ids.insert("d"), "d is new");
        assert_eq!(ids.len(), 3);
        // "a" was the oldest (seeing it again did not make it younger): it is forgotten.
        assert!(ids.insert("a"));
        assert!(!ids.insert("c") && !ids.insert("d"));
        // That insert of "a" forgot "b".
        assert!(ids.insert("b"));
    }

    #[test]
    fn zero_remembers_nothing_and_shrinking_forgets_the_oldest() {
        let mut none = RecentIds::new(0);
        assert!(none.insert("a") && none.insert("a"));
        assert_eq!(none.len(), 0);
        let mut ids = RecentIds::new(10);
        for id in ["a", "b", "c", "d"] {
            ids.insert(id);
        }
        ids.set_capacity(2);
        assert_eq!(ids.len(), 2);
        assert!(!ids.insert("c") && !ids.insert("d"));
        assert!(ids.insert("a"));
    }
}
