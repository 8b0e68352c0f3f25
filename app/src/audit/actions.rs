//! The codes of the actions the log records, and which of them the public may read. Both are part of the log:
//! a code is hashed into its entry, and whether an entry is public is decided when it is written.

/// The actions the audit log records (codes; their labels are `audit-action-{code}`).
pub const AUDIT_ACTIONS: [&str; 52] = [
    "hide",
    "restore",
    "dismiss",
    "auto_hide",
    "block",
    "unblock",
    "threshold",
    "role_grant",
    "role_revoke",
    "consultation_create",
    "consultation_edit",
    "consultation_phase",
    "proposal_accept",
    "proposal_decline",
    "sensor_create",
    "sensor_edit",
    "sensor_import",
    "addresses_import",
    "token_issue",
    "token_revoke",
    "integration_create",
    "integration_revoke",
    "budget_create",
    "budget_phase",
    "project_review",
    "decision_record",
    "project_start",
    "project_update",
    "kiosk_create",
    "kiosk_pairing",
    "kiosk_revoke",
    "desk_resident",
    "desk_code",
    "sensor_dev_eui",
    "sensor_position",
    "account_delete",
    "password_reset",
    "paper_batch_open",
    "paper_pass",
    "paper_resolve",
    "paper_count",
    "paper_voter",
    "paper_explain",
    "register_import",
    "residence_verify",
    "register_second_claim",
    "letter_request",
    "letter_print",
    "letter_use",
    "desk_check",
    "letter_refuse",
    "oidc_link",
];

/// Moderation entries: the public may read them (without personal data).
pub fn is_public_action(action: &str) -> bool {
    matches!(action, "hide" | "restore" | "dismiss" | "auto_hide" | "block" | "unblock" | "threshold")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_entries_are_moderation_ones() {
        assert!(is_public_action("hide"));
        assert!(is_public_action("auto_hide"));
        assert!(!is_public_action("role_grant"));
        assert!(!is_public_action("consultation_edit"));
        assert!(AUDIT_ACTIONS.iter().filter(|a| is_public_action(a)).count() == 7);
    }
}
