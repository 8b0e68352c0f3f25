//! The accounts feature's SQL: written once for SQLite and PostgreSQL.

use super::{Role, TokenPurpose};
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A row of `users`.
#[derive(Clone, Debug, FromRow)]
pub struct UserRecord {
    /// Id.
    pub id: i64,
    /// Address; `None` once deleted.
    pub email: Option<String>,
    /// Public name; `None` once deleted.
    pub display_name: Option<String>,
    /// Argon2id PHC string; `None` until set.
    pub password_hash: Option<String>,
    /// Language.
    pub language: crate::i18n::Lang,
    /// Home district.
    pub district_id: Option<i64>,
    /// When the address was confirmed.
    pub email_verified_at: Option<i64>,
    /// Creation time.
    pub created_at: i64,
    /// Deletion time.
    pub deleted_at: Option<i64>,
    /// Sessions signed in before this time (Unix ms) are no longer valid.
    pub sessions_from: i64,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, language, district_id, email_verified_at, \
     created_at, deleted_at, sessions_from";

/// The live account with this (normalised) address.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1 AND deleted_at IS NULL"))
        .bind(email)
        .fetch_optional(&db.pool)
        .await
}

/// The names of the live accounts that sign in with an address (not the desk's records), for the desk's check
/// that a person asking for a record has no account already.
pub async fn online_names(conn: &mut AnyConnection) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT display_name FROM users WHERE email IS NOT NULL AND deleted_at IS NULL AND display_name IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}

/// The live account with this id.
pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The roles of an account.
pub async fn roles_of(db: &Db, user_id: i64) -> Result<Vec<Role>, sqlx::Error> {
    let codes: Vec<(String,)> =
        sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1").bind(user_id).fetch_all(&db.pool).await?;
    let mut roles: Vec<Role> = codes.iter().filter_map(|(c,)| Role::from_code(c)).collect();
    roles.sort();
    Ok(roles)
}

/// The fields of a new account.
pub struct NewUser<'a> {
    /// Normalised address.
    pub email: &'a str,
    /// Public name.
    pub display_name: &'a str,
    /// Password hash, if one is set now.
    pub password_hash: Option<&'a str>,
    /// Language code.
    pub language: &'a str,
    /// Home district.
    pub district_id: Option<i64>,
    /// Confirmation time, for accounts created already verified (demo, command line).
    pub email_verified_at: Option<i64>,
}

/// Inserts an account; `None` when the address is taken (the unique index decides, not a prior read).
pub async fn insert_user(conn: &mut AnyConnection, user: &NewUser<'_>, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, language, district_id, email_verified_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.language)
    .bind(user.district_id)
    .bind(user.email_verified_at)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Grants a role (no-op when already held).
pub async fn grant_role(
    conn: &mut AnyConnection,
    user_id: i64,
    role: Role,
    granted_by: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, role) DO NOTHING",
    )
    .bind(user_id)
    .bind(role.code())
    .bind(now)
    .bind(granted_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a role back.
pub async fn revoke_role(conn: &mut AnyConnection, user_id: i64, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
        .bind(user_id)
        .bind(role.code())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many live accounts hold `role`.
pub async fn count_with_role(db: &Db, role: Role) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = $1 AND u.deleted_at IS NULL",
    )
    .bind(role.code())
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// Stores a token's hash; earlier unused tokens of the same purpose stop working (only the newest link counts).
pub async fn replace_token(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: TokenPurpose,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .bind(purpose.code())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose.code())
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A token as stored.
#[derive(Clone, Debug, FromRow)]
pub struct TokenRecord {
    /// Owner.
    pub user_id: i64,
    /// Purpose code.
    pub purpose: String,
    /// End of validity.
    pub expires_at: i64,
    /// When it was used (or superseded).
    pub used_at: Option<i64>,
}

/// Looks a token up by hash, whatever its state.
pub async fn find_token(db: &Db, token_hash: &str) -> Result<Option<TokenRecord>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, purpose, expires_at, used_at FROM account_tokens WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await
}

/// Forgets every token of `purpose` of an account (its holder's codes: a new one replaces them all, and its
/// hash, made from few digits, must not meet an old one's).
pub async fn drop_tokens(conn: &mut AnyConnection, user_id: i64, purpose: TokenPurpose) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2")
        .bind(user_id)
        .bind(purpose.code())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Uses an account's own token once (a holder's code is short: it is only looked for among the account's).
pub async fn consume_token_of(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    purpose: TokenPurpose,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE user_id = $2 AND token_hash = $3 AND purpose = $4 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user_id)
    .bind(token_hash)
    .bind(purpose.code())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses a token once: succeeds for exactly one caller even when two requests race.
