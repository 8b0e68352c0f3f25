//! Plain language about a sensor: the summary at the top of its page and the on-site notice (the first layer
//! of the two-layer information model: controller, purpose, data, retention, rights, DPO, CNIL, QR code).
//! Pure text building; the QR code itself is drawn on the server.

use super::rules::parse_duration;
use super::*;
use crate::format::date_words;
use crate::i18n::I18n;

/// A retention period in words (the code itself when it cannot be read).
pub fn retention_words(code: &str, i18n: I18n) -> String {
    parse_duration(code).map(|d| d.describe(i18n)).unwrap_or_else(|| code.to_string())
}

/// "30 jours" for raw data and, when aggregates are kept, how long.
fn retention_sentence(s: &Sensor, i18n: I18n) -> String {
    let raw = retention_words(&s.raw_retention, i18n);
    match &s.aggregate_retention {
        Some(agg) => i18n.t_args("summary-retention", &[("raw", raw), ("aggregate", retention_words(agg, i18n))]),
        None => i18n.t_args("summary-retention-raw-only", &[("raw", raw)]),
    }
}

fn personal_sentence(s: &Sensor, i18n: I18n) -> String {
    let basis = s.legal_basis.map(|b| i18n.t(&b.label_key())).unwrap_or_default();
    match s.personal_data {
        PersonalData::None => i18n.t("summary-personal-none"),
        PersonalData::Pseudonymised => i18n.t_args("summary-personal-pseudonymised", &[("basis", basis)]),
        PersonalData::Personal => i18n.t_args("summary-personal-personal", &[("basis", basis)]),
        PersonalData::Sensitive => i18n.t_args("summary-personal-sensitive", &[("basis", basis)]),
    }
}

fn operator_sentence(s: &Sensor, i18n: I18n) -> String {
    match (&s.operator_kind, &s.operator_name) {
        (OperatorKind::City, _) | (_, None) => {
            i18n.t_args("summary-operated-by-city", &[("controller", s.controller.clone())])
        }
        (_, Some(name)) => {
            i18n.t_args("summary-operated-by", &[("controller", s.controller.clone()), ("operator", name.clone())])
        }
    }
}

fn status_sentence(s: &Sensor, i18n: I18n) -> String {
    let since = s.installed_on.as_deref().map(|d| date_words(d, i18n)).unwrap_or_default();
    match s.status {
        Status::Planned => i18n.t("summary-status-planned"),
        Status::InConsultation => i18n.t("summary-status-in-consultation"),
        Status::Active if since.is_empty() => i18n.t("summary-status-active"),
        Status::Active => i18n.t_args("summary-status-active-since", &[("date", since)]),
        Status::Suspended => i18n.t("summary-status-suspended"),
        Status::Removed => i18n.t("summary-status-removed"),
    }
}

/// What is measured, in words: « place occupée, température ».
pub fn measured(s: &Sensor) -> String {
    s.datastreams.iter().map(|d| d.observed_property.clone()).collect::<Vec<_>>().join(", ")
}

/// The summary at the top of a sensor page, in short sentences.
pub fn summary(s: &Sensor, i18n: I18n) -> Vec<String> {
    let mut lines = vec![
        i18n.t_args(
            "summary-what",
            &[("technology", i18n.t(&s.technology.label_key()).to_lowercase()), ("measures", measured(s))],
        ),
        s.purpose_text.clone(),
        personal_sentence(s, i18n),
    ];
    if let Some(how) = &s.anonymisation {
        lines.push(how.clone());
    }
    lines.push(retention_sentence(s, i18n));
    lines.push(operator_sentence(s, i18n));
    lines.push(status_sentence(s, i18n));
    lines
}

/// The on-site notice's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Title line: the kind of sensor, what a passer-by wants to know first (« Caméra vidéo »).
    pub title: String,
    /// The sensor's name, with its reference when the name does not already say it.
    pub name: String,
    /// (heading, text) sections, in reading order.
    pub sections: Vec<(String, String)>,
    /// The sensor page, where the second layer (the full record) is.
    pub url: String,
}

impl Notice {
    /// The notice of `s`, for a town whose public address is `base_url`.
    pub fn new(s: &Sensor, i18n: I18n, base_url: &str, town: &str) -> Notice {
        let url = paths::sensor_url(base_url, &s.reference);
        let rights = if s.personal_data == PersonalData::None {
            i18n.t("notice-rights-none")
        } else {
            i18n.t_args("notice-rights-personal", &[("dpo", s.dpo_contact.clone().unwrap_or_default())])
        };
        let sections = vec![
            (i18n.t("notice-controller"), format!("{} — {}", s.controller, s.controller_contact)),
            (i18n.t("notice-purpose"), s.purpose_text.clone()),
            (i18n.t("notice-data"), format!("{} {}", measured(s), personal_sentence(s, i18n))),
            (i18n.t("notice-retention"), retention_sentence(s, i18n)),
            (i18n.t("notice-rights"), rights),
            (i18n.t("notice-complaint"), i18n.t("notice-cnil")),
            (i18n.t("notice-more"), i18n.t_args("notice-more-text", &[("town", town.to_string())])),
        ];
        Notice {
            title: i18n.t(&s.technology.label_key()),
            name: if s.name.contains(&s.reference) { s.name.clone() } else { format!("{} · {}", s.name, s.reference) },
            sections,
            url,
        }
    }

