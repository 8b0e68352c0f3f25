//! The demo town's streets and addresses: a plausible street plan for Saint-Clair-sur-Loire, with French names, so the demo
//! shows streets under its sensors without any request leaving the server. Deterministic: the same lines at
//! every run. A real town would use a basemap (IGN's Plan IGN) or its own street file instead.

/// A named street: its name and its line, as (longitude, latitude) points.
pub type Street = (String, Vec<(f64, f64)>);

/// The town's extent: west, south, east, north (the demo districts' union).
pub const EXTENT: (f64, f64, f64, f64) = (0.660, 47.380, 0.720, 47.414);

/// Names for the east–west streets, west half then east half, from south to north.
const EAST_WEST: [(&str, &str); 11] = [
    ("Rue des Mariniers", "Rue du Port"),
    ("Rue des Saules", "Rue de la Levée"),
    ("Rue Pasteur", "Rue de la Gare"),
    ("Rue Victor Hugo", "Rue Gambetta"),
    ("Rue Jules Ferry", "Rue de la Paix"),
    ("Rue de la République", "Avenue Jean Jaurès"),
    ("Rue des Écoles", "Rue Émile Zola"),
    ("Rue des Tilleuls", "Rue Anatole France"),
    ("Rue du Moulin", "Rue Voltaire"),
    ("Rue des Lilas", "Rue des Vignes"),
    ("Chemin des Hauts", "Rue du Coteau"),
];

/// Names for the north–south streets, south half then north half, from west to east.
const NORTH_SOUTH: [(&str, &str); 13] = [
    ("Rue de l'Abreuvoir", "Allée des Peupliers"),
    ("Rue des Pêcheurs", "Rue des Acacias"),
    ("Rue Saint-Martin", "Rue des Charmes"),
    ("Rue du Four", "Rue Jean Moulin"),
    ("Rue de la Fontaine", "Rue Marie Curie"),
    ("Rue du Commerce", "Rue Nationale"),
    ("Rue de l'Église", "Rue Saint-Clair"),
    ("Rue des Halles", "Avenue du Général de Gaulle"),
    ("Rue de la Poste", "Rue Louise Michel"),
    ("Rue des Cheminots", "Rue George Sand"),
    ("Rue du Dépôt", "Rue Lamartine"),
    ("Rue des Remparts", "Rue de la Croix"),
    ("Rue de la Loire", "Chemin des Prés"),
];

/// A line from `a` to `b` with a gentle, reproducible bend: streets of an old town are never ruled.
fn bent(a: (f64, f64), b: (f64, f64), seed: u32) -> Vec<(f64, f64)> {
    const STEPS: u32 = 6;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = (dx * dx + dy * dy).sqrt();
    // The perpendicular, scaled to at most 0.0003° (about 30 m).
    let (px, py) = if length > 0.0 { (-dy / length * 0.0003, dx / length * 0.0003) } else { (0.0, 0.0) };
    (0..=STEPS)
        .map(|i| {
            let t = f64::from(i) / f64::from(STEPS);
            // Both ends stay where they are; the middle sways with a phase of the street's own.
            let sway = (t * std::f64::consts::PI).sin() * (f64::from(seed) * 1.7 + t * 2.3).sin();
            let x = a.0 + dx * t + px * sway;
            let y = a.1 + dy * t + py * sway;
            ((x * 1e6).round() / 1e6, (y * 1e6).round() / 1e6)
        })
        .collect()
}

/// The demo town's streets.
pub fn streets() -> Vec<Street> {
    let (west, _, east, north) = EXTENT;
    let middle_lon = (west + east) / 2.0;
    let middle_lat = 47.397;
    let mut out: Vec<Street> = Vec::new();
    // The quay follows the river at the south edge.
    out.push(("Quai de la Loire".into(), bent((west, 47.3806), (east, 47.3806), 0)));
    for (i, (first, second)) in EAST_WEST.iter().enumerate() {
        let lat = 47.383 + 0.003 * i as f64;
        let seed = i as u32 + 1;
        out.push(((*first).into(), bent((west, lat), (middle_lon, lat), seed)));
        out.push(((*second).into(), bent((middle_lon, lat), (east, lat), seed + 20)));
    }
    for (i, (first, second)) in NORTH_SOUTH.iter().enumerate() {
        let lon = 0.6625 + 0.0045 * i as f64;
        let seed = i as u32 + 40;
        out.push(((*first).into(), bent((lon, 47.3806), (lon, middle_lat), seed)));
        out.push(((*second).into(), bent((lon, middle_lat), (lon, north), seed + 20)));
    }
    // The avenue from the town centre to the station, across the grid.
    out.push(("Avenue de la Gare".into(), bent((0.6895, 47.3925), (0.7140, 47.3985), 90)));
    // The market square: a short loop in the centre.
    out.push((
        "Place du Marché".into(),
        vec![(0.6878, 47.3940), (0.6902, 47.3940), (0.6902, 47.3958), (0.6878, 47.3958), (0.6878, 47.3940)],
    ));
    out
}

