//! What every way of taking part shares, below the features that hold votes (`consultations`, `budgets`) and the
//! doors people vote through (web, `kiosk`, paper): the channel a vote came through, and the district a person
//! votes as.
//!
//! A person's district decides which votes they may take part in (a district's envelope, a consultation for
//! the concerned districts only). The account's district can be edited at any time, so it is read once per
//! vote: at the person's first vote in it, their district is *pinned* for that vote (`vote_districts`), and
//! every later check of that vote — another envelope of the same budget, a changed vote — uses the pinned
//! district, never the current one. Changing one's district therefore never opens a second district's vote.

#[cfg(feature = "ssr")]
pub mod queries;

use crate::code_enum;

code_enum!(
    /// How a ballot reached the town.
    Channel, "channel" {
        Web = "web",
        Kiosk = "kiosk",
        Paper = "paper",
    }
);

impl Channel {
    /// The channel a vote cast in the request of `ctx` comes by (paper ballots are typed in by staff, never cast
    /// through a request of the voter's).
    pub fn of(ctx: &crate::ctx::RequestCtx) -> Channel {
        if ctx.kiosk_visit {
            Channel::Kiosk
        } else {
            Channel::Web
        }
    }
}

/// The kinds of vote a district is pinned for (the `scope` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A participatory budget (all its envelopes).
    Budget,
    /// A consultation.
    Consultation,
}

impl Scope {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Scope::Budget => "budget",
            Scope::Consultation => "consultation",
        }
    }
}

/// Counts of fewer people than this are not published where they would tell how a few known people voted (the
/// voters of one channel in an envelope, of one district in a consultation): the usual small-cell rule of
/// official statistics.
pub const SMALL_COUNT: i64 = 5;

/// A count as it may be published: withheld (`None`) from 1 to [`SMALL_COUNT`] − 1; nobody (0) and larger
/// counts are shown.
pub fn publishable(count: i64) -> Option<i64> {
    (count == 0 || count >= SMALL_COUNT).then_some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_withheld() {
        assert_eq!(publishable(0), Some(0));
        for n in 1..SMALL_COUNT {
            assert_eq!(publishable(n), None, "{n}");
        }
        assert_eq!(publishable(SMALL_COUNT), Some(SMALL_COUNT));
        assert_eq!(publishable(i64::MAX), Some(i64::MAX));
        assert_eq!(publishable(-1), None);
    }
}
