//! pabulib interchange, the pure part: what an imported file becomes (a closed budget, its projects and ballots)
//! and the text a stored budget is published as. The SQL is in `queries`, the orchestration in `service`.

use super::pabulib::{PbFile, PbVote};
use super::{BallotKind, Channel};
use std::collections::HashMap;

/// A budget as an imported file describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedBudget {
    /// Title: the file's description, or its unit and instance.
    pub title: String,
    /// Currency code.
    pub currency: String,
    /// Amount, cents.
    pub amount: i64,
    /// Ballot kind.
    pub kind: BallotKind,
    /// Approval: fewest projects.
    pub min_choices: i64,
    /// Approval: most projects; ranked: ranks.
    pub max_choices: Option<i64>,
    /// Cumulative: points to spread.
    pub max_points: Option<i64>,
    /// The file's rule (kept as given, even when it is not reproducible).
    pub rule: String,
    /// The file's minimum score.
    pub min_score: i64,
    /// The district or unit the envelope is for.
    pub envelope_name: String,
    /// The META section as `key;value` lines, for export.
    pub meta: String,
}

/// A project of an imported file.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedProject {
    /// `project_id`.
    pub reference: String,
    /// `name`, or "Projet {id}".
    pub title: String,
    /// `category`.
    pub category: String,
    /// Cents.
    pub cost: i64,
    /// WGS 84, when given.
    pub latitude: Option<f64>,
    /// WGS 84, when given.
    pub longitude: Option<f64>,
}

/// A ballot of an imported file: (project index, points or rank) and its channel.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedBallot {
    /// Items: project index and points (cumulative) or rank (ranked, 1 = first) or 1 (approval).
    pub items: Vec<(usize, i64)>,
    /// From `voting_method`.
    pub channel: Channel,
}

/// The channel a pabulib `voting_method` names.
pub fn channel_of(method: Option<&str>) -> Channel {
    let method = method.unwrap_or_default().to_ascii_lowercase();
    if method.contains("paper") {
        Channel::Paper
    } else if method.contains("kiosk") || method.contains("station") {
        Channel::Kiosk
    } else {
        Channel::Web
    }
}

/// pabulib's `voting_method` for a channel.
pub fn method_of(channel: Channel) -> &'static str {
    match channel {
        Channel::Web => "internet",
        Channel::Kiosk => "kiosk",
        Channel::Paper => "paper",
    }
}

fn number(file: &PbFile, key: &str) -> Option<i64> {
    file.meta(key).and_then(|v| v.trim().split('.').next()?.parse().ok())
}

