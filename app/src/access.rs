//! Roles, and who may do what: one pure function, `can(actor, action, resource)`, used by handlers, server
//! functions and pages alike (pages only to decide what to show; the server always checks again). Below every
//! feature: `accounts` grants the roles, every feature asks.

use crate::ctx::CurrentUser;
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

/// What someone wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read public pages.
    View,
    /// Comment, vote, propose: needs a verified address.
    Participate,
    /// Review reported content.
    Moderate,
    /// At the town-hall desk: check a resident's identity, hand out a kiosk voting code, record help given.
    AssistResidents,
    /// Register, pair and revoke the town-hall kiosks.
    ManageKiosks,
    /// Read outcomes and dashboards.
    ReadOutcomes,
    /// Open the administration pages.
    Administer,
    /// Create, edit, suspend, retire and import sensors of the registry.
    ManageSensors,
    /// Create, edit and move consultations through their phases; review residents' proposals.
    ManageConsultations,
    /// Create budgets, move them through their phases, review projects, enter paper ballots.
    ManageBudgets,
    /// Record the official decision taken after a consultation or a budget.
    RecordDecisions,
    /// Start the projects that carry decisions out and record their progress.
    ManageProjects,
    /// Read the whole audit log (the public reads its moderation entries without personal data).
    ReadAuditLog,
    /// Grant a role to an account.
    GrantRole(Role),
    /// Take a role back from an account.
    RevokeRole(Role),
}

/// What the action applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// The platform as a whole.
    Site,
    /// One account.
    User(i64),
}

/// Decides whether `actor` (None when signed out) may perform `action` on `resource`.
pub fn can(actor: Option<&CurrentUser>, action: Action, resource: Resource) -> bool {
    if action == Action::View {
        return true;
    }
    let Some(actor) = actor else {
        return false;
    };
    let admin = actor.has(Role::Admin);
    match (action, resource) {
        (Action::View, _) => true,
        (Action::Participate, _) => actor.verified && !actor.blocked,
        (Action::Moderate, _) => admin || actor.has(Role::Moderator),
        (Action::AssistResidents, _) => admin || actor.has(Role::Moderator) || actor.has(Role::Agent),
        (Action::ReadOutcomes, _) => admin || actor.has(Role::Official),
        (Action::Administer, _) => admin,
        (Action::ManageSensors, _) => admin || actor.has(Role::SensorManager),
        (
            Action::ManageConsultations
            | Action::ManageBudgets
            | Action::RecordDecisions
            | Action::ManageProjects
            | Action::ManageKiosks
            | Action::ReadAuditLog,
            _,
        ) => admin,
        // `resident` is every account's base role: it is neither granted nor taken away.
        (Action::GrantRole(Role::Resident) | Action::RevokeRole(Role::Resident), _) => false,
        (Action::GrantRole(_), Resource::User(_)) => admin,
        // An admin may not remove their own admin role: the town must never lock itself out.
        (Action::RevokeRole(Role::Admin), Resource::User(target)) => admin && target != actor.id,
        (Action::RevokeRole(_), Resource::User(_)) => admin,
        (Action::GrantRole(_) | Action::RevokeRole(_), Resource::Site) => false,
    }
}

