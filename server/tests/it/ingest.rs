//! Ingestion through the real router on both engines: credentials (401/403/429), every endpoint's accepted,
//! duplicate and rejected rows, all-or-nothing, body limits, and retention with its public proof.

use crate::common;

use app::format::rfc3339;
use axum::http::StatusCode;
use common::TestApp;
use serde_json::{json, Value};

/// The demo sensor used here: a glass-bank fill-level probe (`fill_level` P1Y, `temperature` P90D, numbers).
const BANK: &str = "DV-0001";

async fn activate(app: &TestApp, reference: &str) {
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = $1")
        .bind(reference)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

async fn token(app: &TestApp, reference: &str) -> String {
    app::ingest::service::issue_token_cli(&app.state, reference).await.unwrap()
}

async fn stored(app: &TestApp, reference: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM observations o JOIN datastreams d ON d.id = o.datastream_id \
         JOIN sensors s ON s.id = d.sensor_id WHERE s.reference = $1",
    )
    .bind(reference)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    n
}

fn now_ms() -> i64 {
    app::db::now() * 1000
}

fn json_of(page: &common::Page) -> Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", page.body))
}

fn codes(report: &Value) -> Vec<String> {
    report["rows"].as_array().unwrap().iter().filter_map(|r| r["code"].as_str().map(str::to_string)).collect()
}

