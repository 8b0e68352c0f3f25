//! Paper ballots: staff open a batch (a counted bundle of papers, numbered 1…N), enter it, and a second staff
//! member enters it again; the app lists the ballots where the two entries differ, staff resolve each against the
//! paper, and only then does the batch count. Residents who voted on paper are marked, so they cannot vote again
//! on the web or at a kiosk.

use super::queries::{self, lifecycle, paper};
use super::rules;
use super::{BallotKind, Channel, Discrepancy, Phase};
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, FieldError, UserError};
use crate::participation::{queries as participation, Scope};
use crate::state::AppState;

/// The largest batch, in ballots.
pub const MAX_BATCH: i64 = 1_000;

/// The budget of an envelope, when paper ballots may be entered in it: while voting is open and while
/// counting, never once results are out.
async fn entering_allowed(state: &AppState, budget_id: i64) -> Result<queries::BudgetRow, AppError> {
    let budget = queries::get(&state.db, budget_id).await?.ok_or(AppError::NotFound)?;
    match budget.phase {
        Phase::Voting | Phase::Counting => Ok(budget),
        _ => Err(AppError::user(UserError::general("error-paper-phase"))),
    }
}

/// Opens a batch of `size` ballots in an envelope. Returns its id.
pub async fn open_batch(
    state: &AppState,
    actor: Option<&CurrentUser>,
    envelope_id: i64,
    label: &str,
    size: &str,
) -> Result<i64, AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let envelope = lifecycle::envelope(&state.db, envelope_id).await?.ok_or(AppError::NotFound)?;
    entering_allowed(state, envelope.budget_id).await?;
    let mut errors = vec![];
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 100 {
        errors.push(UserError::field("label", "error-paper-label"));
    }
    // Digits only, as ballot numbers are read: no sign, exponent or spaces inside.
    let size = super::rules::parse_points(size).filter(|s| (1..=MAX_BATCH).contains(s));
    if size.is_none() {
        errors.push(UserError::field("size", "error-paper-size"));
    }
    let Some(size) = size.filter(|_| errors.is_empty()) else { return Err(AppError::Invalid(errors)) };
    let mut tx = state.db.pool.begin().await?;
    let id = paper::insert_batch(&mut tx, envelope.id, label, size, now()).await?;
    let reason = format!("envelope {}, {size} ballots", envelope.id);
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "paper_batch_open", "paper_batch", id, reason),
        now(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A batch not yet counted, its envelope and its budget (which must take paper ballots now).
struct OpenBatch {
    batch: paper::BatchRow,
    envelope: lifecycle::EnvelopeInfo,
    budget: queries::BudgetRow,
}

async fn open_batch_row(state: &AppState, batch_id: i64) -> Result<OpenBatch, AppError> {
    let batch = paper::batch(&state.db, batch_id).await?.ok_or(AppError::NotFound)?;
    if batch.counted_at.is_some() {
        return Err(AppError::user(UserError::general("error-paper-counted")));
    }
    let envelope = lifecycle::envelope(&state.db, batch.envelope_id).await?.ok_or(AppError::NotFound)?;
    let budget = entering_allowed(state, envelope.budget_id).await?;
    Ok(OpenBatch { batch, envelope, budget })
}

/// Enters a pass (1, or 2 by another staff member) of a batch: `(ballot number, what the paper says)`. Entries
/// may be sent in several goes; a number entered again replaces the earlier text.
pub async fn enter(
    state: &AppState,
    actor: Option<&CurrentUser>,
    batch_id: i64,
    pass: i64,
    entries: &[(i64, String)],
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let OpenBatch { batch, budget, .. } = open_batch_row(state, batch_id).await?;
    let kind = budget.ballot_kind;
    if !(1..=2).contains(&pass) {
        return Err(AppError::user(UserError::field("pass", "error-choose-from-list")));
    }
    let other = if pass == 1 { batch.second_by } else { batch.first_by };
    if other == Some(actor.id) {
        return Err(AppError::user(UserError::general("error-paper-same-person")));
    }
    let mut errors = vec![];
    for (seq, text) in entries {
        if !(1..=batch.size).contains(seq) {
            errors.push(FieldError {
                field: Some(format!("ballot_{seq}")),
                key: crate::msg_key!("error-paper-number").into(),
            });
        } else if rules::parse_paper(text, kind).is_none() {
            errors.push(FieldError {
                field: Some(format!("ballot_{seq}")),
                key: crate::msg_key!("error-paper-unreadable").into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = state.db.pool.begin().await?;
    if !paper::claim_pass(&mut tx, batch.id, pass, actor.id).await? {
        return Err(AppError::user(UserError::general("error-paper-taken")));
    }
    for (seq, text) in entries {
        paper::put_entry(&mut tx, batch.id, pass, *seq, text.trim()).await?;
    }
    let reason = format!("pass {pass}: {} ballots", entries.len());
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "paper_pass", "paper_batch", batch.id, reason),
        now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The ballots of a batch whose two entries differ (or are missing from one pass).
pub async fn discrepancies(
    state: &AppState,
    actor: Option<&CurrentUser>,
    batch_id: i64,
) -> Result<Vec<Discrepancy>, AppError> {
    require(actor, Action::ManageBudgets)?;
    let batch = paper::batch(&state.db, batch_id).await?.ok_or(AppError::NotFound)?;
    let envelope = lifecycle::envelope(&state.db, batch.envelope_id).await?.ok_or(AppError::NotFound)?;
    let budget = queries::get(&state.db, envelope.budget_id).await?.ok_or(AppError::NotFound)?;
    Ok(read_entries(state, batch.id, budget.ballot_kind).await?.1)
}

/// A batch's two passes and their discrepancies with their resolutions.
async fn read_entries(
    state: &AppState,
    batch_id: i64,
    kind: BallotKind,
) -> Result<(Vec<(i64, String)>, Vec<Discrepancy>, Vec<(i64, String)>), AppError> {
    let first = paper::entries(&state.db, batch_id, 1).await?;
    let second = paper::entries(&state.db, batch_id, 2).await?;
    let resolved = paper::entries(&state.db, batch_id, 3).await?;
    let find = |list: &[(i64, String)], seq: i64| list.iter().find(|(s, _)| *s == seq).map(|(_, t)| t.clone());
    let open = rules::discrepancies(&first, &second, kind)
        .into_iter()
        .map(|seq| Discrepancy {
            seq,
            first: find(&first, seq),
            second: find(&second, seq),
            resolved: find(&resolved, seq),
        })
        .collect();
    Ok((first, open, second))
}

/// Staff resolve a discrepancy from the paper itself.
pub async fn resolve(
    state: &AppState,
    actor: Option<&CurrentUser>,
    batch_id: i64,
    seq: i64,
    text: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let text = &rules::paper_entry(text);
    let OpenBatch { batch, budget, .. } = open_batch_row(state, batch_id).await?;
    // Whoever typed a pass cannot settle what their own pass disagrees on: a third person reads the paper.
    if batch.first_by == Some(actor.id) || batch.second_by == Some(actor.id) {
        return Err(AppError::user(UserError::general("error-paper-resolver")));
    }
    let kind = budget.ballot_kind;
    let (first, open, second) = read_entries(state, batch.id, kind).await?;
    // Only once both passes are whole is there a disagreement to settle: before, a ballot missing from pass 2
    // looks like one, and whoever "settled" it could then type pass 2 and decide the batch alone.
    if first.len() as i64 != batch.size || second.len() as i64 != batch.size {
        return Err(AppError::user(UserError::general("error-paper-resolve-early")));
    }
    if !open.iter().any(|d| d.seq == seq) {
        return Err(AppError::user(UserError::field("seq", "error-paper-number")));
    }
    if rules::parse_paper(text, kind).is_none() {
        let field = Some(format!("resolution_{seq}"));
        return Err(AppError::user(FieldError { field, key: crate::msg_key!("error-paper-unreadable").into() }));
    }
    let mut tx = state.db.pool.begin().await?;
    paper::put_entry(&mut tx, batch.id, 3, seq, text.trim()).await?;
    let reason = format!("ballot {seq}");
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "paper_resolve", "paper_batch", batch.id, reason),
        now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What counting a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchCount {
    /// Ballots stored (blank ones included).
    pub counted: usize,
    /// Of which blank.
    pub blank: usize,
    /// Void: naming a project not on the ballot or breaking the ballot rules (not stored).
    pub void: usize,
}

/// Counts a batch once both passes cover every ballot and every discrepancy is resolved: each ballot is stored
/// (random id, channel paper, the batch), void ones are not. Once only.
pub async fn count_batch(state: &AppState, actor: Option<&CurrentUser>, batch_id: i64) -> Result<BatchCount, AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let OpenBatch { batch, envelope, budget } = open_batch_row(state, batch_id).await?;
    let kind = budget.ballot_kind;
    let (first, open, second) = read_entries(state, batch.id, kind).await?;
    if first.len() as i64 != batch.size || second.len() as i64 != batch.size || batch.first_by == batch.second_by {
        return Err(AppError::user(UserError::general("error-paper-incomplete")));
    }
    if open.iter().any(|d| d.resolved.is_none()) {
        return Err(AppError::user(UserError::general("error-paper-unresolved")));
    }
    let ballot_rules = super::voting::ballot_rules(&budget, envelope.amount);
    let candidates = queries::candidates(&state.db, envelope.id).await?;
    let mut result = BatchCount::default();
    let mut stored = vec![];
    for (seq, text) in &first {
        let text = open.iter().find(|d| d.seq == *seq).and_then(|d| d.resolved.clone()).unwrap_or_else(|| text.clone());
        let items: Option<Vec<(i64, i64)>> = rules::parse_paper(&text, kind).and_then(|read| {
            read.iter()
                .map(|(reference, n)| candidates.iter().find(|c| &c.reference == reference).map(|c| (c.id, *n)))
                .collect()
        });
        let cost_of = |p: i64| candidates.iter().find(|c| c.id == p).map(|c| c.cost);
        match items {
            Some(items) if items.is_empty() => {
                result.blank += 1;
                stored.push(items);
            }
            Some(items) if rules::validate(&ballot_rules, &items, cost_of).is_empty() => stored.push(items),
            _ => result.void += 1,
        }
    }
    let mut tx = state.db.pool.begin().await?;
    if !paper::mark_counted(&mut tx, batch.id, now()).await? {
        return Err(AppError::user(UserError::general("error-paper-counted")));
    }
    for items in &stored {
        let id = super::service::ballot_id();
        let paper = queries::ballots::NewBallot {
            channel: Channel::Paper.code(),
            batch_id: Some(batch.id),
            ..Default::default()
        };
        queries::ballots::insert(&mut tx, &id, envelope.id, &paper, items).await?;
    }
    result.counted = stored.len();
    let reason = format!("{} stored ({} blank), {} void", result.counted, result.blank, result.void);
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "paper_count", "paper_batch", batch.id, reason),
        now(),
    )
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// Staff mark a resident (by address) as having voted on paper in an envelope; refused when they already
/// voted, whatever the channel — they are told so rather than counted twice.
pub async fn mark_voter(
    state: &AppState,
    actor: Option<&CurrentUser>,
    envelope_id: i64,
    email: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let envelope = lifecycle::envelope(&state.db, envelope_id).await?.ok_or(AppError::NotFound)?;
    entering_allowed(state, envelope.budget_id).await?;
    let user = crate::accounts::queries::find_by_email(&state.db, email.trim()).await?;
    let Some(user) = user else { return Err(AppError::user(UserError::field("email", "error-paper-no-account"))) };
    let mut tx = state.db.pool.begin().await?;
    // Someone who voted on paper in a district's envelope votes as that district's resident in this budget.
    let district = envelope.district_id.or(user.district_id);
    // Staff checked the voter against the polling station's list: their eligibility is recorded as `paper`.
    let pinned =
        participation::pin(&mut tx, Scope::Budget, envelope.budget_id, user.id, district, "paper", now()).await?;
    if envelope.district_id.is_some() && envelope.district_id != pinned {
        return Err(AppError::user(UserError::field("email", "error-paper-other-district")));
    }
    if !paper::mark_voter(&mut tx, envelope.id, user.id, now()).await? {
        return Err(AppError::user(UserError::field("email", "error-paper-already-voted")));
    }
    // Ids only: the account recorded as having voted on paper (as a polling station's signature list).
    let reason = format!("account {}", user.id);
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "paper_voter", "envelope", envelope.id, reason),
        now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An envelope's paper ballots reconciled with its paper voters.
pub async fn reconciliation(db: &crate::db::Db, envelope_id: i64) -> Result<rules::PaperReconciliation, AppError> {
    let (ballots, voters) = paper::paper_figures(db, envelope_id).await?;
    let explained = paper::reconciliation(db, envelope_id).await?;
    Ok(rules::PaperReconciliation::of(ballots, voters, explained))
}

/// A staff member who typed none of the envelope's batches explains in writing why its paper ballots and its
/// paper voters differ; published with the results, and needed before they are. Returns the budget's slug.
pub async fn explain(
    state: &AppState,
    actor: Option<&CurrentUser>,
    envelope_id: i64,
    text: &str,
) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let envelope = lifecycle::envelope(&state.db, envelope_id).await?.ok_or(AppError::NotFound)?;
    let budget = entering_allowed(state, envelope.budget_id).await?;
    let text = text.trim();
    if text.is_empty() || text.chars().count() > rules::MAX_EXPLANATION {
        return Err(AppError::user(UserError::field("explanation", "error-paper-explanation")));
    }
    if paper::typists(&state.db, envelope.id).await?.contains(&actor.id) {
        return Err(AppError::user(UserError::general("error-paper-explainer")));
    }
    let figures = paper::paper_figures(&state.db, envelope.id).await?;
    if figures.0 == figures.1 {
        return Err(AppError::user(UserError::general("error-paper-no-difference")));
    }
    let mut tx = state.db.pool.begin().await?;
    paper::explain(&mut tx, envelope.id, figures, text, actor.id, now()).await?;
    let reason = format!("{} ballots, {} voters", figures.0, figures.1);
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "paper_explain", "envelope", envelope.id, reason),
        now(),
    )
    .await?;
    tx.commit().await?;
    Ok(budget.slug)
}

