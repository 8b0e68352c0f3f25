//! Pure sensor rules: validation of a submitted record (the approval gate included). Reading it from a form, a
//! CSV row or GeoJSON properties is in `form`, the flat field list and the history diff in `history`, durations
//! and dates in `duration`; all are re-exported here.

pub use super::duration::{parse_duration, IsoDuration};
pub use super::form::{form_from_pairs, to_form, DatastreamForm, SensorForm, MAX_DATASTREAMS};
pub use super::history::{diff, flat_fields, retyped};
use super::*;
use crate::error::{FieldError, UserError};
pub use crate::format::{days_from_civil, parse_date};

fn opt(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The longest legal reference, in characters.
pub const MAX_LEGAL_REFERENCE: usize = 300;

/// Whether a sensor needs an authorisation before it goes live: it processes personal data, or it is a camera
/// or a footfall counter (devices that see or track people, whatever they claim to keep).
pub fn needs_approval(technology: Technology, personal_data: PersonalData) -> bool {
    personal_data != PersonalData::None || matches!(technology, Technology::VideoCamera | Technology::FootfallCounter)
}

/// A public reference: 2 to 32 upper-case letters, digits and dashes, starting with a letter or digit.
pub fn valid_reference(reference: &str) -> bool {
    (2..=32).contains(&reference.len())
        && reference.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && !reference.starts_with('-')
}

fn valid_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 10 && !url.contains(char::is_whitespace)
}

/// The outer ring of a GeoJSON Polygon's text, as (longitude, latitude) pairs; `None` unless every position
/// is a pair of numbers.
pub fn outer_ring(geojson: &str) -> Option<Vec<(f64, f64)>> {
    let value: serde_json::Value = serde_json::from_str(geojson).ok()?;
    if value["type"] != "Polygon" {
        return None;
    }
    let ring = value["coordinates"].get(0)?.as_array()?;
    ring.iter().map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect()
}

/// Checks a GeoJSON Polygon's text: a closed outer ring of at least four valid positions.
pub fn valid_polygon(geojson: &str) -> bool {
    outer_ring(geojson).is_some_and(|points| {
        points.len() >= 4
            && points.first() == points.last()
            && points.iter().all(|(lon, lat)| (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat))
    })
}

/// A longitude typed by a person (a decimal comma is accepted).
pub fn parse_longitude(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse::<f64>().ok().filter(|v| (-180.0..=180.0).contains(v))
}

/// A latitude typed by a person (a decimal comma is accepted).
pub fn parse_latitude(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse::<f64>().ok().filter(|v| (-90.0..=90.0).contains(v))
}

