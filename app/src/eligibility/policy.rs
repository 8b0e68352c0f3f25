//! Who may take part in a vote: the rule staff set on a consultation or a budget (any confirmed account, or
//! verified residents only, with an optional minimum age), and the pure check of a person against it.
//!
//! Not behind `ssr`: the pages say who may vote, and why someone may not, with the same types the server
//! decides with. The district part of a rule stays with each vote (a consultation's concerned districts, a
//! budget's district envelopes); what this module adds is *which* district a person votes as: the verified
//! one when there is one, never the typed one ([`home_district`]).

use crate::code_enum;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Who may take part.
    Voters, "voters" {
        /// Any account whose email address was confirmed.
        Confirmed = "confirmed",
        /// Residents whose residence was verified (register, letter, desk or OpenID Connect).
        Residents = "residents",
    }
);

code_enum!(
    /// How a residence was verified (the `users.residence_method` column).
    Method, "residence-method" {
        /// The town's register, matched online.
        Register = "register",
        /// A code sent by post.
        Letter = "letter",
        /// An agent who checked an identity document at the town hall.
        Desk = "desk",
        /// An OpenID Connect identity (FranceConnect) matched against the register.
        Oidc = "oidc",
    }
);

/// The youngest and oldest minimum age a vote may set.
pub const MIN_AGE_RANGE: std::ops::RangeInclusive<u8> = 1..=120;

/// A vote's rule of participation, set at creation and locked when the vote opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRule {
    /// Who may take part.
    pub voters: Voters,
    /// The age a participant must have reached, from a verified birth date.
    pub min_age: Option<u8>,
}

impl Default for VoteRule {
    fn default() -> Self {
        VoteRule { voters: Voters::Confirmed, min_age: None }
    }
}

impl VoteRule {
    /// The rule as stored (`voters`, `min_age` columns); a stored age out of range restricts nothing more than
    /// the largest allowed one.
    pub fn stored(voters: Voters, min_age: Option<i64>) -> VoteRule {
        let min_age = min_age.map(|a| u8::try_from(a.clamp(1, 120)).unwrap_or(120));
        VoteRule { voters, min_age }
    }

    /// Whether it asks more than a confirmed address.
    pub fn restricts(self) -> bool {
        self.voters != Voters::Confirmed || self.min_age.is_some()
    }
}

/// Reads the rule's two form fields (`voters`: a [`Voters`] code, empty for "confirmed"; `min_age`: empty or a
/// whole number of years in [`MIN_AGE_RANGE`]), each error naming its field.
pub fn parse_rule(voters: &str, min_age: &str) -> Result<VoteRule, Vec<FieldError>> {
    let mut errors = vec![];
    let voters = match voters.trim() {
        "" => Some(Voters::Confirmed),
        code => Voters::from_code(code),
    };
    if voters.is_none() {
        errors.push(FieldError { field: Some("voters".into()), key: "error-choose-from-list".into() });
    }
    let min_age = match min_age.trim() {
        "" => None,
        text => {
            let age = text.parse::<u8>().ok().filter(|a| MIN_AGE_RANGE.contains(a));
            if age.is_none() {
                errors.push(FieldError { field: Some("min_age".into()), key: "error-min-age".into() });
            }
            age
        }
    };
    match voters {
        Some(voters) if errors.is_empty() => Ok(VoteRule { voters, min_age }),
        _ => Err(errors),
    }
}

/// A person's verified residence, as the check reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    /// How.
    pub method: Method,
    /// The district the verification gave.
    pub district_id: i64,
    /// The birth date it gave, if any.
    pub birth: Option<Date>,
}

/// Why a person may not take part under a rule (each has its message and the way to become eligible).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The vote is for verified residents and the account is not verified.
    NotResident,
    /// The vote has a minimum age and no verified birth date says the person reached it.
    AgeUnknown,
    /// The verified birth date says the person is younger than the minimum age.
    TooYoung,
}

impl Refusal {
    /// The Fluent key of the message that says why (its `$age` argument is the rule's minimum age).
    pub fn key(self) -> &'static str {
        match self {
            Refusal::NotResident => "eligibility-refused-not-resident",
            Refusal::AgeUnknown => "eligibility-refused-age-unknown",
            Refusal::TooYoung => "eligibility-refused-too-young",
        }
    }

    /// Whether verifying one's residence is the way to become eligible (it is not for someone too young).
    pub fn verification_helps(self) -> bool {
        self != Refusal::TooYoung
    }
}

/// Whether a person with `verified` residence (or none) may take part under `rule` on `today`.
pub fn admits(rule: VoteRule, verified: Option<&Verified>, today: Date) -> Result<(), Refusal> {
    if rule.voters == Voters::Residents && verified.is_none() {
        return Err(Refusal::NotResident);
    }
    if let Some(min) = rule.min_age {
        // Only a verified birth date counts: a typed one proves nothing.
        match verified.and_then(|v| v.birth) {
            None => return Err(Refusal::AgeUnknown),
            Some(birth) if birth.age_on(today) < u16::from(min) => return Err(Refusal::TooYoung),
            Some(_) => {}
        }
    }
    Ok(())
}

/// The district a person votes as: the verified one when there is one (it cannot be edited), else the one the
/// account declares.
pub fn home_district(declared: Option<i64>, verified: Option<&Verified>) -> Option<i64> {
    verified.map(|v| v.district_id).or(declared)
}

