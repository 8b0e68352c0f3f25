//! The sensor map drawn by the server, as one SVG image: the districts, the town's streets with their names and
//! every sensor, shaped by its personal-data level. It is the map for a visit without JavaScript and the
//! preview the page shows before anyone asks for the interactive map, so a first visit loads neither MapLibre
//! (300 KB) nor the points' GeoJSON. Pure functions.

use super::queries::MapPoint;
use super::{Near, PersonalData};
use std::fmt::Write;

/// The image's size in its own units (4:3, like the map's box on a desktop).
pub const WIDTH: f64 = 800.0;
/// See [`WIDTH`].
pub const HEIGHT: f64 = 600.0;

/// A point's shape and colour by personal-data level: the level is never told by colour alone (the same shapes
/// are drawn by the interactive map and the legend).
pub fn shape_of(level: &str) -> (&'static str, &'static str) {
    match level {
        "none" => ("circle", "#1d4e89"),
        "pseudonymised" => ("square", "#b34000"),
        "personal" => ("triangle", "#ce0500"),
        "sensitive" => ("diamond", "#6e0000"),
        _ => ("circle", "#3a3a3a"),
    }
}

/// The path of one shape around (x, y), radius about 6 units.
fn shape_path(out: &mut String, shape: &str, x: f64, y: f64) {
    let _ = match shape {
        "square" => write!(out, "M{:.1} {:.1}h10v10h-10z", x - 5.0, y - 5.0),
        "triangle" => write!(out, "M{x:.1} {:.1}l6.5 11h-13z", y - 6.5),
        "diamond" => write!(out, "M{x:.1} {:.1}l6.5 6.5l-6.5 6.5l-6.5-6.5z", y - 6.5),
        _ => write!(out, "M{:.1} {y:.1}a5.5 5.5 0 1 0 11 0a5.5 5.5 0 1 0-11 0z", x - 5.5),
    };
}