/// Checks a submitted sensor against every rule; returns the typed record or every problem, each naming its
/// field. `districts` are the town's district ids and names.
pub fn validate(form: &SensorForm, districts: &[(i64, String)]) -> Result<Sensor, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = vec![];
    fn need(errors: &mut Vec<FieldError>, field: &str, ok: bool, key: &str) {
        if !ok {
            errors.push(UserError::field(field, key));
        }
    }
    let reference = form.reference.trim().to_ascii_uppercase();
    need(&mut errors, "reference", valid_reference(&reference), "error-sensor-reference");
    let name_chars = form.name.trim().chars().count();
    need(&mut errors, "name", (2..=120).contains(&name_chars), "error-sensor-name");
    let technology = Technology::from_code(&form.technology);
    need(&mut errors, "technology", technology.is_some(), "error-choose-from-list");
    let domain = Domain::from_code(&form.domain);
    need(&mut errors, "domain", domain.is_some(), "error-choose-from-list");
    let network = Network::from_code(&form.network);
    need(&mut errors, "network", network.is_some(), "error-choose-from-list");
    let purpose = Purpose::from_code(&form.purpose);
    need(&mut errors, "purpose", purpose.is_some(), "error-choose-from-list");
    need(&mut errors, "purpose_text", form.purpose_text.trim().chars().count() >= 10, "error-sensor-purpose-text");
    let personal_data = PersonalData::from_code(&form.personal_data);
    need(&mut errors, "personal_data", personal_data.is_some(), "error-choose-from-list");
    let operator_kind = OperatorKind::from_code(&form.operator_kind);
    need(&mut errors, "operator_kind", operator_kind.is_some(), "error-choose-from-list");
    let hosting = Hosting::from_code(&form.hosting);
    need(&mut errors, "hosting", hosting.is_some(), "error-choose-from-list");
    let status = Status::from_code(&form.status);
    need(&mut errors, "status", status.is_some(), "error-choose-from-list");
    need(&mut errors, "controller", !form.controller.trim().is_empty(), "error-sensor-controller");
    need(
        &mut errors,
        "controller_contact",
        !form.controller_contact.trim().is_empty(),
        "error-sensor-controller-contact",
    );
    need(&mut errors, "recipients", !form.recipients.trim().is_empty(), "error-sensor-recipients");

    // Location: a point, or for a mobile sensor a zone.
    let lon = parse_longitude(&form.longitude);
    let lat = parse_latitude(&form.latitude);
    let location = match (opt(&form.zone), lon, lat) {
        (Some(zone), _, _) => {
            need(&mut errors, "zone", valid_polygon(&zone), "error-sensor-zone");
            // Stored in one canonical spelling, so that an exported zone imported back is no change.
            let geojson = serde_json::from_str::<serde_json::Value>(&zone).map(|v| v.to_string()).unwrap_or(zone);
            Some(Location::Zone { geojson })
        }
        (None, Some(lon), Some(lat)) => Some(Location::Point { lon, lat }),
        (None, lon, lat) => {
            if lon.is_none() {
                errors.push(UserError::field("longitude", "error-sensor-longitude"));
            }
            if lat.is_none() {
                errors.push(UserError::field("latitude", "error-sensor-latitude"));
            }
            None
        }
    };
    let district = match opt(&form.district_id) {
        None => None,
        Some(id) => match districts.iter().find(|(d, _)| id.parse::<i64>().ok() == Some(*d)) {
            Some(found) => Some(found.clone()),
            None => {
                errors.push(UserError::field("district_id", "error-district-invalid"));
                None
            }
        },
    };

    // Personal data: a legal basis and a DPO to write to; sensitive data also needs its impact assessment.
    let legal_basis = opt(&form.legal_basis).and_then(|c| LegalBasis::from_code(&c));
    if opt(&form.legal_basis).is_some() && legal_basis.is_none() {
        errors.push(UserError::field("legal_basis", "error-choose-from-list"));
    }
    let dpo_contact = opt(&form.dpo_contact);
    let dpia_url = opt(&form.dpia_url);
    if let Some(level) = personal_data.filter(|p| *p != PersonalData::None) {
        if legal_basis.is_none() {
            errors.push(UserError::field("legal_basis", "error-sensor-legal-basis-required"));
        }
        if dpo_contact.is_none() {
            errors.push(UserError::field("dpo_contact", "error-sensor-dpo-required"));
        }
        if level == PersonalData::Sensitive && dpia_url.is_none() {
            errors.push(UserError::field("dpia_url", "error-sensor-dpia-required"));
        }
    }
    // Devices that see or track people cannot claim to process no personal data.
    if matches!(technology, Some(Technology::VideoCamera | Technology::FootfallCounter))
        && personal_data == Some(PersonalData::None)
    {
        errors.push(UserError::field("personal_data", "error-sensor-camera-personal"));
    }
    let operator_name = opt(&form.operator_name);
    if matches!(operator_kind, Some(OperatorKind::DelegatedOperator | OperatorKind::ThirdParty))
        && operator_name.is_none()
    {
        errors.push(UserError::field("operator_name", "error-sensor-operator-name"));
    }
    let hosting_provider = opt(&form.hosting_provider);
    if matches!(hosting, Some(Hosting::France | Hosting::EuropeanUnion | Hosting::OutsideEu))
        && hosting_provider.is_none()
    {
        errors.push(UserError::field("hosting_provider", "error-sensor-hosting-provider"));
    }
    let open_data_url = opt(&form.open_data_url);
    for (field, url) in [("open_data_url", &open_data_url), ("dpia_url", &dpia_url)] {
        if url.as_deref().is_some_and(|u| !valid_url(u)) {
            errors.push(UserError::field(field, "error-url"));
        }
    }

    // Retention: required for raw data, optional for aggregates, always ISO 8601.
    let raw_retention = form.raw_retention.trim().to_ascii_uppercase();
    need(&mut errors, "raw_retention", parse_duration(&raw_retention).is_some(), "error-retention");
    let aggregate_retention = opt(&form.aggregate_retention).map(|a| a.to_ascii_uppercase());
    if aggregate_retention.as_deref().is_some_and(|a| parse_duration(a).is_none()) {
        errors.push(UserError::field("aggregate_retention", "error-retention"));
    }

    // Dates: an active sensor says since when; the end cannot come before the start.
    let installed_on = opt(&form.installed_on);
    let active_until = opt(&form.active_until);
    let start = installed_on.as_deref().map(parse_date);
    let end = active_until.as_deref().map(parse_date);
    if start == Some(None) {
        errors.push(UserError::field("installed_on", "error-date"));
    }
    if end == Some(None) {
        errors.push(UserError::field("active_until", "error-date"));
    }
    if let (Some(Some(s)), Some(Some(e))) = (start, end) {
        if e < s {
            errors.push(UserError::field("active_until", "error-sensor-dates-order"));
        }
    }
    if status == Some(Status::Active) && installed_on.is_none() {
        errors.push(UserError::field("installed_on", "error-sensor-installed-required"));
    }

    // The approval gate: a sensor that sees, tracks or processes people goes live only on an adopted decision
    // of the town, or on a legal obligation named with its reference. (That the decision exists and was
    // adopted is checked against the database by the service.)
    let decision = match opt(&form.decision) {
        None => None,
        Some(text) => {
            let id = text.trim_start_matches('#').parse::<i64>().ok().filter(|id| *id > 0);
            if id.is_none() {
                errors.push(UserError::field("decision", "error-sensor-decision"));
            }
            id
        }
    };
    let legal_reference = opt(&form.legal_reference);
    if legal_reference.as_ref().is_some_and(|r| r.chars().count() > MAX_LEGAL_REFERENCE) {
        errors.push(UserError::field("legal_reference", "error-sensor-legal-reference"));
    }
    if status == Some(Status::Active)
        && technology.zip(personal_data).is_some_and(|(t, p)| needs_approval(t, p))
        && decision.is_none()
        && legal_reference.is_none()
        && opt(&form.decision).is_none()
    {
        errors.push(UserError::field("status", "error-sensor-approval"));
    }
    let anonymisation = opt(&form.anonymisation);

    // Datastreams: at least one; each named once, typed, with its retention.
    let mut datastreams = vec![];
    let submitted: Vec<(usize, &DatastreamForm)> =
        form.datastreams.iter().enumerate().filter(|(_, d)| !d.name.trim().is_empty()).collect();
    if submitted.is_empty() {
        errors.push(UserError::field("ds_0_name", "error-sensor-datastream-required"));
    }
    for (i, ds) in submitted {
        let name = ds.name.trim().to_string();
        let field = |suffix: &str| format!("ds_{i}_{suffix}");
        let name_ok = name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !name_ok {
            errors.push(UserError::field(&field("name"), "error-datastream-name"));
        } else if datastreams.iter().any(|d: &Datastream| d.name == name) {
            errors.push(UserError::field(&field("name"), "error-datastream-duplicate"));
        }
        // `|` and `;` separate a datastream's parts and the datastreams in the registry's CSV column (and the
        // history): a property or unit holding one would be read back as other parts.
        let separated = |text: &str| text.contains(['|', ';']);
        if ds.observed_property.trim().is_empty() {
            errors.push(UserError::field(&field("observed_property"), "error-datastream-property"));
        } else if separated(&ds.observed_property) {
            errors.push(UserError::field(&field("observed_property"), "error-datastream-separator"));
        }
        if separated(&ds.unit) {
            errors.push(UserError::field(&field("unit"), "error-datastream-separator"));
        }
        let value_type = ValueType::from_code(&ds.value_type);
        if value_type.is_none() {
            errors.push(UserError::field(&field("value_type"), "error-choose-from-list"));
        }
        let unit = ds.unit.trim().to_string();
        if value_type == Some(ValueType::Number) && unit.is_empty() {
            errors.push(UserError::field(&field("unit"), "error-datastream-unit"));
        }
        let retention = ds.raw_retention.trim().to_ascii_uppercase();
        if parse_duration(&retention).is_none() {
            errors.push(UserError::field(&field("raw_retention"), "error-retention"));
        }
        datastreams.push(Datastream {
            name,
            observed_property: ds.observed_property.trim().to_string(),
            unit,
            value_type: value_type.unwrap_or(ValueType::Text),
            raw_retention: retention,
        });
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    // Every `need` above passed, so each option is filled.
    Ok(Sensor {
        reference,
        name: form.name.trim().to_string(),
        technology: technology.unwrap_or(Technology::Other),
        domain: domain.unwrap_or(Domain::Other),
        location: location.unwrap_or(Location::Point { lon: 0.0, lat: 0.0 }),
        district,
        network: network.unwrap_or(Network::Other),
        purpose: purpose.unwrap_or(Purpose::Other),
        purpose_text: form.purpose_text.trim().to_string(),
        personal_data: personal_data.unwrap_or(PersonalData::None),
        anonymisation,
        legal_basis,
        controller: form.controller.trim().to_string(),
        controller_contact: form.controller_contact.trim().to_string(),
        operator_kind: operator_kind.unwrap_or(OperatorKind::City),
        operator_name,
        dpo_contact,
        hosting: hosting.unwrap_or(Hosting::OnPremises),
        hosting_provider,
        recipients: form.recipients.trim().to_string(),
        raw_retention,
        aggregate_retention,
        open_data_url,
        dpia_url,
        decision,
        legal_reference,
        status: status.unwrap_or(Status::Planned),
        installed_on,
        active_until,
        datastreams,
        updated_at: 0,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::Lang;

    pub(crate) fn parking_form() -> SensorForm {
        SensorForm {
            reference: "pk-0042".into(),
            name: "Place 12, rue de la Gare".into(),
            technology: "parking_occupancy".into(),
            domain: "parking".into(),
            longitude: "0,6912".into(),
            latitude: "47.3941".into(),
            district_id: "3".into(),
            network: "lorawan".into(),
            purpose: "parking_guidance".into(),
            purpose_text: "Indiquer les places libres aux conducteurs.".into(),
            personal_data: "none".into(),
            controller: "Ville de Saint-Clair-sur-Loire".into(),
            controller_contact: "mairie@saint-clair.example".into(),
            operator_kind: "city".into(),
            hosting: "on_premises".into(),
            recipients: "Service mobilité".into(),
            raw_retention: "P30D".into(),
            aggregate_retention: "P1Y".into(),
            status: "active".into(),
            installed_on: "2026-03-02".into(),
            datastreams: vec![DatastreamForm {
                name: "occupied".into(),
                observed_property: "place occupée".into(),
                unit: String::new(),
                value_type: "boolean".into(),
                raw_retention: "P30D".into(),
            }],
            ..Default::default()
        }
    }

    fn districts() -> Vec<(i64, String)> {
        vec![(3, "La Gare".into())]
    }

    fn error_fields(form: &SensorForm) -> Vec<(String, String)> {
        validate(form, &districts())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field.unwrap_or_default(), e.key))
            .collect()
    }

    #[test]
    fn a_complete_record_validates() {
        let s = validate(&parking_form(), &districts()).unwrap();
        assert_eq!(s.reference, "PK-0042");
        assert_eq!(s.location, Location::Point { lon: 0.6912, lat: 47.3941 });
        assert_eq!(s.district, Some((3, "La Gare".into())));
        assert_eq!(s.datastreams[0].value_type, ValueType::Boolean);
        assert_eq!(to_form(&s).reference, "PK-0042");
        assert_eq!(validate(&to_form(&s), &districts()).unwrap(), s, "form round trip");
    }

    #[test]
    fn personal_data_needs_a_legal_basis_and_a_dpo() {
        let mut f = parking_form();
        f.personal_data = "personal".into();
        f.legal_reference = "Code de la route, art. L130-9".into(); // authorised: the gate is tested below
        assert_eq!(
            error_fields(&f),
            [
                ("legal_basis".into(), "error-sensor-legal-basis-required".into()),
                ("dpo_contact".into(), "error-sensor-dpo-required".into())
            ]
        );
        f.personal_data = "sensitive".into();
        f.legal_basis = "public_task".into();
        f.dpo_contact = "dpo@saint-clair.example".into();
        assert_eq!(error_fields(&f), [("dpia_url".into(), "error-sensor-dpia-required".into())]);
        f.dpia_url = "https://saint-clair.example/aipd.pdf".into();
        assert!(error_fields(&f).is_empty());
    }

    #[test]
    fn the_approval_gate() {
        assert!(!needs_approval(Technology::Weather, PersonalData::None));
        assert!(needs_approval(Technology::VideoCamera, PersonalData::None), "a camera, whatever it claims");
        assert!(needs_approval(Technology::FootfallCounter, PersonalData::Pseudonymised));
        assert!(needs_approval(Technology::ParkingOccupancy, PersonalData::Personal));
        let mut f = parking_form();
        f.personal_data = "pseudonymised".into();
        f.legal_basis = "public_task".into();
        f.dpo_contact = "dpo@saint-clair.example".into();
        // Active without an authorisation: refused, on the status.
        assert_eq!(error_fields(&f), [("status".into(), "error-sensor-approval".into())]);
        // Not live yet: nothing to authorise.
        for status in ["planned", "in_consultation", "suspended", "removed"] {
            assert!(error_fields(&SensorForm { status: status.into(), ..f.clone() }).is_empty(), "{status}");
        }
        // Live on a decision (its number, as the form sends it, or as people write it) or on the law.
        let on_decision = SensorForm { decision: "#12".into(), ..f.clone() };
        assert_eq!(validate(&on_decision, &[(3, "La Gare".into())]).unwrap().decision, Some(12));
        let on_law = SensorForm { legal_reference: " Code de la route, art. L130-9 ".into(), ..f.clone() };
        assert_eq!(
            validate(&on_law, &[(3, "La Gare".into())]).unwrap().legal_reference.as_deref(),
            Some("Code de la route, art. L130-9")
        );
        // A decision that is not a number, a reference too long: named on their own field.
        assert_eq!(
            error_fields(&SensorForm { decision: "la délibération".into(), ..f.clone() }),
            [("decision".into(), "error-sensor-decision".into())]
        );
        assert_eq!(
            error_fields(&SensorForm { legal_reference: "x".repeat(MAX_LEGAL_REFERENCE + 1), ..f.clone() }),
            [("legal_reference".into(), "error-sensor-legal-reference".into())]
        );
    }

    #[test]
    fn a_datastream_s_parts_hold_no_separator_of_the_registry_files() {
        let mut f = parking_form();
        f.datastreams[0].observed_property = "pic; niveau|max".into();
        f.datastreams[0].unit = "dB|A".into();
        let errors = error_fields(&f);
        assert!(errors.contains(&("ds_0_observed_property".into(), "error-datastream-separator".into())), "{errors:?}");
        assert!(errors.contains(&("ds_0_unit".into(), "error-datastream-separator".into())), "{errors:?}");
    }

    #[test]
    fn cameras_always_process_personal_data() {
        let mut f = parking_form();
        f.technology = "video_camera".into();
        f.decision = "3".into(); // authorised: only the personal-data rule is at stake here
        assert_eq!(error_fields(&f), [("personal_data".into(), "error-sensor-camera-personal".into())]);
    }

    #[test]
    fn every_datastream_needs_its_retention() {
        let mut f = parking_form();
        f.datastreams[0].raw_retention = String::new();
        f.datastreams.push(DatastreamForm { name: "occupied".into(), ..Default::default() });
        let errors = error_fields(&f);
        assert!(errors.contains(&("ds_0_raw_retention".into(), "error-retention".into())), "{errors:?}");
        assert!(errors.contains(&("ds_1_name".into(), "error-datastream-duplicate".into())), "{errors:?}");
        assert!(errors.contains(&("ds_1_raw_retention".into(), "error-retention".into())), "{errors:?}");
        f.datastreams.clear();
        assert_eq!(error_fields(&f), [("ds_0_name".into(), "error-sensor-datastream-required".into())]);
    }

    #[test]
    fn reports_each_bad_field() {
        let mut f = parking_form();
        f.reference = "pk 42".into();
        f.longitude = "200".into();
        f.district_id = "99".into();
        f.raw_retention = "30 jours".into();
        f.operator_kind = "delegated_operator".into();
        f.hosting = "eu".into();
        f.open_data_url = "ftp://x".into();
        f.installed_on = "2026-05-01".into();
        f.active_until = "2026-04-01".into();
        let fields: Vec<String> = error_fields(&f).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "reference",
                "longitude",
                "district_id",
                "operator_name",
                "hosting_provider",
                "open_data_url",
                "raw_retention",
                "active_until"
            ]
        );
        let mut f = parking_form();
        f.installed_on = String::new();
        assert_eq!(error_fields(&f), [("installed_on".into(), "error-sensor-installed-required".into())]);
    }

    #[test]
    fn mobile_sensors_have_a_zone() {
        let mut f = parking_form();
        f.longitude.clear();
        f.latitude.clear();
        f.zone = r#"{"type":"Polygon","coordinates":[[[0.68,47.39],[0.70,47.39],[0.70,47.40],[0.68,47.39]]]}"#.into();
        assert!(matches!(validate(&f, &districts()).unwrap().location, Location::Zone { .. }));
        f.zone = r#"{"type":"Polygon","coordinates":[[[0.68,47.39],[0.70,47.39]]]}"#.into();
        assert_eq!(error_fields(&f), [("zone".into(), "error-sensor-zone".into())]);
    }

    #[test]
    fn history_lists_what_changed() {
        let before = validate(&parking_form(), &districts()).unwrap();
        let mut f = parking_form();
        f.status = "suspended".into();
        f.raw_retention = "P7D".into();
        let after = validate(&f, &districts()).unwrap();
        let changes = diff(Some(&before), &after);
        assert_eq!(
            changes,
            vec![
                FieldChange { field: "raw_retention".into(), old: "P30D".into(), new: "P7D".into() },
                FieldChange { field: "status".into(), old: "active".into(), new: "suspended".into() },
            ]
        );
        let created = diff(None, &after);
        assert!(created.iter().any(|c| c.field == "reference" && c.old.is_empty() && c.new == "PK-0042"));
        assert!(diff(Some(&after), &after).is_empty());
    }

    #[test]
    fn every_code_has_a_label_in_both_languages() {
        let mut keys: Vec<String> = vec![];
        keys.extend(Technology::ALL.iter().map(|v| v.label_key()));
        keys.extend(Domain::ALL.iter().map(|v| v.label_key()));
        keys.extend(Network::ALL.iter().map(|v| v.label_key()));
        keys.extend(Purpose::ALL.iter().map(|v| v.label_key()));
        keys.extend(PersonalData::ALL.iter().map(|v| v.label_key()));
        keys.extend(LegalBasis::ALL.iter().map(|v| v.label_key()));
        keys.extend(OperatorKind::ALL.iter().map(|v| v.label_key()));
        keys.extend(Hosting::ALL.iter().map(|v| v.label_key()));
        keys.extend(Status::ALL.iter().map(|v| v.label_key()));
        keys.extend(ValueType::ALL.iter().map(|v| v.label_key()));
        for lang in Lang::ALL {
            let missing: Vec<&String> = keys.iter().filter(|k| !crate::i18n::has_key(lang, k)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn a_kept_datastream_whose_type_changes_is_found() {
        let before = validate(&parking_form(), &districts()).unwrap();
        let mut form = parking_form();
        form.datastreams[0].value_type = "number".into();
        form.datastreams[0].unit = "1".into();
        let after = validate(&form, &districts()).unwrap();
        assert_eq!(retyped(&before, &after), ["occupied"]);
        form.datastreams[0].name = "occupancy".into();
        let renamed = validate(&form, &districts()).unwrap();
        assert!(retyped(&before, &renamed).is_empty(), "a new datastream has no earlier type");
        assert!(retyped(&before, &before).is_empty());
    }
}
