//! A period's bulletin, assembled from the data (public: counts and published records only).

use super::queries;
use super::rules::{self, Period};
use super::{BudgetResult, Bulletin, HeldConsultation, ProjectProgress};
use crate::db::now;
use crate::error::AppError;
use crate::reports::dashboard::{Column, Row, Table};
use crate::sensors::{Domain, FieldChange, PersonalData};
use crate::state::AppState;

/// The periods to list, newest first.
pub async fn periods(state: &AppState) -> Result<Vec<String>, AppError> {
    let now = now();
    let first = queries::first_year(&state.db).await?.unwrap_or_else(|| crate::format::date_of(now).year);
    Ok(rules::periods(first, now).into_iter().map(Period::code).collect())
}

fn column(code: &str, label_key: &str) -> Column {
    Column { code: code.into(), label_key: label_key.into(), money: false }
}

/// Sensors added, suspended and removed, counted by `key` (their domain or their level).
fn sensor_table(
    id: &str,
    title_key: &str,
    key_label: &str,
    keys: &[(&'static str, String)],
    moves: &[(String, String, &'static str)],
) -> Table {
    let columns = ["added", "suspended", "removed"];
    Table {
        id: id.into(),
        title_key: title_key.into(),
        key_label: key_label.into(),
        columns: columns.iter().map(|c| column(c, &format!("bulletin-col-{c}"))).collect(),
        rows: keys
            .iter()
            .map(|(code, label_key)| Row {
                key: code.to_string(),
                label_key: Some(label_key.clone()),
                values: columns
                    .iter()
                    .map(|c| moves.iter().filter(|(k, _, what)| k == code && what == c).count() as i64)
                    .collect(),
            })
            .collect(),
        chart_column: None,
        currency: "EUR".into(),
    }
}

/// The bulletin of `period`; `None` for a period that has not begun.
pub async fn bulletin(state: &AppState, period: Period) -> Result<Option<Bulletin>, AppError> {
    let (from, until) = period.range();
    if from > now() {
        return Ok(None);
    }
    let (first_day, last_day) = period.first_and_last_day();
    let db = &state.db;

    // Sensors: (domain, level, what happened), creations from the registry, moves from the public history.
    let mut moves: Vec<(String, String, &'static str)> =
        queries::sensors_added(db, from, until).await?.into_iter().map(|(d, l)| (d, l, "added")).collect();
    for (domain, level, changes) in queries::status_history(db, from, until).await? {
        let changes: Vec<FieldChange> = serde_json::from_str(&changes).unwrap_or_default();
        match rules::status_move(&changes) {
            Some("suspended") => moves.push((domain, level, "suspended")),
            Some("removed") => moves.push((domain, level, "removed")),
            _ => {}
        }
    }
    let by_domain: Vec<(String, String, &'static str)> =
        moves.iter().map(|(d, _, w)| (d.clone(), String::new(), *w)).collect();
    let by_level: Vec<(String, String, &'static str)> =
        moves.iter().map(|(_, l, w)| (l.clone(), String::new(), *w)).collect();
    let domains: Vec<_> = Domain::ALL.iter().map(|d| (d.code(), d.label_key())).collect();
    let levels: Vec<_> = PersonalData::ALL.iter().map(|l| (l.code(), l.label_key())).collect();

    let (runs, rows, hours) = queries::purges(db, from, until).await?;
    let (raised, purged, cleared, open) = queries::alarms(db, from, until).await?;
    let retention = [
        ("purges", runs),
        ("rows-deleted", rows),
        ("hours-deleted", hours),
        ("alarms-raised", raised),
        ("alarms-purged", purged),
        ("alarms-cleared", cleared),
        ("alarms-open", open),
    ];
    let retention = Table {
        id: "conservation".into(),
        title_key: "bulletin-retention".into(),
        key_label: "dashboard-col-measure".into(),
        columns: vec![column("count", "dashboard-col-count")],
        rows: retention
            .iter()
            .map(|(code, n)| Row {
                key: code.to_string(),
                label_key: Some(format!("bulletin-retention-{code}")),
                values: vec![*n],
            })
            .collect(),
        chart_column: None,
        currency: "EUR".into(),
    };

    let mut consultations = vec![];
    for (id, slug, title, status, hidden) in queries::consultations_held(db, from, until).await? {
        let phase = status;
        let votes = if crate::consultations::rules::results_visible(phase, hidden != 0) {
            let o = crate::consultations::queries::results(db, id).await?.overall;
            Some((o.for_, o.against, o.abstain))
        } else {
            None
        };
        let comments = queries::comments(db, id, from, until).await?;
        consultations.push(HeldConsultation { slug, title, phase, votes, comments });
    }

    let mut budgets = vec![];
    for (id, slug, title, currency, rule) in queries::budgets_closed(db, from, until).await? {
        let winners = crate::governance::projects::queries::winners(db, id, &rule).await?;
        budgets.push(BudgetResult {
            slug,
            title,
            currency,
            rule,
            ballots: queries::ballots(db, id).await?,
            funded: winners.len() as i64,
            amount: winners.iter().map(|w| w.3).sum(),
        });
    }

    let updates = queries::project_updates(db, &first_day, &last_day).await?;
    let projects = crate::governance::projects::service::lines(state)
        .await?
        .into_iter()
        .filter_map(|p| {
            let n = updates.iter().find(|(id, _)| *id == p.id).map(|(_, n)| *n)?;
            Some(ProjectProgress { id: p.id, title: p.title, figures: p.figures, currency: p.currency, updates: n })
        })
        .collect();

    // At the end of the period (or now, this second included, for the current one).
    let audit_head = crate::audit::head(db, until.min(now() + 1)).await?.map(|h| (h.seq, h.hash));
    Ok(Some(Bulletin {
        audit_head,
        period: period.code(),
        decisions: crate::governance::service::between(state, &first_day, &last_day).await?,
        first_day,
        last_day,
        tables: vec![
            sensor_table("capteurs-domaines", "bulletin-sensors-domain", "dashboard-col-domain", &domains, &by_domain),
            sensor_table("capteurs-niveaux", "bulletin-sensors-level", "dashboard-col-level", &levels, &by_level),
            retention,
        ],
        consultations,
        budgets,
        projects,
    }))
}
