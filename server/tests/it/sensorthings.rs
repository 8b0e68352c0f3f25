//! The SensorThings API on both engines: creating one observation and a dataArray with a device token (scope,
//! duplicates, per-row errors), and reading Things, Datastreams and Observations with paging, ordering and a time
//! filter — for sensors without personal data only.

use crate::common;

use app::format::rfc3339;
use axum::http::StatusCode;
use common::TestApp;
use serde_json::{json, Value};

fn json_of(page: &common::Page) -> Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", page.body))
}

async fn datastream_id(app: &TestApp, reference: &str, name: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT d.id FROM datastreams d JOIN sensors s ON s.id = d.sensor_id WHERE s.reference = $1 AND d.name = $2",
    )
    .bind(reference)
    .bind(name)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    id
}

async fn sensorthings_create_and_read(mut app: TestApp) {
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference IN ('DV-0001', 'PK-0001')")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let secret = app::ingest::service::issue_token_cli(&app.state, "DV-0001").await.unwrap();
    let fill = datastream_id(&app, "DV-0001", "fill_level").await;
    let temperature = datastream_id(&app, "DV-0001", "temperature").await;
    let occupied = datastream_id(&app, "PK-0001", "occupied").await;
    let now = app::db::now() * 1000;
    let t0 = now - 3_600_000;

    // One observation: 201 with its address, 200 when delivered again, 400 with the reason when refused.
    let one = json!({"phenomenonTime": rfc3339(t0), "result": 40.5}).to_string();
    let path = format!("/sta/v1.1/Datastreams({fill})/Observations");
    assert_eq!(app.post_json(&path, None, &one).await.status, StatusCode::UNAUTHORIZED);
    let page = app.post_json(&path, Some(&secret), &one).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let link = page.headers["location"].to_str().unwrap().to_string();
    assert_eq!(link, format!("http://localhost/sta/v1.1/Observations('{fill}-{t0}')"));
    assert_eq!(app.post_json(&path, Some(&secret), &one).await.status, StatusCode::OK);
    let wrong = json!({"phenomenonTime": rfc3339(t0 + 1), "result": "plein"}).to_string();
    let page = app.post_json(&path, Some(&secret), &wrong).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&page)["error"], "ingest-refused-type");
    let page = app.post_json(&format!("/sta/v1.1/Datastreams({occupied})/Observations"), Some(&secret), &one).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "another sensor's datastream");
    let page = app.post_json("/sta/v1.1/Datastreams(999999)/Observations", Some(&secret), &one).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // dataArray: per row, the address or an error message.
    let many = json!([
        {"Datastream": {"@iot.id": fill}, "components": ["phenomenonTime", "result"], "dataArray@iot.count": 3,
         "dataArray": [[rfc3339(t0 + 60_000), 41.0], [rfc3339(t0 + 120_000), 42.0], [rfc3339(t0 + 180_000), true]]},
        {"Datastream": {"@iot.id": temperature}, "components": ["result", "phenomenonTime"],
         "dataArray": [[9.5, rfc3339(t0)]]}
    ])
    .to_string();
    let page = app.post_json("/sta/v1.1/CreateObservations", Some(&secret), &many).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let rows = json_of(&page);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0], format!("http://localhost/sta/v1.1/Observations('{fill}-{}')", t0 + 60_000));
    assert!(rows[2].as_str().unwrap().starts_with("error: "), "{rows:?}");
    assert!(rows[3].as_str().unwrap().ends_with(&format!("('{temperature}-{t0}')")));

    // Reading: Things and Datastreams list only sensors without personal data.
    let things = json_of(&app.get("/sta/v1.1/Things?$top=100").await);
    let names: Vec<&str> =
        things["value"].as_array().unwrap().iter().map(|t| t["properties"]["reference"].as_str().unwrap()).collect();
    assert!(names.contains(&"DV-0001") && names.contains(&"PK-0001"), "{names:?}");
    let personal: Vec<(String,)> = sqlx::query_as("SELECT reference FROM sensors WHERE personal_data <> 'none'")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(!personal.is_empty());
    for (reference,) in &personal {
        assert!(!names.contains(&reference.as_str()), "{reference} processes personal data: not listed");
    }
    let page = json_of(&app.get("/sta/v1.1/Things?$top=2").await);
    assert_eq!(page["value"].as_array().unwrap().len(), 2);
    assert!(page["@iot.nextLink"].as_str().unwrap().ends_with("/Things?$top=2&$skip=2"), "{page}");
    let streams = json_of(&app.get("/sta/v1.1/Datastreams").await);
    let fill_json = streams["value"].as_array().unwrap().iter().find(|d| d["@iot.id"] == fill).unwrap().clone();
    assert_eq!(fill_json["name"], "DV-0001/fill_level");
    assert_eq!(fill_json["unitOfMeasurement"]["symbol"], "%");
    assert!(fill_json["observationType"].as_str().unwrap().ends_with("OM_Measurement"));

    // Observations: newest first by default, paging, ascending order, a time window.
    let base = format!("/sta/v1.1/Datastreams({fill})/Observations");
    let all = json_of(&app.get(&base).await);
    assert_eq!(all["@iot.count"], 3);
    let results: Vec<f64> = all["value"].as_array().unwrap().iter().map(|o| o["result"].as_f64().unwrap()).collect();
    assert_eq!(results, [42.0, 41.0, 40.5]);
    assert_eq!(all["value"][2]["phenomenonTime"], rfc3339(t0));
    let page = json_of(&app.get(&format!("{base}?$top=1&$skip=1&$orderby=phenomenonTime%20asc")).await);
    assert_eq!(page["value"][0]["result"], 41.0);
    assert!(page["@iot.nextLink"].as_str().unwrap().contains("$skip=2"), "{page}");
    let from = rfc3339(t0 + 30_000);
    let until = rfc3339(t0 + 120_000);
    let window = json_of(
        &app.get(&format!("{base}?$filter=phenomenonTime%20ge%20{from}%20and%20phenomenonTime%20lt%20{until}")).await,
    );
    assert_eq!(window["@iot.count"], 1);
    assert_eq!(window["value"][0]["result"], 41.0);
    let page = app.get(&format!("{base}?$orderby=result")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&page)["error"], "sta-error-orderby");
    let one = json_of(&app.get(&format!("/sta/v1.1/Observations('{fill}-{t0}')")).await);
    assert_eq!(one["result"], 40.5);

    // A sensor with personal data: neither its Thing nor its values are published.
    let (camera, camera_stream): (i64, i64) = sqlx::query_as(
        "SELECT s.id, d.id FROM sensors s JOIN datastreams d ON d.sensor_id = s.id WHERE s.personal_data <> 'none' \
         ORDER BY s.id LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(app.get(&format!("/sta/v1.1/Things({camera})")).await.status, StatusCode::NOT_FOUND);
    let page = app.get(&format!("/sta/v1.1/Datastreams({camera_stream})/Observations")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}
on_both_engines!(sensorthings, sensorthings_create_and_read);

/// The OpenAPI document is served, names this server and documents the ingestion routes.
#[tokio::test]
async fn the_openapi_document_is_served() {
    let mut app = TestApp::new(common::Engine::Sqlite).await;
    let page = app.get("/api/v1/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    let doc = json_of(&page);
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "http://localhost");
    assert!(doc["paths"]["/api/v1/observations"]["post"]["responses"]["207"].is_object());
}
