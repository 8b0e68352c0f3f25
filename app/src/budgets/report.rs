//! `clairvoie pb tally`: a pabulib file's winners under its rule (or another), one project id per line, and with
//! `--explain` every project's score, cost and the reason it is or is not funded. Pure: text in, text out.

use super::equal_shares::{Completion, Stop};
use super::pabulib::parse;
use super::tally::{rule_of, tally_file, Outcome, Reason, RuleError};

/// An amount in cents as "1 234.50 PLN" (a plain space between thousands, a point for decimals, as pabulib).
pub fn amount(cents: i64, currency: &str) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let cents = cents % 100;
    let unit = if currency.is_empty() { String::new() } else { format!(" {currency}") };
    if cents == 0 {
        format!("{grouped}{unit}")
    } else {
        format!("{grouped}.{cents:02}{unit}")
    }
}

/// One project's reason in plain English (the web pages say it in the reader's language).
pub fn reason_text(reason: &Reason, ids: &[&str], currency: &str) -> String {
    match reason {
        Reason::Funded { rank } => format!("funded: ranked {rank} by score, and it fitted in the budget left"),
        Reason::FundedShares { max_payment, full_payers, supporters } => {
            if full_payers == supporters {
                format!("funded by its {supporters} supporters at {} each", amount(*max_payment, currency))
            } else {
                format!(
                    "funded by its {supporters} supporters: {full_payers} paid {} each, the others all they had left",
                    amount(*max_payment, currency)
                )
            }
        }
        Reason::NotEnoughLeft { left } => {
            format!("not funded: only {} left when its turn came", amount(*left, currency))
        }
        Reason::BelowThreshold { threshold } => format!("not funded: score under the minimum of {threshold}"),
        Reason::Stopped { at } => {
            format!("not funded: counting stopped at {}, which did not fit", ids.get(*at).unwrap_or(&"?"))
        }
        Reason::Unaffordable { money } => {
            format!("not funded: its supporters had only {} left", amount(*money, currency))
        }
        Reason::NoSupport => "not funded: no votes".to_string(),
    }
}

/// Where and why the `add1` completion stopped, for `--explain`.
pub fn completion_text(completion: &Completion, budget: i64, currency: &str) -> String {
    let why = match &completion.stop {
        Stop::Overspend { share, cost } => format!(
            "it stopped because with a share of {} the outcome would cost {}, more than the budget of {}",
            amount(*share, currency),
            amount(*cost, currency),
            amount(budget, currency)
        ),
        Stop::AllFunded => "it stopped because every project with supporters is funded".to_string(),
        Stop::Limit => "it stopped because the shares cannot be raised further".to_string(),
    };
    format!(
        "completion (add1): shares raised one unit per voter while the outcome fitted; {why} ({} runs of equal shares)\n",
        completion.runs
    )
}

/// The `pb tally` output for a file's text: selected project ids one per line, or with `explain` a table.
pub fn tally_text(text: &str, rule: Option<&str>, explain: bool) -> Result<String, String> {
    let file = parse(text).map_err(|e| format!("not a pabulib file: {e}"))?;
    let threshold = file.meta("min_project_score_threshold");
    let rule = match rule {
        Some(name) => Some(rule_of(name, threshold).map_err(describe)?),
        None => None,
    };
    let outcome: Outcome = tally_file(&file, rule).map_err(describe)?;
    let ids: Vec<&str> = file.projects.iter().map(|p| p.id.as_str()).collect();
    let mut out = String::new();
    if !explain {
        for &p in &outcome.funded {
            out.push_str(ids[p]);
            out.push('\n');
        }
        return Ok(out);
    }
    let currency = file.meta("currency").unwrap_or_default();
    let budget = file.budget().unwrap_or(0);
    let spent: i64 = outcome.funded.iter().map(|&p| file.projects[p].cost).sum();
    out.push_str(&format!(
        "rule {}; budget {}; {} projects funded for {}\n",
        outcome.rule.code(),
        amount(budget, currency),
        outcome.funded.len(),
        amount(spent, currency)
    ));
    if let Some(share) = outcome.voter_budget {
        out.push_str(&format!("each voter's share in the run kept: {}\n", amount(share, currency)));
    }
    if let Some(completion) = &outcome.completion {
        out.push_str(&completion_text(completion, budget, currency));
    }
    if let Some((for_shares, for_greedy, kept_greedy)) = outcome.comparison {
        out.push_str(&format!(
            "comparison: {for_shares} voters prefer equal shares, {for_greedy} prefer greedy: {} kept\n",
            if kept_greedy { "greedy" } else { "equal shares" }
        ));
    }
    out.push_str("project\tscore\tcost\treason\n");
    let mut order: Vec<usize> = outcome.funded.clone();
    order.extend((0..ids.len()).filter(|p| !outcome.funded.contains(p)));
    for p in order {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            ids[p],
            outcome.scores[p],
            amount(file.projects[p].cost, currency),
            reason_text(&outcome.reasons[p], &ids, currency)
        ));
    }
    Ok(out)
}

fn describe(e: RuleError) -> String {
    match e {
        RuleError::NotReproducible(rule) => format!(
            "the rule {rule:?} cannot be reproduced: it is specific to its city (or unknown); \
             choose one with --rule (greedy, greedy-no-skip, greedy-threshold, equalshares, equalshares/add1, \
             equalshares-comparison, equalshares/add1-comparison)"
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "META\nkey;value\nbudget;100\nvote_type;approval\nrule;greedy\ncurrency;EUR\n\
        PROJECTS\nproject_id;cost\na;60\nb;50\nc;40\nVOTES\nvoter_id;vote\n1;a,b\n2;a\n3;b,c\n4;a,c\n";

    #[test]
    fn lists_winners_and_explains() {
        assert_eq!(tally_text(FILE, None, false).unwrap(), "a\nc\n");
        let text = tally_text(FILE, None, true).unwrap();
        assert!(text.contains("b\t2\t50 EUR\tnot funded: only 40 EUR left when its turn came"), "{text}");
        let shares = tally_text(FILE, Some("equalshares"), true).unwrap();
        assert!(shares.contains("rule equalshares;"), "{shares}");
    }

    #[test]
    fn refuses_what_it_cannot_reproduce() {
        let custom = FILE.replace("rule;greedy", "rule;greedy-custom");
        assert!(tally_text(&custom, None, false).unwrap_err().contains("cannot be reproduced"));
        assert!(tally_text(&custom, Some("greedy"), false).is_ok());
        assert!(tally_text(FILE, Some("lottery"), false).is_err());
        assert!(tally_text("PROJECTS\n", None, false).unwrap_err().starts_with("not a pabulib file"));
    }

    #[test]
    fn amounts_read_well() {
        assert_eq!(amount(123_456_789, "PLN"), "1 234 567.89 PLN");
        assert_eq!(amount(2_340, "EUR"), "23.40 EUR");
        assert_eq!(amount(100, ""), "1");
    }
}
