//! Listing a section's amendments at any scale: which ones (open by default; withdrawn,
//! rejected and accepted behind a filter), in which order, one page at a time.
//!
//! The default order is shuffled, as Decidim and CONSUL do, so an amendment does not win
//! attention by being first or last changed. The shuffle is fixed for a visitor within a
//! day (the same list on every page and reload) and differs between visitors; anonymous
//! visitors share the day's order, so their pages stay cacheable by a shared cache.

use crate::domain::amendment::AmendmentStatus;
use serde::{Deserialize, Serialize};

/// Amendments on one page of a section's list.
pub const AMENDMENTS_PER_PAGE: usize = 20;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Show {
    /// Still in play: published, in conflict, in a vote (and the viewer's drafts).
    #[default]
    Open,
    /// Decided or given up: accepted, rejected, withdrawn.
    Closed,
    All,
}

impl Show {
    pub const ALL: [Show; 3] = [Show::Open, Show::Closed, Show::All];

    pub fn parse(s: &str) -> Show {
        match s {
            "closed" => Show::Closed,
            "all" => Show::All,
            _ => Show::Open,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Show::Open => "open",
            Show::Closed => "closed",
            Show::All => "all",
        }
    }
    pub fn includes(self, status: AmendmentStatus) -> bool {
        match self {
            Show::All => true,
            Show::Open => is_open(status),
            Show::Closed => !is_open(status),
        }
    }
}

/// Whether an amendment is still in play.
pub fn is_open(status: AmendmentStatus) -> bool {
    !matches!(
        status,
        AmendmentStatus::Accepted | AmendmentStatus::Rejected | AmendmentStatus::Withdrawn
    )
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    /// Shuffled per visitor and day.
    #[default]
    Shuffled,
    /// Most supporters first.
    Supported,
    /// Newest first.
    Newest,
    /// Most recently changed first.
    Changed,
}

impl Order {
    pub const ALL: [Order; 4] = [
        Order::Shuffled,
        Order::Supported,
        Order::Newest,
        Order::Changed,
    ];

    pub fn parse(s: &str) -> Order {
        match s {
            "supported" => Order::Supported,
            "newest" => Order::Newest,
            "changed" => Order::Changed,
            _ => Order::Shuffled,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Shuffled => "shuffled",
            Order::Supported => "supported",
            Order::Newest => "newest",
            Order::Changed => "changed",
        }
    }
}

/// Whose amendments: everyone's, the viewer's own, those the viewer supports, one
/// person's, or one assembly's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    #[default]
    Everyone,
    Mine,
    Supported,
    Author(i32),
    Assembly(i32),
}

impl Who {
    /// From the address: `mine`, `supported`, `author-ID`, `assembly-ID`; anything else is
    /// everyone.
    pub fn parse(s: &str) -> Who {
        let id = |rest: &str| rest.parse::<i32>().ok().filter(|n| *n > 0);
        match s {
            "mine" => Who::Mine,
            "supported" => Who::Supported,
            _ => {
                if let Some(n) = s.strip_prefix("author-").and_then(id) {
                    Who::Author(n)
                } else if let Some(n) = s.strip_prefix("assembly-").and_then(id) {
                    Who::Assembly(n)
                } else {
                    Who::Everyone
                }
            }
        }
    }
    pub fn param(self) -> String {
        match self {
            Who::Everyone => "all".into(),
            Who::Mine => "mine".into(),
            Who::Supported => "supported".into(),
            Who::Author(n) => format!("author-{n}"),
            Who::Assembly(n) => format!("assembly-{n}"),
        }
    }
}

/// The shuffle's seed: one per viewer (by account) and day; one per day for anonymous
/// visitors.
pub fn seed(viewer: Option<i32>, now: i64) -> u64 {
    let day = now.div_euclid(86_400) as u64;
    let who = viewer.map_or(0, |id| u64::from(id.unsigned_abs()) + 1);
    mix(day ^ mix(who))
}

