//! A sensor as people and files submit it: all text, in the field names of the form, the CSV columns and the
//! GeoJSON properties; `rules::validate` turns it into a record.

use super::*;

/// A datastream as submitted in a form or an import row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatastreamForm {
    /// Name.
    pub name: String,
    /// Observed property.
    pub observed_property: String,
    /// UCUM unit.
    pub unit: String,
    /// Value type code.
    pub value_type: String,
    /// Raw retention (ISO 8601).
    pub raw_retention: String,
}

/// A sensor as submitted (form fields, import columns): all text, checked by [`validate`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SensorForm {
    pub reference: String,
    pub name: String,
    pub technology: String,
    pub domain: String,
    pub longitude: String,
    pub latitude: String,
    pub zone: String,
    pub district_id: String,
    pub network: String,
    pub purpose: String,
    pub purpose_text: String,
    pub personal_data: String,
    pub anonymisation: String,
    pub legal_basis: String,
    pub controller: String,
    pub controller_contact: String,
    pub operator_kind: String,
    pub operator_name: String,
    pub dpo_contact: String,
    pub hosting: String,
    pub hosting_provider: String,
    pub recipients: String,
    pub raw_retention: String,
    pub aggregate_retention: String,
    pub open_data_url: String,
    pub dpia_url: String,
    pub decision: String,
    pub legal_reference: String,
    pub status: String,
    pub installed_on: String,
    pub active_until: String,
    pub datastreams: Vec<DatastreamForm>,
}

/// Reads a sensor from named values: a form post (`ds_0_name` …), a CSV row or GeoJSON properties (the column
/// names of [`flat_fields`](super::rules::flat_fields): `district` by name, `datastreams` as
/// `name|property|unit|type|retention;…`). Unknown names are ignored; validation comes after.
pub fn form_from_pairs(pairs: &[(String, String)], districts: &[(i64, String)]) -> SensorForm {
    let mut f = SensorForm::default();
    let mut streams: std::collections::BTreeMap<usize, DatastreamForm> = std::collections::BTreeMap::new();
    for (key, value) in pairs {
        let v = value.clone();
        match key.as_str() {
            "reference" => f.reference = v,
            "name" => f.name = v,
            "technology" => f.technology = v,
            "domain" => f.domain = v,
            "longitude" => f.longitude = v,
            "latitude" => f.latitude = v,
            "zone" => f.zone = v,
            "district_id" => f.district_id = v,
            "district" => {
                let wanted = v.trim().to_lowercase();
                f.district_id = if wanted.is_empty() {
                    String::new()
                } else {
                    // An unknown name stays visible as an invalid id, so validation names the field.
                    districts
                        .iter()
                        .find(|(_, name)| name.to_lowercase() == wanted)
                        .map(|(id, _)| id.to_string())
                        .unwrap_or_else(|| format!("?{}", v.trim()))
                };
            }
            "network" => f.network = v,
            "purpose" => f.purpose = v,
            "purpose_text" => f.purpose_text = v,
            "personal_data" => f.personal_data = v,
            "anonymisation" => f.anonymisation = v,
            "legal_basis" => f.legal_basis = v,
            "controller" => f.controller = v,
            "controller_contact" => f.controller_contact = v,
            "operator_kind" => f.operator_kind = v,
            "operator_name" => f.operator_name = v,
            "dpo_contact" => f.dpo_contact = v,
            "hosting" => f.hosting = v,
            "hosting_provider" => f.hosting_provider = v,
            "recipients" => f.recipients = v,
            "raw_retention" => f.raw_retention = v,
            "aggregate_retention" => f.aggregate_retention = v,
            "open_data_url" => f.open_data_url = v,
            "dpia_url" => f.dpia_url = v,
            "decision" => f.decision = v,
            "legal_reference" => f.legal_reference = v,
            "status" => f.status = v,
            "installed_on" => f.installed_on = v,
            "active_until" => f.active_until = v,
            "datastreams" => {
                for (i, item) in v.split(';').filter(|i| !i.trim().is_empty()).enumerate() {
                    let mut parts = item.split('|').map(|p| p.trim().to_string());
                    streams.insert(
                        i,
                        DatastreamForm {
                            name: parts.next().unwrap_or_default(),
                            observed_property: parts.next().unwrap_or_default(),
                            unit: parts.next().unwrap_or_default(),
                            value_type: parts.next().unwrap_or_default(),
                            raw_retention: parts.next().unwrap_or_default(),
                        },
                    );
                }
            }
            other => {
                let Some((index, field)) = other.strip_prefix("ds_").and_then(|rest| rest.split_once('_')) else {
                    continue;
                };
                let Ok(index) = index.parse::<usize>() else {
                    continue;
                };
                if index >= MAX_DATASTREAMS {
                    continue;
                }
                let ds = streams.entry(index).or_default();
                match field {
                    "name" => ds.name = v,
                    "observed_property" => ds.observed_property = v,
                    "unit" => ds.unit = v,
                    "value_type" => ds.value_type = v,
                    "raw_retention" => ds.raw_retention = v,
                    _ => {}
                }
            }
        }
    }
    // Durations typed as a number and a unit (the staff form) replace the ISO text; a number that is not a
    // whole number in range stays visible as typed, so validation names the field.
    let typed = |name: &str| {
        let count = pairs.iter().find(|(k, _)| k == &format!("{name}_count"))?.1.clone();
        let unit = pairs.iter().find(|(k, _)| k == &format!("{name}_unit")).map(|(_, v)| v.clone()).unwrap_or_default();
        Some(if count.trim().is_empty() {
            String::new()
        } else {
            super::duration::from_count(&count, &unit).unwrap_or_else(|| format!("{count} {unit}"))
        })
    };
    if let Some(v) = typed("raw_retention") {
        f.raw_retention = v;
    }
    if let Some(v) = typed("aggregate_retention") {
        f.aggregate_retention = v;
    }
    for (i, ds) in &mut streams {
        if let Some(v) = typed(&format!("ds_{i}_raw_retention")) {
            ds.raw_retention = v;
        }
    }
    // Numbered rows keep their numbers (error fields name them); gaps are filled with blank rows.
    if let Some(last) = streams.keys().next_back().copied() {
        f.datastreams = (0..=last).map(|i| streams.remove(&i).unwrap_or_default()).collect();
    }
    f
}

