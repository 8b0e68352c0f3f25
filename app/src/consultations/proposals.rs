//! Residents propose a use case for consultation; staff review it publicly: accepted (a draft consultation is
//! prepared from it) or declined with a reason. Pending proposals are seen only by their author and staff.

use super::queries::proposals::{self as queries, ProposalRow};
use super::rules::{self, ProposalForm};
use super::*;
use crate::access::{can, Action, Resource};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::markdown;
use crate::state::AppState;

/// The proposals page: what the reader may see, and whether they review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalsPage {
    /// Proposals, newest first.
    pub proposals: Vec<Proposal>,
    /// The reader reviews proposals.
    pub staff: bool,
}

fn to_proposal(row: ProposalRow, reader: Option<i64>) -> Proposal {
    let visible = row.hidden_reason.is_none();
    // A consultation prepared from a proposal is linked once it is public.
    let slug = row.consultation_slug.filter(|_| row.consultation_status.as_deref().is_some_and(|s| s != "draft"));
    Proposal {
        id: row.id,
        title: if visible { row.title } else { String::new() },
        body_html: if visible { markdown::render(&row.body, markdown::RESIDENT) } else { String::new() },
        body: if visible { row.body } else { String::new() },
        domain: row.domain,
        district: row.district,
        author: if visible { row.author } else { None },
        // The account id goes to its author only (as with comments): hidden proposals name nobody.
        author_id: row.author_id.filter(|&a| Some(a) == reader),
        status: row.status,
        reason: row.reason,
        consultation_slug: slug,
        hidden_reason: row.hidden_reason,
        created_at: row.created_at,
    }
}

/// A verified resident proposes a use case; returns its id.
pub async fn submit(state: &AppState, actor: Option<&CurrentUser>, form: &ProposalForm) -> Result<i64, AppError> {
    let Some(author) = actor.filter(|a| can(Some(a), Action::Participate, Resource::Site)) else {
        return match rules::participation(actor) {
            Eligibility::Unverified => Err(AppError::user(UserError::general("vote-unverified"))),
            Eligibility::Blocked => Err(AppError::user(UserError::general("vote-blocked"))),
            _ => Err(AppError::denied(actor.is_some())),
        };
    };
    let (title, body, domain, district) = rules::validate_proposal(form).map_err(AppError::Invalid)?;
    if let Some(id) = district {
        if !crate::town::district_exists(&state.db, id).await? {
            return Err(AppError::user(UserError::field("district_id", "error-district-invalid")));
        }
    }
    Ok(queries::insert(&state.db, author.id, &title, &body, domain, district, now()).await?)
}

/// The proposals the reader may see.
pub async fn list(state: &AppState, actor: Option<&CurrentUser>) -> Result<ProposalsPage, AppError> {
    let staff = can(actor, Action::ManageConsultations, Resource::Site);
    let rows = queries::list(&state.db, actor.map(|a| a.id), staff).await?;
    let reader = actor.map(|a| a.id);
    Ok(ProposalsPage { proposals: rows.into_iter().map(|r| to_proposal(r, reader)).collect(), staff })
}

/// Staff accept (preparing a draft consultation, returned) or decline (with a public reason) a pending
/// proposal.
pub async fn review(
    state: &AppState,
    actor: Option<&CurrentUser>,
    id: i64,
    accept: bool,
    reason: &str,
) -> Result<Option<String>, AppError> {
    let staff = match actor {
        Some(a) if can(Some(a), Action::ManageConsultations, Resource::Site) => a,
        _ => return Err(AppError::denied(actor.is_some())),
    };
    let reason = reason.trim();
    if (!accept && !crate::text::valid_reason(reason)) || reason.chars().count() > 500 {
        return Err(AppError::user(UserError::field("reason", "error-proposal-reason")));
    }
    let p = queries::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let domain = p.domain;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let (status, consultation, slug) = if accept {
        // A draft from the resident's words: staff complete the use case before opening it.
        let draft = rules::ValidConsultation {
            title: p.title.clone(),
            question: p.title.clone(),
            body: p.body.clone(),
            domain,
            use_purpose: markdown::excerpt(&p.body, 300),
            use_benefits: String::new(),
            use_data: String::new(),
            use_retention: "P30D".into(),
            planned_sensors: String::new(),
            sensors: vec![],
            opens_on: None,
            closes_on: None,
            districts_only: false,
            rule: Default::default(),
            results_hidden: false,
            documents: vec![],
        };
        let slug = super::service::free_slug(state, &p.title).await?;
        let cid = super::queries::insert(&mut tx, &draft, &slug, now).await?;
        let districts: Vec<i64> = p.district_id.into_iter().collect();
        super::queries::set_links(&mut tx, cid, &[], &districts, &[]).await?;
        queries::set_consultation_proposal(&mut tx, cid, id).await?;
        (ProposalStatus::Accepted, Some(cid), Some(slug))
    } else {
        (ProposalStatus::Declined, None, None)
    };
    if !queries::review(&mut tx, id, status, reason, consultation, now).await? {
        return Err(AppError::user(UserError::general("error-proposal-reviewed")));
    }
    let entry = NewEntry {
        actor_id: Some(staff.id),
        action: if accept { "proposal_accept" } else { "proposal_decline" },
        target_kind: "proposal",
        target_id: id,
        reason: reason.to_string(),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(slug)
}
