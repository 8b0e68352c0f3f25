//! The pure rules of OpenID Connect sign-in: how long a started sign-in waits, which roles a directory's groups
//! give, the name a new account takes.

use crate::access::Role;

/// Seconds a started sign-in may take at the provider before its return is refused.
pub const PENDING_TTL_SECONDS: i64 = 600;

/// The groups a claim lists: a string, or an array of strings; `path` may go into objects with dots
/// (`realm_access.roles`, as Keycloak puts them). Anything else lists none.
pub fn groups_at(claims: &serde_json::Map<String, serde_json::Value>, path: &str) -> Vec<String> {
    let mut parts = path.split('.');
    let Some(first) = parts.next() else {
        return vec![];
    };
    let mut value = claims.get(first);
    for part in parts {
        value = value.and_then(|v| v.get(part));
    }
    match value {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(String::from)).collect(),
        _ => vec![],
    }
}

/// The roles a directory's groups give under `mapping` (group → role), in [`Role::ALL`] order, once each.
pub fn mapped_roles(groups: &[String], mapping: &[(String, Role)]) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|role| mapping.iter().any(|(group, r)| r == role && groups.iter().any(|g| g == group)))
        .collect()
}

/// The role changes that make `held` follow the directory: the mapped roles are granted, and a role the mapping
/// manages (one it names) that the groups no longer give is taken back. Roles the mapping does not name are
/// the town's own business and stay; being a resident is never taken back. (granted, revoked)
pub fn role_changes(held: &[Role], groups: &[String], mapping: &[(String, Role)]) -> (Vec<Role>, Vec<Role>) {
    let wanted = mapped_roles(groups, mapping);
    let grant = wanted.iter().copied().filter(|r| !held.contains(r)).collect();
    let revoke = held
        .iter()
        .copied()
        .filter(|r| *r != Role::Resident && mapping.iter().any(|(_, m)| m == r) && !wanted.contains(r))
        .collect();
    (grant, revoke)
}

/// Whether the `state` the provider sent back is the one this browser's sign-in started with (compared in
/// constant time: it is a secret of the session).
pub fn same_state(expected: &str, returned: &str) -> bool {
    let (a, b) = (expected.as_bytes(), returned.as_bytes());
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The public name of an account a provider creates: the person's given and family names, else their name,
/// else the address's local part — at most 60 characters.
pub fn display_name(given: Option<&str>, family: Option<&str>, name: Option<&str>, email: &str) -> String {
    let given_first = given.and_then(|g| g.split_whitespace().next());
    let joined = match (given_first, family) {
        (Some(g), Some(f)) => format!("{g} {f}"),
        _ => name.map(str::to_string).unwrap_or_default(),
    };
    // Invisible and control characters dropped first: they only make a name look like another, or empty.
    let clean =
        |s: &str| -> String { s.chars().filter(|c| !c.is_control() && !crate::text::is_invisible(*c)).collect() };
    let joined = clean(&joined);
    let chosen = if joined.trim().is_empty() { clean(email.split('@').next().unwrap_or_default()) } else { joined };
    chosen.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn groups_are_read_from_strings_arrays_and_dotted_paths() {
        let claims = map(json!({"groups": ["a", 3, "b"], "g": "solo", "realm_access": {"roles": ["admins"]}}));
        assert_eq!(groups_at(&claims, "groups"), ["a", "b"]);
        assert_eq!(groups_at(&claims, "g"), ["solo"]);
        assert_eq!(groups_at(&claims, "realm_access.roles"), ["admins"]);
        assert!(groups_at(&claims, "realm_access.none").is_empty());
        assert!(groups_at(&claims, "absent").is_empty());
        assert!(groups_at(&map(json!({"groups": {"x": 1}})), "groups").is_empty());
    }

    #[test]
    fn roles_follow_the_directory_only_where_the_mapping_speaks() {
        let mapping = vec![("mairie-moderation".to_string(), Role::Moderator), ("dsi".to_string(), Role::Admin)];
        let groups = vec!["mairie-moderation".to_string(), "autre".to_string()];
        assert_eq!(mapped_roles(&groups, &mapping), [Role::Moderator]);
        // An official granted by hand stays; an admin the directory no longer lists goes; residents stay.
        let held = [Role::Resident, Role::Official, Role::Admin];
        let (grant, revoke) = role_changes(&held, &groups, &mapping);
        assert_eq!(grant, [Role::Moderator]);
        assert_eq!(revoke, [Role::Admin]);
        let (grant, revoke) = role_changes(&[Role::Resident, Role::Moderator], &groups, &mapping);
        assert!(grant.is_empty() && revoke.is_empty());
        // A mapping to "resident" never takes residence away.
        let (_, revoke) = role_changes(&[Role::Resident], &[], &[("x".into(), Role::Resident)]);
        assert!(revoke.is_empty());
    }

    #[test]
    fn state_must_be_the_same_and_not_empty() {
        assert!(same_state("abc", "abc"));
        assert!(!same_state("abc", "abd"));
        assert!(!same_state("abc", "abcd"));
        assert!(!same_state("", ""));
    }

    #[test]
    fn a_new_account_is_named_from_the_claims() {
        assert_eq!(display_name(Some("Camille Anne"), Some("Lefèvre"), None, "c@x.fr"), "Camille Lefèvre");
        assert_eq!(display_name(None, Some("Lefèvre"), Some(" Camille  L. "), "c@x.fr"), "Camille L.");
        assert_eq!(display_name(None, None, None, "camille@x.fr"), "camille");
        assert_eq!(display_name(None, None, Some(&"x".repeat(100)), "c@x.fr").chars().count(), 60);
        // A look-alike of another name, or an empty-looking one, does not come in through the claims.
        assert_eq!(display_name(Some("Hugo\u{200b}"), Some("Habitant\u{202e}\u{7}"), None, "h@x.fr"), "Hugo Habitant");
        assert_eq!(display_name(None, None, Some("\u{200b}\u{200b}"), "zoe@x.fr"), "zoe");
    }
}
