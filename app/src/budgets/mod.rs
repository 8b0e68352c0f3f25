//! Participatory budgets: projects, ballots, and winners computed in the app by the rules real cities use.
//!
//! Built so far: the pabulib interchange format (`pabulib`, pure) and the tally (`tally`, pure): project scores
//! from ballots and the greedy family of rules, checked against real cities' official outcomes. The budget
//! lifecycle, ballots, paper entry and the Method of Equal Shares follow.

pub mod pabulib;
pub mod tally;
