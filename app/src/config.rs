//! Run-time settings, all from the environment (documented by `clairvoie --help`).

use std::path::PathBuf;

/// The environment variables Clairvoie reads, with their defaults, as `--help` prints them.
pub const ENV_HELP: &str = "\
  DATABASE_URL          sqlite://data/clairvoie.db (created if absent) or postgres://user@host/db
  CLAIRVOIE_ADDR        address to listen on (default 127.0.0.1:3000)
  CLAIRVOIE_DATA_DIR    folder for the SQLite file and the mail outbox (default data)
  CLAIRVOIE_PUBLIC_URL  the address residents use, for links in mails (default http://CLAIRVOIE_ADDR);
                        https:// turns on Secure cookies and HSTS
  SMTP_URL              smtps://user:pass@host:465 (TLS), smtp://user:pass@host:587?tls=required (STARTTLS)
                        or smtp://host:25 (plain, for a relay on the same machine); unset = mails are written
                        to CLAIRVOIE_DATA_DIR/outbox/*.eml and their links logged
  CLAIRVOIE_MAIL_FROM   sender of mails (default \"Clairvoie <ne-pas-repondre@localhost>\")
  CLAIRVOIE_TRUST_PROXY set to 1 behind a reverse proxy: client addresses (sign-in rate limit) are then
                        read from the last X-Forwarded-For hop
  MAP_STYLE_URL         a MapLibre style (basemap) for the sensor map, e.g. from the town's own tile server;
                        unset = sensors and district outlines on a plain background, no external request
  CLAIRVOIE_INGEST_RATE requests per second each device token or integration may send (default 50; bursts
                        of twice that); more are answered 429 with Retry-After
  CLAIRVOIE_RETENTION_INTERVAL  seconds between runs of the retention job (default 300)
  MQTT_URL              mqtt://user:password@host:1883 — when set, a bridge subscribes to
                        MQTT_TOPIC_ROOT/+/observations (native JSON; default root clairvoie) and to ChirpStack's
                        MQTT_CHIRPSTACK_PREFIX application/+/device/+/event/+ (default prefix empty)
  MQTT_SHARED_GROUP     with several instances: subscribe as members of this shared-subscription group
                        ($share/GROUP/…), so the broker hands each message to one instance only
  CLAIRVOIE_REGISTER_SECRET  the key of the resident register's hashes (at least 32 characters; the same on
                        every instance); unset = a random key kept in CLAIRVOIE_DATA_DIR/register.key, made on
                        first use. Changing it makes the imported register unmatchable until it is imported again
  CLAIRVOIE_LOG_FORMAT  json for one JSON object per line (log collectors), text otherwise (default text)
  LEPTOS_SITE_ROOT      folder with the built site: pkg/ and public files (default target/site)
  RUST_LOG              log filter (default info)";

/// Settings for one running instance.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the database is.
    pub database_url: String,
    /// Where to listen.
    pub addr: String,
    /// Local data folder (SQLite file, mail outbox).
    pub data_dir: PathBuf,
    /// SMTP relay; `None` writes mails to the outbox folder.
    pub smtp_url: Option<String>,
    /// The public address, without trailing slash.
    pub public_url: String,
    /// Sender of mails.
    pub mail_from: String,
    /// The built site (wasm, CSS, public files).
    pub site_root: String,
    /// Whether a reverse proxy in front sets `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// A MapLibre style URL for the sensor map's basemap; `None` draws no basemap (and fetches nothing).
    pub map_style_url: Option<String>,
    /// Requests per second per ingestion credential.
    pub ingest_rate: u32,
    /// Seconds between retention runs.
    pub retention_interval: u64,
    /// The MQTT broker the bridge subscribes to; `None`: no bridge.
    pub mqtt_url: Option<String>,
    /// First level of device topics: `{root}/{sensor_ref}/observations`.
    pub mqtt_topic_root: String,
    /// What comes before ChirpStack's `application/…` topics.
    pub mqtt_chirpstack_prefix: String,
    /// The shared-subscription group of the instances, when several run; `None`: plain subscriptions.
    pub mqtt_shared_group: Option<String>,
    /// The key of the resident register's hashes; `None`: one kept in the data folder (see `eligibility`).
    pub register_secret: Option<String>,
}

impl Config {
    /// Reads the environment, applying the documented defaults.
    pub fn from_env() -> Config {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr = var("CLAIRVOIE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let data_dir = PathBuf::from(var("CLAIRVOIE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}/clairvoie.db", data_dir.display()));
        let public_url =
            var("CLAIRVOIE_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        Config {
            database_url,
            addr,
            data_dir,
            smtp_url: var("SMTP_URL"),
            public_url,
            mail_from: var("CLAIRVOIE_MAIL_FROM").unwrap_or_else(|| "Clairvoie <ne-pas-repondre@localhost>".into()),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            trust_proxy: var("CLAIRVOIE_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true"),
            map_style_url: var("MAP_STYLE_URL"),
            ingest_rate: var("CLAIRVOIE_INGEST_RATE").and_then(|v| v.parse().ok()).filter(|r| *r > 0).unwrap_or(50),
            retention_interval: var("CLAIRVOIE_RETENTION_INTERVAL")
                .and_then(|v| v.parse().ok())
                .filter(|s| *s > 0)
                .unwrap_or(300),
            mqtt_url: var("MQTT_URL"),
            mqtt_topic_root: var("MQTT_TOPIC_ROOT").unwrap_or_else(|| "clairvoie".into()),
            mqtt_chirpstack_prefix: std::env::var("MQTT_CHIRPSTACK_PREFIX").unwrap_or_default(),
            mqtt_shared_group: var("MQTT_SHARED_GROUP"),
            register_secret: var("CLAIRVOIE_REGISTER_SECRET"),
        }
    }

    /// Whether residents reach us over TLS (Secure cookies, HSTS).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The origin of the basemap style, which the Content-Security-Policy must let the map fetch from.
    pub fn map_origin(&self) -> Option<String> {
        let url = self.map_style_url.as_deref()?;
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
        let host = rest.split('/').next()?;
        Some(format!("{}{host}", &url[..url.len() - rest.len()]))
    }

    /// The mail outbox folder used when no SMTP relay is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}
