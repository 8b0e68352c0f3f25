//! The MQTT bridge against the real Mosquitto on 127.0.0.1:1883 (`MQTT_TEST_URL` to change it), on both engines:
//! native batches on a device's topic, ChirpStack uplinks and status events, and failed messages counted — never
//! silently dropped. Fails, never skips, when the broker cannot be reached.

use crate::common;

use app::format::rfc3339;
use common::TestApp;
use rumqttc::{AsyncClient, MqttOptions, QoS};
use serde_json::json;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

fn broker() -> String {
    std::env::var("MQTT_TEST_URL").unwrap_or_else(|_| "mqtt://127.0.0.1:1883".into())
}

async fn stored(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM observations").fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// Publishes (again, every half second: the bridge may not have subscribed yet, and a re-delivered row is a
/// duplicate) until `done` holds; panics after 20 s.
async fn publish_until<F, Fut>(client: &AsyncClient, topic: &str, payload: &str, what: &str, done: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..40 {
        client.publish(topic, QoS::AtLeastOnce, false, payload.as_bytes().to_vec()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        if done().await {
            return;
        }
    }
    panic!("{what}: not seen within 20 s — is Mosquitto running at {}? The MQTT tests need it.", broker());
}

async fn bridge_stores_and_counts(app: TestApp) {
    let root = app.state.config.mqtt_topic_root.clone();
    let prefix = app.state.config.mqtt_chirpstack_prefix.clone();
    sqlx::query("UPDATE sensors SET status = 'active', dev_eui = '70B3D57ED005A1C2' WHERE reference = 'DV-0001'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    tokio::spawn(app::ingest::mqtt::run(app.state.clone(), broker()));
    let url = format!("{}?client_id=test-publisher-{:016x}", broker(), common::rand_u64());
    let (client, mut events) = AsyncClient::new(MqttOptions::parse_url(url).unwrap(), 16);
    tokio::spawn(async move {
        loop {
            if events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });
    let runtime = app::ingest::service::runtime(&app.state);
    let counters = &runtime.mqtt;

    let t = app::db::now() * 1000 - 60_000;
    let batch = json!([
        {"datastream": "DV-0001/fill_level", "time": rfc3339(t), "value": 55.0},
        {"datastream": "DV-0001/fill_level", "time": rfc3339(t + 1000), "value": "plein"}
    ])
    .to_string();
    let topic = format!("{root}/DV-0001/observations");
    publish_until(&client, &topic, &batch, "a native batch", || async { stored(&app).await == 1 }).await;
    assert!(counters.rows_rejected.load(Relaxed) >= 1, "the refused row is counted");

    let failed = counters.failed.load(Relaxed);
    publish_until(&client, &topic, "pas du JSON", "an unreadable message", || async {
        counters.failed.load(Relaxed) > failed
    })
    .await;
    let failed = counters.failed.load(Relaxed);
    let unknown = format!("{root}/XX-9999/observations");
    publish_until(&client, &unknown, &batch, "a message for an unknown sensor", || async {
        counters.failed.load(Relaxed) > failed
    })
    .await;
    assert_eq!(stored(&app).await, 1, "nothing of the failed messages is stored");

    let uplink = json!({"time": rfc3339(t + 5000), "deviceInfo": {"devEui": "70b3d57ed005a1c2"}, "object": {"temperature": 8.5}})
        .to_string();
    let cs = format!("{prefix}application/1/device/70b3d57ed005a1c2/event/up");
    publish_until(&client, &cs, &uplink, "a ChirpStack uplink", || async { stored(&app).await == 2 }).await;
    let cs = format!("{prefix}application/1/device/70b3d57ed005a1c2/event/status");
    publish_until(&client, &cs, &uplink, "a ChirpStack status event", || async {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT kind FROM device_events").fetch_all(&app.state.db.pool).await.unwrap();
        rows.iter().any(|(k,)| k == "status")
    })
    .await;
    assert!(counters.received.load(Relaxed) >= 5);
}

async fn app_with_bridge_topics(engine: common::Engine) -> TestApp {
    // Topics of their own: the two engines' tests run at once on the same broker.
    let root = format!("clairvoie-test-{:016x}", common::rand_u64());
    TestApp::with_config(engine, |c| {
        c.mqtt_url = Some(broker());
        c.mqtt_chirpstack_prefix = format!("{root}/cs/");
        c.mqtt_topic_root = root;
    })
    .await
}

mod bridge {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        bridge_stores_and_counts(app_with_bridge_topics(common::Engine::Sqlite).await).await;
    }
    #[tokio::test]
    async fn postgres() {
        bridge_stores_and_counts(app_with_bridge_topics(common::Engine::Postgres).await).await;
    }
}