    /// The notice as a standalone A5 SVG (148 × 210 mm), QR code included, for printing on a sign.
    #[cfg(feature = "ssr")]
    pub fn to_svg(&self) -> String {
        const WIDTH: f64 = 1480.0;
        let mut y = 130.0;
        let mut body = String::new();
        let mut text = |content: &str, size: f64, weight: &str, chars: usize, y: &mut f64| {
            for line in wrap(content, chars) {
                body.push_str(&format!(
                    r#"<text x="90" y="{:.0}" font-size="{size}" font-weight="{weight}">{}</text>"#,
                    *y,
                    escape(&line)
                ));
                *y += size * 1.3;
            }
        };
        text(&self.title, 64.0, "bold", 36, &mut y);
        text(&self.name, 40.0, "normal", 58, &mut y);
        y += 20.0;
        for (heading, content) in &self.sections {
            text(heading, 36.0, "bold", 64, &mut y);
            text(content, 32.0, "normal", 72, &mut y);
            y += 14.0;
        }
        let qr_size = 420.0;
        let height = (y + qr_size + 160.0).max(2100.0);
        let qr_y = height - qr_size - 140.0;
        let qr = qr_svg(&self.url);
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="148mm" height="{:.0}mm" viewBox="0 0 {WIDTH} {height:.0}" font-family="Marianne, Arial, sans-serif" fill="#1e1e1e"><title>{}</title><rect width="100%" height="100%" fill="#fff"/><rect x="30" y="30" width="{:.0}" height="{:.0}" fill="none" stroke="#000091" stroke-width="8"/>{body}<g transform="translate(90 {qr_y:.0})"><svg width="{qr_size}" height="{qr_size}" {}</g><text x="560" y="{:.0}" font-size="30">{}</text></svg>"##,
            height / 10.0,
            escape(&self.title),
            WIDTH - 60.0,
            height - 60.0,
            qr.trim_start_matches("<svg "),
            qr_y + qr_size / 2.0,
            escape(&self.url),
        )
    }
}

/// Breaks a text into lines of at most `chars` characters, at spaces.
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > chars {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Escapes text for XML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A QR code (error correction M, four-module quiet zone) as an SVG element drawing dark modules as one path.
#[cfg(feature = "ssr")]
pub fn qr_svg(data: &str) -> String {
    use qrcode::{Color, EcLevel, QrCode};
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % width + quiet, i / width + quiet));
        }
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::sensors::rules::{tests::parking_form, validate};

    #[test]
    fn the_summary_says_what_why_which_data_and_how_long() {
        let s = validate(&parking_form(), &[(3, "La Gare".into())]).unwrap();
        let text = summary(&s, I18n(Lang::Fr)).join(" ");
        assert!(text.contains("place occupée"), "{text}");
        assert!(text.contains("Aucune donnée personnelle"), "{text}");
        assert!(text.contains("30 jours"), "{text}");
        assert!(text.contains("1 an"), "{text}");
        let en = summary(&s, I18n(Lang::En)).join(" ");
        assert!(en.contains("30 days") && en.contains("No personal data"), "{en}");
        assert!(text.contains("en service depuis le 2 mars 2026"), "{text}");
        assert_eq!(date_words("2026-05-01", I18n(Lang::Fr)), "1er mai 2026");
        assert_eq!(date_words("bientôt", I18n(Lang::En)), "bientôt");
    }

    #[test]
    fn the_notice_names_the_dpo_and_the_cnil_when_personal_data_is_processed() {
        let mut f = parking_form();
        f.personal_data = "personal".into();
        f.legal_basis = "public_task".into();
        f.dpo_contact = "dpo@ville.example".into();
        f.decision = "12".into();
        let s = validate(&f, &[(3, "La Gare".into())]).unwrap();
        let notice = Notice::new(&s, I18n(Lang::Fr), "https://ville.example/", "Ville");
        assert_eq!(notice.url, "https://ville.example/capteurs/PK-0042");
        let all: String = notice.sections.iter().map(|(h, t)| format!("{h} {t} ")).collect();
        assert!(all.contains("dpo@ville.example") && all.contains("CNIL"), "{all}");
        #[cfg(feature = "ssr")]
        {
            let svg = notice.to_svg();
            assert!(svg.starts_with("<svg") && svg.contains("PK-0042") && svg.contains("<path d=\"M"));
            assert!(svg.matches("<svg").count() == 2 && svg.matches("</svg>").count() == 2, "{svg}");
        }
    }

    #[test]
    fn wraps_and_escapes() {
        assert_eq!(wrap("un deux trois quatre", 9), ["un deux", "trois", "quatre"]);
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