/// A street as a GeoJSON LineString.
pub fn geometry(points: &[(f64, f64)]) -> String {
    let coordinates: Vec<[f64; 2]> = points.iter().map(|(x, y)| [*x, *y]).collect();
    serde_json::json!({"type": "LineString", "coordinates": coordinates}).to_string()
}

/// The demo town's addresses in the national address base's CSV format (`adresses-<commune>.csv`): numbers
/// every 30 m or so along each street, odd on the left and even on the right, 8 m off the line — the file a real
/// town downloads from adresse.data.gouv.fr, and which the demo imports the same way.
pub fn ban_csv(insee: &str, postcode: &str, city: &str) -> String {
    const STEP: f64 = 30.0;
    const SIDE: f64 = 8.0;
    let mut out = String::from(
        "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;\
         nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;\
         source_position;source_nom_voie;certification_commune;cad_parcelles\n",
    );
    for (index, (name, line)) in streets().iter().enumerate() {
        let street_id = format!("{insee}_{:04}", index + 1);
        let kx = 111_320.0 * line[0].1.to_radians().cos();
        let (mut odd, mut even) = (1, 2);
        // Walk the line, leaving an address on each side every STEP metres.
        let mut carried = STEP / 2.0;
        for pair in line.windows(2) {
            let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
            let (dx, dy) = ((x2 - x1) * kx, (y2 - y1) * 111_320.0);
            let length = (dx * dx + dy * dy).sqrt();
            if length == 0.0 {
                continue;
            }
            let (ux, uy) = (dx / length, dy / length);
            let mut at = carried;
            while at < length {
                for (number, side) in [(odd, 1.0), (even, -1.0)] {
                    // Left of the direction of travel is (-uy, ux).
                    let east = ux * at - uy * SIDE * side;
                    let north = uy * at + ux * SIDE * side;
                    let (lon, lat) = (x1 + east / kx, y1 + north / 111_320.0);
                    out.push_str(&format!(
                        "{street_id}_{number:05};{street_id};{number};;{name};{postcode};{insee};{city};;;;;{lon:.6};{lat:.6};entrée;;;{};{};commune;commune;1;\n",
                        city.to_uppercase(),
                        name.to_uppercase(),
                    ));
                }
                odd += 2;
                even += 2;
                at += STEP;
            }
            carried = at - length;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_streets_are_named_once_lie_in_the_town_and_are_the_same_every_time() {
        let all = streets();
        assert_eq!(all.len(), 1 + 2 * EAST_WEST.len() + 2 * NORTH_SOUTH.len() + 2);
        let mut names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "a street name is used twice");
        let (w, s, e, n) = EXTENT;
        for (name, line) in &all {
            assert!(line.len() >= 2, "{name}");
            for (x, y) in line {
                assert!((w - 0.001..=e + 0.001).contains(x) && (s - 0.001..=n + 0.001).contains(y), "{name}: {x},{y}");
            }
        }
        assert_eq!(all, streets());
        let republique = all.iter().find(|(n, _)| n == "Rue de la République").unwrap();
        let json: serde_json::Value = serde_json::from_str(&geometry(&republique.1)).unwrap();
        assert_eq!(json["type"], "LineString");
        assert_eq!(json["coordinates"].as_array().unwrap().len(), 7);
    }

    #[test]
    fn the_demo_address_file_is_a_valid_ban_file_along_the_streets() {
        let csv = ban_csv("37999", "37990", "Saint-Clair-sur-Loire");
        let all = crate::addresses::rules::parse_ban(&csv).expect("a valid BAN file");
        assert!(all.len() > 2000, "{}", all.len());
        let republique: Vec<_> = all.iter().filter(|a| a.street == "Rue de la République").collect();
        assert!(republique.iter().any(|a| a.number == 12) && republique.iter().any(|a| a.number == 13));
        // Odd numbers on one side, even on the other, each 8 m off the line (latitude 47.398 for this street).
        let twelve = republique.iter().find(|a| a.number == 12).unwrap();
        let thirteen = republique.iter().find(|a| a.number == 13).unwrap();
        let gap = crate::addresses::rules::metres((twelve.lat, twelve.lon), (thirteen.lat, thirteen.lon));
        assert!((gap - 30.0).abs() < 8.0, "{gap}");
        assert_eq!(csv, ban_csv("37999", "37990", "Saint-Clair-sur-Loire"));
    }
}