/// Where an amendment falls in the shuffle for `seed`.
pub fn shuffle_key(seed: u64, id: i32) -> u64 {
    mix(seed ^ u64::from(id.unsigned_abs()))
}

/// SplitMix64's finalizer: every input bit moves every output bit.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The number of pages for `total` items (at least one), and the item range of `page`
/// (1-based; past the end reads as the last page).
pub fn page_range(total: usize, page: u64, per_page: usize) -> (u64, std::ops::Range<usize>) {
    let pages = total.div_ceil(per_page).max(1) as u64;
    let page = page.clamp(1, pages);
    let start = (page as usize - 1) * per_page;
    (pages, start..(start + per_page).min(total))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whose_filter_reads_back_what_it_writes() {
        for who in [
            Who::Everyone,
            Who::Mine,
            Who::Supported,
            Who::Author(7),
            Who::Assembly(3),
        ] {
            assert_eq!(Who::parse(&who.param()), who);
        }
        for junk in [
            "",
            "author-",
            "author-x",
            "author--3",
            "assembly-0",
            "mine ",
        ] {
            assert_eq!(Who::parse(junk), Who::Everyone, "{junk}");
        }
    }

    #[test]
    fn open_and_closed_split_every_status() {
        use AmendmentStatus::*;
        for s in [Draft, Published, Conflicted, InVote] {
            assert!(Show::Open.includes(s) && !Show::Closed.includes(s));
        }
        for s in [Accepted, Rejected, Withdrawn] {
            assert!(Show::Closed.includes(s) && !Show::Open.includes(s));
        }
        for show in Show::ALL {
            assert_eq!(Show::parse(show.as_str()), show);
        }
        for order in Order::ALL {
            assert_eq!(Order::parse(order.as_str()), order);
        }
        assert_eq!(Show::parse("anything"), Show::Open);
        assert_eq!(Order::parse(""), Order::Shuffled);
    }

    #[test]
    fn pages_cover_the_list_once() {
        assert_eq!(page_range(0, 1, 20), (1, 0..0));
        assert_eq!(page_range(45, 1, 20), (3, 0..20));
        assert_eq!(page_range(45, 3, 20), (3, 40..45));
        assert_eq!(page_range(45, 9, 20), (3, 40..45));
        assert_eq!(page_range(45, 0, 20), (3, 0..20));
    }

    #[test]
    fn the_shuffle_is_fixed_per_visitor_and_day_and_differs_between_them() {
        let day = 20_000 * 86_400;
        let order = |seed: u64| {
            let mut ids: Vec<i32> = (1..=50).collect();
            ids.sort_by_key(|&id| shuffle_key(seed, id));
            ids
        };
        let me = order(seed(Some(7), day));
        assert_eq!(
            me,
            order(seed(Some(7), day + 3_600)),
            "same day, same order"
        );
        assert_ne!(me, order(seed(Some(8), day)), "another visitor");
        assert_ne!(me, order(seed(Some(7), day + 86_400)), "another day");
        assert_ne!(
            me,
            order(seed(None, day)),
            "anonymous visitors share another"
        );
        assert_ne!(me, (1..=50).collect::<Vec<_>>(), "not the id order");
    }

    proptest! {
        #[test]
        fn every_item_is_on_exactly_one_page(total in 0usize..500, per in 1usize..50) {
            let (pages, _) = page_range(total, 1, per);
            let mut seen = 0;
            for p in 1..=pages {
                let (_, r) = page_range(total, p, per);
                prop_assert_eq!(r.start, seen);
                prop_assert!(r.len() <= per);
                seen = r.end;
            }
            prop_assert_eq!(seen, total);
        }
    }

    #[test]
    fn the_first_place_goes_around() {
        // Over many visitors, each of three amendments is first about a third of the time.
        let mut firsts = [0u32; 3];
        for who in 0..300 {
            let s = seed(Some(who), 0);
            let first = (1..=3).min_by_key(|&id| shuffle_key(s, id)).unwrap();
            firsts[(first - 1) as usize] += 1;
        }
        assert!(firsts.iter().all(|&n| n > 70), "{firsts:?}");
    }
}
