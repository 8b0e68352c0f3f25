//! Helpers of the sensor registry tests.
#![allow(dead_code)]

/// A complete, valid sensor form.
pub fn noise_sensor() -> Vec<(&'static str, &'static str)> {
    vec![
        ("reference", "br-9001"),
        ("name", "Sonomètre place du Marché"),
        ("technology", "noise_level"),
        ("domain", "environment"),
        ("status", "active"),
        ("installed_on", "2026-05-04"),
        ("active_until", ""),
        ("network", "lorawan"),
        ("latitude", "47.3951"),
        ("longitude", "0.6893"),
        ("zone", ""),
        ("district_id", "1"),
        ("purpose", "noise_monitoring"),
        ("purpose_text", "Objectiver les nuisances sonores nocturnes place du Marché."),
        ("personal_data", "none"),
        ("anonymisation", "Niveaux calculés dans le capteur, aucun son enregistré."),
        ("legal_basis", ""),
        ("dpo_contact", ""),
        ("dpia_url", ""),
        ("recipients", "Service environnement"),
        ("controller", "Ville de Saint-Clair-sur-Loire"),
        ("controller_contact", "mairie@saint-clair.example"),
        ("operator_kind", "city"),
        ("operator_name", ""),
        ("hosting", "on_premises"),
        ("hosting_provider", ""),
        ("raw_retention", "P30D"),
        ("aggregate_retention", "P1Y"),
        ("open_data_url", ""),
        ("ds_0_name", "laeq"),
        ("ds_0_observed_property", "niveau sonore équivalent"),
        ("ds_0_unit", "dB"),
        ("ds_0_value_type", "number"),
        ("ds_0_raw_retention", "P30D"),
        ("ds_1_name", ""),
        ("ds_1_observed_property", ""),
        ("ds_1_unit", ""),
        ("ds_1_value_type", "number"),
        ("ds_1_raw_retention", ""),
    ]
}

pub fn with(
    form: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> =
        form.iter().map(|(k, v)| (*k, changes.iter().find(|(c, _)| c == k).map(|(_, n)| *n).unwrap_or(v))).collect();
    // Fields the form did not have are added (the staff form's number-and-unit retention, for one).
    out.extend(changes.iter().filter(|(c, _)| !form.iter().any(|(k, _)| k == c)));
    out
}