/// Device tokens: 401 without or with a wrong one, 403 outside their sensor; a batch stores its good rows,
/// reports the bad ones with their reason, reports re-deliveries as duplicates, and stores nothing when asked
/// for all or nothing.
async fn native_batches(app: TestApp) {
    activate(&app, BANK).await;
    let secret = token(&app, BANK).await;
    let t = now_ms() - 60_000;
    let batch = json!([
        {"datastream": "DV-0001/fill_level", "time": rfc3339(t), "value": 73.5},
        {"datastream": "DV-0001/temperature", "time": rfc3339(t), "value": 11.2},
        {"datastream": "DV-0001/fill_level", "time": rfc3339(t + 1000), "value": "plein"},
        {"datastream": "DV-0001/humidity", "time": rfc3339(t), "value": 50},
        {"datastream": "DV-0001/fill_level", "time": rfc3339(now_ms() + 3_600_000), "value": 10},
        {"datastream": "DV-0001/temperature", "time": rfc3339(now_ms() - 200 * 86_400_000), "value": 10},
        {"datastream": "DV-0001/fill_level", "value": 10}
    ])
    .to_string();

    let page = app.post_json("/api/v1/observations", None, &batch).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert_eq!(page.headers["www-authenticate"], "Bearer");
    assert_eq!(json_of(&page)["error"], "ingest-unauthorized");
    let page = app.post_json("/api/v1/observations", Some("pas-un-jeton"), &batch).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);

    let page = app.post_json("/api/v1/observations", Some(&secret), &batch).await;
    assert_eq!(page.status, StatusCode::MULTI_STATUS, "{}", page.body);
    let report = json_of(&page);
    assert_eq!((report["accepted"].as_u64(), report["rejected"].as_u64()), (Some(2), Some(5)), "{report}");
    assert_eq!(
        codes(&report),
        [
            "ingest-refused-type",
            "ingest-refused-unknown-datastream",
            "ingest-refused-future",
            "ingest-refused-retention",
            "ingest-error-time"
        ]
    );
    assert!(report["rows"][2]["reason"].as_str().unwrap().contains("type"), "{report}");
    assert_eq!(stored(&app, BANK).await, 2);
    // A device token is no integration secret, even just after it was used (and kept in memory).
    assert_eq!(app.post_json("/api/v1/ingest/ttn", Some(&secret), "{}").await.status, StatusCode::UNAUTHORIZED);

    // Delivered again: reported as duplicates, stored once.
    let page = app.post_json("/api/v1/observations", Some(&secret), &batch).await;
    let report = json_of(&page);
    assert_eq!((report["accepted"].as_u64(), report["duplicates"].as_u64()), (Some(0), Some(2)), "{report}");
    assert_eq!(stored(&app, BANK).await, 2);

    // All or nothing: one bad row, nothing stored, every row says why.
    let page = app.post_json("/api/v1/observations?all_or_nothing=true", Some(&secret), &batch).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    let report = json_of(&page);
    assert_eq!(report["accepted"], 0);
    assert_eq!(report["rows"][0]["code"], "ingest-refused-all-or-nothing");
    let fresh = json!([{"datastream": "DV-0001/fill_level", "time": rfc3339(t + 5000), "value": 80}]).to_string();
    let page = app.post_json("/api/v1/observations?all_or_nothing=true", Some(&secret), &fresh).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(stored(&app, BANK).await, 3);

    // Another sensor's datastream: the token's scope is its own sensor; nothing of the request is stored.
    let foreign = json!([
        {"datastream": "DV-0001/fill_level", "time": rfc3339(t + 9000), "value": 1},
        {"datastream": "PK-0001/occupied", "time": rfc3339(t), "value": true}
    ])
    .to_string();
    let page = app.post_json("/api/v1/observations", Some(&secret), &foreign).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(json_of(&page)["error"], "ingest-forbidden-scope");
    assert_eq!(stored(&app, BANK).await, 3);

    // Malformed JSON names where; a body over the limit is 413; English on request.
    let page = app.post_json("/api/v1/observations", Some(&secret), "[{\"datastream\": }]").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let error = json_of(&page);
    assert_eq!(error["error"], "ingest-error-json");
    assert!(error["where"].as_str().unwrap().ends_with("at line 1 column 17"), "{error}");
    let huge = format!("[{}]", vec!["{\"datastream\": \"DV-0001/fill_level\"}"; 150_000].join(","));
    let page = app.post_json("/api/v1/observations", Some(&secret), &huge).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_of(&page)["error"], "ingest-error-too-large");

    // A sensor that is not in service collects nothing. Suspended behind this instance's back (as another
    // instance sharing the database would), it is refused once the credential cache's entries have expired.
    sqlx::query("UPDATE sensors SET status = 'suspended' WHERE reference = $1")
        .bind(BANK)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    tokio::time::sleep(app::ingest::cache::TTL).await;
    let later = json!([{"datastream": "DV-0001/fill_level", "time": rfc3339(t + 7000), "value": 81}]).to_string();
    let page = app.post_json("/api/v1/observations", Some(&secret), &later).await;
    assert_eq!(codes(&json_of(&page)), ["ingest-refused-inactive"]);
}
on_both_engines!(native, native_batches);

/// SenML base fields resolve into datastream names and times.
async fn senml_records(app: TestApp) {
    activate(&app, BANK).await;
    let secret = token(&app, BANK).await;
    let bt = (app::db::now() - 600) as f64;
    let body = json!([
        {"bn": "DV-0001/", "bt": bt, "n": "fill_level", "u": "%", "v": 41.0},
        {"n": "fill_level", "v": 42.0, "t": 60},
        {"n": "temperature", "u": "Cel", "v": 9.5, "t": 60},
        {"n": "temperature", "vs": "chaud", "t": 120}
    ])
    .to_string();
    let page = app.post_json("/api/v1/ingest/senml", Some(&secret), &body).await;
    let report = json_of(&page);
    assert_eq!(page.status, StatusCode::MULTI_STATUS, "{report}");
    assert_eq!(report["accepted"], 3);
    assert_eq!(report["rows"][3]["code"], "ingest-refused-type");
    assert_eq!(report["rows"][1]["datastream"], "DV-0001/fill_level");
    let (time,): (i64,) =
        sqlx::query_as("SELECT MAX(time) FROM observations").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(time, (bt as i64 + 60) * 1000);
}
on_both_engines!(senml, senml_records);