/// What a file becomes, or why it cannot be imported (in English: the command line reports it).
pub fn plan_import(file: &PbFile) -> Result<(PlannedBudget, Vec<PlannedProject>, Vec<PlannedBallot>), String> {
    let vote_type = file.meta("vote_type").unwrap_or_default().trim();
    let longest = file.votes.iter().map(|v| v.vote.len()).max().unwrap_or(0) as i64;
    let (kind, min_choices, max_choices, max_points) = match vote_type {
        "approval" => (BallotKind::Approval, number(file, "min_length").unwrap_or(0), number(file, "max_length"), None),
        "choose-1" => (BallotKind::Approval, 1, Some(1), None),
        "cumulative" => (
            BallotKind::Cumulative,
            0,
            None,
            number(file, "max_sum_points").or(Some(file.votes.iter().map(points_total).max().unwrap_or(0))),
        ),
        "ordinal" => (BallotKind::Ranked, 0, Some(number(file, "max_length").unwrap_or(longest)), None),
        other => {
            return Err(format!(
                "vote_type {other:?} is not a ballot Clairvoie runs (approval, choose-1, cumulative, ordinal)"
            ))
        }
    };
    let amount = file.budget().ok_or("META budget is missing or not an amount")?;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut projects = vec![];
    for (i, p) in file.projects.iter().enumerate() {
        if index.insert(p.id.as_str(), i).is_some() {
            return Err(format!("project {} appears twice", p.id));
        }
        let field = |k: &str| p.fields.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let coordinate = |k: &str| field(k).and_then(|v| v.parse::<f64>().ok()).filter(|v| v.is_finite());
        projects.push(PlannedProject {
            reference: p.id.clone(),
            title: field("name").unwrap_or_else(|| format!("Projet {}", p.id)),
            category: field("category").unwrap_or_default(),
            cost: p.cost,
            latitude: coordinate("latitude"),
            longitude: coordinate("longitude"),
        });
    }
    let mut ballots = Vec::with_capacity(file.votes.len());
    for v in &file.votes {
        let mut items = vec![];
        for (rank, id) in v.vote.iter().enumerate() {
            let p = *index
                .get(id.as_str())
                .ok_or_else(|| format!("voter {} names the unknown project {id}", v.voter_id))?;
            if items.iter().any(|&(q, _)| q == p) {
                return Err(format!("voter {} names project {id} twice", v.voter_id));
            }
            let value = match kind {
                BallotKind::Cumulative => v.points.get(rank).copied().unwrap_or(0),
                BallotKind::Ranked => rank as i64 + 1,
                _ => 1,
            };
            items.push((p, value));
        }
        ballots.push(PlannedBallot { items, channel: channel_of(v.fields.get("voting_method").map(String::as_str)) });
    }
    let meta_or = |k: &str| file.meta(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let envelope_name = meta_or("district").or(meta_or("subunit")).or(meta_or("unit")).unwrap_or_default();
    // "Municipal PB in Toulouse — 17 - Mirail-Université (2022)": a town's files differ by district and year.
    let mut title = meta_or("description").or(meta_or("unit")).unwrap_or_default();
    if let Some(part) = meta_or("district").or(meta_or("subunit")).filter(|p| !title.contains(p.as_str())) {
        title = format!("{title} — {part}");
    }
    if let Some(year) = meta_or("instance").filter(|y| !title.contains(y.as_str())) {
        title = format!("{title} ({year})");
    }
    let title = title.trim_start_matches(" — ").trim().to_string();
    let meta = file.meta.iter().map(|(k, v)| format!("{};{}\n", field(k), field(v))).collect();
    let budget = PlannedBudget {
        title: if title.is_empty() { "Budget participatif importé".into() } else { title },
        currency: meta_or("currency").unwrap_or_else(|| "EUR".into()),
        amount,
        kind,
        min_choices,
        max_choices,
        max_points,
        rule: meta_or("rule").unwrap_or_else(|| "unknown".into()),
        min_score: number(file, "min_project_score_threshold").unwrap_or(0),
        envelope_name,
        meta,
    };
    Ok((budget, projects, ballots))
}

/// A ballot's points in all; a file whose points overflow says so at the count (`RuleError::Overflow`), so
/// this only has to stay within bounds.
fn points_total(v: &PbVote) -> i64 {
    super::rules::checked_sum(v.points.iter().copied()).unwrap_or(i64::MAX)
}

/// One field, quoted as CSV when it holds a separator, a quote or a line break.
pub fn field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"").replace(['\n', '\r'], " "))
    } else {
        text.to_string()
    }
}

