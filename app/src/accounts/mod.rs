//! Accounts: registration, email verification, sign-in, password reset, roles, "my account" and the
//! GDPR rights (download my data, delete my account).
//!
//! `rules` and `permissions` are pure; `queries` holds the SQL; `service` the use cases; `handlers` the form
//! posts; `pages` the screens.

pub mod pages;
/// Paths of the account pages (the forms post back to the page that shows them).
pub mod paths {
    /// Registration.
    pub const REGISTER: &str = "/compte/inscription";
    /// Sign-in.
    pub const LOGIN: &str = crate::ctx::paths::LOGIN;
    /// Asks for a sign-in link by mail (the sign-in throttle's way in).
    pub const SEND_SIGN_IN_LINK: &str = "/compte/lien-de-connexion";
    /// The page a mailed sign-in link opens.
    pub const LINK_SIGN_IN: &str = "/compte/connexion-par-lien";
    /// Sign-out.
    pub const LOGOUT: &str = "/compte/deconnexion";
    /// Email verification (link target).
    pub const VERIFY: &str = "/compte/verifier";
    /// New verification link.
    pub const RESEND: &str = "/compte/renvoyer-verification";
    /// Forgotten password.
    pub const FORGOT: &str = "/compte/mot-de-passe-oublie";
    /// New password from a link.
    pub const RESET: &str = "/compte/reinitialiser";
    /// My account.
    pub const ACCOUNT: &str = "/compte";
    /// Profile form.
    pub const PROFILE: &str = "/compte/profil";
    /// Password change form.
    pub const PASSWORD: &str = "/compte/mot-de-passe";
    /// Data download.
    pub const EXPORT: &str = "/compte/mes-donnees";
    /// Account deletion.
    pub const DELETE: &str = "/compte/supprimer";
    /// Administration of accounts and roles.
    pub const ADMIN_USERS: &str = "/admin/utilisateurs";
    /// Role change form.
    pub const ADMIN_ROLES: &str = "/admin/utilisateurs/roles";
}

pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod mails;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod throttle;

/// Roles and who may do what are below every feature (pages and the request context ask them): see `access`.
use crate::access::Role;
use serde::{Deserialize, Serialize};

/// Why an account token exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenPurpose {
    /// Confirms the email address.
    VerifyEmail,
    /// Sets a new password (forgotten password, or the first one of an admin created from the command line).
    ResetPassword,
    /// Signs in without the password (the sign-in throttle's way in for a client the account does not know).
    SignIn,
    /// The holder's proof typed at a kiosk instead of the password (eight digits, mailed).
    HolderCode,
}

impl TokenPurpose {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
            TokenPurpose::SignIn => "sign_in",
            TokenPurpose::HolderCode => "holder_code",
        }
    }
}

/// One account in the administration list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    /// Id.
    pub id: i64,
    /// Address.
    pub email: String,
    /// Public name.
    pub display_name: String,
    /// Confirmed?
    pub verified: bool,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// Roles held.
    pub roles: Vec<Role>,
}
