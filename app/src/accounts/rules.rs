//! Pure account rules: passwords, addresses, names, token lifetimes and the sign-in rate limit.

use crate::error::{FieldError, UserError};

/// Shortest accepted password (ANSSI and OWASP both favour length over composition rules).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password: hashing is deliberately slow, so the input is bounded.
pub const MAX_PASSWORD_CHARS: usize = 256;
/// How long an email-verification link stays valid.
pub const VERIFY_EMAIL_TTL_SECONDS: i64 = 48 * 3600;
/// How long a password-reset link stays valid.
pub const RESET_PASSWORD_TTL_SECONDS: i64 = 3600;
/// How long the set-password link printed by `clairvoie create-admin` stays valid.
pub const ADMIN_SETUP_TTL_SECONDS: i64 = 24 * 3600;
/// The window over which failed sign-ins are counted.
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;
/// Failed sign-ins one client may make on one account before each further attempt waits (a growing delay).
pub const FREE_FAILURES_PER_CLIENT: i64 = 3;
/// The first wait, in seconds; it doubles with each further failure, up to the window.
pub const FIRST_DELAY_SECONDS: i64 = 5;
/// Failed sign-ins on one account from all clients in the window past which a client the account never signed
/// in from must use a mailed sign-in link (someone is guessing from many addresses); its usual clients still
/// sign in with the password.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 10;
/// Failed sign-ins allowed per IP address in the window, all accounts together (a desk or a school shares one
/// address); a client known to the account is not held by it.
pub const MAX_FAILURES_PER_IP: i64 = 30;
/// How long a mailed sign-in link stays valid.
pub const SIGN_IN_LINK_TTL_SECONDS: i64 = 15 * 60;
/// How long a holder's code mailed for a kiosk stays valid.
pub const HOLDER_CODE_TTL_SECONDS: i64 = 15 * 60;
/// Holder's codes one address may be mailed per hour (apart from its links).
pub const MAX_HOLDER_CODES_PER_HOUR: i64 = 3;
/// Mails with a link (verification, reset, sign-in) one address may receive per hour.
pub const MAX_LINK_MAILS_PER_HOUR: i64 = 5;
/// Registrations one IP address may make per hour.
pub const MAX_REGISTRATIONS_PER_HOUR: i64 = 10;

/// Passwords that meet the length rule but are among the first tried by attackers (French and English).
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789abc",
    "1234567890ab",
    "azertyuiop12",
    "azertyuiop123",
    "azertyuiopqs",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopas",
    "password1234",
    "password12345",
    "passwordpassword",
    "motdepasse12",
    "motdepasse123",
    "motdepasse1234",
    "motdepassemotdepasse",
    "111111111111",
    "000000000000",
    "123123123123",
    "abcdefghijkl",
    "abcdef123456",
    "abc123abc123",
    "iloveyou1234",
    "jetaime12345",
    "jetaimejetaime",
    "soleil123456",
    "bonjour12345",
    "bonjourbonjour",
    "doudou123456",
    "chouchou1234",
    "marseille13013",
    "nicolas12345",
    "loulou123456",
    "football1234",
    "princesse123",
    "1q2w3e4r5t6y",
    "q1w2e3r4t5y6",
    "a1z2e3r4t5y6",
    "administrator",
    "administrateur",
    "changeme1234",
    "welcome12345",
    "letmein12345",
    "qazwsxedcrfv",
    "zaqwsxcderfv",
    "passw0rd1234",
    "p@ssw0rd1234",
    "trustno1trustno1",
    "superman1234",
    "starwars1234",
    "monkey123456",
    "dragon123456",
    "sunshine1234",
    "liverpool123",
    "clairvoie123",
    "clairvoie2026",
    "mairie123456",
    "azerty123456",
    "qwerty123456",
    "aaaaaaaaaaaa",
    "azerazerazer",
    "wxcvbnwxcvbn",
];

