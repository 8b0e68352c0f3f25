//! Reports: what reads every feature to give an account of them — the officials' dashboard (participation,
//! decisions, sensors, retention, budgets, with CSV downloads) and the quarterly data-use bulletin published for
//! residents. The top feature: nothing beneath it uses it.

pub mod bulletin;
pub mod dashboard;
