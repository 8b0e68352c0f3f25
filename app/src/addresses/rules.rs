//! The address rules: reading the national address base's CSV (Base Adresse Nationale, `adresses-<commune>.csv`),
//! writing addresses the French way, and finding the address a resident types — accent- and case-insensitive,
//! by prefix, and tolerant of a typo or an abbreviation ("r de la republique"). Pure functions.

use super::Address;

/// The most addresses one file may hold (Paris has about 150,000).
pub const MAX_ADDRESSES: usize = 300_000;

/// The most distinct streets one file may name (Paris has about 6,500): a search reads every street.
pub const MAX_STREETS: usize = 20_000;

/// The columns an address file must have (the BAN's names).
pub const REQUIRED_COLUMNS: [&str; 7] = ["id", "numero", "nom_voie", "code_postal", "nom_commune", "lon", "lat"];

/// A problem on a line of an imported file: the line number, the column and a Fluent key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    /// The column concerned.
    pub column: String,
    /// Fluent key of the message.
    pub key: &'static str,
}

/// Reads a BAN CSV file (`;`-separated, UTF-8, a header line). Every line is checked; any problem refuses the
/// whole file (nothing is half-imported), each problem named by line and column.
pub fn parse_ban(text: &str) -> Result<Vec<Address>, Vec<LineError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(vec![LineError { line: 1, column: String::new(), key: "error-addresses-empty" }]);
    };
    let columns: Vec<String> = header.split(';').map(|c| c.trim().trim_matches('"').to_string()).collect();
    let missing: Vec<LineError> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !columns.iter().any(|k| k == *c))
        .map(|c| LineError { line: 1, column: (*c).into(), key: "error-addresses-column" })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let at = |name: &str| columns.iter().position(|c| c == name);
    let (id, number, rep, street, postcode, city, lon, lat) = (
        at("id").unwrap_or_default(),
        at("numero").unwrap_or_default(),
        at("rep"),
        at("nom_voie").unwrap_or_default(),
        at("code_postal").unwrap_or_default(),
        at("nom_commune").unwrap_or_default(),
        at("lon").unwrap_or_default(),
        at("lat").unwrap_or_default(),
    );
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, line) in lines {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if out.len() >= MAX_ADDRESSES {
            errors.push(LineError { line: line_no, column: String::new(), key: "error-addresses-too-many" });
            break;
        }
        let cells: Vec<&str> = line.split(';').map(|c| c.trim().trim_matches('"')).collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
        let mut bad = |column: &str, key: &'static str| {
            errors.push(LineError { line: line_no, column: column.into(), key });
        };
        let parsed_number = cell(number).parse::<u32>().ok().filter(|n| *n <= 99_999);
        let parsed_lon = cell(lon).parse::<f64>().ok().filter(|v| v.is_finite() && (-180.0..=180.0).contains(v));
        let parsed_lat = cell(lat).parse::<f64>().ok().filter(|v| v.is_finite() && (-90.0..=90.0).contains(v));
        let key = cell(id);
        if key.is_empty() || key.chars().count() > 64 {
            bad("id", "error-addresses-id");
        } else if !seen.insert(key.to_string()) {
            bad("id", "error-addresses-duplicate");
        }
        if parsed_number.is_none() {
            bad("numero", "error-addresses-number");
        }
        if cell(street).is_empty() || cell(street).chars().count() > 200 {
            bad("nom_voie", "error-addresses-street");
        }
        if cell(postcode).len() != 5 || !cell(postcode).bytes().all(|b| b.is_ascii_digit()) {
            bad("code_postal", "error-addresses-postcode");
        }
        if cell(city).is_empty() || cell(city).chars().count() > 200 {
            bad("nom_commune", "error-addresses-city");
        }
        if parsed_lon.is_none() {
            bad("lon", "error-addresses-lon");
        }
        if parsed_lat.is_none() {
            bad("lat", "error-addresses-lat");
        }
        // The BAN's repetition indexes are words or letters: bis, ter, quater, a, b…
        let suffix = rep.map(cell).unwrap_or_default();
        if suffix.chars().count() > 8 || !suffix.chars().all(char::is_alphabetic) {
            bad("rep", "error-addresses-rep");
        }
        if let (Some(n), Some(x), Some(y)) = (parsed_number, parsed_lon, parsed_lat) {
            out.push(Address {
                ban_id: key.to_string(),
                number: n,
                suffix: suffix.to_string(),
                street: cell(street).to_string(),
                postcode: cell(postcode).to_string(),
                city: cell(city).to_string(),
                lon: x,
                lat: y,
            });
        }
    }
    // A file of only a header would erase every address: it is refused, like an empty one.
    if errors.is_empty() && out.is_empty() {
        errors.push(LineError { line: 2, column: String::new(), key: "error-addresses-none" });
    }
    let streets: std::collections::HashSet<&str> = out.iter().map(|a| a.street.as_str()).collect();
    if streets.len() > MAX_STREETS {
        errors.push(LineError { line: 1, column: "nom_voie".into(), key: "error-addresses-too-many-streets" });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        // A broken file names its first problems, not a hundred thousand of them.
        errors.truncate(20);
        Err(errors)
    }
}