/// The Things Stack and ChirpStack: one secret per integration, devices known by DevEUI, decoded values mapped to
/// datastreams by name; ChirpStack's other events are recorded as status; an uplink without decoded values is
/// refused with a clear error.
async fn network_servers(mut app: TestApp) {
    activate(&app, BANK).await;
    app.sign_in("capteurs@demo.clairvoie.fr", "demo-capteurs-clairvoie").await;
    let page = app.post_and_follow("/admin/integrations", &[("kind", "ttn"), ("name", "TTS de la ville")]).await;
    let ttn_secret = secret_on(&page);
    let page = app.post_and_follow("/admin/integrations", &[("kind", "chirpstack"), ("name", "ChirpStack")]).await;
    let cs_secret = secret_on(&page);
    assert!(page.text().contains("TTS de la ville"), "{}", page.text());
    let page = app.post_and_follow("/admin/integrations", &[("kind", "ttn"), ("name", "TTS de la ville")]).await;
    assert!(page.text().contains("Une intégration porte déjà ce nom"), "{}", page.text());
    let page = app.post_and_follow("/capteurs/DV-0001/raccordement/lorawan", &[("dev_eui", "70b3d57ed005a1c2")]).await;
    assert!(page.text().contains("DevEUI enregistré"), "{}", page.text());
    let page =
        app.post_and_follow("/capteurs/PK-0001/raccordement/lorawan", &[("dev_eui", "70B3-D57E-D005-A1C2")]).await;
    assert!(page.text().contains("Un autre capteur porte déjà ce DevEUI"), "{}", page.text());
    let page = app.post_and_follow("/capteurs/PK-0001/raccordement/lorawan", &[("dev_eui", "70B3")]).await;
    assert!(page.text().contains("16 chiffres hexadécimaux"), "{}", page.text());

    let received = rfc3339(now_ms() - 30_000);
    let uplink = json!({
        "end_device_ids": {"device_id": "colonne-14", "dev_eui": "70B3D57ED005A1C2"},
        "received_at": received,
        "uplink_message": {"f_cnt": 1542, "decoded_payload": {"fill_level": 73.5, "battery_v": 3.61}, "received_at": received}
    })
    .to_string();
    let page = app.post_json("/api/v1/ingest/ttn", None, &uplink).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    let page = app.post_json("/api/v1/ingest/ttn", Some(&cs_secret), &uplink).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a ChirpStack secret is not a TTN one");
    let page = app.post_json("/api/v1/ingest/ttn", Some(&ttn_secret), &uplink).await;
    let report = json_of(&page);
    assert_eq!(report["accepted"], 1, "{report}");
    assert_eq!(codes(&report), ["ingest-refused-unknown-datastream"], "undeclared values are not stored");
    let page = app.post_json("/api/v1/ingest/ttn", Some(&ttn_secret), &uplink).await;
    assert_eq!(json_of(&page)["duplicates"], 1, "a re-delivered webhook is counted once");
    let stranger = uplink.replace("70B3D57ED005A1C2", "0000000000000001");
    let page = app.post_json("/api/v1/ingest/ttn", Some(&ttn_secret), &stranger).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(json_of(&page)["error"], "ingest-forbidden-unknown-device");

    let event = |object: Value| {
        json!({"deduplicationId": "3ac7", "time": rfc3339(now_ms() - 10_000),
               "deviceInfo": {"devEui": "70b3d57ed005a1c2"}, "fCnt": 10, "data": "qg==", "object": object})
        .to_string()
    };
    let page = app
        .post_json("/api/v1/ingest/chirpstack?event=up", Some(&cs_secret), &event(json!({"temperature": 11.2})))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(json_of(&page)["accepted"], 1);
    let page = app.post_json("/api/v1/ingest/chirpstack?event=up", Some(&cs_secret), &event(Value::Null)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let error = json_of(&page);
    assert_eq!(error["error"], "ingest-error-no-decoded-payload");
    assert!(error["message"].as_str().unwrap().contains("décodeur"), "{error}");
    let page = app.post_json("/api/v1/ingest/chirpstack?event=status", Some(&cs_secret), &event(Value::Null)).await;
    assert_eq!(page.status, StatusCode::OK);
    let (kind,): (String,) =
        sqlx::query_as("SELECT kind FROM device_events").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(kind, "status");
    assert_eq!(stored(&app, BANK).await, 2);

    // Revoked: refused at once.
    let id: (i64,) =
        sqlx::query_as("SELECT id FROM integrations WHERE kind = 'ttn'").fetch_one(&app.state.db.pool).await.unwrap();
    app.post_and_follow("/admin/integrations/revoquer", &[("id", &id.0.to_string())]).await;
    let page = app.post_json("/api/v1/ingest/ttn", Some(&ttn_secret), &uplink).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
}
on_both_engines!(lorawan, network_servers);

/// The secret shown once on the page a credential form leads to.
fn secret_on(page: &common::Page) -> String {
    let at = page.body.find("data-secret").unwrap_or_else(|| panic!("no secret on the page: {}", page.text()));
    let rest = &page.body[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</code>").unwrap();
    rest[start..end].to_string()
}

/// Staff issue, rotate and revoke device tokens without JavaScript; the secret is shown once; residents cannot.
async fn token_lifecycle(mut app: TestApp) {
    activate(&app, BANK).await;
    let row = json!([{"datastream": "DV-0001/fill_level", "time": rfc3339(now_ms() - 1000), "value": 1}]).to_string();
    app.sign_in("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie").await;
    let page = app.get("/capteurs/DV-0001/raccordement").await;
    assert!(page.text().contains("Accès refusé"), "{}", page.text());
    let answer = app.post("/capteurs/DV-0001/raccordement/jeton", &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM device_tokens").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(n, 0, "a resident cannot issue tokens");
    app.post_and_follow("/compte/deconnexion", &[]).await;

    app.sign_in("capteurs@demo.clairvoie.fr", "demo-capteurs-clairvoie").await;
    let page = app.post_and_follow("/capteurs/DV-0001/raccordement/jeton", &[]).await;
    assert!(page.text().contains("il ne sera plus jamais affiché"), "{}", page.text());
    let first = secret_on(&page);
    assert_eq!(first.len(), 43);
    let page = app.get("/capteurs/DV-0001/raccordement").await;
    assert!(!page.body.contains(&first), "shown once only");
    assert!(page.text().contains(&format!("{}…", &first[..6])), "{}", page.text());
    let (hash,): (String,) =
        sqlx::query_as("SELECT token_hash FROM device_tokens").fetch_one(&app.state.db.pool).await.unwrap();
    assert_ne!(hash, first, "only a hash is stored");
    assert_eq!(app.post_json("/api/v1/observations", Some(&first), &row).await.status, StatusCode::OK);

    // Rotation: a new token, the old one refused.
    let page = app.post_and_follow("/capteurs/DV-0001/raccordement/jeton", &[("rotate", "1")]).await;
    let second = secret_on(&page);
    assert_eq!(app.post_json("/api/v1/observations", Some(&first), &row).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post_json("/api/v1/observations", Some(&second), &row).await.status, StatusCode::OK);

    // Revocation of one token.
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM device_tokens WHERE revoked_at IS NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let page = app.post_and_follow("/capteurs/DV-0001/raccordement/revoquer", &[("id", &id.to_string())]).await;
    assert!(page.text().contains("Jeton révoqué"), "{}", page.text());
    assert_eq!(app.post_json("/api/v1/observations", Some(&second), &row).await.status, StatusCode::UNAUTHORIZED);
}
on_both_engines!(tokens, token_lifecycle);

/// Each credential has its own request budget: beyond it, 429 with Retry-After.
async fn rate_limited(app: TestApp) {
    activate(&app, BANK).await;
    let secret = token(&app, BANK).await;
    let other = token(&app, BANK).await;
    let mut statuses = vec![];
    for _ in 0..4 {
        statuses.push(app.post_json("/api/v1/observations", Some(&secret), "[]").await.status);
    }
    assert_eq!(statuses[..2], [StatusCode::OK, StatusCode::OK]);
    let page = app.post_json("/api/v1/observations", Some(&secret), "[]").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(app.post_json("/api/v1/observations", Some(&other), "[]").await.status, StatusCode::OK);
}

mod rate_limit {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        rate_limited(TestApp::with_config(common::Engine::Sqlite, |c| c.ingest_rate = 1).await).await;
    }
    #[tokio::test]
    async fn postgres() {
        rate_limited(TestApp::with_config(common::Engine::Postgres, |c| c.ingest_rate = 1).await).await;
    }
}

/// Concurrent requests are committed together (group commit) and answered each for its own rows: every row is
/// stored once, a (datastream, time) sent by two requests at once is accepted for one and a duplicate for the
/// other, and the hourly aggregates count each stored row once.
async fn grouped_commits(app: TestApp) {
    activate(&app, BANK).await;
    let secret = token(&app, BANK).await;
    let t = now_ms() - 3_600_000;
    let row =
        |i: i64| json!([{"datastream": "DV-0001/fill_level", "time": rfc3339(t + i * 1000), "value": i}]).to_string();
    // 40 distinct rows, and 10 rows each sent twice.
    let bodies: Vec<String> = (0..40).chain(40..50).chain(40..50).map(row).collect();
    let pages =
        futures::future::join_all(bodies.iter().map(|b| app.post_json("/api/v1/observations", Some(&secret), b))).await;
    let mut accepted = 0;
    let mut duplicates = 0;
    for page in &pages {
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let report = json_of(page);
        accepted += report["accepted"].as_u64().unwrap();
        duplicates += report["duplicates"].as_u64().unwrap();
    }
    assert_eq!((accepted, duplicates), (50, 10));
    assert_eq!(stored(&app, BANK).await, 50);
    let (counted,): (i64,) = sqlx::query_as(
        "SELECT CAST(SUM(h.count) AS BIGINT) FROM observation_hours h JOIN datastreams d ON d.id = h.datastream_id \
         JOIN sensors s ON s.id = d.sensor_id WHERE s.reference = $1",
    )
    .bind(BANK)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(counted, 50, "each stored row is counted once in the hourly aggregates");

    // The same, deterministically: one transaction for three requests, two of which share a row.
    use app::ingest::{queries::NewObservation, Value as Reading};
    let target = app::ingest::queries::target_by_reference(&app.state.db, BANK).await.unwrap().unwrap();
    let stream = target.datastreams.iter().find(|d| d.name == "fill_level").unwrap().id;
    let at = |i: i64| NewObservation { datastream_id: stream, time: t + 500 + i * 1000, value: Reading::Number(1.0) };
    let (a, b, c) = ([at(1), at(2)], [at(2), at(3)], [at(1)]);
    let stored_rows = app::ingest::writer::commit(&app.state.db, &[&a, &b, &c]).await.unwrap();
    assert_eq!(stored_rows, [vec![true, true], vec![false, true], vec![false]]);
}
on_both_engines!(group_commit, grouped_commits);

/// Retention: a run deletes what is due (and only that), keeps hourly aggregates as long as declared, writes the
/// ledger, and the public proof and sensor page say so.
async fn retention_is_enforced_and_proven(mut app: TestApp) {
    activate(&app, BANK).await;
    let secret = token(&app, BANK).await;
    let recent = now_ms() - 3_600_000;
    let rows = json!([
        {"datastream": "DV-0001/temperature", "time": rfc3339(recent), "value": 12.0},
        {"datastream": "DV-0001/temperature", "time": rfc3339(recent + 60_000), "value": 14.0}
    ])
    .to_string();
    assert_eq!(app.post_json("/api/v1/observations", Some(&secret), &rows).await.status, StatusCode::OK);
    // Values measured long ago (as if stored back then): temperature is kept 90 days, aggregates 5 years.
    let (ds,): (i64,) = sqlx::query_as("SELECT id FROM datastreams WHERE name = 'temperature' AND sensor_id = (SELECT id FROM sensors WHERE reference = $1)")
        .bind(BANK)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let day = 86_400_000;
    for (i, age_days) in [100, 95, 91, 80].iter().enumerate() {
        let time = now_ms() - age_days * day + i as i64;
        sqlx::query("INSERT INTO observations (datastream_id, time, number, received_at) VALUES ($1, $2, $3, $4)")
            .bind(ds)
            .bind(time)
            .bind(5.0)
            .bind(time / 1000)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO observation_hours (datastream_id, hour, count, min, max, sum) VALUES ($1, $2, 1, 5, 5, 5)",
        )
        .bind(ds)
        .bind(time.div_euclid(3_600_000) * 3600)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    }
    let proof = json_of(&app.get("/api/v1/sensors/DV-0001/retention").await);
    assert_eq!(proof["compliant"], false, "{proof}");
    app.sign_in("capteurs@demo.clairvoie.fr", "demo-capteurs-clairvoie").await;
    let alarms = app.get("/admin/conservation").await.text();
    assert!(alarms.contains("DV-0001 temperature 90 jours"), "{alarms}");

    let summary = app::ingest::retention::run(&app.state).await.unwrap();
    assert_eq!(summary.rows_deleted, 3, "{summary:?}");
    assert_eq!(summary.hours_deleted, 0, "aggregates are kept five years");
    assert_eq!(stored(&app, BANK).await, 3);
    let proof = json_of(&app.get("/api/v1/sensors/DV-0001/retention").await);
    assert_eq!(proof["compliant"], true, "{proof}");
    let alarms = app.get("/admin/conservation").await.text();
    assert!(alarms.contains("Aucune alarme"), "{alarms}");
    let temperature = proof["datastreams"].as_array().unwrap().iter().find(|d| d["name"] == "temperature").unwrap();
    assert_eq!(temperature["purged_30_days"], 3);
    assert_eq!(temperature["rows_held"], 3);
    assert_eq!(proof["ledger"][0]["rows_deleted"], 3);
    assert_eq!(proof["ledger"][0]["datastream"], "temperature");
    assert_eq!(proof["ledger"][0]["oldest_remaining"], temperature["oldest_held"]);
    // A second run finds nothing more to delete and writes no empty ledger entry.
    assert_eq!(app::ingest::retention::run(&app.state).await.unwrap().rows_deleted, 0);
    let proof = json_of(&app.get("/api/v1/sensors/DV-0001/retention").await);
    assert_eq!(proof["ledger"].as_array().unwrap().len(), 1);
    // The job's alarm log: the overdue values it found were raised and resolved by the purge in the same run;
    // the second run raised nothing.
    let alarms = || async {
        sqlx::query_as::<_, (String, String, Option<String>, i64, Option<i64>)>(
            "SELECT a.datastream, a.kind, a.resolution, a.raised_at, a.resolved_at FROM retention_alarms a \
             JOIN sensors s ON s.id = a.sensor_id WHERE s.reference = 'DV-0001' ORDER BY a.id",
        )
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
    };
    let found = alarms().await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str(), found[0].2.as_deref()),
        ("temperature", "overdue", Some("purged"))
    );
    assert_eq!(Some(found[0].3), found[0].4);
    // A retention the job cannot read stays an open alarm until it is corrected; then the alarm is cleared.
    let set_retention = |r: &'static str| {
        sqlx::query("UPDATE datastreams SET raw_retention = $1 WHERE id = $2")
            .bind(r)
            .bind(ds)
            .execute(&app.state.db.pool)
    };
    set_retention("jamais").await.unwrap();
    app::ingest::retention::run(&app.state).await.unwrap();
    app::ingest::retention::run(&app.state).await.unwrap();
    let found = alarms().await;
    assert_eq!(found.len(), 2, "raised once: {found:?}");
    assert_eq!((found[1].1.as_str(), found[1].2.as_deref(), found[1].4), ("unreadable", None, None));
    set_retention("P90D").await.unwrap();
    app::ingest::retention::run(&app.state).await.unwrap();
    assert_eq!(alarms().await[1].2.as_deref(), Some("cleared"));
    // Aggregates go once the sensor's aggregate retention is over.
    sqlx::query("UPDATE sensors SET aggregate_retention = 'P85D' WHERE reference = $1")
        .bind(BANK)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(app::ingest::retention::run(&app.state).await.unwrap().hours_deleted, 3);

    let page = app.get("/capteurs/DV-0001").await;
    let text = page.text();
    assert!(text.contains("Reçoit des données — dernière mesure il y a"), "{text}");
    assert!(text.contains("Registre des effacements"), "{text}");
    assert!(text.contains("durée de conservation écoulée"), "{text}");
    assert!(text.contains("temperature (°C) : moyennes horaires des 7 derniers jours"), "{text}");
    assert!(page.body.contains("<polyline"), "the chart is drawn on the server");
    // A sensor with personal data never has its values published, even aggregated.
    let (counter, stream): (String, i64) = sqlx::query_as(
        "SELECT s.reference, d.id FROM sensors s JOIN datastreams d ON d.sensor_id = s.id \
         WHERE s.personal_data <> 'none' AND d.value_type = 'number' ORDER BY s.id LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO observation_hours (datastream_id, hour, count, min, max, sum) VALUES ($1, $2, 1, 5, 5, 5)",
    )
    .bind(stream)
    .bind(app::db::now() / 3600 * 3600 - 3600)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    assert!(!app.get(&format!("/capteurs/{counter}")).await.body.contains("<polyline"));
    assert_eq!(json_of(&app.get("/api/v1/sensors/XX-9999/retention").await)["error"], "ingest-not-found");

    // A datastream removed from the record takes its values with it, and the ledger says so.
    let sensor = app::sensors::service::get(&app.state, BANK).await.unwrap();
    let kept: Vec<_> = sensor.datastreams.iter().filter(|d| d.name != "temperature").cloned().collect();
    let (sensor_id,): (i64,) = sqlx::query_as("SELECT id FROM sensors WHERE reference = $1")
        .bind(BANK)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    // Without the ledger's port filled (an entry point that forgot `web::wire`), the removal is refused and
    // nothing moves; and a datastream is then taken to hold values.
    let unwired = app::sensors::ports::Ports::default();
    let mut tx = app.state.db.pool.begin().await.unwrap();
    assert!(app::sensors::queries::set_datastreams(&mut tx, sensor_id, &kept, &unwired).await.is_err());
    assert!(unwired.holds_values(&mut tx, sensor_id, "no-such-stream").await.unwrap());
    tx.rollback().await.unwrap();
    assert_eq!(stored(&app, BANK).await, 3, "nothing removed without its proof");
    let wired = app::sensors::ports::of(&app.state);
    let mut tx = app.state.db.pool.begin().await.unwrap();
    assert!(!wired.holds_values(&mut tx, sensor_id, "no-such-stream").await.unwrap());
    app::sensors::queries::set_datastreams(&mut tx, sensor_id, &kept, &wired).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(stored(&app, BANK).await, 0);
    let proof = json_of(&app.get("/api/v1/sensors/DV-0001/retention").await);
    assert_eq!(proof["ledger"][0]["reason"], "datastream_removed", "{proof}");
    assert_eq!(proof["ledger"][0]["rows_deleted"], 3);
}
on_both_engines!(retention, retention_is_enforced_and_proven);
