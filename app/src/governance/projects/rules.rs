//! The project follow-up's pure rules: the staff forms checked field by field, and a parent's figures rolled up
//! from its parts.

use super::{Figures, LinkKind, ProjectStatus};
use crate::error::{FieldError, UserError};
use crate::format::parse_amount;
use crate::format::parse_date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest summary or note, in characters.
pub const MAX_TEXT: usize = 5_000;

/// The form starting a project (on a decision, or as a part of another).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewProjectForm {
    pub title: String,
    pub summary: String,
    /// The amount voted for it, as typed (optional).
    pub voted: String,
}

/// A checked new project.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidNewProject {
    pub title: String,
    pub summary: String,
    /// Cents.
    pub voted: i64,
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize, key: &str, required: bool) -> String {
    let value = value.trim().to_string();
    if (required && value.is_empty()) || value.chars().count() > max {
        errors.push(UserError::field(field, key));
    }
    value
}

/// An amount as typed; empty is `empty`.
fn amount(errors: &mut Vec<FieldError>, field: &str, value: &str, empty: Option<i64>) -> Option<i64> {
    if value.trim().is_empty() {
        return empty;
    }
    let parsed = parse_amount(value);
    if parsed.is_none() {
        errors.push(UserError::field(field, "error-project-amount"));
    }
    parsed
}

/// A date that has already come: `today` in days since 1970-01-01.
fn past_date(errors: &mut Vec<FieldError>, field: &str, value: &str, today: i64) -> String {
    let value = value.trim().to_string();
    match parse_date(&value) {
        None => errors.push(UserError::field(field, "error-date")),
        Some(day) if day > today => errors.push(UserError::field(field, "error-project-future")),
        Some(_) => {}
    }
    value
}

/// Checks the new-project form.
pub fn validate_new(form: &NewProjectForm) -> Result<ValidNewProject, Vec<FieldError>> {
    let mut errors = vec![];
    let title = text(&mut errors, "title", &form.title, MAX_TITLE, "error-project-title", true);
    let summary = text(&mut errors, "summary", &form.summary, MAX_TEXT, "error-project-summary", true);
    let voted = amount(&mut errors, "voted", &form.voted, Some(0)).unwrap_or(0);
    if errors.is_empty() {
        Ok(ValidNewProject { title, summary, voted })
    } else {
        Err(errors)
    }
}

/// The update form: what happened, on which day; a project with parts only takes a note (its figures derive
/// from its parts).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateForm {
    pub happened_on: String,
    pub status: String,
    pub reason: String,
    pub progress: String,
    pub spent: String,
    pub note: String,
}

/// A checked update: each figure is `Some` only when it changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidUpdate {
    pub happened_on: String,
    pub status: Option<ProjectStatus>,
    pub progress: Option<i64>,
    pub spent: Option<i64>,
    /// Why it was abandoned (set with the abandoned status).
    pub reason: String,
    pub note: String,
}