/// What is recorded of a participant's eligibility when they first take part: their verification method, or
/// `email` for a confirmed address alone.
pub fn recorded(verified: Option<&Verified>) -> &'static str {
    verified.map_or("email", |v| v.method.code())
}

/// A calendar date, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    /// Year (1900–2100).
    pub year: u16,
    /// Month (1–12).
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl Date {
    /// A date that exists, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2100).contains(&year) && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// ISO 8601 (`1980-03-14`).
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// A stored ISO date (`1980-03-14`), or `None` when it is not one.
    pub fn from_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The UTC calendar day of a Unix time, or `None` outside 1900–2100.
    pub fn of_unix(seconds: i64) -> Option<Date> {
        let d = crate::format::date_of(seconds);
        Date::new(u16::try_from(d.year).ok()?, u8::try_from(d.month).ok()?, u8::try_from(d.day).ok()?)
    }

    /// Whole years of age on `today`.
    pub fn age_on(self, today: Date) -> u16 {
        let before_birthday = (today.month, today.day) < (self.month, self.day);
        today.year.saturating_sub(self.year).saturating_sub(u16::from(before_birthday))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn resident(birth: Option<Date>) -> Verified {
        Verified { method: Method::Register, district_id: 2, birth }
    }

    #[test]
    fn confirmed_accounts_take_part_unless_an_age_is_asked() {
        let today = day(2026, 12, 7);
        let open = VoteRule::default();
        assert_eq!(admits(open, None, today), Ok(()));
        assert_eq!(admits(open, Some(&resident(None)), today), Ok(()));
        let sixteen = VoteRule { voters: Voters::Confirmed, min_age: Some(16) };
        // A confirmed address says nothing of age: the verification that gives a birth date is the way.
        assert_eq!(admits(sixteen, None, today), Err(Refusal::AgeUnknown));
        assert_eq!(admits(sixteen, Some(&resident(None)), today), Err(Refusal::AgeUnknown));
        assert_eq!(admits(sixteen, Some(&resident(Some(day(1980, 3, 14)))), today), Ok(()));
    }

    #[test]
    fn residents_only_and_minimum_age_on_the_birthday() {
        let today = day(2026, 12, 7);
        let rule = VoteRule { voters: Voters::Residents, min_age: Some(16) };
        assert_eq!(admits(rule, None, today), Err(Refusal::NotResident));
        // Sixteen on the day itself, fifteen the day before.
        assert_eq!(admits(rule, Some(&resident(Some(day(2010, 12, 7)))), today), Ok(()));
        assert_eq!(admits(rule, Some(&resident(Some(day(2010, 12, 8)))), today), Err(Refusal::TooYoung));
        // Born on 29 February: of age on 1 March of a common year.
        let rule18 = VoteRule { voters: Voters::Residents, min_age: Some(18) };
        let leapling = resident(Some(day(2008, 2, 29)));
        assert_eq!(admits(rule18, Some(&leapling), day(2026, 2, 28)), Err(Refusal::TooYoung));
        assert_eq!(admits(rule18, Some(&leapling), day(2026, 3, 1)), Ok(()));
        assert!(!Refusal::TooYoung.verification_helps() && Refusal::NotResident.verification_helps());
    }

    #[test]
    fn the_verified_district_is_the_one_voted_as() {
        assert_eq!(home_district(Some(5), None), Some(5));
        assert_eq!(home_district(Some(5), Some(&resident(None))), Some(2));
        assert_eq!(home_district(None, Some(&resident(None))), Some(2));
        assert_eq!(recorded(None), "email");
        assert_eq!(recorded(Some(&Verified { method: Method::Desk, district_id: 1, birth: None })), "desk");
    }

    #[test]
    fn the_rule_is_read_from_its_fields_with_bounded_ages() {
        assert_eq!(parse_rule("", ""), Ok(VoteRule::default()));
        assert_eq!(parse_rule("residents", " 16 "), Ok(VoteRule { voters: Voters::Residents, min_age: Some(16) }));
        for bad in ["0", "121", "-1", "16.5", "1e2", "256", "99999999999999999999", "seize"] {
            let errors = parse_rule("confirmed", bad).unwrap_err();
            assert_eq!(errors.len(), 1, "{bad}");
            assert_eq!(errors[0].field.as_deref(), Some("min_age"));
        }
        let errors = parse_rule("everyone", "abc").unwrap_err();
        let fields: Vec<_> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert_eq!(fields, ["voters", "min_age"]);
        assert_eq!(VoteRule::stored(Voters::Residents, Some(9_999)).min_age, Some(120));
        assert!(!VoteRule::default().restricts());
        assert!(VoteRule { voters: Voters::Confirmed, min_age: Some(11) }.restricts());
    }

    #[test]
    fn stored_dates_are_read_strictly() {
        assert_eq!(Date::from_iso("2010-12-07"), Some(day(2010, 12, 7)));
        for bad in ["2010-2-7", "2010-02-30", "10-12-2010", "", "2010-12-07x"] {
            assert_eq!(Date::from_iso(bad), None, "{bad}");
        }
        assert_eq!(Date::of_unix(1_796_601_600 + 86_399), Some(day(2026, 12, 7)));
    }
}