/// Checks a new password and its confirmation; returns every problem found.
pub fn check_new_password(password: &str, confirmation: &str, email: &str) -> Vec<FieldError> {
    let mut errors = vec![];
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        errors.push(UserError::field("password", "error-password-too-short"));
    } else if chars > MAX_PASSWORD_CHARS {
        errors.push(UserError::field("password", "error-password-too-long"));
    } else if is_common_password(password, email) {
        errors.push(UserError::field("password", "error-password-common"));
    }
    if password != confirmation {
        errors.push(UserError::field("password_confirm", "error-password-mismatch"));
    }
    errors
}

/// Whether the password is on the common list, one repeated character, or the address itself.
pub fn is_common_password(password: &str, email: &str) -> bool {
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let single_repeated = first.is_some_and(|f| chars.all(|c| c == f));
    let local_part = email.split('@').next().unwrap_or("").to_lowercase();
    single_repeated
        || COMMON_PASSWORDS.contains(&lower.as_str())
        || (!local_part.is_empty() && (lower == local_part || lower == email.to_lowercase()))
}

/// Normalises an email address for storage and lookup (trimmed, lower case).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible address: one `@`, a non-empty local part, a dotted domain, no spaces, at most 254 characters.
pub fn check_email(email: &str) -> Option<FieldError> {
    let email = email.trim();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    (!valid).then(|| {
        if email.is_empty() {
            UserError::field("email", "error-email-required")
        } else {
            UserError::field("email", "error-email-invalid")
        }
    })
}

/// A display name: 2 to 60 characters, no control characters.
pub fn check_display_name(name: &str) -> Option<FieldError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 {
        Some(UserError::field("display_name", "error-display-name-required"))
    } else if !(2..=60).contains(&chars)
        || name.chars().any(crate::text::is_invisible)
        || !name.chars().any(char::is_alphanumeric)
    {
        // Invisible characters only make two names look alike (or a name look empty).
        Some(UserError::field("display_name", "error-display-name-invalid"))
    } else {
        None
    }
}

/// The state of a single-use token at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    /// Can be used now.
    Valid,
    /// Its lifetime is over.
    Expired,
    /// Already used once.
    Used,
}

/// Decides whether a token can be used at `now` (Unix seconds).
pub fn token_status(expires_at: i64, used_at: Option<i64>, now: i64) -> TokenStatus {
    if used_at.is_some() {
        TokenStatus::Used
    } else if now >= expires_at {
        TokenStatus::Expired
    } else {
        TokenStatus::Valid
    }
}

/// The message shown for an unusable token.
pub fn token_error(status: Option<TokenStatus>) -> FieldError {
    match status {
        Some(TokenStatus::Expired) => UserError::general("error-token-expired"),
        Some(TokenStatus::Used) => UserError::general("error-token-used"),
        _ => UserError::general("error-token-invalid"),
    }
}

/// Recent failed sign-ins around one attempt (over [`LOGIN_WINDOW_SECONDS`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Failures on this account from this client (its known-client cookie, else its IP address).
    pub from_client: i64,
    /// When the last of those was (Unix seconds).
    pub last_from_client: Option<i64>,
    /// Failures on this account from every client.
    pub on_account: i64,
    /// Failures from this IP address on every account.
    pub from_ip: i64,
    /// Whether the client carries a cookie from an earlier sign-in to this account.
    pub known_client: bool,
}

/// What the sign-in throttle decides about an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Check the password.
    Check,
    /// This client tries again too soon: wait this many seconds.
    Wait(i64),
    /// Too many failures on the account from elsewhere: this unknown client signs in with a mailed link.
    MailedLink,
}

