//! Budgets' use cases: importing a pabulib file, counting an envelope under every rule, publishing the ballots
//! and the outcome as pabulib text.

use super::interchange::{self, ExportBallot, ExportBudget, ExportProject};
use super::pabulib;
use super::queries::{self, ResultRow, TallyRow};
use super::rules;
use super::tally::{self, Count, Outcome, Reason, Rule, RuleError, VoteType};
use super::{BallotKind, Phase};
use crate::db::{now, Db};
use crate::error::AppError;
use std::collections::HashMap;

/// A decision is being published on budget `id`: its participants — identified voters (web, kiosk, marked on
/// paper) and project authors — are told once each, in the caller's transaction.
pub async fn mark_decided(conn: &mut sqlx::AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    queries::lifecycle::enqueue_budget_decided(conn, id, now).await
}

/// How the decision on a budget one took part in reads in a notification mail; `None` once the budget is gone.
pub async fn describe_notification(
    state: &crate::state::AppState,
    queued: &crate::notifications::queries::Queued,
) -> Result<Option<crate::notifications::Item>, AppError> {
    let Some(id) = queued.budget_id else { return Ok(None) };
    let Some((slug, title)) = queries::lifecycle::slug_and_title(&state.db, id).await? else { return Ok(None) };
    Ok(Some(crate::notifications::Item {
        line: "mail-budget-decided-line",
        subject: "mail-budget-decided-subject",
        title,
        link: crate::notifications::full_link(state, &super::paths::page(&slug)),
        reply: None,
    }))
}

/// What an import created.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The new budget's slug.
    pub slug: String,
    /// Projects.
    pub projects: usize,
    /// Ballots.
    pub ballots: usize,
    /// The official rule's winners (project references), or why it cannot be reproduced.
    pub winners: Result<Vec<String>, String>,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not one Clairvoie can import.
    #[error("{0}")]
    File(String),
    /// A fault of ours.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::App(e.into())
    }
}

/// A random id for a ballot (the one published): 64 bits, hex.
pub fn ballot_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// A slug not yet taken, from a title.
pub async fn free_slug(db: &Db, title: &str) -> Result<String, sqlx::Error> {
    let base = crate::text::slugify(title, "budget");
    crate::text::first_free(base, super::paths::RESERVED, |slug| async move { queries::slug_taken(db, &slug).await })
        .await
}

/// `clairvoie pb import`: a closed budget with the file's projects and ballots (random ids; the channel from
/// `voting_method`), counted under its rule and the rules officials compare it with. All or nothing.
pub async fn import_pabulib(db: &Db, text: &str) -> Result<Imported, ImportError> {
    import_pabulib_titled(db, text, None).await
}

