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
    pub const LOGIN: &str = "/compte/connexion";
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

pub mod permissions;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod mails;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod throttle;

use serde::{Deserialize, Serialize};

/// What a person may do on the platform. Every account is a `Resident`; staff roles add to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// A person of the town: participates once their address is verified.
    Resident,
    /// City staff: moderation, desk assistance.
    Moderator,
    /// Town-hall desk staff: check a resident's identity and hand out kiosk voting codes, nothing else.
    Agent,
    /// Elected official: reads outcomes and dashboards.
    Official,
    /// Technical staff who keep the sensor registry (create, edit, suspend, retire, import) without the other
    /// powers of an administrator.
    SensorManager,
    /// Administrator: users, roles, settings.
    Admin,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 6] =
        [Role::Resident, Role::Moderator, Role::Agent, Role::Official, Role::SensorManager, Role::Admin];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Moderator => "moderator",
            Role::Agent => "agent",
            Role::Official => "official",
            Role::SensorManager => "sensor_manager",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Fluent key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Resident => "role-resident",
            Role::Moderator => "role-moderator",
            Role::Agent => "role-agent",
            Role::Official => "role-official",
            Role::SensorManager => "role-sensor-manager",
            Role::Admin => "role-admin",
        }
    }
}

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
