//! Staff management of ingestion credentials: a sensor's connection page, device tokens (issued, rotated,
//! revoked), LoRaWAN device EUIs, network-server integrations. Every change is written to the audit log in its
//! own transaction and makes this instance forget its credential cache at once.

use super::queries;
use super::service::{hint, new_secret, secret_hash};
use super::*;
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::state::AppState;

/// A sensor's connection page data.
pub async fn connection(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
) -> Result<Connection, AppError> {
    require(actor, Action::ManageSensors)?;
    let reference = reference.to_ascii_uppercase();
    let (id, name, dev_eui) = queries::sensor_connection(&state.db, &reference).await?.ok_or(AppError::NotFound)?;
    let tokens = queries::tokens(&state.db, id).await?;
    Ok(Connection { reference, name, dev_eui, tokens })
}

/// A sensor's id by reference (any case), or 404.
async fn sensor_id(state: &AppState, reference: &str) -> Result<i64, AppError> {
    let (id, _, _) =
        queries::sensor_connection(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    Ok(id)
}

/// Stores a new token for a sensor, in the name of `created_by`, and returns it (the only time it is seen).
/// With `rotate`, the sensor's earlier tokens are revoked in the same transaction.
async fn issue(
    state: &AppState,
    reference: &str,
    actor: Option<&CurrentUser>,
    created_by: &str,
    rotate: bool,
) -> Result<String, AppError> {
    let id = sensor_id(state, reference).await?;
    let secret = new_secret();
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if rotate {
        queries::revoke_tokens(&mut tx, id, None, now).await?;
    }
    queries::insert_token(&mut tx, id, &secret_hash(&secret), &hint(&secret), created_by, now).await?;
    let reason = format!(
        "{} ({}){}",
        reference.to_ascii_uppercase(),
        hint(&secret),
        if rotate { ", earlier ones revoked" } else { "" }
    );
    audit::append(&mut tx, state.db.backend, &NewEntry::by(actor, "token_issue", "sensor", id, reason), now).await?;
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(secret)
}

/// Issues a new token for a sensor from the staff page (`rotate`: revoking the earlier ones).
pub async fn issue_token(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    rotate: bool,
) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    issue(state, reference, Some(actor), &actor.display_name, rotate).await
}

/// Issues a token from the command line (`clairvoie device token --sensor REF`), as the town's administrator.
pub async fn issue_token_cli(state: &AppState, reference: &str) -> Result<String, AppError> {
    issue(state, reference, None, "clairvoie device token", false).await
}

/// Revokes one of a sensor's tokens.
pub async fn revoke_token(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    token_id: i64,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let (id, _, _) =
        queries::sensor_connection(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if queries::revoke_tokens(&mut tx, id, Some(token_id), now).await? == 0 {
        return Err(AppError::NotFound);
    }
    let reason = format!("{} (token {token_id})", reference.to_ascii_uppercase());
    audit::append(&mut tx, state.db.backend, &NewEntry::by(Some(actor), "token_revoke", "sensor", id, reason), now)
        .await?;
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(())
}

/// Reads a LoRaWAN device EUI: 16 hexadecimal digits (separators allowed), upper-cased; empty clears it. The
/// error is the message's key.
pub fn parse_dev_eui(text: &str) -> Result<Option<String>, &'static str> {
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | '-' | ' ')).collect();
    if hex.is_empty() {
        return Ok(None);
    }
    if hex.len() == 16 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(Some(hex.to_ascii_uppercase()))
    } else {
        Err(crate::msg_key!("error-dev-eui-format"))
    }
}

/// Sets a sensor's LoRaWAN device EUI.
pub async fn set_dev_eui(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    text: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let (id, _, _) =
        queries::sensor_connection(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    let eui = parse_dev_eui(text).map_err(|key| AppError::user(UserError::field("dev_eui", key)))?;
    let mut tx = state.db.pool.begin().await?;
    if !queries::set_dev_eui(&mut tx, id, eui.as_deref()).await? {
        return Err(AppError::user(UserError::field("dev_eui", "error-dev-eui-taken")));
    }
    // Whose radio messages count as this sensor's: a change is recorded with who made it.
    let entry = NewEntry::by(Some(actor), "sensor_dev_eui", "sensor", id, eui.unwrap_or_else(|| "-".into()));
    audit::append(&mut tx, state.db.backend, &entry, now()).await?;
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(())
}

/// Every integration, and the MQTT bridge's counters (staff).
pub async fn integrations(state: &AppState, actor: Option<&CurrentUser>) -> Result<IntegrationsData, AppError> {
    use std::sync::atomic::Ordering::Relaxed;
    require(actor, Action::ManageSensors)?;
    let config = &state.config;
    let runtime = super::service::runtime(state);
    let c = &runtime.mqtt;
    let mqtt = config.mqtt_url.as_ref().map(|_| MqttStats {
        topics: super::mqtt::subscriptions(
            &config.mqtt_topic_root,
            &config.mqtt_chirpstack_prefix,
            config.mqtt_shared_group.as_deref(),
        )
        .to_vec(),
        received: c.received.load(Relaxed),
        failed: c.failed.load(Relaxed),
        rows_accepted: c.rows_accepted.load(Relaxed),
        rows_rejected: c.rows_rejected.load(Relaxed),
    });
    Ok(IntegrationsData { list: queries::integrations(&state.db).await?, mqtt })
}

/// Creates an integration and returns its secret (the only time it is seen).
pub async fn create_integration(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: &str,
    name: &str,
) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let mut errors = vec![];
    if !matches!(kind, "ttn" | "chirpstack") {
        errors.push(UserError::field("kind", "error-integration-kind"));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(UserError::field("name", "error-integration-name"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let secret = new_secret();
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let Some(id) = queries::insert_integration(
        &mut tx,
        kind,
        name,
        &secret_hash(&secret),
        &hint(&secret),
        &actor.display_name,
        now,
    )
    .await?
    else {
        return Err(AppError::user(UserError::field("name", "error-integration-name-taken")));
    };
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "integration_create", "integration", id, format!("{kind}: {name}")),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Revokes an integration.
pub async fn revoke_integration(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if !queries::revoke_integration(&mut tx, id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::append(
        &mut tx,
        state.db.backend,
        &NewEntry::by(Some(actor), "integration_revoke", "integration", id, String::new()),
        now,
    )
    .await?;
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_device_euis() {
        assert_eq!(parse_dev_eui("70b3d57ed005a1c2"), Ok(Some("70B3D57ED005A1C2".into())));
        assert_eq!(parse_dev_eui("70-B3-D5-7E-D0-05-A1-C2"), Ok(Some("70B3D57ED005A1C2".into())));
        assert_eq!(parse_dev_eui(" "), Ok(None));
        assert_eq!(parse_dev_eui("70B3D57ED005A1"), Err("error-dev-eui-format"));
        assert!(parse_dev_eui("70B3D57ED005A1CZ").is_err());
    }
}
