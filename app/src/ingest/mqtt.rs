//! The MQTT bridge: when `MQTT_URL` is set, subscribes to `{root}/{sensor_ref}/observations` (native JSON) and
//! to ChirpStack's uplink topics, and runs every message through the same checks as the HTTP API. The broker
//! authenticates devices and its ACL gives each one its own topic (see server/deploy/README.md), so a message's
//! topic is its scope. A message is acknowledged (QoS 1) only once its rows are committed; a failed one is logged and counted.

use super::decode;
use super::service::{self, ApiError};
use crate::i18n::Lang;
use crate::state::AppState;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What the bridge has seen since the server started.
#[derive(Debug, Default)]
pub struct Counters {
    /// Messages received.
    pub received: AtomicU64,
    /// Messages refused as a whole (unreadable, unknown sensor or device, outside their topic's scope, database
    /// error).
    pub failed: AtomicU64,
    /// Rows refused inside otherwise readable messages.
    pub rows_rejected: AtomicU64,
    /// Rows stored.
    pub rows_accepted: AtomicU64,
}

/// Where a message goes, read from its topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `{root}/{reference}/observations`: a device's native batch.
    Native(String),
    /// `{prefix}application/{app}/device/{dev_eui}/event/{event}`: a ChirpStack event.
    Chirpstack {
        /// The device.
        dev_eui: String,
        /// `up`, `status` …
        event: String,
    },
}

/// The topics the bridge subscribes to; as members of a shared-subscription `group` when several instances run,
/// so that the broker hands each message to one of them (messages still arrive under their own topic).
pub fn subscriptions(root: &str, chirpstack_prefix: &str, group: Option<&str>) -> [String; 2] {
    let share = group.map(|g| format!("$share/{g}/")).unwrap_or_default();
    [format!("{share}{root}/+/observations"), format!("{share}{chirpstack_prefix}application/+/device/+/event/+")]
}

/// Reads a topic (pure); `None` for a topic the bridge does not handle.
pub fn route(topic: &str, root: &str, chirpstack_prefix: &str) -> Option<Route> {
    if let Some(rest) = topic.strip_prefix(root).and_then(|r| r.strip_prefix('/')) {
        if let Some(reference) = rest.strip_suffix("/observations").filter(|r| !r.is_empty() && !r.contains('/')) {
            return Some(Route::Native(reference.to_ascii_uppercase()));
        }
    }
    let rest = topic.strip_prefix(chirpstack_prefix)?;
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        ["application", _, "device", dev_eui, "event", event] if !dev_eui.is_empty() => {
            Some(Route::Chirpstack { dev_eui: dev_eui.to_ascii_uppercase(), event: event.to_string() })
        }
        _ => None,
    }
}

/// Handles one message: `Ok` with (accepted, rejected) rows, or why the whole message failed.
pub async fn handle(state: &AppState, topic: &str, payload: &[u8]) -> Result<(usize, usize), ApiError> {
    crate::metrics::Metrics::add(&crate::metrics::METRICS.mqtt_messages, 1);
    let config = &state.config;
    let route = route(topic, &config.mqtt_topic_root, &config.mqtt_chirpstack_prefix).ok_or(ApiError::NotFound)?;
    let json: serde_json::Value = serde_json::from_slice(payload)
        .map_err(|e| ApiError::BadRequest(crate::msg_key!("ingest-error-json"), Some(e.to_string())))?;
    let report = match route {
        Route::Native(reference) => {
            let target = service::device_by_reference(state, &reference).await?;
            let rows = decode::native(&json)?;
            service::ingest(state, &target, rows, false, Lang::En).await?
        }
        Route::Chirpstack { event, dev_eui: topic_eui } => match decode::chirpstack(&event, &json)? {
            // The topic is what the broker's ACL grants a device (one topic per DevEUI); the payload's DevEUI is
            // whatever the publisher wrote. The topic's names the sensor, and a payload naming another is refused.
            decoded if !decoded.dev_eui().eq_ignore_ascii_case(&topic_eui) => {
                return Err(ApiError::BadRequest(
                    crate::msg_key!("ingest-error-dev-eui-topic"),
                    Some(format!("topic {topic_eui}, payload {}", decoded.dev_eui())),
                ))
            }
            decode::ChirpstackEvent::Uplink(uplink) => {
                let target = service::device_by_eui(state, &topic_eui).await?;
                let rows = super::handlers::uplink_readings(uplink, &target.reference);
                service::ingest(state, &target, rows, false, Lang::En).await?
            }
            decode::ChirpstackEvent::Status { event, .. } => {
                let target = service::device_by_eui(state, &topic_eui).await?;
                service::record_status(state, &target, &event, &json.to_string()).await?;
                return Ok((0, 0));
            }
        },
    };
    Ok((report.accepted + report.duplicates, report.rejected))
}

