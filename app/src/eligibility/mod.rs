//! Who may vote: residence verification, a feature of its own above `accounts` and beneath the features that
//! ask it (consultations, budgets, kiosks).
//!
//! A confirmed email says someone has a mailbox, not that they live in the town or in which district. A
//! resident is *verified* by a method — the town's register, a letter code, a check at the desk, or an
//! OpenID Connect identity (FranceConnect) matched against the register — which gives the district, never typed.
//! The register the town holds is never stored: only keyed hashes of what matching needs (see [`rules`]), so a
//! copy of the database does not give the list of residents.
//!
//! Built so far: the pure rules (how names, birth dates and postcodes are normalised, the keys an entry is
//! matched by, the reading of a register file with its per-line errors); the register's import, all or
//! nothing, which says how many people were added, kept and removed (`clairvoie register import FILE`); a
//! resident's online match, throttled, one register entry verifying one account.

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod letters;
pub mod pages;
pub mod policy;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

/// The addresses of the feature.
pub mod paths {
    /// A resident verifies by the register (post; the form is on "my account").
    pub const VERIFY: &str = "/compte/residence";
    /// Admins: the resident register (its figures, and a new file to replace it).
    pub const REGISTER: &str = "/admin/registre";
    /// A resident asks for a letter with a code (post; the form is on "my account").
    pub const LETTER: &str = "/compte/residence/courrier";
    /// A resident types their letter's code (post).
    pub const LETTER_CODE: &str = "/compte/residence/code";
    /// Admins: the letters waiting to be printed.
    pub const LETTERS: &str = "/admin/courriers";
    /// Admins refuse to send one (post).
    pub const LETTER_REFUSE: crate::route::Route<1> = crate::route::Route::new("/admin/courriers/{id}/refus");
    /// Admins print them: the printable letters or the mail-merge file (post).
    pub const LETTERS_PRINT: &str = "/admin/courriers/impression";
}

/// The largest register file taken (200,000 people of about 80 bytes a line, with room).
pub const MAX_REGISTER_BYTES: usize = 24 * 1024 * 1024;

/// A verified residence as the account page shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Residence {
    /// How: `register`, `letter`, `desk` or `oidc`.
    pub method: String,
    /// When (Unix seconds).
    pub verified_at: i64,
    /// The district it gave.
    pub district: String,
    /// The birth date it gave, if any.
    pub birth_date: Option<String>,
}

/// A letter waiting to be printed, as staff review them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingLetter {
    /// Id.
    pub id: i64,
    /// The name on the letterbox.
    pub recipient: String,
    /// The address.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// The district the resident gave.
    pub district: String,
    /// When it was asked for.
    pub requested_at: i64,
    /// How many pending letters go to this address (more than one is worth a look).
    pub same_address: usize,
}

/// A desk check waiting for its second staff member.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingDeskCheck {
    /// Id.
    pub id: i64,
    /// The account's name.
    pub name: String,
    /// The district it gives.
    pub district: String,
    /// The agent who saw the document.
    pub agent: String,
    /// Whether the register holds the person.
    pub on_register: bool,
    /// When it was recorded.
    pub at: i64,
    /// Whether the reader recorded it (then another must confirm).
    pub mine: bool,
}