pub async fn consume_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: TokenPurpose,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Marks the address confirmed.
/// Returns whether it was not verified before.
pub async fn mark_verified(conn: &mut AnyConnection, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of the account signed in before `from_ms` (Unix milliseconds).
pub async fn end_sessions(conn: &mut AnyConnection, user_id: i64, from_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET sessions_from = $1 WHERE id = $2 AND sessions_from < $1")
        .bind(from_ms)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Replaces the password hash.
pub async fn set_password(conn: &mut AnyConnection, user_id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets an account's password (it then signs in only through a mailed link until one is chosen).
pub async fn clear_password(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = NULL WHERE id = $1").bind(user_id).execute(&mut *conn).await?;
    Ok(())
}

/// Updates the profile; `false` (nothing written) when the district is not the one a residence verification
/// gave the account, which only a new verification changes (`eligibility` sets it).
pub async fn update_profile(
    db: &Db,
    user_id: i64,
    display_name: &str,
    language: &str,
    district_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET display_name = $1, language = $2, district_id = $3 WHERE id = $4 \
         AND (residence_method IS NULL OR residence_district_id = $3)",
    )
    .bind(display_name)
    .bind(language)
    .bind(district_id)
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Updates the interface language only.
pub async fn set_language(db: &Db, user_id: i64, language: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2").bind(language).bind(user_id).execute(&db.pool).await?;
    Ok(())
}

/// Records a failed sign-in on `email` from `client` (see [`super::rules::Attempts`]) at `ip`.
pub async fn record_login_failure(db: &Db, email: &str, client: &str, ip: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, client, ip, at) VALUES ($1, $2, $3, $4)")
        .bind(email)
        .bind(client)
        .bind(ip)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Failed sign-ins since `since`: on the address from this client (how many, the last one's time), on the
/// address from all clients, and from the IP address on all accounts.
pub async fn recent_login_failures(
    db: &Db,
    email: &str,
    client: &str,
    ip: &str,
    since: i64,
) -> Result<(i64, Option<i64>, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND client = $2 AND at >= $4), \
                (SELECT MAX(at) FROM login_failures WHERE email = $1 AND client = $2 AND at >= $4), \
                (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $4), \
                (SELECT COUNT(*) FROM login_failures WHERE ip = $3 AND at >= $4)",
    )
    .bind(email)
    .bind(client)
    .bind(ip)
    .bind(since)
    .fetch_one(&db.pool)
    .await
}

/// Forgets a client's failures on an address after it signed in (not other clients': whoever guesses
/// elsewhere stays slowed), and everyone's failures older than `before`.
pub async fn clear_login_failures(db: &Db, email: &str, client: &str, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE (email = $1 AND client = $2) OR at < $3")
        .bind(email)
        .bind(client)
        .bind(before)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Whether the client whose cookie hashes to `token_hash` signed in to `user_id` before.
pub async fn is_known_client(db: &Db, token_hash: &str, user_id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM known_clients WHERE token_hash = $1 AND user_id = $2")
        .bind(token_hash)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Remembers a client of `user_id` (or notes that it signed in again).
pub async fn remember_client(db: &Db, token_hash: &str, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO known_clients (token_hash, user_id, created_at, used_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (token_hash) DO UPDATE SET used_at = excluded.used_at",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// How many events of `kind` for `key` happened since `since`.
pub async fn throttle_count(db: &Db, kind: &str, key: &str, since: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM throttle_events WHERE kind = $1 AND key = $2 AND at >= $3")
        .bind(kind)
        .bind(key)
        .bind(since)
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

/// Records an event of `kind` for `key`, and forgets every event older than `before`.
pub async fn throttle_record(db: &Db, kind: &str, key: &str, now: i64, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM throttle_events WHERE at < $1").bind(before).execute(&db.pool).await?;
    sqlx::query("INSERT INTO throttle_events (kind, key, at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(key)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// One line of the administration list.
#[derive(Clone, Debug, FromRow)]
pub struct UserListRow {
    /// Id.
    pub id: i64,
    /// Address.
    pub email: String,
    /// Public name.
    pub display_name: String,
    /// Confirmed?
    pub email_verified_at: Option<i64>,
    /// Created.
    pub created_at: i64,
}

/// Live accounts whose address or name contains `filter` (all when empty), newest first, at most `limit`,
/// each with its roles (two queries, not one per account).
pub async fn list_users(db: &Db, filter: &str, limit: i64) -> Result<Vec<(UserListRow, Vec<Role>)>, sqlx::Error> {
    let pattern = format!("%{}%", filter.trim().to_lowercase().replace(['%', '_'], ""));
    const MATCHING: &str = "SELECT id FROM users WHERE deleted_at IS NULL \
        AND (LOWER(email) LIKE $1 OR LOWER(display_name) LIKE $1) ORDER BY created_at DESC, id DESC LIMIT $2";
    let users: Vec<UserListRow> = sqlx::query_as(&format!(
        "SELECT id, email, display_name, email_verified_at, created_at FROM users WHERE id IN ({MATCHING}) \
         ORDER BY created_at DESC, id DESC"
    ))
    .bind(&pattern)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let roles: Vec<(i64, String)> =
        sqlx::query_as(&format!("SELECT user_id, role FROM user_roles WHERE user_id IN ({MATCHING})"))
            .bind(&pattern)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let mut held: Vec<Role> =
                roles.iter().filter(|(id, _)| *id == u.id).filter_map(|(_, c)| Role::from_code(c)).collect();
            held.sort();
            (u, held)
        })
        .collect())
}

/// Unlinks every OpenID Connect identity of the account (`oidc`): a new password ends the account's other ways
/// in, as it ends its other sessions — a link made from a stolen session does not outlive the owner's reset.
pub async fn unlink_providers(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM oidc_identities WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    Ok(())
}

/// Erases an account's personal data (GDPR art. 17). The row stays, anonymous, so public contributions keep an
/// author shown as "deleted account".
pub async fn erase_account(conn: &mut AnyConnection, user_id: i64, email: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email = NULL, display_name = NULL, password_hash = NULL, district_id = NULL, \
         email_verified_at = NULL, deleted_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    // Its kiosk proofs are counted under `holder:` and the address (see `throttle`).
    sqlx::query("DELETE FROM login_failures WHERE email = $1 OR email = $2")
        .bind(email)
        .bind(format!("holder:{email}"))
        .execute(&mut *conn)
        .await?;
    // What the person wrote and what ties them to the town hall's desk go; what remains is listed on the
    // privacy page (`legal-erasure`): votes and ballots stay counted under the anonymous account number (removing
    // them would change published results), reviewed proposals stay without their author (a public decision
    // answered them).
    sqlx::query(
        "UPDATE comments SET body = '', author_id = NULL, deleted_at = COALESCE(deleted_at, $2) WHERE author_id = $1",
    )
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for statement in [
        "DELETE FROM proposals WHERE author_id = $1 AND status = 'pending'",
        "UPDATE proposals SET author_id = NULL WHERE author_id = $1",
        "UPDATE reports SET reporter_id = NULL WHERE reporter_id = $1",
        "UPDATE budget_projects SET author_id = NULL WHERE author_id = $1",
        "DELETE FROM kiosk_codes WHERE user_id = $1",
        "DELETE FROM notifications WHERE user_id = $1",
        "DELETE FROM known_clients WHERE user_id = $1",
        // A provider's subject is an identifier of the person: it goes, and the provider no longer signs in here.
        "DELETE FROM oidc_identities WHERE user_id = $1",
        "UPDATE users SET unsubscribe_key = NULL, last_digest_at = NULL WHERE id = $1",
        // A verified residence keeps its method and date (a record), not the birth date or district; the
        // register entry stays claimed, so the same person cannot verify a second account in its place.
        "UPDATE users SET birth_date = NULL, residence_district_id = NULL WHERE id = $1",
    ] {
        sqlx::query(statement).bind(user_id).execute(&mut *conn).await?;
    }
    sqlx::query("DELETE FROM throttle_events WHERE key = $1").bind(email).execute(&mut *conn).await?;
    Ok(())
}

/// Failed sign-ins recorded for an address (for "download my data").
pub async fn login_failures_of(db: &Db, email: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT ip, at FROM login_failures WHERE email = $1 OR email = $2 ORDER BY at")
        .bind(email)
        .bind(format!("holder:{email}"))
        .fetch_all(&db.pool)
        .await
}

/// Role grants of an account, with time (for "download my data").
pub async fn role_grants_of(db: &Db, user_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT role, granted_at FROM user_roles WHERE user_id = $1 ORDER BY granted_at, role")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await
}

/// How the account wants its notifications (`immediate`, `daily`, `none`), for its data export.
pub async fn notify_mode(db: &Db, user_id: i64) -> Result<String, sqlx::Error> {
    let (mode,): (String,) =
        sqlx::query_as("SELECT notify_mode FROM users WHERE id = $1").bind(user_id).fetch_one(&db.pool).await?;
    Ok(mode)
}

// Suspension ("block"): an account state that moderation sets and lifts, and that every request reads.

/// The end of `user_id`'s block in force at `now`: `Some(None)` until lifted, `None` when not blocked.
pub async fn blocked_until(db: &Db, user_id: i64, now: i64) -> Result<Option<Option<i64>>, sqlx::Error> {
    let rows: Vec<(Option<i64>,)> = sqlx::query_as(
        "SELECT until FROM account_blocks WHERE user_id = $1 AND lifted_at IS NULL AND (until IS NULL OR until > $2)",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    // The longest block in force wins.
    Ok(rows.into_iter().map(|(u,)| u).reduce(|a, b| match (a, b) {
        (None, _) | (_, None) => None,
        (Some(x), Some(y)) => Some(x.max(y)),
    }))
}

/// Starts a block.
pub async fn insert_block(
    conn: &mut AnyConnection,
    user_id: i64,
    until: Option<i64>,
    reason: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO account_blocks (user_id, until, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(until)
    .bind(reason)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Lifts every block of an account in force; returns how many.
pub async fn lift_blocks(conn: &mut AnyConnection, user_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE account_blocks SET lifted_at = $1 WHERE user_id = $2 AND lifted_at IS NULL AND (until IS NULL OR until > $1)",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
