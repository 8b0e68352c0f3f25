//! The public history of a sensor (pure): its fields flattened to text in a fixed order — the CSV columns and
//! the units of the history — and what changed between two versions.

use super::*;

/// The public fields in a fixed order, as text: the CSV columns and the units of the change history.
pub fn flat_fields(s: &Sensor) -> Vec<(&'static str, String)> {
    let (lon, lat, zone) = match &s.location {
        Location::Point { lon, lat } => (format!("{lon:.6}"), format!("{lat:.6}"), String::new()),
        Location::Zone { geojson } => (String::new(), String::new(), geojson.clone()),
    };
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        ("reference", s.reference.clone()),
        ("name", s.name.clone()),
        ("technology", s.technology.code().into()),
        ("domain", s.domain.code().into()),
        ("longitude", lon),
        ("latitude", lat),
        ("zone", zone),
        ("district", s.district.as_ref().map(|(_, n)| n.clone()).unwrap_or_default()),
        ("network", s.network.code().into()),
        ("purpose", s.purpose.code().into()),
        ("purpose_text", s.purpose_text.clone()),
        ("personal_data", s.personal_data.code().into()),
        ("anonymisation", o(&s.anonymisation)),
        ("legal_basis", s.legal_basis.map(|l| l.code().to_string()).unwrap_or_default()),
        ("controller", s.controller.clone()),
        ("controller_contact", s.controller_contact.clone()),
        ("operator_kind", s.operator_kind.code().into()),
        ("operator_name", o(&s.operator_name)),
        ("dpo_contact", o(&s.dpo_contact)),
        ("hosting", s.hosting.code().into()),
        ("hosting_provider", o(&s.hosting_provider)),
        ("recipients", s.recipients.clone()),
        ("raw_retention", s.raw_retention.clone()),
        ("aggregate_retention", o(&s.aggregate_retention)),
        ("open_data_url", o(&s.open_data_url)),
        ("dpia_url", o(&s.dpia_url)),
        ("decision", s.decision.map(|d| d.to_string()).unwrap_or_default()),
        ("legal_reference", o(&s.legal_reference)),
        ("status", s.status.code().into()),
        ("installed_on", o(&s.installed_on)),
        ("active_until", o(&s.active_until)),
        (
            "datastreams",
            s.datastreams
                .iter()
                .map(|d| {
                    format!("{}|{}|{}|{}|{}", d.name, d.observed_property, d.unit, d.value_type.code(), d.raw_retention)
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
    ]
}

/// What changed between two versions, field by field (`old` is `None` for a creation).
pub fn diff(old: Option<&Sensor>, new: &Sensor) -> Vec<FieldChange> {
    let before: Vec<(&str, String)> = old.map(flat_fields).unwrap_or_default();
    flat_fields(new)
        .into_iter()
        .filter_map(|(field, value)| {
            let previous = before.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone()).unwrap_or_default();
            (previous != value).then(|| FieldChange { field: field.to_string(), old: previous, new: value })
        })
        .collect()
}

/// A value of the history as a reader reads it: a code by its label, a duration and a date in words, each
/// datastream on its own line; free text as it was entered. An unknown code (a former version's) stays as it
/// was stored rather than being guessed.
pub fn value_words(field: &str, value: &str, i18n: crate::i18n::I18n) -> String {
    fn label<T: Copy>(i18n: crate::i18n::I18n, code: Option<T>, key: fn(T) -> String, value: &str) -> String {
        code.map(|c| i18n.t(&key(c))).unwrap_or_else(|| value.to_string())
    }
    if value.is_empty() {
        return String::new();
    }
    match field {
        "technology" => label(i18n, Technology::from_code(value), Technology::label_key, value),
        "domain" => label(i18n, Domain::from_code(value), Domain::label_key, value),
        "network" => label(i18n, Network::from_code(value), Network::label_key, value),
        "purpose" => label(i18n, Purpose::from_code(value), Purpose::label_key, value),
        "personal_data" => label(i18n, PersonalData::from_code(value), PersonalData::label_key, value),
        "legal_basis" => label(i18n, LegalBasis::from_code(value), LegalBasis::label_key, value),
        "operator_kind" => label(i18n, OperatorKind::from_code(value), OperatorKind::label_key, value),
        "hosting" => label(i18n, Hosting::from_code(value), Hosting::label_key, value),
        "status" => label(i18n, Status::from_code(value), Status::label_key, value),
        "raw_retention" | "aggregate_retention" => super::notice::retention_words(value, i18n),
        "installed_on" | "active_until" => crate::format::date_words(value, i18n),
        "datastreams" => value
            .split(';')
            .map(|stream| match stream.split('|').collect::<Vec<_>>()[..] {
                [name, property, unit, kind, retention] => format!(
                    "{name} : {property} ({}{}), {}",
                    label(i18n, ValueType::from_code(kind), ValueType::label_key, kind),
                    if unit.is_empty() { String::new() } else { format!(", {unit}") },
                    super::notice::retention_words(retention, i18n)
                ),
                _ => stream.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => value.to_string(),
    }
}

/// The datastreams kept by an edit (same name) whose value type changes.
pub fn retyped<'a>(before: &Sensor, after: &'a Sensor) -> Vec<&'a str> {
    after
        .datastreams
        .iter()
        .filter(|d| before.datastreams.iter().any(|b| b.name == d.name && b.value_type != d.value_type))
        .map(|d| d.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn coded_values_read_as_words() {
        let fr = I18n(Lang::Fr);
        assert_eq!(value_words("status", "in_consultation", fr), fr.t("status-in-consultation"));
        assert_ne!(value_words("status", "in_consultation", fr), "in_consultation");
        assert_eq!(value_words("technology", "lighting_controller", fr), "Contrôleur d'éclairage public");
        assert_eq!(value_words("raw_retention", "P30D", fr), "30 jours");
        assert_eq!(value_words("status", "gone_code", fr), "gone_code");
        assert_eq!(value_words("name", "in_consultation", fr), "in_consultation");
        assert_eq!(value_words("status", "", fr), "");
        let streams = value_words("datastreams", "bruit|niveau sonore|dB(A)|number|P7D;état|porte||text|P1D", fr);
        let lines: Vec<&str> = streams.lines().collect();
        assert_eq!(lines.len(), 2, "{streams}");
        assert!(lines[0].starts_with("bruit : niveau sonore ("), "{streams}");
        assert!(lines[0].ends_with(", dB(A)), 7 jours"), "{streams}");
        assert!(!streams.contains("|number|"), "{streams}");
    }
}
