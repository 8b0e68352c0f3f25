//! What every way of taking part shares, below the features that hold votes (`consultations`, `budgets`) and the
//! doors people vote through (web, `kiosk`, paper): for now, the district a person votes as.
//!
//! A person's district decides which votes they may take part in (a district's envelope, a consultation for
//! the concerned districts only). The account's district can be edited at any time, so it is read once per
//! vote: at the person's first vote in it, their district is *pinned* for that vote (`vote_districts`), and
//! every later check of that vote — another envelope of the same budget, a changed vote — uses the pinned
//! district, never the current one. Changing one's district therefore never opens a second district's vote.

#[cfg(feature = "ssr")]
pub mod queries;

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