/// Lower case, without accents or punctuation, single spaces: « Rue de l'Église » → "rue de l eglise".
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            'ñ' => "n",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(plain);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The usual abbreviations of French street types and titles, written out.
fn expand(word: &str) -> &str {
    match word {
        "r" => "rue",
        "av" | "ave" => "avenue",
        "bd" | "bld" | "boul" => "boulevard",
        "pl" => "place",
        "ch" | "chem" => "chemin",
        "imp" => "impasse",
        "all" => "allee",
        "rte" => "route",
        "sq" => "square",
        "st" => "saint",
        "ste" => "sainte",
        "gal" | "gl" => "general",
        "mal" => "marechal",
        "pdt" => "president",
        "fbg" => "faubourg",
        "qu" => "quai",
        other => other,
    }
}

/// What a resident typed, read: the house number and its suffix if any, and the street's words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    /// The house number.
    pub number: Option<u32>,
    /// Its suffix (bis, ter, a…), normalised.
    pub suffix: String,
    /// The street's words, normalised and written out.
    pub words: Vec<String>,
}

/// Reads a typed address: « 12 bis, r. de la République » → 12, "bis", [rue, de, la, republique]. A postcode
/// and the town's name at the end are the resident's way of being precise: they are left out of the street.
pub fn read(text: &str, city: &str) -> Typed {
    let normal = normalise(text);
    let mut words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
    let mut typed = Typed::default();
    // The number, possibly glued to its suffix ("12b", "12bis").
    if let Some(first) = words.first() {
        let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            typed.number = digits.parse().ok().filter(|n| *n <= 99_999);
            typed.suffix = first[digits.len()..].to_string();
            words.remove(0);
            if typed.suffix.is_empty() {
                if let Some(next) = words.first() {
                    if ["bis", "ter", "quater", "a", "b", "c", "d"].contains(next) {
                        typed.suffix = (*next).to_string();
                        words.remove(0);
                    }
                }
            }
        }
    }
    // Drop a trailing postcode and the town's name.
    let city_words: Vec<String> = normalise(city).split(' ').map(str::to_string).collect();
    while let Some(last) = words.last() {
        if (last.len() == 5 && last.bytes().all(|b| b.is_ascii_digit())) || city_words.iter().any(|c| c == last) {
            words.pop();
        } else {
            break;
        }
    }
    typed.words = words.into_iter().map(|w| expand(w).to_string()).collect();
    typed
}

/// Edit distance with transpositions (optimal string alignment), on characters, giving up past `limit`.
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

/// Small words a resident may leave out or mistype without changing the street.
const LINKS: [&str; 9] = ["de", "du", "des", "la", "le", "les", "l", "d", "et"];