/// The broker's options from `MQTT_URL` (`mqtt://user:password@host:1883`); a client id is added when the URL
/// has none, unique to this instance.
pub fn options(url: &str) -> Result<MqttOptions, String> {
    let url = if url.contains("client_id=") {
        url.to_string()
    } else {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}client_id=clairvoie-{:08x}", rand::random::<u32>())
    };
    let mut options = MqttOptions::parse_url(url).map_err(|e| format!("MQTT_URL: {e}"))?;
    options.set_keep_alive(Duration::from_secs(30));
    // Acknowledged only after the commit: a message the server did not store is delivered again.
    options.set_manual_acks(true);
    options.set_clean_session(false);
    options.set_max_packet_size(super::handlers::MAX_BODY_BYTES + 4096, super::handlers::MAX_BODY_BYTES + 4096);
    Ok(options)
}

/// Runs the bridge for as long as the server runs, reconnecting after a broken connection.
pub async fn run(state: AppState, url: String) {
    let options = match options(&url) {
        Ok(options) => options,
        Err(e) => {
            tracing::error!(error = e, "the MQTT bridge cannot start");
            return;
        }
    };
    let (client, mut events) = AsyncClient::new(options, 64);
    let config = &state.config;
    let topics =
        subscriptions(&config.mqtt_topic_root, &config.mqtt_chirpstack_prefix, config.mqtt_shared_group.as_deref());
    let runtime = super::service::runtime(&state);
    let counters = &runtime.mqtt;
    loop {
        match events.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                tracing::info!(?topics, "MQTT bridge connected");
                for topic in &topics {
                    if let Err(e) = client.subscribe(topic.clone(), QoS::AtLeastOnce).await {
                        tracing::error!(error = %e, topic, "MQTT subscription failed");
                    }
                }
            }
            Ok(Event::Incoming(Packet::Publish(message))) => {
                counters.received.fetch_add(1, Ordering::Relaxed);
                match handle(&state, &message.topic, &message.payload).await {
                    Ok((accepted, rejected)) => {
                        counters.rows_accepted.fetch_add(accepted as u64, Ordering::Relaxed);
                        counters.rows_rejected.fetch_add(rejected as u64, Ordering::Relaxed);
                        if rejected > 0 {
                            tracing::warn!(topic = message.topic, accepted, rejected, "MQTT message with refused rows");
                        }
                    }
                    Err(ApiError::Internal(detail) | ApiError::Unavailable(detail)) => {
                        // Not acknowledged: the broker delivers it again once the database answers.
                        counters.failed.fetch_add(1, Ordering::Relaxed);
                        tracing::error!(topic = message.topic, detail, "MQTT message not stored");
                        continue;
                    }
                    Err(e) => {
                        counters.failed.fetch_add(1, Ordering::Relaxed);
                        tracing::warn!(topic = message.topic, error = ?e, "MQTT message refused");
                    }
                }
                if let Err(e) = client.ack(&message).await {
                    tracing::warn!(error = %e, "MQTT acknowledgement failed");
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "MQTT connection lost; reconnecting");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_name_their_sensor_or_device() {
        assert_eq!(route("clairvoie/pk-0042/observations", "clairvoie", ""), Some(Route::Native("PK-0042".into())));
        assert_eq!(
            route("application/7/device/0101010101010101/event/up", "clairvoie", ""),
            Some(Route::Chirpstack { dev_eui: "0101010101010101".into(), event: "up".into() })
        );
        assert_eq!(route("clairvoie/a/b/observations", "clairvoie", ""), None);
        assert_eq!(route("clairvoie//observations", "clairvoie", ""), None);
        assert_eq!(route("autre/PK-0042/observations", "clairvoie", ""), None);
        assert_eq!(route("application/7/device/01/event/up", "clairvoie", "cs/"), None);
        assert_eq!(
            subscriptions("clairvoie", "cs/", None),
            ["clairvoie/+/observations".to_string(), "cs/application/+/device/+/event/+".to_string()]
        );
        assert_eq!(
            subscriptions("clairvoie", "", Some("town")),
            [
                "$share/town/clairvoie/+/observations".to_string(),
                "$share/town/application/+/device/+/event/+".to_string()
            ]
        );
    }

    #[test]
    fn a_client_id_is_added_when_missing() {
        assert!(options("mqtt://127.0.0.1:1883").is_ok());
        assert!(options("mqtt://user:secret@127.0.0.1:1883?client_id=town-hall").is_ok());
        assert!(options("http://127.0.0.1").is_err());
    }
}