/// An amount in cents as pabulib writes it: "1000000", or "12.50".
pub fn pb_amount(cents: i64) -> String {
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

/// A budget to publish.
#[derive(Clone, Debug)]
pub struct ExportBudget {
    /// The META lines to start from (an imported file's), in order.
    pub meta: Vec<(String, String)>,
    /// Ballot kind.
    pub kind: BallotKind,
    /// The envelope's amount, cents.
    pub amount: i64,
    /// Approval bounds, ranks.
    pub min_choices: i64,
    /// Approval: most projects; ranked: ranks.
    pub max_choices: Option<i64>,
    /// Cumulative: points to spread.
    pub max_points: Option<i64>,
    /// The official rule.
    pub rule: String,
    /// The minimum score.
    pub min_score: i64,
}

/// A project to publish.
#[derive(Clone, Debug)]
pub struct ExportProject {
    /// `project_id`.
    pub reference: String,
    /// Cents.
    pub cost: i64,
    /// `name`.
    pub title: String,
    /// `category`.
    pub category: String,
    /// Score (votes or points).
    pub score: i64,
    /// Funded under the official rule, when counted.
    pub selected: Option<bool>,
    /// Position.
    pub latitude: Option<f64>,
    /// Position.
    pub longitude: Option<f64>,
}

/// A ballot to publish: its random id, channel, and (project reference, points or rank) in order.
#[derive(Clone, Debug)]
pub struct ExportBallot {
    /// The random id.
    pub id: String,
    /// Channel.
    pub channel: Channel,
    /// Items, in rank order for ranked ballots.
    pub items: Vec<(String, i64)>,
}

/// pabulib's META keys, in the order its files give them (`pabulib_helpers.fields.META_FIELDS_ORDER`).
const META_ORDER: [&str; 42] = [
    "description",
    "country",
    "unit",
    "district",
    "subunit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
    "date_begin",
    "date_end",
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
    "default_score",
    "min_project_cost",
    "max_project_cost",
    "min_project_score_threshold",
    "neighborhoods",
    "subdistricts",
    "categories",
    "edition",
    "language",
    "currency",
    "fully_funded",
    "experimental",
    "comment",
    "acknowledgments",
    "leftover_budget",
    "budget_per_category",
    "budget_per_neighborhood",
    "min_length_per_category",
    "max_length_per_category",
    "min_sum_cost_per_category",
    "max_sum_cost_per_category",
];

/// How many numbered comments (`#1: …`, `#2: …`) a pabulib `comment` holds.
fn numbered_comments(comment: &str) -> usize {
    comment
        .split('#')
        .skip(1)
        .filter(|rest| {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && rest[digits..].starts_with(':')
        })
        .count()
}

/// The pabulib text of a budget's envelope.
pub fn export_text(b: &ExportBudget, projects: &[ExportProject], ballots: &[ExportBallot]) -> String {
    let vote_type = match b.kind {
        BallotKind::Approval | BallotKind::Knapsack => "approval",
        BallotKind::Cumulative => "cumulative",
        BallotKind::Ranked => "ordinal",
    };
    let mut meta: Vec<(String, String)> = b.meta.clone();
    let comment = meta.iter().find(|(k, _)| k == "comment").map(|(_, v)| v.clone()).unwrap_or_default();
    let mut set = |k: &str, v: String| match meta.iter_mut().find(|(key, _)| key == k) {
        Some(slot) => slot.1 = v,
        None => meta.push((k.to_string(), v)),
    };
    set("num_projects", projects.len().to_string());
    set("num_votes", ballots.len().to_string());
    set("budget", pb_amount(b.amount));
    set("vote_type", vote_type.to_string());
    set("rule", b.rule.clone());
    if b.min_choices > 0 {
        set("min_length", b.min_choices.to_string());
    }
    if let Some(max) = b.max_choices {
        set("max_length", max.to_string());
    }
    if let Some(points) = b.max_points {
        set("max_sum_points", points.to_string());
    }
    if b.min_score > 0 {
        set("min_project_score_threshold", b.min_score.to_string());
    }
    // The channel is published as counts per envelope only, never per ballot (one kiosk ballot in an envelope
    // would be its voter's), and a count under five is withheld. pabulib has no field for them: they go in its
    // `comment`, as the next of its numbered comments.
    let counts: Vec<String> = Channel::ALL
        .iter()
        .map(|&channel| {
            let n = ballots.iter().filter(|v| v.channel == channel).count() as i64;
            let shown = crate::participation::publishable(n)
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("<{}", crate::participation::SMALL_COUNT));
            format!("{} {shown}", method_of(channel))
        })
        .collect();
    let next = numbered_comments(&comment) + 1;
    let counted = format!(
        "#{next}: ballots by channel (a count under {} is withheld): {}",
        crate::participation::SMALL_COUNT,
        counts.join(", ")
    );
    set("comment", if comment.trim().is_empty() { counted } else { format!("{} {counted}", comment.trim_end()) });
    // In the format's order (its checker warns otherwise); keys it does not know keep theirs, after.
    meta.sort_by_key(|(k, _)| META_ORDER.iter().position(|known| known == k).unwrap_or(META_ORDER.len()));
    let mut out = String::from("META\nkey;value\n");
    for (k, v) in &meta {
        out.push_str(&format!("{};{}\n", field(k), field(v)));
    }
    let score_column = if vote_type == "approval" { "votes" } else { "score" };
    let located = projects.iter().any(|p| p.latitude.is_some());
    let counted = projects.iter().any(|p| p.selected.is_some());
    // The format's column order: the outcome before the position.
    out.push_str(&format!(
        "PROJECTS\nproject_id;cost;{score_column};name;category{}{}\n",
        if counted { ";selected" } else { "" },
        if located { ";latitude;longitude" } else { "" }
    ));
    for p in projects {
        out.push_str(&format!(
            "{};{};{};{};{}",
            field(&p.reference),
            pb_amount(p.cost),
            p.score,
            field(&p.title),
            field(&p.category)
        ));
        if counted {
            out.push_str(if p.selected == Some(true) { ";1" } else { ";0" });
        }
        if located {
            let coordinate = |c: Option<f64>| c.map(|c| c.to_string()).unwrap_or_default();
            out.push_str(&format!(";{};{}", coordinate(p.latitude), coordinate(p.longitude)));
        }
        out.push('\n');
    }
    let points = b.kind == BallotKind::Cumulative;
    out.push_str(if points { "VOTES\nvoter_id;vote;points\n" } else { "VOTES\nvoter_id;vote\n" });
    for ballot in ballots {
        let vote: Vec<&str> = ballot.items.iter().map(|(r, _)| r.as_str()).collect();
        out.push_str(&field(&ballot.id));
        out.push(';');
        out.push_str(&field(&vote.join(",")));
        if points {
            let p: Vec<String> = ballot.items.iter().map(|(_, n)| n.to_string()).collect();
            out.push(';');
            out.push_str(&p.join(","));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::pabulib::parse;
    use super::*;

    const FILE: &str =
        "META\nkey;value\ndescription;\"Budget \"\"quartier\"\"; test\"\nbudget;1000.5\nvote_type;cumulative\n\
        rule;greedy\nmax_sum_points;5\nunit;Ville\nPROJECTS\nproject_id;cost;name;latitude;longitude\n\
        a;600;\"Parc; jeux\";43.6;1.44\nb;400;Banc;;\nVOTES\nvoter_id;vote;points;voting_method\n\
        1;a,b;3,2;paper\n2;b;5;internet\n";

    #[test]
    fn a_file_becomes_a_budget_projects_and_ballots() {
        let (b, p, v) = plan_import(&parse(FILE).unwrap()).unwrap();
        assert_eq!(b.kind, BallotKind::Cumulative);
        assert_eq!(b.max_points, Some(5));
        assert_eq!(b.amount, 100_050);
        assert_eq!(b.envelope_name, "Ville");
        assert_eq!(p[0].title, "Parc; jeux");
        assert_eq!(p[0].latitude, Some(43.6));
        assert_eq!(p[1].latitude, None);
        assert_eq!(v[0].items, [(0, 3), (1, 2)]);
        assert_eq!(v[0].channel, Channel::Paper);
        assert_eq!(v[1].channel, Channel::Web);
    }

    #[test]
    fn broken_files_are_refused_with_the_reason() {
        let unknown = FILE.replace("2;b;5;internet", "2;z;5;internet");
        assert!(plan_import(&parse(&unknown).unwrap()).unwrap_err().contains("unknown project z"));
        let scoring = FILE.replace("vote_type;cumulative", "vote_type;scoring");
        assert!(plan_import(&parse(&scoring).unwrap()).unwrap_err().contains("scoring"));
        let twice = FILE.replace("b;400;Banc", "a;400;Banc");
        assert!(plan_import(&parse(&twice).unwrap()).unwrap_err().contains("twice"));
    }

    #[test]
    fn export_reads_back_as_the_same_budget() {
        let (b, p, v) = plan_import(&parse(FILE).unwrap()).unwrap();
        let meta = parse(FILE).unwrap().meta;
        let budget = ExportBudget {
            meta,
            kind: b.kind,
            amount: b.amount,
            min_choices: 0,
            max_choices: None,
            max_points: b.max_points,
            rule: b.rule.clone(),
            min_score: 0,
        };
        let projects: Vec<ExportProject> = p
            .iter()
            .map(|p| ExportProject {
                reference: p.reference.clone(),
                cost: p.cost,
                title: p.title.clone(),
                category: p.category.clone(),
                score: 5,
                selected: Some(p.reference == "a"),
                latitude: p.latitude,
                longitude: p.longitude,
            })
            .collect();
        let ballots: Vec<ExportBallot> = v
            .iter()
            .enumerate()
            .map(|(i, b)| ExportBallot {
                id: format!("x{i}"),
                channel: b.channel,
                items: b.items.iter().map(|&(p, n)| (projects[p].reference.clone(), n)).collect(),
            })
            .collect();
        let text = export_text(&budget, &projects, &ballots);
        let again = parse(&text).unwrap();
        let (b2, p2, v2) = plan_import(&again).unwrap();
        assert_eq!(b2.amount, b.amount);
        assert_eq!(b2.title, b.title);
        assert_eq!(p2, p);
        let items = |v: &[PlannedBallot]| v.iter().map(|b| b.items.clone()).collect::<Vec<_>>();
        assert_eq!(items(&v2), items(&v));
        // The channel is published as counts per envelope only, withheld under five (one paper ballot, one web).
        assert!(!text.contains("voting_method"), "{text}");
        assert_eq!(
            again.meta("comment"),
            Some("#1: ballots by channel (a count under 5 is withheld): internet <5, kiosk 0, paper <5")
        );
        assert_eq!(again.projects[0].fields["selected"], "1");
        assert_eq!(again.meta("num_votes"), Some("2"));
    }

    #[test]
    fn channel_counts_follow_the_file_s_numbered_comments() {
        assert_eq!(numbered_comments(""), 0);
        assert_eq!(numbered_comments("#1: projects 3 and #4 merged; #2: paper ballots counted by hand"), 2);
    }

    #[test]
    fn amounts_and_fields() {
        assert_eq!(pb_amount(100_000), "1000");
        assert_eq!(pb_amount(1_250), "12.50");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