/// Checks an update against the project's current figures (`None` for a project with parts). A delivered project
/// is 100 % done whatever was typed; an abandoned one needs its reason; an update that changes nothing and says
/// nothing is refused.
pub fn validate_update(
    form: &UpdateForm,
    current: Option<Figures>,
    today: i64,
) -> Result<ValidUpdate, Vec<FieldError>> {
    let mut errors = vec![];
    let happened_on = past_date(&mut errors, "happened_on", &form.happened_on, today);
    let note = text(&mut errors, "note", &form.note, MAX_TEXT, "error-project-note", false);
    let mut valid = ValidUpdate { happened_on, note, ..Default::default() };
    if let Some(current) = current {
        let status = ProjectStatus::from_code(&form.status);
        if status.is_none() {
            errors.push(UserError::field("status", "error-choose-from-list"));
        }
        let typed = form.progress.trim().trim_end_matches('%').trim();
        let mut progress = match typed.parse::<i64>() {
            Ok(p) if (0..=100).contains(&p) => Some(p),
            _ => {
                errors.push(UserError::field("progress", "error-project-progress"));
                None
            }
        };
        if status == Some(ProjectStatus::Delivered) {
            progress = Some(100);
        }
        let spent = amount(&mut errors, "spent", &form.spent, Some(current.spent));
        let reason = form.reason.trim().to_string();
        if status == Some(ProjectStatus::Abandoned) && (reason.is_empty() || reason.chars().count() > MAX_TEXT) {
            errors.push(UserError::field("reason", "error-project-reason"));
        }
        if status == Some(ProjectStatus::Abandoned) {
            valid.reason = reason;
        }
        valid.status = status.filter(|s| *s != current.status);
        valid.progress = progress.filter(|p| *p != current.progress);
        valid.spent = spent.filter(|s| *s != current.spent);
    }
    if errors.is_empty()
        && valid.status.is_none()
        && valid.progress.is_none()
        && valid.spent.is_none()
        && valid.note.is_empty()
    {
        errors.push(UserError::general("error-project-update-empty"));
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// A checked milestone: title and planned date.
pub fn validate_milestone(title: &str, due_on: &str) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = vec![];
    let title = text(&mut errors, "milestone_title", title, MAX_TITLE, "error-project-milestone-title", true);
    let due = due_on.trim().to_string();
    if parse_date(&due).is_none() {
        errors.push(UserError::field("milestone_due", "error-date"));
    }
    if errors.is_empty() {
        Ok((title, due))
    } else {
        Err(errors)
    }
}

/// A checked reached milestone: its id and the day (not in the future).
pub fn validate_done(milestone: &str, done_on: &str, today: i64) -> Result<(i64, String), Vec<FieldError>> {
    let mut errors = vec![];
    let id = milestone.trim().parse::<i64>().ok();
    if id.is_none() {
        errors.push(UserError::field("milestone", "error-choose-from-list"));
    }
    let done_on = past_date(&mut errors, "done_on", done_on, today);
    match id {
        Some(id) if errors.is_empty() => Ok((id, done_on)),
        _ => Err(errors),
    }
}

/// A checked link: kind, title and a web address.
pub fn validate_link(kind: &str, title: &str, url: &str) -> Result<(LinkKind, String, String), Vec<FieldError>> {
    let mut errors = vec![];
    let kind = LinkKind::from_code(kind);
    if kind.is_none() {
        errors.push(UserError::field("link_kind", "error-choose-from-list"));
    }
    let title = text(&mut errors, "link_title", title, MAX_TITLE, "error-project-link-title", true);
    let url = url.trim().to_string();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && url.len() <= 2_000
        && !url.chars().any(char::is_whitespace);
    if !ok {
        errors.push(UserError::field("link_url", "error-project-link-url"));
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok((kind, title, url)),
        _ => Err(errors),
    }
}

/// A parent's figures from its parts' (already rolled up themselves). Abandoned parts count in the amounts (the
/// money was voted, some may be spent) but not in the progress or status. Progress is weighted by the amount
/// voted when the parts carry amounts, else a plain mean, rounded down: 99.9 % is not done. `None` without parts.
pub fn roll_up(parts: &[Figures]) -> Option<Figures> {
    if parts.is_empty() {
        return None;
    }
    let voted = parts.iter().map(|p| p.voted).sum();
    let spent = parts.iter().map(|p| p.spent).sum();
    let live: Vec<&Figures> = parts.iter().filter(|p| p.status != ProjectStatus::Abandoned).collect();
    if live.is_empty() {
        return Some(Figures { status: ProjectStatus::Abandoned, progress: 0, voted, spent });
    }
    let weight = |p: &Figures| -> i128 { p.voted.into() };
    let weighted: i128 = live.iter().map(|p| weight(p)).sum();
    let progress = if weighted > 0 {
        live.iter().map(|p| weight(p) * i128::from(p.progress)).sum::<i128>() / weighted
    } else {
        live.iter().map(|p| i128::from(p.progress)).sum::<i128>() / live.len() as i128
    };
    let any = |s: ProjectStatus| live.iter().any(|p| p.status == s);
    let status = if live.iter().all(|p| p.status == ProjectStatus::Delivered) {
        ProjectStatus::Delivered
    } else if any(ProjectStatus::InProgress) || any(ProjectStatus::Delivered) {
        ProjectStatus::InProgress
    } else if any(ProjectStatus::InStudy) {
        ProjectStatus::InStudy
    } else {
        ProjectStatus::Planned
    };
    Some(Figures { status, progress: progress as i64, voted, spent })
}

/// Every project's shown figures from the stored ones: a project with parts gets its parts' roll-up, at any depth.
/// `nodes` are (id, parent id, own figures); a parent missing from `nodes` is ignored.
pub fn derive(nodes: &[(i64, Option<i64>, Figures)]) -> HashMap<i64, Figures> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, parent, _) in nodes {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(*id);
        }
    }
    let own: HashMap<i64, Figures> = nodes.iter().map(|(id, _, f)| (*id, *f)).collect();
    let mut out = HashMap::new();
    // Depth-first, parts before their parent; `visiting` guards against a cycle in bad data.
    fn visit(
        id: i64,
        own: &HashMap<i64, Figures>,
        children: &HashMap<i64, Vec<i64>>,
        out: &mut HashMap<i64, Figures>,
        visiting: &mut Vec<i64>,
    ) -> Figures {
        if let Some(f) = out.get(&id) {
            return *f;
        }
        visiting.push(id);
        let mut parts = vec![];
        for k in children.get(&id).into_iter().flatten() {
            if !visiting.contains(k) {
                parts.push(visit(*k, own, children, out, visiting));
            }
        }
        visiting.pop();
        let figures = roll_up(&parts).unwrap_or(own[&id]);
        out.insert(id, figures);
        figures
    }
    for (id, _, _) in nodes {
        visit(*id, &own, &children, &mut out, &mut vec![]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectStatus::*;

    fn f(status: ProjectStatus, progress: i64, voted: i64, spent: i64) -> Figures {
        Figures { status, progress, voted, spent }
    }

    #[test]
    fn rolls_progress_up_weighted_by_the_amount_voted() {
        // 100 % of 30 000 € and 0 % of 10 000 €: three quarters of the money's worth is done.
        let parts = [f(Delivered, 100, 3_000_000, 2_900_000), f(Planned, 0, 1_000_000, 0)];
        assert_eq!(roll_up(&parts), Some(f(InProgress, 75, 4_000_000, 2_900_000)));
        // Without amounts, a plain mean, rounded down.
        let parts = [f(InStudy, 10, 0, 0), f(Planned, 0, 0, 0), f(InStudy, 0, 0, 0)];
        assert_eq!(roll_up(&parts), Some(f(InStudy, 3, 0, 0)));
        assert_eq!(roll_up(&[]), None);
    }

    #[test]
    fn abandoned_parts_keep_their_money_but_not_their_weight() {
        let parts = [f(Delivered, 100, 500, 480), f(Abandoned, 20, 9_500, 300)];
        assert_eq!(roll_up(&parts), Some(f(Delivered, 100, 10_000, 780)));
        let parts = [f(Abandoned, 20, 100, 5), f(Abandoned, 0, 100, 0)];
        assert_eq!(roll_up(&parts), Some(f(Abandoned, 0, 200, 5)));
    }

    #[test]
    fn a_parent_status_follows_its_least_advanced_live_part() {
        assert_eq!(roll_up(&[f(Planned, 0, 1, 0), f(Planned, 0, 1, 0)]).unwrap().status, Planned);
        assert_eq!(roll_up(&[f(Planned, 0, 1, 0), f(InStudy, 5, 1, 0)]).unwrap().status, InStudy);
        assert_eq!(roll_up(&[f(Planned, 0, 1, 0), f(Delivered, 100, 1, 0)]).unwrap().status, InProgress);
        assert_eq!(roll_up(&[f(Delivered, 100, 1, 0), f(Delivered, 100, 1, 0)]).unwrap().status, Delivered);
        // 99.5 % is rounded down: not done until every part is.
        let parts = [f(Delivered, 100, 199, 0), f(InProgress, 0, 1, 0)];
        assert_eq!(roll_up(&parts).unwrap().progress, 99);
    }

    #[test]
    fn derives_figures_through_every_level() {
        let nodes = [
            (1, None, f(Planned, 0, 0, 0)),
            (2, Some(1), f(Planned, 0, 0, 0)),
            (3, Some(2), f(Delivered, 100, 100, 90)),
            (4, Some(2), f(InProgress, 50, 100, 40)),
            (5, Some(1), f(InStudy, 0, 200, 0)),
            (6, None, f(InStudy, 12, 7, 1)),
        ];
        let d = derive(&nodes);
        assert_eq!(d[&2], f(InProgress, 75, 200, 130));
        assert_eq!(d[&1], f(InProgress, 37, 400, 130));
        assert_eq!(d[&6], f(InStudy, 12, 7, 1));
        // A cycle in bad data ends instead of looping.
        let d = derive(&[(1, Some(2), f(Planned, 0, 1, 0)), (2, Some(1), f(InStudy, 10, 1, 0))]);
        assert_eq!(d.len(), 2);
    }

    const TODAY: i64 = 20_000; // 2024-10-04

    fn update(status: &str, progress: &str) -> UpdateForm {
        UpdateForm {
            happened_on: "2024-10-01".into(),
            status: status.into(),
            progress: progress.into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_update_keeps_only_what_changes() {
        let now = f(InStudy, 10, 100_000, 0);
        let v = validate_update(
            &UpdateForm { spent: "1 200,50 €".into(), ..update("in_progress", "40 %") },
            Some(now),
            TODAY,
        )
        .unwrap();
        assert_eq!((v.status, v.progress, v.spent), (Some(InProgress), Some(40), Some(120_050)));
        let v = validate_update(
            &UpdateForm { note: "Réunion de chantier".into(), ..update("in_study", "10") },
            Some(now),
            TODAY,
        )
        .unwrap();
        assert_eq!((v.status, v.progress, v.spent, v.note.as_str()), (None, None, None, "Réunion de chantier"));
        // Nothing changed and nothing said.
        let e = validate_update(&update("in_study", "10"), Some(now), TODAY).unwrap_err();
        assert_eq!(e[0].key, "error-project-update-empty");
        // Delivered means done.
        let v = validate_update(&update("delivered", "80"), Some(now), TODAY).unwrap();
        assert_eq!(v.progress, Some(100));
    }

    #[test]
    fn an_update_names_every_refused_field() {
        let now = f(InStudy, 10, 0, 0);
        let form = UpdateForm {
            happened_on: "2024-10-05".into(),
            status: "abandoned".into(),
            reason: "  ".into(),
            progress: "120".into(),
            spent: "-3".into(),
            note: "x".repeat(MAX_TEXT + 1),
        };
        let fields: Vec<_> =
            validate_update(&form, Some(now), TODAY).unwrap_err().into_iter().map(|e| e.field).collect();
        for field in ["happened_on", "note", "progress", "spent", "reason"] {
            assert!(fields.contains(&Some(field.to_string())), "{field} in {fields:?}");
        }
        let e = validate_update(&update("paused", "1"), Some(now), TODAY).unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("status"));
        let v = validate_update(
            &UpdateForm { reason: "Terrain non constructible".into(), ..update("abandoned", "10") },
            Some(now),
            TODAY,
        )
        .unwrap();
        assert_eq!((v.status, v.reason.as_str()), (Some(Abandoned), "Terrain non constructible"));
    }

    #[test]
    fn a_parent_takes_only_a_note() {
        let v = validate_update(&UpdateForm { note: "Lancement".into(), ..update("", "") }, None, TODAY).unwrap();
        assert_eq!((v.status, v.progress, v.note.as_str()), (None, None, "Lancement"));
        assert!(validate_update(&update("", ""), None, TODAY).is_err());
    }

    #[test]
    fn checks_new_projects_milestones_and_links() {
        let form =
            NewProjectForm { title: " Pistes cyclables ".into(), summary: "Deux pistes".into(), voted: "".into() };
        assert_eq!(
            validate_new(&form).unwrap(),
            ValidNewProject { title: "Pistes cyclables".into(), summary: "Deux pistes".into(), voted: 0 }
        );
        let e = validate_new(&NewProjectForm { voted: "beaucoup".into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.len(), 3);
        assert!(validate_milestone("Travaux", "2027-02-30").is_err());
        assert_eq!(validate_milestone(" Travaux ", "2027-03-01").unwrap(), ("Travaux".into(), "2027-03-01".into()));
        assert_eq!(validate_done("4", "2024-10-04", TODAY).unwrap(), (4, "2024-10-04".into()));
        assert_eq!(validate_done("4", "2024-10-05", TODAY).unwrap_err()[0].key, "error-project-future");
        assert!(validate_done("", "2024-10-01", TODAY).is_err());
        assert!(validate_link("photo", "Chantier", "https://ville.example/chantier.jpg").is_ok());
        let e = validate_link("video", "", "javascript:alert(1)").unwrap_err();
        assert_eq!(e.len(), 3);
    }
}