/// The sign-in throttle. It slows whoever guesses — per account *and* client, with a delay that doubles after
/// each failure — but never locks an account: the owner's usual client (its cookie) is held only by its own
/// failures, and any client can sign in through a link mailed to the address.
pub fn sign_in_gate(a: &Attempts, now: i64) -> Gate {
    if a.from_client >= FREE_FAILURES_PER_CLIENT {
        let doublings = u32::try_from(a.from_client - FREE_FAILURES_PER_CLIENT).unwrap_or(u32::MAX).min(16);
        let delay = FIRST_DELAY_SECONDS.saturating_mul(1 << doublings).min(LOGIN_WINDOW_SECONDS);
        let ready = a.last_from_client.unwrap_or(now).saturating_add(delay);
        if now < ready {
            return Gate::Wait(ready - now);
        }
    }
    if a.known_client {
        return Gate::Check;
    }
    if a.from_ip >= MAX_FAILURES_PER_IP {
        return Gate::Wait(LOGIN_WINDOW_SECONDS);
    }
    if a.on_account >= MAX_FAILURES_PER_ACCOUNT {
        return Gate::MailedLink;
    }
    Gate::Check
}

/// A holder's code as typed at a kiosk: eight digits, spaces and dashes ignored ("1234 5678", "1234-5678").
/// Anything else is not a code (it is then checked as a password).
pub fn read_holder_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_codes_are_eight_digits() {
        assert_eq!(read_holder_code(" 1234 5678 ").as_deref(), Some("12345678"));
        assert_eq!(read_holder_code("1234-5678").as_deref(), Some("12345678"));
        for not_a_code in ["", "1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨", "+1234567", "correct horse battery"]
        {
            assert_eq!(read_holder_code(not_a_code), None, "{not_a_code}");
        }
    }

    fn keys(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn password_needs_twelve_characters() {
        assert_eq!(keys(&check_new_password("court", "court", "a@b.fr")), ["error-password-too-short"]);
        // Counted in characters, not bytes: eleven accented letters are still too short.
        assert_eq!(keys(&check_new_password("ééééééééééé", "ééééééééééé", "a@b.fr")), ["error-password-too-short"]);
        assert!(check_new_password("cheval-agrafe-pile", "cheval-agrafe-pile", "a@b.fr").is_empty());
    }

    #[test]
    fn password_rejects_common_and_personal_choices() {
        for p in ["azerty123456", "MotDePasse123", "aaaaaaaaaaaaaa", "Password1234"] {
            assert_eq!(keys(&check_new_password(p, p, "x@y.fr")), ["error-password-common"], "{p}");
        }
        assert_eq!(
            keys(&check_new_password("camille.dupont", "camille.dupont", "camille.dupont@example.fr")),
            ["error-password-common"]
        );
    }

    #[test]
    fn password_reports_length_and_mismatch_together() {
        assert_eq!(
            keys(&check_new_password("abc", "abd", "a@b.fr")),
            ["error-password-too-short", "error-password-mismatch"]
        );
        let long = "x".repeat(300) + "y";
        assert_eq!(keys(&check_new_password(&long, &long, "a@b.fr")), ["error-password-too-long"]);
    }

    #[test]
    fn email_checks() {
        assert!(check_email("zoe@mairie.example.fr").is_none());
        assert_eq!(check_email("").unwrap().key, "error-email-required");
        for bad in ["zoe", "zoe@", "@x.fr", "zoe@localhost", "zo e@x.fr", "a@b@c.fr", "a@.fr", "a@x..fr"] {
            assert_eq!(check_email(bad).unwrap().key, "error-email-invalid", "{bad}");
        }
        assert_eq!(normalize_email("  Zoe@Mairie.FR "), "zoe@mairie.fr");
    }

    #[test]
    fn display_name_checks() {
        assert!(check_display_name("Zoé M.").is_none());
        assert_eq!(check_display_name("  ").unwrap().key, "error-display-name-required");
        assert_eq!(check_display_name("Z").unwrap().key, "error-display-name-invalid");
        assert_eq!(check_display_name(&"n".repeat(61)).unwrap().key, "error-display-name-invalid");
        // Look-alike and invisible names (found by the attack pass): zero-width, soft hyphen, overrides, nothing.
        for hidden in
            ["Hugo\u{200B} Habitant", "Hugo Habitant\u{AD}", "\u{202E}tnatibaH", "\u{200B}\u{200B}\u{200B}", "--"]
        {
            assert_eq!(check_display_name(hidden).unwrap().key, "error-display-name-invalid", "{hidden:?}");
        }
    }

    #[test]
    fn token_expiry_and_single_use() {
        let created = 1_000_000;
        let expires = created + VERIFY_EMAIL_TTL_SECONDS;
        assert_eq!(token_status(expires, None, created), TokenStatus::Valid);
        assert_eq!(token_status(expires, None, expires - 1), TokenStatus::Valid);
        assert_eq!(token_status(expires, None, expires), TokenStatus::Expired);
        assert_eq!(token_status(expires, Some(created + 5), created + 10), TokenStatus::Used);
        // A used token stays "used" even after it would have expired: the clearer message.
        assert_eq!(token_status(expires, Some(created + 5), expires + 10), TokenStatus::Used);
        assert_eq!(token_error(Some(TokenStatus::Expired)).key, "error-token-expired");
        assert_eq!(token_error(None).key, "error-token-invalid");
    }

    #[test]
    fn rate_limit_thresholds() {
        let quiet = Attempts::default();
        assert_eq!(sign_in_gate(&quiet, 0), Gate::Check);
        let busy = Attempts { on_account: MAX_FAILURES_PER_ACCOUNT - 1, from_ip: MAX_FAILURES_PER_IP - 1, ..quiet };
        assert_eq!(sign_in_gate(&busy, 0), Gate::Check);
        assert_eq!(sign_in_gate(&Attempts { on_account: MAX_FAILURES_PER_ACCOUNT, ..quiet }, 0), Gate::MailedLink);
        assert_eq!(sign_in_gate(&Attempts { from_ip: MAX_FAILURES_PER_IP, ..quiet }, 0), Gate::Wait(900));
    }

    #[test]
    fn a_guessing_client_waits_longer_and_longer() {
        let at = |from_client, last| Attempts { from_client, last_from_client: Some(last), ..Attempts::default() };
        assert_eq!(sign_in_gate(&at(2, 100), 100), Gate::Check);
        assert_eq!(sign_in_gate(&at(3, 100), 100), Gate::Wait(5));
        assert_eq!(sign_in_gate(&at(3, 100), 105), Gate::Check);
        assert_eq!(sign_in_gate(&at(5, 100), 110), Gate::Wait(10));
        assert_eq!(sign_in_gate(&at(40, 100), 100), Gate::Wait(LOGIN_WINDOW_SECONDS));
        assert_eq!(sign_in_gate(&at(i64::MAX, i64::MAX), 0), Gate::Wait(i64::MAX));
    }

    /// The review's lockout: five wrong passwords from anywhere kept the owner out for 15 minutes.
    #[test]
    fn nobody_can_lock_the_owner_out() {
        let storm = Attempts { on_account: 1_000, from_ip: 0, ..Attempts::default() };
        // An unknown client is sent to the mailed link, the owner's usual client checks the password.
        assert_eq!(sign_in_gate(&storm, 0), Gate::MailedLink);
        assert_eq!(sign_in_gate(&Attempts { known_client: true, ..storm }, 0), Gate::Check);
        // Spraying from the owner's own address (a shared network) does not hold their known client either.
        let shared = Attempts { from_ip: 500, known_client: true, ..Attempts::default() };
        assert_eq!(sign_in_gate(&shared, 0), Gate::Check);
        assert_eq!(sign_in_gate(&Attempts { known_client: false, ..shared }, 0), Gate::Wait(LOGIN_WINDOW_SECONDS));
    }
}