/// [`import_pabulib`] under a title of the town's choosing (pabulib's descriptions are in English).
pub async fn import_pabulib_titled(db: &Db, text: &str, title: Option<&str>) -> Result<Imported, ImportError> {
    let file = pabulib::parse(text).map_err(|e| ImportError::File(format!("not a pabulib file: {e}")))?;
    let (mut budget, projects, ballots) = interchange::plan_import(&file).map_err(ImportError::File)?;
    if let Some(title) = title {
        budget.title = title.to_string();
    }
    let slug = free_slug(db, &budget.title).await?;
    let at = now();
    let mut tx = db.pool.begin().await?;
    let budget_id = queries::insert_closed(&mut tx, &budget, &slug, at).await?;
    let envelope = queries::insert_envelope(&mut tx, budget_id, 0, None, &budget.envelope_name, budget.amount).await?;
    let mut ids = Vec::with_capacity(projects.len());
    for (position, p) in projects.iter().enumerate() {
        ids.push(queries::insert_feasible(&mut tx, budget_id, envelope, position as i64, p, at).await?);
    }
    for b in &ballots {
        let items: Vec<(i64, i64)> = b.items.iter().map(|&(p, points)| (ids[p], points)).collect();
        let imported = queries::ballots::NewBallot { channel: b.channel.code(), ..Default::default() };
        queries::ballots::insert(&mut tx, &ballot_id(), envelope, &imported, &items).await?;
    }
    tx.commit().await?;
    count(db, budget_id).await?;
    let winners = match queries::results(db, envelope, &budget.rule).await? {
        rows if rows.is_empty() => Err(tally::rule_of(&budget.rule, Some(&budget.min_score.to_string()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| "not counted".into())),
        rows => {
            let by_id: HashMap<i64, &str> =
                ids.iter().zip(&projects).map(|(id, p)| (*id, p.reference.as_str())).collect();
            let mut funded: Vec<&ResultRow> = rows.iter().filter(|r| r.funded == 1).collect();
            funded.sort_by_key(|r| r.funded_rank);
            Ok(funded.iter().map(|r| by_id[&r.project_id].to_string()).collect())
        }
    };
    Ok(Imported { slug, projects: projects.len(), ballots: ballots.len(), winners })
}

/// The vote type the tally reads a ballot kind as.
fn vote_type(kind: BallotKind) -> VoteType {
    match kind {
        BallotKind::Approval | BallotKind::Knapsack => VoteType::Approval,
        BallotKind::Cumulative => VoteType::Cumulative,
        BallotKind::Ranked => VoteType::Ordinal,
    }
}

/// The rules an envelope is counted with: the official one (when Clairvoie can reproduce it) and those officials
/// compare it with — greedy, and equal shares with its completion for approval ballots.
pub fn rules_for(official: &str, min_score: i64, kind: BallotKind) -> Vec<Rule> {
    let mut rules = vec![];
    if let Ok(rule) = tally::rule_of(official, Some(&min_score.to_string())) {
        rules.push(rule);
    }
    let mut compared = vec![Rule::Greedy];
    if vote_type(kind) == VoteType::Approval {
        compared.push(Rule::EqualShares { add1: true, comparison: false });
    }
    for rule in compared {
        if !rules.iter().any(|r| r.code() == rule.code()) {
            rules.push(rule);
        }
    }
    rules
}

/// Stored form of a reason: its code and numbers (amount, payers, supporters, detail).
fn stored(reason: &Reason) -> (&'static str, Option<i64>, Option<i64>, Option<i64>, Option<i64>) {
    match *reason {
        Reason::Funded { rank } => ("funded", None, None, None, Some(rank as i64)),
        Reason::FundedShares { max_payment, full_payers, supporters } => {
            ("funded_shares", Some(max_payment), Some(full_payers as i64), Some(supporters as i64), None)
        }
        Reason::NotEnoughLeft { left } => ("not_enough_left", Some(left), None, None, None),
        Reason::BelowThreshold { threshold } => ("below_threshold", None, None, None, Some(threshold)),
        Reason::Stopped { at } => ("stopped", None, None, None, Some(at as i64)),
        Reason::Unaffordable { money } => ("unaffordable", Some(money), None, None, None),
        Reason::NoSupport => ("no_support", None, None, None, None),
    }
}

/// Counts every envelope of a budget under its rules and stores the results (replacing earlier ones).
pub async fn count(db: &Db, budget_id: i64) -> Result<(), AppError> {
    let budget = queries::get(db, budget_id).await?.ok_or(AppError::NotFound)?;
    let kind = budget.ballot_kind;
    for envelope in queries::envelopes(db, budget_id).await? {
        let candidates = queries::candidates(db, envelope.id).await?;
        let index: HashMap<i64, usize> = candidates.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        // Every stored ballot is checked again against the budget's locked rules, whatever wrote it (a bug, a
        // hand-edited database, a value that slipped past the form): one that breaks them is reported in the
        // tally and not counted. An imported budget's ballots are the city's published record, counted as
        // published (its rules were read from the same file).
        let rules = (budget.imported_meta.is_none()).then(|| super::voting::ballot_rules(&budget, envelope.amount));
        let cost_of = |p: i64| index.get(&p).map(|&i| candidates[i].cost);
        let mut read: Vec<Vec<(i64, i64)>> = vec![];
        let mut current: Option<String> = None;
        for item in queries::items(db, envelope.id).await? {
            if current.as_deref() != Some(item.ballot_id.as_str()) {
                read.push(vec![]);
                current = Some(item.ballot_id);
            }
            if let Some(last) = read.last_mut() {
                last.push((item.project_id, item.points));
            }
        }
        let mut rejected = 0i64;
        let mut ballots: Vec<(Vec<usize>, Vec<i64>)> = Vec::with_capacity(read.len());
        for items in &read {
            if rules.as_ref().is_some_and(|r| !rules::validate(r, items, cost_of).is_empty()) {
                rejected += 1;
                continue;
            }
            // Items for a project no longer on the ballot (merged, withdrawn) do not count.
            let (projects, points) = items.iter().filter_map(|&(p, n)| Some((*index.get(&p)?, n))).unzip();
            ballots.push((projects, points));
        }
        if rejected > 0 {
            tracing::warn!(
                budget = budget.id,
                envelope = envelope.id,
                rejected,
                "ballots breaking the rules set aside"
            );
        }
        let blank = queries::blank_ballots(db, envelope.id).await?.len();
        ballots.extend(std::iter::repeat_n((vec![], vec![]), blank));
        let costs: Vec<i64> = candidates.iter().map(|c| c.cost).collect();
        let longest = ballots.iter().map(|b| b.0.len()).max().unwrap_or(0);
        let max_length = budget.max_choices.map(|m| m as usize).unwrap_or(longest);
        let (amount, min_score, voted) = (envelope.amount, budget.min_score, ballots.len());
        let counted = rules_for(&budget.rule, budget.min_score, kind);
        // Counting a town-sized budget's equal shares takes a second or so on every core: off the async threads.
        let outcomes = tokio::task::spawn_blocking(move || {
            let input = Count {
                kind: vote_type(kind),
                costs: &costs,
                ballots: &ballots,
                max_length,
                budget: amount,
                min_score,
            };
            counted.into_iter().map(|rule| (rule, tally::count(&input, rule))).collect::<Vec<_>>()
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
        let mut results: Vec<(TallyRow, Vec<ResultRow>)> = vec![];
        for (rule, outcome) in outcomes {
            let outcome: Outcome = match outcome {
                Ok(o) => o,
                Err(RuleError::NeedsApproval) => continue,
                Err(e) => return Err(AppError::Internal(e.to_string())),
            };
            let rows = candidates
                .iter()
                .enumerate()
                .map(|(p, c)| {
                    let (reason, amount, payers, supporters, detail) = stored(&outcome.reasons[p]);
                    let detail = match outcome.reasons[p] {
                        Reason::Stopped { at } => Some(candidates[at].id),
                        _ => detail,
                    };
                    ResultRow {
                        project_id: c.id,
                        score: outcome.scores[p],
                        funded: outcome.funded.contains(&p) as i64,
                        funded_rank: outcome.funded.iter().position(|&q| q == p).map(|r| r as i64 + 1),
                        reason: reason.to_string(),
                        amount,
                        payers,
                        supporters,
                        detail,
                    }
                })
                .collect();
            let tally = TallyRow {
                rule: rule.code().to_string(),
                ballots: voted as i64,
                rejected,
                voter_budget: outcome.voter_budget,
                comparison: outcome.comparison.map(|(a, b, k)| (a as i64, b as i64, k)),
            };
            results.push((tally, rows));
        }
        let at = now();
        let mut tx = db.pool.begin().await?;
        queries::lock_budget(&mut tx, budget.id).await?;
        for (tally, rows) in &results {
            queries::replace_result(&mut tx, envelope.id, tally, rows, at).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// `GET /budgets/{slug}/export.pb`: an envelope's projects, its ballots under their random ids and, once
/// counted, the official outcome, in pabulib format. Ballots are published only once voting is over.
pub async fn export_pabulib(db: &Db, slug: &str, envelope: Option<i64>) -> Result<String, AppError> {
    let budget = queries::find(db, slug).await?.ok_or(AppError::NotFound)?;
    let phase = budget.phase;
    if matches!(phase, Phase::Proposals | Phase::Review | Phase::Voting) {
        return Err(AppError::NotFound);
    }
    let envelopes = queries::envelopes(db, budget.id).await?;
    let envelope = match envelope {
        Some(id) => envelopes.into_iter().find(|e| e.id == id),
        None => envelopes.into_iter().next(),
    }
    .ok_or(AppError::NotFound)?;
    let kind = budget.ballot_kind;
    let candidates = queries::candidates(db, envelope.id).await?;
    let results = queries::results(db, envelope.id, &budget.rule).await?;
    let by_project: HashMap<i64, &ResultRow> = results.iter().map(|r| (r.project_id, r)).collect();
    let reference: HashMap<i64, &str> = candidates.iter().map(|c| (c.id, c.reference.as_str())).collect();
    let mut ballots: Vec<ExportBallot> = vec![];
    for item in queries::items(db, envelope.id).await? {
        let Some(r) = reference.get(&item.project_id) else { continue };
        if ballots.last().is_none_or(|b| b.id != item.ballot_id) {
            let channel = item.channel;
            ballots.push(ExportBallot { id: item.ballot_id.clone(), channel, items: vec![] });
        }
        if let Some(last) = ballots.last_mut() {
            last.items.push((r.to_string(), item.points));
        }
    }
    for (id, channel) in queries::blank_ballots(db, envelope.id).await? {
        ballots.push(ExportBallot { id, channel, items: vec![] });
    }
    let mut meta: Vec<(String, String)> = match &budget.imported_meta {
        Some(text) => text
            .lines()
            .map(pabulib::split)
            .filter(|f| f.len() == 2)
            .map(|mut f| (std::mem::take(&mut f[0]), std::mem::take(&mut f[1])))
            .collect(),
        None => {
            // What pabulib requires of a budget: where (the town, and the district of a district's envelope),
            // which edition (the year voting closed) and when voting ran.
            let town = crate::town::town_name(db).await?;
            let day = |at: i64| {
                let d = crate::format::date_of(at);
                format!("{:02}.{:02}.{}", d.day, d.month, d.year)
            };
            let mut meta: Vec<(String, String)> = vec![
                ("description".into(), budget.title.clone()),
                ("country".into(), "France".into()),
                ("unit".into(), town.clone()),
            ];
            if !envelope.name.is_empty() && envelope.name != town {
                meta.push(("district".into(), envelope.name.clone()));
            }
            // A budget moved through its phases before these times were kept has none: its edition is the year
            // of the export (which follows the close), and the voting dates, optional in pabulib, are left out
            // rather than written as 1970.
            let edition = budget.closed_at.unwrap_or_else(now);
            meta.push(("instance".into(), crate::format::date_of(edition).year.to_string()));
            if let (Some(opened), Some(closed)) = (budget.locked_at, budget.closed_at) {
                meta.push(("date_begin".into(), day(opened)));
                meta.push(("date_end".into(), day(closed)));
            }
            meta.push(("language".into(), "fr".into()));
            meta
        }
    };
    if !meta.iter().any(|(k, _)| k == "currency") {
        meta.push(("currency".into(), budget.currency.clone()));
    }
    let projects: Vec<ExportProject> = candidates
        .iter()
        .map(|c| ExportProject {
            reference: c.reference.clone(),
            cost: c.cost,
            title: c.title.clone(),
            category: c.category.clone(),
            score: by_project.get(&c.id).map(|r| r.score).unwrap_or(0),
            selected: by_project.get(&c.id).map(|r| r.funded == 1),
            latitude: c.latitude,
            longitude: c.longitude,
        })
        .collect();
    let export = ExportBudget {
        meta,
        kind,
        amount: envelope.amount,
        min_choices: budget.min_choices,
        max_choices: budget.max_choices,
        max_points: budget.max_points,
        rule: budget.rule.clone(),
        min_score: budget.min_score,
    };
    Ok(interchange::export_text(&export, &projects, &ballots))
}

/// The budgets, newest first.
pub async fn list(db: &Db) -> Result<Vec<super::BudgetLine>, AppError> {
    Ok(queries::lifecycle::list(db)
        .await?
        .into_iter()
        .map(|(slug, title, phase, currency, total)| super::BudgetLine { slug, title, phase, currency, total })
        .collect())
}

/// A budget's public page. Results appear once published (results and implementation phases); `compare` adds
/// the outcome under the other rules (for officials).
pub async fn view(db: &Db, slug: &str, compare: bool) -> Result<Option<super::BudgetView>, AppError> {
    let Some(budget) = queries::find(db, slug).await? else { return Ok(None) };
    let phase = budget.phase;
    let published = matches!(phase, Phase::Results | Phase::Implementation);
    let mut envelopes = vec![];
    for queries::lifecycle::EnvelopeLine { id, name, amount, .. } in
        queries::lifecycle::envelope_lines(db, budget.id).await?
    {
        let projects = queries::lifecycle::projects(db, id).await?;
        let results: HashMap<i64, ResultRow> = if published {
            queries::results(db, id, &budget.rule).await?.into_iter().map(|r| (r.project_id, r)).collect()
        } else {
            HashMap::new()
        };
        let title_of = |pid: i64| projects.iter().find(|p| p.id == pid).map(|p| p.title.clone());
        let tally = if published { queries::lifecycle::tally(db, id, &budget.rule).await? } else { None };
        let paper = if published {
            Some(super::paper::reconciliation(db, id).await?).filter(|p| p.ballots > 0 || p.voters > 0)
        } else {
            None
        };
        let mut other_rules = vec![];
        if published && compare {
            for rule in queries::tallied_rules(db, id).await?.into_iter().filter(|r| *r != budget.rule) {
                let funded: HashMap<i64, bool> =
                    queries::results(db, id, &rule).await?.into_iter().map(|r| (r.project_id, r.funded == 1)).collect();
                other_rules
                    .push((rule, projects.iter().map(|p| funded.get(&p.id).copied().unwrap_or(false)).collect()));
            }
        }
        envelopes.push(super::EnvelopeView {
            id,
            name,
            amount,
            ballots: tally.map(|t| t.0),
            rejected: tally.map(|t| t.5).unwrap_or(0),
            paper,
            voter_budget: tally.and_then(|t| t.1),
            comparison: tally.and_then(|t| Some((t.2?, t.3?, t.4? == 1))),
            projects: projects
                .iter()
                .map(|p| super::ProjectView {
                    id: p.id,
                    reference: p.reference.clone(),
                    title: p.title.clone(),
                    cost: p.cost,
                    status: p.status,
                    note: p.review_note.clone(),
                    location: p.latitude.zip(p.longitude),
                    result: results.get(&p.id).map(|r| super::ResultView {
                        score: r.score,
                        funded: r.funded == 1,
                        reason: r.reason.clone(),
                        amount: r.amount,
                        payers: r.payers,
                        supporters: r.supporters,
                        detail: r.detail,
                        stopped_at: (r.reason == "stopped").then(|| r.detail.and_then(title_of)).flatten(),
                    }),
                })
                .collect(),
            other_rules,
        });
    }
    Ok(Some(super::BudgetView {
        slug: budget.slug,
        title: budget.title,
        body_html: crate::markdown::render(&budget.body, crate::markdown::STAFF),
        phase,
        currency: budget.currency,
        rule: budget.rule,
        kind: budget.ballot_kind,
        envelopes,
        compare,
    }))
}

/// An account's projects and the envelopes it voted in — never what it voted — for its data export (its
/// "budgets" part, see [`crate::accounts::personal_data`]).
pub async fn personal_data(state: &crate::state::AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    let (projects, voted) = queries::personal_data(&state.db, user_id).await?;
    Ok(serde_json::json!({
        "projects": projects.iter().map(|(budget, reference, title, status, cost, photos)| serde_json::json!({
            "budget": budget, "reference": reference, "title": title, "status": status, "cost_cents": cost,
            "photos": photos,
        })).collect::<Vec<_>>(),
        "voted_in": voted.iter().map(|(budget, envelope, channel, at)| serde_json::json!({
            "budget": budget, "envelope": envelope, "channel": channel, "at": at,
        })).collect::<Vec<_>>(),
    }))
}
