//! The dashboards' figures, assembled into tables (officials and admins only).

use super::chart::weekly;
use super::paths;
use super::queries;
use super::{Column, Dashboard, Row, Table};
use crate::access::{can, Action, Resource};
use crate::consultations::Phase as ConsultationPhase;
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::AppError;
use crate::governance::projects::ProjectStatus;
use crate::governance::Outcome;
use crate::sensors::{Domain, PersonalData};
use crate::state::AppState;

fn reader(actor: Option<&CurrentUser>) -> Result<(), AppError> {
    if can(actor, Action::ReadOutcomes, Resource::Site) {
        Ok(())
    } else {
        Err(AppError::denied(actor.is_some()))
    }
}

fn column(code: &str, label_key: &str) -> Column {
    Column { code: code.into(), label_key: label_key.into(), money: false }
}

fn count_column() -> Vec<Column> {
    vec![column("count", "dashboard-col-count")]
}

fn table(id: &str, title_key: &str, key_label: &str, columns: Vec<Column>, rows: Vec<Row>) -> Table {
    Table {
        id: id.into(),
        title_key: title_key.into(),
        key_label: key_label.into(),
        columns,
        rows,
        chart_column: Some(0),
        currency: "EUR".into(),
    }
}

/// One row per code of an enumeration, in its display order, zero when absent from `counts`.
fn coded_rows(codes: &[(&'static str, String)], counts: &[(String, i64)]) -> Vec<Row> {
    codes
        .iter()
        .map(|(code, label_key)| Row {
            key: code.to_string(),
            label_key: Some(label_key.clone()),
            values: vec![counts.iter().find(|(c, _)| c == code).map(|(_, n)| *n).unwrap_or(0)],
        })
        .collect()
}

/// A row per district name, in alphabetical order, "not declared" (an empty name) last: the same order on both
/// engines, which sort NULLs differently.
fn named_rows(mut counts: Vec<(String, i64)>) -> Vec<Row> {
    counts.sort_by(|a, b| (a.0.is_empty(), &a.0).cmp(&(b.0.is_empty(), &b.0)));
    counts
        .into_iter()
        .map(|(name, n)| {
            let label_key = name.is_empty().then(|| "dashboard-no-district".to_string());
            Row { key: if name.is_empty() { "-".into() } else { name }, label_key, values: vec![n] }
        })
        .collect()
}

/// How a vote's participants were eligible, a row per way (counts only).
async fn eligibility_table(db: &crate::db::Db, scope: &str, vote_id: i64) -> Result<Table, AppError> {
    let counts = queries::eligibility(db, scope, vote_id).await?;
    let ways: Vec<(&'static str, String)> = ["email", "register", "letter", "desk", "oidc", "paper"]
        .into_iter()
        .map(|w| (w, format!("eligibility-way-{w}")))
        .collect();
    Ok(table(
        "eligibilite",
        "dashboard-eligibility",
        "dashboard-col-eligibility",
        vec![column("voters", "dashboard-col-voters")],
        coded_rows(&ways, &counts),
    ))
}

/// Help given at the desk: a row per kind of help, a column per channel and the total (counts only: who was
/// helped and what they voted are never recorded).
fn assisted_table(counts: &[(String, String, i64)]) -> Table {
    use crate::participation::Channel;
    let channels = [Channel::Kiosk, Channel::Paper, Channel::Web];
    let mut columns: Vec<Column> = channels.iter().map(|c| column(c.code(), &c.label_key())).collect();
    columns.push(column("total", "dashboard-col-total"));
    let rows = crate::kiosk::HelpKind::ALL
        .iter()
        .map(|h| {
            let mut values: Vec<i64> = channels
                .iter()
                .map(|c| {
                    counts.iter().find(|(cc, hc, _)| cc == c.code() && hc == h.code()).map(|(.., n)| *n).unwrap_or(0)
                })
                .collect();
            values.push(values.iter().sum());
            Row { key: h.code().into(), label_key: Some(h.label_key()), values }
        })
        .collect();
    let mut t = table("accompagnement", "dashboard-assisted", "dashboard-col-help", columns, rows);
    t.chart_column = Some(channels.len());
    t
}

/// What each desk agent did, per day: codes issued, codes used, records created, votes cast with them — so that
/// officials see an agent who hands out codes nobody asked for, or creates many records (one agent cannot act
/// unseen).
async fn desk_table(db: &crate::db::Db) -> Result<Table, AppError> {
    const MEASURES: [&str; 4] = ["issued", "used", "records", "votes"];
    let mut lines: Vec<((i64, String), [i64; 4])> = vec![];
    for (m, what) in MEASURES.iter().enumerate() {
        for (agent, name, day, n) in queries::desk_activity(db, what).await? {
            let key = (day, format!("{} (#{})", name.unwrap_or_default(), agent.unwrap_or(0)));
            match lines.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) => values[m] = n,
                None => {
                    let mut values = [0; 4];
                    values[m] = n;
                    lines.push((key, values));
                }
            }
        }
    }
    // Newest day first, then by agent.
    lines.sort_by(|a, b| b.0 .0.cmp(&a.0 .0).then_with(|| a.0 .1.cmp(&b.0 .1)));
    let columns = MEASURES.iter().map(|m| column(m, &format!("dashboard-desk-{m}"))).collect();
    let rows = lines
        .into_iter()
        .map(|((day, agent), values)| Row {
            key: format!("{} — {agent}", crate::format::iso_day(day)),
            label_key: None,
            values: values.to_vec(),
        })
        .collect();
    let mut t = table("guichet", "dashboard-desk", "dashboard-col-desk", columns, rows);
    t.chart_column = None;
    Ok(t)
}

/// The town's figures, and the consultations' and budgets' dashboards to open.
pub async fn town(state: &AppState, actor: Option<&CurrentUser>) -> Result<Dashboard, AppError> {
    reader(actor)?;
    let db = &state.db;
    let phases: Vec<_> = ConsultationPhase::ALL.iter().map(|p| (p.code(), p.label_key())).collect();
    let consultations = queries::consultations_by_phase(db).await?;
    let phases: Vec<_> = phases.into_iter().filter(|(c, _)| *c != "draft").collect();
    let outcomes: Vec<_> = Outcome::ALL.iter().map(|o| (o.code(), o.label_key())).collect();
    let decisions = queries::decisions_by_outcome(db).await?;
    let projects = crate::governance::projects::service::statuses(state).await?;
    let statuses: Vec<_> = ProjectStatus::ALL.iter().map(|s| (s.code(), s.label_key())).collect();
    let levels = PersonalData::ALL;
    let sensor_counts = queries::sensors(db).await?;
    let mut columns: Vec<Column> = levels.iter().map(|l| column(l.code(), &l.label_key())).collect();
    columns.push(column("total", "dashboard-col-total"));
    let sensor_rows: Vec<Row> = Domain::ALL
        .iter()
        .map(|d| {
            let mut values: Vec<i64> = levels
                .iter()
                .map(|l| {
                    sensor_counts
                        .iter()
                        .find(|(dc, lc, _)| dc == d.code() && lc == l.code())
                        .map(|(.., n)| *n)
                        .unwrap_or(0)
                })
                .collect();
            values.push(values.iter().sum());
            Row { key: d.code().into(), label_key: Some(d.label_key()), values }
        })
        .collect();
    let mut sensors = table("capteurs", "dashboard-sensors", "dashboard-col-domain", columns, sensor_rows);
    sensors.chart_column = Some(levels.len());
    let by_level: Vec<(String, i64)> = levels
        .iter()
        .map(|l| {
            (l.code().to_string(), sensor_counts.iter().filter(|(_, lc, _)| lc == l.code()).map(|(.., n)| n).sum())
        })
        .collect();
    let level_codes: Vec<_> = levels.iter().map(|l| (l.code(), l.label_key())).collect();
    let month_ago = now() - 30 * 86_400;
    let (runs, deleted) = queries::purges_since(db, month_ago).await?;
    let alarms = queries::open_alarms(db).await?;
    let retention = [
        ("datastreams", queries::datastreams(db).await?),
        ("purges", runs),
        ("rows-deleted", deleted),
        ("alarms", alarms),
    ];
    let mut retention = table(
        "conservation",
        "dashboard-retention",
        "dashboard-col-measure",
        count_column(),
        retention
            .iter()
            .map(|(code, n)| Row {
                key: code.to_string(),
                label_key: Some(format!("dashboard-retention-{code}")),
                values: vec![*n],
            })
            .collect(),
    );
    retention.chart_column = None;
    let assisted = assisted_table(&crate::kiosk::service::help_counts(state, 0).await?);
    let desk = desk_table(db).await?;
    let mut subjects: Vec<(String, String)> = crate::consultations::queries::list(db, None, None, None, false)
        .await?
        .into_iter()
        .map(|c| (paths::consultation(&c.slug), c.title))
        .collect();
    subjects.extend(
        crate::budgets::queries::lifecycle::list(db)
            .await?
            .into_iter()
            .map(|(slug, title, ..)| (paths::budget(&slug), title)),
    );
    let (open, voting, participants, ballots, register) = queries::headline(db).await?;
    let headline = [
        ("dashboard-headline-open", open),
        ("dashboard-headline-voting", voting),
        ("dashboard-headline-participants", participants),
        ("dashboard-headline-ballots", ballots),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ok(Dashboard {
        headline,
        turnout: (register > 0).then_some((participants, register)),
        scope: "town".into(),
        slug: String::new(),
        title: String::new(),
        subject_page: String::new(),
        notes: vec!["dashboard-town-note".into()],
        tables: vec![
            table(
                "consultations",
                "dashboard-consultations",
                "dashboard-col-phase",
                count_column(),
                coded_rows(&phases, &consultations),
            ),
            table(
                "decisions",
                "dashboard-decisions",
                "dashboard-col-outcome",
                count_column(),
                coded_rows(&outcomes, &decisions),
            ),
            table(
                "projets",
                "dashboard-projects",
                "dashboard-col-status",
                count_column(),
                coded_rows(&statuses, &projects),
            ),
            sensors,
            table(
                "donnees-personnelles",
                "dashboard-personal-data",
                "dashboard-col-level",
                count_column(),
                coded_rows(&level_codes, &by_level),
            ),
            retention,
            assisted,
            desk,
        ],
        subjects,
    })
}

/// A consultation's participation: votes and comments by week, votes by district, and the outcome once it may
/// be shown.
pub async fn consultation(state: &AppState, actor: Option<&CurrentUser>, slug: &str) -> Result<Dashboard, AppError> {
    reader(actor)?;
    let c = crate::consultations::service::get(state, actor, slug).await?;
    let db = &state.db;
    let votes = weekly(&queries::vote_times(db, c.id).await?);
    let comments = weekly(&queries::comment_times(db, c.id).await?);
    // Both series on one axis: every week of either.
    let mut weeks: Vec<String> = votes.iter().chain(&comments).map(|(w, _)| w.clone()).collect();
    weeks.sort();
    weeks.dedup();
    let find = |series: &[(String, i64)], w: &str| series.iter().find(|(k, _)| k == w).map(|(_, n)| *n).unwrap_or(0);
    let over_time: Vec<Row> = weeks
        .iter()
        .map(|w| Row { key: w.clone(), label_key: None, values: vec![find(&votes, w), find(&comments, w)] })
        .collect();
    let results = crate::consultations::queries::results(db, c.id).await?;
    let visible = crate::consultations::rules::results_visible(c.status, c.results_hidden);
    let districts = named_rows(results.by_district.iter().map(|t| (t.label.clone(), t.total())).collect());
    let channels: Vec<_> = crate::participation::Channel::ALL.iter().map(|c| (c.code(), c.label_key())).collect();
    let by_channel = queries::votes_by_channel(db, c.id).await?;
    let mut tables = vec![
        table(
            "participation",
            "dashboard-over-time",
            "dashboard-col-week",
            vec![column("votes", "dashboard-col-votes"), column("comments", "dashboard-col-comments")],
            over_time,
        ),
        table(
            "quartiers",
            "dashboard-districts",
            "dashboard-col-district",
            vec![column("votes", "dashboard-col-votes")],
            districts,
        ),
        table(
            "canaux",
            "dashboard-vote-channels",
            "dashboard-col-channel",
            vec![column("votes", "dashboard-col-votes")],
            coded_rows(&channels, &by_channel),
        ),
        eligibility_table(db, "consultation", c.id).await?,
    ];
    let mut notes = vec!["dashboard-consultation-channel".to_string()];
    if visible {
        let o = &results.overall;
        let rows = [("for", o.for_), ("against", o.against), ("abstain", o.abstain)]
            .iter()
            .map(|(code, n)| Row { key: code.to_string(), label_key: Some(format!("choice-{code}")), values: vec![*n] })
            .collect();
        tables.push(table(
            "resultat",
            "dashboard-outcome",
            "dashboard-col-choice",
            vec![column("votes", "dashboard-col-votes")],
            rows,
        ));
    } else {
        notes.push("dashboard-results-hidden".into());
    }
    Ok(Dashboard {
        headline: vec![],
        turnout: None,
        scope: "consultation".into(),
        slug: slug.to_string(),
        title: c.title,
        subject_page: crate::consultations::paths::page(slug),
        notes,
        tables,
        subjects: vec![],
    })
}

/// A budget's participation: identified voters by week and district, ballots by channel, and the outcome under
/// every rule counted.
pub async fn budget(state: &AppState, actor: Option<&CurrentUser>, slug: &str) -> Result<Dashboard, AppError> {
    reader(actor)?;
    let b = crate::budgets::queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let db = &state.db;
    let over_time = weekly(&queries::participation_times(db, b.id).await?)
        .into_iter()
        .map(|(w, n)| Row { key: w, label_key: None, values: vec![n] })
        .collect();
    let districts = named_rows(queries::participation_by_district(db, b.id).await?);
    let channels: Vec<_> = crate::participation::Channel::ALL.iter().map(|c| (c.code(), c.label_key())).collect();
    let ballots = queries::ballots_by_channel(db, b.id).await?;
    let rules: Vec<Row> = queries::rules(db, b.id)
        .await?
        .into_iter()
        .map(|(rule, funded, amount)| {
            let label_key = (rule == b.rule).then(|| "dashboard-official-rule".to_string());
            Row { key: rule, label_key, values: vec![funded, amount] }
        })
        .collect();
    let mut rules = table(
        "regles",
        "dashboard-rules",
        "dashboard-col-rule",
        vec![
            column("funded", "dashboard-col-funded"),
            Column { code: "amount".into(), label_key: "dashboard-col-amount".into(), money: true },
        ],
        rules,
    );
    rules.currency = b.currency.clone();
    Ok(Dashboard {
        headline: vec![],
        turnout: None,
        scope: "budget".into(),
        slug: slug.to_string(),
        title: b.title,
        subject_page: crate::budgets::paths::page(slug),
        notes: vec!["dashboard-budget-note".into()],
        tables: vec![
            table(
                "participation",
                "dashboard-over-time",
                "dashboard-col-week",
                vec![column("voters", "dashboard-col-voters")],
                over_time,
            ),
            table(
                "quartiers",
                "dashboard-districts",
                "dashboard-col-district",
                vec![column("voters", "dashboard-col-voters")],
                districts,
            ),
            table(
                "canaux",
                "dashboard-channels",
                "dashboard-col-channel",
                vec![column("ballots", "dashboard-col-ballots")],
                coded_rows(&channels, &ballots),
            ),
            eligibility_table(db, "budget", b.id).await?,
            rules,
        ],
        subjects: vec![],
    })
}

/// One table of a dashboard, for its CSV download: `scope` is `town`, `consultation` or `budget`.
pub async fn table_of(
    state: &AppState,
    actor: Option<&CurrentUser>,
    scope: &str,
    slug: &str,
    id: &str,
) -> Result<Table, AppError> {
    let dashboard = match scope {
        "consultation" => consultation(state, actor, slug).await?,
        "budget" => budget(state, actor, slug).await?,
        _ => town(state, actor).await?,
    };
    dashboard.tables.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)
}