/// The actor when they may do `action` on the whole site; else why not: not signed in (`Unauthenticated`) or
/// not allowed (`Forbidden`). Every use case that needs a role starts with it.
pub fn require(actor: Option<&CurrentUser>, action: Action) -> Result<&CurrentUser, crate::error::AppError> {
    match actor {
        Some(a) if can(Some(a), action, Resource::Site) => Ok(a),
        _ => Err(crate::error::AppError::denied(actor.is_some())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, roles: &[Role], verified: bool) -> CurrentUser {
        CurrentUser { id, roles: roles.to_vec(), verified, ..Default::default() }
    }

    #[test]
    fn anyone_views_only_signed_in_verified_people_participate() {
        assert!(can(None, Action::View, Resource::Site));
        assert!(!can(None, Action::Participate, Resource::Site));
        assert!(!can(Some(&person(1, &[Role::Resident], false)), Action::Participate, Resource::Site));
        assert!(can(Some(&person(1, &[Role::Resident], true)), Action::Participate, Resource::Site));
        let blocked = CurrentUser { blocked: true, ..person(1, &[Role::Resident], true) };
        assert!(!can(Some(&blocked), Action::Participate, Resource::Site));
    }

    #[test]
    fn a_use_case_says_who_is_missing_and_who_is_refused() {
        use crate::error::AppError;
        let moderator = person(2, &[Role::Resident, Role::Moderator], true);
        assert_eq!(require(Some(&moderator), Action::Moderate).map(|u| u.id).ok(), Some(2));
        assert!(matches!(require(Some(&moderator), Action::ManageBudgets), Err(AppError::Forbidden)));
        assert!(matches!(require(None, Action::Moderate), Err(AppError::Unauthenticated)));
        let resident = person(1, &[Role::Resident], false);
        assert!(matches!(require(Some(&resident), Action::Participate), Err(AppError::Forbidden)), "unverified");
    }

    #[test]
    fn staff_roles_open_their_own_doors_only() {
        let resident = person(1, &[Role::Resident], true);
        let moderator = person(2, &[Role::Resident, Role::Moderator], true);
        let official = person(3, &[Role::Resident, Role::Official], true);
        let admin = person(4, &[Role::Resident, Role::Admin], true);
        for (who, moderate, outcomes, administer) in [
            (&resident, false, false, false),
            (&moderator, true, false, false),
            (&official, false, true, false),
            (&admin, true, true, true),
        ] {
            assert_eq!(can(Some(who), Action::Moderate, Resource::Site), moderate, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::ReadOutcomes, Resource::Site), outcomes, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::Administer, Resource::Site), administer, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::ManageSensors, Resource::Site), administer, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::ManageConsultations, Resource::Site), administer, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::ReadAuditLog, Resource::Site), administer, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::RecordDecisions, Resource::Site), administer, "{:?}", who.roles);
            assert_eq!(can(Some(who), Action::ManageProjects, Resource::Site), administer, "{:?}", who.roles);
        }
    }

    #[test]
    fn sensor_managers_keep_the_registry_and_nothing_else() {
        let manager = person(5, &[Role::Resident, Role::SensorManager], true);
        assert!(can(Some(&manager), Action::ManageSensors, Resource::Site));
        assert!(!can(Some(&manager), Action::Administer, Resource::Site));
        assert!(!can(Some(&manager), Action::Moderate, Resource::Site));
        assert!(!can(Some(&manager), Action::GrantRole(Role::SensorManager), Resource::User(9)));
    }

    #[test]
    fn desk_agents_assist_residents_and_nothing_else() {
        let agent = person(6, &[Role::Resident, Role::Agent], true);
        let moderator = person(2, &[Role::Resident, Role::Moderator], true);
        let resident = person(1, &[Role::Resident], true);
        assert!(can(Some(&agent), Action::AssistResidents, Resource::Site));
        assert!(can(Some(&moderator), Action::AssistResidents, Resource::Site));
        assert!(!can(Some(&resident), Action::AssistResidents, Resource::Site));
        assert!(!can(None, Action::AssistResidents, Resource::Site));
        for action in [Action::Moderate, Action::ManageKiosks, Action::Administer, Action::ReadOutcomes] {
            assert!(!can(Some(&agent), action, Resource::Site), "{action:?}");
        }
        assert!(!can(Some(&moderator), Action::ManageKiosks, Resource::Site));
        assert!(can(Some(&person(4, &[Role::Resident, Role::Admin], true)), Action::ManageKiosks, Resource::Site));
    }

    #[test]
    fn only_admins_change_roles_and_never_their_own_admin() {
        let admin = person(4, &[Role::Resident, Role::Admin], true);
        let moderator = person(2, &[Role::Resident, Role::Moderator], true);
        assert!(can(Some(&admin), Action::GrantRole(Role::Official), Resource::User(9)));
        assert!(can(Some(&admin), Action::RevokeRole(Role::Admin), Resource::User(9)));
        assert!(!can(Some(&admin), Action::RevokeRole(Role::Admin), Resource::User(4)));
        assert!(can(Some(&admin), Action::RevokeRole(Role::Moderator), Resource::User(4)));
        assert!(!can(Some(&admin), Action::RevokeRole(Role::Resident), Resource::User(9)));
        assert!(!can(Some(&moderator), Action::GrantRole(Role::Moderator), Resource::User(9)));
        assert!(!can(None, Action::GrantRole(Role::Admin), Resource::User(9)));
    }
}