/// How well typed words match a street's (normalised) name: `None` when they do not, else a score where
/// higher is better. Every typed word must match a word of the street, in order: exactly, as the start of it
/// (the last word may be unfinished), or within one typo (two for long words).
pub fn score(words: &[String], street: &str) -> Option<u32> {
    let street_words: Vec<&str> = street.split(' ').collect();
    if words.is_empty() {
        return None;
    }
    let mut total = 0;
    let mut from = 0;
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let mut found = None;
        for (j, candidate) in street_words.iter().enumerate().skip(from) {
            let points = if candidate == word {
                10
            } else if (last || word.chars().count() >= 3) && candidate.starts_with(word.as_str()) {
                8
            } else {
                let length = word.chars().count();
                let limit = if length >= 8 { 2 } else { usize::from(length >= 4) };
                if limit > 0 && distance(word, candidate, limit) <= limit {
                    6
                } else {
                    0
                }
            };
            if points > 0 {
                found = Some((j, points));
                break;
            }
        }
        match found {
            Some((j, points)) => {
                total += points;
                from = j + 1;
            }
            // A link word typed but not in the street ("rue de gambetta") is forgiven.
            None if LINKS.contains(&word.as_str()) => {}
            None => return None,
        }
    }
    // Fewer words left unmatched in the street's name: the closer street.
    let significant = street_words.iter().filter(|w| !LINKS.contains(w)).count() as u32;
    Some(total * 10 + 10u32.saturating_sub(significant))
}

/// An address as written on an envelope: « 12 bis rue de la République ».
pub fn label(a: &Address) -> String {
    let street = lower_street_type(&a.street);
    if a.suffix.is_empty() {
        format!("{} {street}", a.number)
    } else {
        format!("{} {} {street}", a.number, a.suffix.to_lowercase())
    }
}

/// "Rue de la République" reads « rue de la République » after a number.
fn lower_street_type(street: &str) -> String {
    let mut words = street.splitn(2, ' ');
    let first = words.next().unwrap_or_default();
    let rest = words.next();
    let kinds =
        ["rue", "avenue", "boulevard", "place", "chemin", "impasse", "allée", "route", "quai", "square", "cours"];
    let first = if kinds.contains(&first.to_lowercase().as_str()) { first.to_lowercase() } else { first.to_string() };
    match rest {
        Some(rest) => format!("{first} {rest}"),
        None => first,
    }
}

