//! Holding a consultation's phase for the length of a transaction (votes, edits), on both engines.

use crate::consultations::Phase;
use sqlx::AnyConnection;

/// Holds consultation `id` for the rest of the caller's transaction and returns its phase: its rules as read
/// next stay those of this phase until the transaction ends. PostgreSQL: a row lock (`share`: votes do not wait
/// for each other, only for a phase change or an edit; otherwise exclusive). SQLite: the database's write lock,
/// taken by the first statement so that a transaction that reads before it writes never fails on a concurrent
/// writer (SQLite cannot upgrade a read snapshot that another writer moved past: "database is locked").
pub async fn hold(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    id: i64,
    share: bool,
) -> Result<Option<Phase>, sqlx::Error> {
    if backend == crate::db::Backend::Sqlite {
        sqlx::query("UPDATE consultations SET status = status WHERE id = $1").bind(id).execute(&mut *conn).await?;
    }
    let statement = match (backend, share) {
        (crate::db::Backend::Postgres, true) => "SELECT status FROM consultations WHERE id = $1 FOR SHARE",
        (crate::db::Backend::Postgres, false) => "SELECT status FROM consultations WHERE id = $1 FOR UPDATE",
        (crate::db::Backend::Sqlite, _) => "SELECT status FROM consultations WHERE id = $1",
    };
    let row: Option<(Phase,)> = sqlx::query_as(statement).bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.map(|(p,)| p))
}