/// Every run of positions in a GeoJSON geometry (a line, each ring of a polygon, each part of a multi-).
pub fn runs(geojson: &str) -> Vec<Vec<(f64, f64)>> {
    fn walk(value: &serde_json::Value, out: &mut Vec<Vec<(f64, f64)>>) {
        let Some(items) = value.as_array() else { return };
        // A run is an array of positions; a position is an array whose first item is a number.
        if items.first().and_then(|p| p.get(0)).is_some_and(serde_json::Value::is_number) {
            out.push(items.iter().filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect());
        } else {
            items.iter().for_each(|v| walk(v, out));
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(geojson) {
        walk(&value["coordinates"], &mut out);
    }
    out
}

/// Where a map point is drawn: a fixed sensor at its place, a mobile one in the middle of its zone.
pub fn position(p: &MapPoint) -> Option<(f64, f64)> {
    match (&p.zone, p.longitude, p.latitude) {
        (Some(zone), _, _) => {
            let ring = super::rules::outer_ring(zone)?;
            // The closing position repeats the first.
            let distinct = &ring[..ring.len().saturating_sub(1).max(1).min(ring.len())];
            let n = distinct.len() as f64;
            let (x, y) = distinct.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
            (!distinct.is_empty()).then_some((x / n, y / n))
        }
        (None, Some(x), Some(y)) => Some((x, y)),
        _ => None,
    }
}

/// From longitude and latitude to the image's units: a local equirectangular projection, exact enough for a
/// town, fitted to the extent with its aspect kept.
struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    squeeze: f64,
}

impl Projection {
    /// Fits (west, south, east, north) into the image, centred, with a margin.
    fn fit(extent: (f64, f64, f64, f64)) -> Self {
        let (mut w, mut s, mut e, mut n) = extent;
        // One sensor, or sensors in one street: at least about 400 m across.
        let min_span = 0.004;
        if e - w < min_span {
            let c = (w + e) / 2.0;
            (w, e) = (c - min_span / 2.0, c + min_span / 2.0);
        }
        if n - s < min_span / 2.0 {
            let c = (s + n) / 2.0;
            (s, n) = (c - min_span / 4.0, c + min_span / 4.0);
        }
        let squeeze = ((s + n) / 2.0).to_radians().cos().max(0.01);
        let (span_x, span_y) = ((e - w) * squeeze * 1.08, (n - s) * 1.08);
        let scale = (WIDTH / span_x).min(HEIGHT / span_y);
        // Centre the extent: the unused width or height is shared on both sides.
        let west = (w + e) / 2.0 - WIDTH / scale / squeeze / 2.0;
        let north = (s + n) / 2.0 + HEIGHT / scale / 2.0;
        Self { west, north, scale, squeeze }
    }

    fn xy(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        ((lon - self.west) * self.squeeze * self.scale, (self.north - lat) * self.scale)
    }
}

fn extent_of(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64, f64, f64)> {
    points.fold(None, |acc, (x, y)| match acc {
        None => Some((x, y, x, y)),
        Some((w, s, e, n)) => Some((w.min(x), s.min(y), e.max(x), n.max(y))),
    })
}

fn run_path(out: &mut String, projection: &Projection, run: &[(f64, f64)], close: bool) {
    for (i, point) in run.iter().enumerate() {
        let (x, y) = projection.xy(*point);
        let _ = write!(out, "{}{x:.1} {y:.1}", if i == 0 { 'M' } else { 'L' });
    }
    if close {
        out.push('z');
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The map as an SVG document: the view fits the points (or the districts when there are none).
/// `districts` and `streets` are GeoJSON geometries (streets with their names).
/// Around a place (`near`), the circle searched is drawn and fits the view.
pub fn map_svg(districts: &[String], streets: &[(String, String)], points: &[MapPoint], near: Option<Near>) -> String {
    let placed: Vec<(&MapPoint, (f64, f64))> = points.iter().filter_map(|p| Some((p, position(p)?))).collect();
    let district_runs: Vec<Vec<(f64, f64)>> = districts.iter().flat_map(|d| runs(d)).collect();
    // The circle's box, in degrees.
    let circle = near.map(|n| {
        let dlat = f64::from(n.metres) / 111_320.0;
        let dlon = dlat / n.lat.to_radians().cos().max(0.01);
        [(n.lon - dlon, n.lat - dlat), (n.lon + dlon, n.lat + dlat)]
    });
    let extent = extent_of(placed.iter().map(|(_, xy)| *xy).chain(circle.into_iter().flatten()))
        .or_else(|| extent_of(district_runs.iter().flatten().copied()))
        .unwrap_or((0.66, 47.38, 0.72, 47.414));
    let projection = Projection::fit(extent);
    let mut out = String::with_capacity(placed.len() * 40 + 16_384);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="system-ui,sans-serif"><rect width="100%" height="100%" fill="#f6f6f1"/>"##
    );
    // The districts, light.
    let mut d = String::new();
    district_runs.iter().for_each(|run| run_path(&mut d, &projection, run, true));
    if !d.is_empty() {
        let _ = write!(
            out,
            r##"<path d="{d}" fill="#e3e3fd" fill-opacity=".35" stroke="#6a6af4" stroke-width="2" stroke-linejoin="round"/>"##
        );
    }
    // The streets: a grey casing under a white line, then the names along them.
    let mut lines = String::new();
    let mut labels = String::new();
    let mut defs = String::new();
    for (i, (name, geometry)) in streets.iter().enumerate() {
        for run in runs(geometry) {
            run_path(&mut lines, &projection, &run, false);
        }
        let first = runs(geometry).into_iter().next().unwrap_or_default();
        let length: f64 = first
            .windows(2)
            .map(|w| {
                let ((x1, y1), (x2, y2)) = (projection.xy(w[0]), projection.xy(w[1]));
                ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt()
            })
            .sum();
        // A name is written only where it fits along its street.
        if length > name.chars().count() as f64 * 7.0 + 20.0 {
            let mut path = String::new();
            run_path(&mut path, &projection, &first, false);
            let _ = write!(defs, r#"<path id="rue{i}" d="{path}"/>"#);
            let _ = write!(
                labels,
                r##"<text dy="4"><textPath href="#rue{i}" startOffset="50%" text-anchor="middle">{}</textPath></text>"##,
                escape(name)
            );
        }
    }
    if !lines.is_empty() {
        let _ = write!(
            out,
            r##"<defs>{defs}</defs><g fill="none" stroke-linecap="round" stroke-linejoin="round"><path d="{lines}" stroke="#c8c8bd" stroke-width="9"/><path d="{lines}" stroke="#ffffff" stroke-width="6.5"/></g><g font-size="11" fill="#3a3a3a" stroke="#f6f6f1" stroke-width="3" paint-order="stroke">{labels}</g>"##
        );
    }
    // The place searched: the circle, and a cross at its centre.
    if let (Some(n), Some([corner, _])) = (near, circle) {
        let (cx, cy) = projection.xy((n.lon, n.lat));
        let radius = cx - projection.xy(corner).0;
        let _ = write!(
            out,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{radius:.1}" fill="#1d4e89" fill-opacity=".07" stroke="#1b1f24" stroke-width="2" stroke-dasharray="8 5"/><path d="M{:.1} {:.1}l16 16m0-16l-16 16" stroke="#1b1f24" stroke-width="4" stroke-linecap="round"/>"##,
            cx - 8.0,
            cy - 8.0
        );
    }
    // The sensors, one path per level (a few kilobytes for thousands of points).
    for level in PersonalData::ALL.iter().map(|p| p.code()).chain(["other"]) {
        let (shape, colour) = shape_of(level);
        let mut d = String::new();
        for (p, position) in &placed {
            let known = PersonalData::ALL.iter().any(|l| l.code() == p.personal_data);
            if p.personal_data == level || (level == "other" && !known) {
                let (x, y) = projection.xy(*position);
                shape_path(&mut d, shape, x, y);
            }
        }
        if !d.is_empty() {
            let _ = write!(out, r##"<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>"##);
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(reference: &str, level: &str, lon: f64, lat: f64) -> MapPoint {
        MapPoint {
            reference: reference.into(),
            name: reference.into(),
            technology: "air_quality".into(),
            domain: "environment".into(),
            personal_data: level.into(),
            status: "active".into(),
            district_id: None,
            longitude: Some(lon),
            latitude: Some(lat),
            zone: None,
        }
    }

    #[test]
    fn each_level_has_its_own_shape_and_the_view_fits_the_points() {
        let points = [
            point("A", "none", 0.690, 47.395),
            point("B", "pseudonymised", 0.700, 47.396),
            point("C", "personal", 0.695, 47.390),
            point("D", "sensitive", 0.685, 47.399),
        ];
        let svg = map_svg(&[], &[], &points, None);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        for colour in ["#1d4e89", "#b34000", "#ce0500", "#6e0000"] {
            assert_eq!(svg.matches(&format!(r#"fill="{colour}""#)).count(), 1, "{colour}");
        }
        let shapes: Vec<&str> =
            ["none", "pseudonymised", "personal", "sensitive"].iter().map(|l| shape_of(l).0).collect();
        assert_eq!(shapes, ["circle", "square", "triangle", "diamond"]);
        // Every point inside the image.
        let projection = Projection::fit((0.685, 47.390, 0.700, 47.399));
        for p in &points {
            let (x, y) = projection.xy(position(p).unwrap());
            assert!((0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y), "{} at {x},{y}", p.reference);
        }
        // West is left, north is up.
        let (xa, ya) = projection.xy((0.685, 47.399));
        let (xb, yb) = projection.xy((0.700, 47.390));
        assert!(xa < xb && ya < yb);
    }

    #[test]
    fn streets_are_drawn_and_named_where_the_name_fits_districts_when_there_is_no_sensor() {
        let district =
            r#"{"type":"Polygon","coordinates":[[[0.68,47.39],[0.70,47.39],[0.70,47.40],[0.68,47.40],[0.68,47.39]]]}"#;
        let long = r#"{"type":"LineString","coordinates":[[0.681,47.395],[0.699,47.395]]}"#;
        let short = r#"{"type":"LineString","coordinates":[[0.690,47.391],[0.6901,47.391]]}"#;
        let streets =
            vec![("Rue de la République".to_string(), long.to_string()), ("Impasse <Courte>".into(), short.into())];
        let svg = map_svg(&[district.to_string()], &streets, &[], None);
        assert!(svg.contains(">Rue de la République</textPath>"), "{svg}");
        assert!(!svg.contains("Courte"), "a name that does not fit is not written");
        assert!(svg.contains(r##"fill="#e3e3fd""##));
        // No sensor, no sensor path.
        assert!(!svg.contains(r##"fill="#1d4e89""##));
    }

    #[test]
    fn one_sensor_is_shown_at_street_scale_and_a_mobile_one_in_its_zone() {
        let mut mobile = point("M", "none", 0.0, 0.0);
        (mobile.longitude, mobile.latitude) = (None, None);
        mobile.zone = Some(
            r#"{"type":"Polygon","coordinates":[[[0.68,47.39],[0.70,47.39],[0.70,47.40],[0.68,47.40],[0.68,47.39]]]}"#
                .into(),
        );
        let (x, y) = position(&mobile).unwrap();
        assert!((x - 0.69).abs() < 1e-9 && (y - 47.395).abs() < 1e-9, "{x},{y}");
        let svg = map_svg(&[], &[], &[point("A", "none", 0.69, 47.395)], None);
        // The lone point sits in the middle.
        assert!(svg.contains("M394.5 300.0a5.5"), "{svg}");
        assert_eq!(
            runs(r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}"#)
                .len(),
            2
        );
        assert!(runs("not json").is_empty());
    }

    #[test]
    fn the_circle_searched_is_drawn_and_fits_in_the_view() {
        let near = Near { lat: 47.395, lon: 0.69, metres: 500 };
        let svg = map_svg(&[], &[], &[point("A", "none", 0.69, 47.395)], Some(near));
        assert!(svg.contains("<circle cx=\"400.0\" cy=\"300.0\""), "{svg}");
        let radius: f64 = svg.split(" r=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        // The whole circle inside the 600-unit height, and not a dot either.
        assert!(radius > 200.0 && radius < 300.0, "{radius}");
    }
}