/// Metres between two points (latitude, longitude), by the local flat approximation (exact to a few metres
/// within a town).
pub fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let k = 111_320.0;
    let dy = (a.0 - b.0) * k;
    let dx = (a.1 - b.1) * k * ((a.0 + b.0) / 2.0).to_radians().cos();
    (dx * dx + dy * dy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;x;y;lon;lat\n\
        37999_0010_00012;37999_0010;12;;Rue de la République;37990;37999;Saint-Clair-sur-Loire;0;0;0.690100;47.395200\n\
        37999_0010_00012_bis;37999_0010;12;bis;Rue de la République;37990;37999;Saint-Clair-sur-Loire;0;0;0.690150;47.395210\n\
        37999_0020_00003;37999_0020;3;;Place du Marché;37990;37999;Saint-Clair-sur-Loire;0;0;0.688;47.3945\n";

    #[test]
    fn a_ban_file_is_read_and_a_bad_one_is_refused_line_by_line() {
        let all = parse_ban(FILE).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[1].suffix, "bis");
        assert_eq!(label(&all[1]), "12 bis rue de la République");
        assert_eq!(label(&all[2]), "3 place du Marché");
        assert!((all[0].lat - 47.3952).abs() < 1e-9);

        let broken = FILE.replace("0.690100;47.395200", "0.690100;91").replace(";12;bis;", ";douze;bis;");
        let errors = parse_ban(&broken).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| (e.line, e.column.as_str(), e.key)).collect::<Vec<_>>(),
            [(2, "lat", "error-addresses-lat"), (3, "numero", "error-addresses-number")]
        );
        let missing = parse_ban("id;numero;nom_voie\n1;2;Rue").unwrap_err();
        assert_eq!(
            missing.iter().map(|e| e.column.as_str()).collect::<Vec<_>>(),
            ["code_postal", "nom_commune", "lon", "lat"]
        );
        let twice = format!("{FILE}37999_0020_00003;x;4;;Rue;37990;37999;Ville;0;0;0.1;47.1\n");
        assert_eq!(parse_ban(&twice).unwrap_err()[0].key, "error-addresses-duplicate");
        assert_eq!(parse_ban("").unwrap_err()[0].key, "error-addresses-empty");
        let header_only = FILE.lines().next().unwrap();
        assert_eq!(parse_ban(header_only).unwrap_err()[0].key, "error-addresses-none", "would erase every address");
        let odd_rep = FILE.replace(";12;bis;", ";12;<b>;");
        assert_eq!(parse_ban(&odd_rep).unwrap_err()[0].key, "error-addresses-rep");
        for hostile in [
            "id;numero\n",
            "\u{feff}",
            "a;b;c\n;;;;;;;;;;;;\n",
            "id;numero;nom_voie;code_postal;nom_commune;lon;lat\n1;99999999999999999999;R;37990;V;NaN;inf\n",
        ] {
            assert!(parse_ban(hostile).is_err(), "{hostile:?}");
        }
    }

    #[test]
    fn typed_addresses_are_read_without_accents_abbreviations_or_the_town() {
        let t = read("12 bis, r. de la République 37990 Saint-Clair-sur-Loire", "Saint-Clair-sur-Loire");
        assert_eq!(t.number, Some(12));
        assert_eq!(t.suffix, "bis");
        assert_eq!(t.words, ["rue", "de", "la", "republique"]);
        assert_eq!(read("12b av gal de gaulle", "").suffix, "b");
        assert_eq!(read("12b av gal de gaulle", "").words, ["avenue", "general", "de", "gaulle"]);
        assert_eq!(read("place du marché", "").number, None);
        assert_eq!(normalise("Rue de l'Église  Saint-Œuvre"), "rue de l eglise saint oeuvre");
        assert_eq!(read("999999999999 rue", "").number, None);
    }

    #[test]
    fn streets_match_by_prefix_with_a_typo_and_the_closest_ranks_first() {
        let republique = normalise("Rue de la République");
        let words = |t: &str| read(t, "").words;
        assert!(score(&words("r de la republique"), &republique).is_some());
        assert!(score(&words("rue de la repub"), &republique).is_some(), "unfinished last word");
        assert!(score(&words("rue de la repbulique"), &republique).is_some(), "a swapped pair");
        assert!(score(&words("rue de la republiqeu"), &republique).is_some());
        assert!(score(&words("republique"), &republique).is_some());
        assert!(score(&words("rue republique"), &republique).is_some(), "a link word left out");
        assert!(score(&words("rue de la liberte"), &republique).is_none());
        assert!(score(&words("avenue de la republique"), &republique).is_none(), "another kind of street");
        assert!(score(&[], &republique).is_none());
        // The exact name beats a longer one that merely contains it.
        let exact = score(&words("rue victor hugo"), &normalise("Rue Victor Hugo")).unwrap();
        let longer = score(&words("rue victor hugo"), &normalise("Rue Victor Hugo Prolongée")).unwrap();
        assert!(exact > longer);
        // A full word beats a typo.
        let full = score(&words("rue pasteur"), &normalise("Rue Pasteur")).unwrap();
        let typo = score(&words("rue pasteru"), &normalise("Rue Pasteur")).unwrap();
        assert!(full > typo);
        assert_eq!(distance("republique", "repbulique", 2), 1);
        assert_eq!(distance("abc", "abcdefgh", 2), 3);
    }

    #[test]
    fn distances_in_a_town() {
        let d = metres((47.395, 0.69), (47.396, 0.69));
        assert!((d - 111.3).abs() < 0.5, "{d}");
        let d = metres((47.395, 0.69), (47.395, 0.70));
        assert!((d - 753.5).abs() < 2.0, "{d}");
    }
}