/// The most datastreams one sensor may have.
pub const MAX_DATASTREAMS: usize = 32;

/// The sensor as a form (to edit it).
pub fn to_form(s: &Sensor) -> SensorForm {
    let (longitude, latitude, zone) = match &s.location {
        Location::Point { lon, lat } => (lon.to_string(), lat.to_string(), String::new()),
        Location::Zone { geojson } => (String::new(), String::new(), geojson.clone()),
    };
    SensorForm {
        reference: s.reference.clone(),
        name: s.name.clone(),
        technology: s.technology.code().into(),
        domain: s.domain.code().into(),
        longitude,
        latitude,
        zone,
        district_id: s.district.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default(),
        network: s.network.code().into(),
        purpose: s.purpose.code().into(),
        purpose_text: s.purpose_text.clone(),
        personal_data: s.personal_data.code().into(),
        anonymisation: s.anonymisation.clone().unwrap_or_default(),
        legal_basis: s.legal_basis.map(|l| l.code().to_string()).unwrap_or_default(),
        controller: s.controller.clone(),
        controller_contact: s.controller_contact.clone(),
        operator_kind: s.operator_kind.code().into(),
        operator_name: s.operator_name.clone().unwrap_or_default(),
        dpo_contact: s.dpo_contact.clone().unwrap_or_default(),
        hosting: s.hosting.code().into(),
        hosting_provider: s.hosting_provider.clone().unwrap_or_default(),
        recipients: s.recipients.clone(),
        raw_retention: s.raw_retention.clone(),
        aggregate_retention: s.aggregate_retention.clone().unwrap_or_default(),
        open_data_url: s.open_data_url.clone().unwrap_or_default(),
        dpia_url: s.dpia_url.clone().unwrap_or_default(),
        decision: s.decision.map(|d| d.to_string()).unwrap_or_default(),
        legal_reference: s.legal_reference.clone().unwrap_or_default(),
        status: s.status.code().into(),
        installed_on: s.installed_on.clone().unwrap_or_default(),
        active_until: s.active_until.clone().unwrap_or_default(),
        datastreams: s
            .datastreams
            .iter()
            .map(|d| DatastreamForm {
                name: d.name.clone(),
                observed_property: d.observed_property.clone(),
                unit: d.unit.clone(),
                value_type: d.value_type.code().into(),
                raw_retention: d.raw_retention.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensors::rules::{flat_fields, tests::parking_form, validate};

    #[test]
    fn reads_forms_csv_rows_and_properties() {
        let districts = vec![(3, "La Gare".to_string())];
        let pairs =
            |list: &[(&str, &str)]| list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let f = form_from_pairs(
            &pairs(&[
                ("reference", "PK-1"),
                ("district", "la gare"),
                ("ds_1_name", "b"),
                ("ds_0_name", "a"),
                ("ds_99_name", "x"),
            ]),
            &districts,
        );
        assert_eq!(f.district_id, "3");
        assert_eq!(f.datastreams.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        let f = form_from_pairs(
            &pairs(&[
                ("district", "Nulle part"),
                ("datastreams", "occupied|place occupée||boolean|P30D;n|x|dB|number|P1Y"),
            ]),
            &districts,
        );
        assert_eq!(f.district_id, "?Nulle part");
        assert_eq!(f.datastreams[1].unit, "dB");
        assert_eq!(f.datastreams[0].raw_retention, "P30D");
        // A record written out as flat fields reads back the same.
        let s = validate(&parking_form(), &districts).unwrap();
        let flat: Vec<(String, String)> = flat_fields(&s).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(validate(&form_from_pairs(&flat, &districts), &districts).unwrap(), s);
    }

    #[test]
    fn retention_typed_as_number_and_unit_is_composed_and_a_bad_number_stays_visible() {
        let pairs: Vec<(String, String)> = [
            ("raw_retention_count", "30"),
            ("raw_retention_unit", "D"),
            ("aggregate_retention_count", ""),
            ("aggregate_retention_unit", "Y"),
            ("ds_0_name", "no2"),
            ("ds_0_raw_retention_count", "1,5"),
            ("ds_0_raw_retention_unit", "Y"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let f = form_from_pairs(&pairs, &[]);
        assert_eq!(f.raw_retention, "P30D");
        assert_eq!(f.aggregate_retention, "");
        assert_eq!(f.datastreams.len(), 1);
        assert_eq!(f.datastreams[0].raw_retention, "1,5 Y", "refused by validation, which names the field");
        assert!(crate::sensors::duration::parse_duration(&f.datastreams[0].raw_retention).is_none());
    }
}
