//! Reading pabulib `.pb` files (https://pabulib.org/format): three sections — `META`, `PROJECTS`, `VOTES` — each
//! a title line, a `;`-separated header and rows, quoted like CSV. Amounts are kept in cents, exactly.

use crate::format::parse_cents;
use std::borrow::Cow;
use std::collections::HashMap;

/// A parsed file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PbFile {
    /// `META` keys and values, in file order.
    pub meta: Vec<(String, String)>,
    /// Projects, in the published order (which breaks ties).
    pub projects: Vec<PbProject>,
    /// Ballots.
    pub votes: Vec<PbVote>,
}

/// A project.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PbProject {
    /// `project_id`.
    pub id: String,
    /// `cost`, in cents.
    pub cost: i64,
    /// Every column (including `project_id` and `cost`) by header name.
    pub fields: HashMap<String, String>,
}

/// A ballot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PbVote {
    /// `voter_id`.
    pub voter_id: String,
    /// Project ids, in the order given (rank order for ordinal ballots).
    pub vote: Vec<String>,
    /// Points aligned with `vote` (cumulative and scoring ballots).
    pub points: Vec<i64>,
    /// The other columns (voter metadata such as `voting_method`, `age`, `district`) by header name.
    pub fields: HashMap<String, String>,
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl PbFile {
    /// A `META` value.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The budget in cents.
    pub fn budget(&self) -> Option<i64> {
        self.meta("budget").and_then(parse_cents)
    }
}

/// Splits one `;`-separated line, honouring CSV quotes; fields are trimmed.
pub fn split(line: &str) -> Vec<String> {
    fields(line).into_iter().map(Cow::into_owned).collect()
}

/// The same, borrowing the fields of a line without quotes (every ballot of most files: a town's file has
/// thousands, and copying each field was most of the reading time).
fn fields(line: &str) -> Vec<Cow<'_, str>> {
    if !line.contains('"') {
        return line.split(';').map(|f| Cow::Borrowed(f.trim())).collect();
    }
    let mut fields = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => fields.push(Cow::Owned(std::mem::take(&mut field).trim().to_string())),
            c => field.push(c),
        }
    }
    fields.push(Cow::Owned(field.trim().to_string()));
    fields
}

fn list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Reads a whole file.
pub fn parse(text: &str) -> Result<PbFile, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = PbFile::default();
    let mut section = "";
    let mut header: Vec<String> = vec![];
    let mut expect_header = false;
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let err = |message: String| ParseError { line, message };
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(name) = ["META", "PROJECTS", "VOTES"].into_iter().find(|s| trimmed.eq_ignore_ascii_case(s)) {
            section = name;
            expect_header = true;
            continue;
        }
        if section.is_empty() {
            return Err(err("the file must start with a META section".into()));
        }
        let fields = fields(raw);
        if expect_header {
            header = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
            expect_header = false;
            continue;
        }
        if fields.len() != header.len() {
            return Err(err(format!("{} fields where the header has {}", fields.len(), header.len())));
        }
        let column = |name: &str| header.iter().position(|h| h == name).map(|i| fields[i].as_ref());
        match section {
            "META" => file.meta.push((fields[0].to_string(), fields.get(1).map(|f| f.to_string()).unwrap_or_default())),
            "PROJECTS" => {
                let id = column("project_id")
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| err("no project_id".into()))?
                    .to_string();
                let cost = column("cost")
                    .and_then(parse_cents)
                    .ok_or_else(|| err(format!("project {id}: the cost is not an amount")))?;
                let row: HashMap<String, String> =
                    header.iter().cloned().zip(fields.iter().map(|f| f.to_string())).collect();
                file.projects.push(PbProject { id, cost, fields: row });
            }
            _ => {
                let voter_id = column("voter_id").unwrap_or_default().to_string();
                let vote = list(column("vote").unwrap_or_default());
                let points = match column("points") {
                    Some(p) if !p.is_empty() => list(p)
                        .iter()
                        .map(|x| {
                            x.parse::<i64>().map_err(|_| err(format!("voter {voter_id}: points must be whole numbers")))
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                    _ => vec![],
                };
                if !points.is_empty() && points.len() != vote.len() {
                    return Err(err(format!("voter {voter_id}: {} points for {} projects", points.len(), vote.len())));
                }
                // What is kept apart is not kept twice: a town's file has thousands of ballots.
                let fields: HashMap<String, String> = header
                    .iter()
                    .zip(&fields)
                    .filter(|(h, _)| !matches!(h.as_str(), "voter_id" | "vote" | "points"))
                    .map(|(h, f)| (h.clone(), f.to_string()))
                    .collect();
                file.votes.push(PbVote { voter_id, vote, points, fields });
            }
        }
    }
    if file.projects.is_empty() {
        return Err(ParseError { line: 0, message: "no PROJECTS section".into() });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "META\nkey;value\nbudget;1000.5\nvote_type;approval\nrule;greedy\n\
        PROJECTS\nproject_id;cost;name;selected\n1;600;\"Parc; jeux\";1\n2;500;\"Le \"\"grand\"\" banc\";0\n\
        VOTES\nvoter_id;vote\n10;1,2\n11; 2 \n";

    #[test]
    fn reads_the_three_sections() {
        let f = parse(SMALL).unwrap();
        assert_eq!(f.budget(), Some(100_050));
        assert_eq!(f.meta("rule"), Some("greedy"));
        assert_eq!(f.projects.len(), 2);
        assert_eq!(f.projects[0].fields["name"], "Parc; jeux");
        assert_eq!(f.projects[1].fields["name"], "Le \"grand\" banc");
        assert_eq!(f.projects[1].cost, 50_000);
        assert_eq!(f.votes[1].vote, ["2"]);
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(parse_cents("400000.0"), Some(40_000_000));
        assert_eq!(parse_cents("12.5"), Some(1_250));
        assert_eq!(parse_cents("0.125"), None);
        assert_eq!(parse_cents("-3"), None);
        assert_eq!(parse_cents("1e6"), None);
    }

    #[test]
    fn errors_name_their_line() {
        let bad = SMALL.replace("1;600;", "1;six cents;");
        assert_eq!(parse(&bad).unwrap_err().line, 8);
        let bad = SMALL.replace("11; 2 ", "11;2;3");
        assert_eq!(parse(&bad).unwrap_err().line, 13);
    }
}
