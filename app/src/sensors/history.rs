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

/// The datastreams kept by an edit (same name) whose value type changes.
pub fn retyped<'a>(before: &Sensor, after: &'a Sensor) -> Vec<&'a str> {
    after
        .datastreams
        .iter()
        .filter(|d| before.datastreams.iter().any(|b| b.name == d.name && b.value_type != d.value_type))
        .map(|d| d.name.as_str())
        .collect()
}