/// The paper ballots page of a budget, for staff. `None` when there is no such budget.
pub async fn paper_view(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
) -> Result<Option<super::PaperView>, AppError> {
    require(actor, Action::ManageBudgets)?;
    let Some(budget) = queries::find(&state.db, slug).await? else { return Ok(None) };
    let envelopes = lifecycle::envelope_lines(&state.db, budget.id).await?;
    let batches = paper::batches(&state.db, budget.id).await?;
    let mut reconciliations = vec![];
    for e in &envelopes {
        reconciliations.push((e.id, e.name.clone(), reconciliation(&state.db, e.id).await?));
    }
    Ok(Some(super::PaperView {
        reconciliations,
        slug: budget.slug.clone(),
        title: budget.title.clone(),
        phase: budget.phase,
        kind: budget.ballot_kind,
        envelopes: envelopes.into_iter().map(|e| (e.id, e.name)).collect(),
        batches: batches
            .into_iter()
            .map(|b| super::BatchLine {
                id: b.id,
                envelope: b.envelope,
                label: b.label,
                size: b.size,
                first: b.first,
                second: b.second,
                counted: b.counted_at.is_some(),
            })
            .collect(),
    }))
}

/// One batch's page for a staff member: the pass they may enter and what they entered, and once both passes
/// are complete, the discrepancies. `None` when there is no such batch.
pub async fn batch_view(
    state: &AppState,
    actor: Option<&CurrentUser>,
    batch_id: i64,
) -> Result<Option<super::BatchView>, AppError> {
    let me = require(actor, Action::ManageBudgets)?.id;
    let Some(batch) = paper::batch(&state.db, batch_id).await? else { return Ok(None) };
    let envelope = lifecycle::envelope(&state.db, batch.envelope_id).await?.ok_or(AppError::NotFound)?;
    let budget = queries::get(&state.db, envelope.budget_id).await?.ok_or(AppError::NotFound)?;
    let kind = budget.ballot_kind;
    let my_pass = match (batch.counted_at, batch.first_by, batch.second_by) {
        (Some(_), _, _) => None,
        (None, Some(first), _) if first == me => Some(1),
        (None, _, Some(second)) if second == me => Some(2),
        (None, None, _) => Some(1),
        (None, Some(_), None) => Some(2),
        _ => None,
    };
    let (first, open, second) = read_entries(state, batch.id, kind).await?;
    let (first_count, second_count) = (first.len() as i64, second.len() as i64);
    let my_entries = match my_pass {
        Some(1) => first,
        Some(_) => second,
        None => vec![],
    };
    let complete = first_count == batch.size && second_count == batch.size;
    let references =
        queries::candidates(&state.db, envelope.id).await?.into_iter().map(|c| (c.reference, c.title)).collect();
    Ok(Some(super::BatchView {
        id: batch.id,
        slug: budget.slug,
        budget_title: budget.title,
        kind,
        label: batch.label,
        size: batch.size,
        counted: batch.counted_at.is_some(),
        my_pass,
        my_entries,
        first: first_count,
        second: second_count,
        discrepancies: if complete { open } else { vec![] },
        references,
    }))
}
