//! Run-time settings, all from the environment (documented by `clairvoie --help`).

use crate::access::Role;
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
  MAP_STYLE_URL         a MapLibre style (basemap) for the sensor map: IGN's Plan IGN is recommended,
                        https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json;
                        unset = the town's own streets and districts, no external request
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
  CLAIRVOIE_OIDC        names of OpenID Connect providers offered on the sign-in page, comma-separated
                        (e.g. franceconnect,annuaire); for each NAME, in capitals:
    CLAIRVOIE_OIDC_NAME_ISSUER         the issuer URL (its /.well-known/openid-configuration is read)
    CLAIRVOIE_OIDC_NAME_CLIENT_ID      the client id the provider gave the town
    CLAIRVOIE_OIDC_NAME_CLIENT_SECRET  its secret; the provider redirects back to
                                       CLAIRVOIE_PUBLIC_URL/compte/oidc/NAME/retour
    CLAIRVOIE_OIDC_NAME_LABEL          the button's text after \"S'identifier avec\" (default NAME)
    CLAIRVOIE_OIDC_NAME_SCOPES         scopes besides openid (default: email profile)
    CLAIRVOIE_OIDC_NAME_ACR_VALUES     acr_values to ask for (FranceConnect: eidas1)
    CLAIRVOIE_OIDC_NAME_RESIDENCE      1: match the given names, family name and birth date against the
                                       resident register (FranceConnect); default off
    CLAIRVOIE_OIDC_NAME_ROLES_CLAIM    a claim listing the person's groups (staff single sign-on); with
    CLAIRVOIE_OIDC_NAME_ROLES          group=role pairs (e.g. mairie-moderation=moderator,dsi=admin): the
                                       mapped roles follow the directory at each sign-in; default off
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
    /// The OpenID Connect providers offered on the sign-in page (see `oidc`).
    pub oidc: Vec<OidcProvider>,
}

/// `scheme://host[:port]` of an http(s) URL.
fn url_origin(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())?;
    Some(format!("{}{host}", &url[..url.len() - rest.len()]))
}

/// One OpenID Connect provider, as configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcProvider {
    /// Its name in addresses: lower-case letters, digits and hyphens.
    pub name: String,
    /// What the sign-in button calls it.
    pub label: String,
    /// The issuer URL.
    pub issuer: String,
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// `acr_values` asked for, if any.
    pub acr_values: Option<String>,
    /// Whether its identity claims verify a residence against the register.
    pub residence: bool,
    /// The claim that lists the person's groups, when roles follow the directory.
    pub roles_claim: Option<String>,
    /// Which group gives which role.
    pub roles: Vec<(String, Role)>,
}

/// Reads the OpenID Connect providers from the environment (`var` reads one variable): a provider named but
/// incompletely or wrongly set is an error naming the variable, so a town never runs with half a configuration.
pub fn oidc_from(var: impl Fn(&str) -> Option<String>) -> Result<Vec<OidcProvider>, String> {
    let Some(names) = var("CLAIRVOIE_OIDC") else {
        return Ok(vec![]);
    };
    let names: Vec<String> =
        names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_ascii_lowercase).collect();
    for (i, name) in names.iter().enumerate() {
        if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') || name.len() > 40 {
            return Err(format!("CLAIRVOIE_OIDC: {name:?} is not a name of letters, digits and hyphens"));
        }
        if names[..i].contains(name) {
            return Err(format!("CLAIRVOIE_OIDC: {name} is named twice"));
        }
    }
    let mut providers: Vec<OidcProvider> = vec![];
    for name in names {
        let prefix = format!("CLAIRVOIE_OIDC_{}_", name.to_ascii_uppercase().replace('-', "_"));
        let get = |key: &str| var(&format!("{prefix}{key}")).map(|v| v.trim().to_string());
        let need = |key: &str| get(key).ok_or_else(|| format!("{prefix}{key} is not set"));
        let issuer = need("ISSUER")?;
        if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
            return Err(format!("{prefix}ISSUER is not an http(s) URL"));
        }
        let flag = |key: &str| -> Result<bool, String> {
            match get(key).as_deref() {
                None | Some("0") | Some("false") => Ok(false),
                Some("1") | Some("true") => Ok(true),
                Some(_) => Err(format!("{prefix}{key} is 1 or 0")),
            }
        };
        let mut roles = vec![];
        for pair in get("ROLES").unwrap_or_default().split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (group, role) =
                pair.split_once('=').ok_or_else(|| format!("{prefix}ROLES: {pair:?} is not group=role"))?;
            let role =
                Role::from_code(role.trim()).ok_or_else(|| format!("{prefix}ROLES: no role {:?}", role.trim()))?;
            roles.push((group.trim().to_string(), role));
        }
        let roles_claim = get("ROLES_CLAIM");
        if roles_claim.is_some() == roles.is_empty() {
            return Err(format!("{prefix}ROLES_CLAIM and {prefix}ROLES go together"));
        }
        let scopes = get("SCOPES").unwrap_or_else(|| "email profile".into());
        providers.push(OidcProvider {
            label: get("LABEL").unwrap_or_else(|| name.clone()),
            issuer: issuer.trim_end_matches('/').to_string(),
            client_id: need("CLIENT_ID")?,
            client_secret: need("CLIENT_SECRET")?,
            scopes: scopes.split([' ', ',']).filter(|s| !s.is_empty() && *s != "openid").map(String::from).collect(),
            acr_values: get("ACR_VALUES"),
            residence: flag("RESIDENCE")?,
            roles_claim,
            roles,
            name,
        });
    }
    Ok(providers)
}

impl Config {
    /// Reads the environment, applying the documented defaults; an error names a variable set wrongly.
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr = var("CLAIRVOIE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let data_dir = PathBuf::from(var("CLAIRVOIE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}/clairvoie.db", data_dir.display()));
        let public_url =
            var("CLAIRVOIE_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        Ok(Config {
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
            oidc: oidc_from(var)?,
        })
    }

    /// Whether residents reach us over TLS (Secure cookies, HSTS).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The origin of the basemap style, which the Content-Security-Policy must let the map fetch from.
    pub fn map_origin(&self) -> Option<String> {
        url_origin(self.map_style_url.as_deref()?)
    }

    /// The origins of the OpenID Connect providers' issuers: the sign-in buttons' posts are redirected there, so
    /// the Content-Security-Policy's `form-action` must allow them (a provider whose authorization endpoint is on
    /// another origin than its issuer is not supported).
    pub fn oidc_origins(&self) -> Vec<String> {
        let mut origins: Vec<String> = self.oidc.iter().filter_map(|p| url_origin(&p.issuer)).collect();
        origins.sort();
        origins.dedup();
        origins
    }

    /// The mail outbox folder used when no SMTP relay is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

#[cfg(test)]
mod tests {
    use super::{oidc_from, Role};
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> Result<Vec<super::OidcProvider>, String> {
        let env: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        oidc_from(|name| env.get(name).cloned())
    }

    const FC: [(&str, &str); 4] = [
        ("CLAIRVOIE_OIDC", "FranceConnect, annuaire-rh"),
        ("CLAIRVOIE_OIDC_FRANCECONNECT_ISSUER", "https://fcp.example/api/v2/"),
        ("CLAIRVOIE_OIDC_FRANCECONNECT_CLIENT_ID", "id"),
        ("CLAIRVOIE_OIDC_FRANCECONNECT_CLIENT_SECRET", "secret"),
    ];
    const DIRECTORY: [(&str, &str); 5] = [
        ("CLAIRVOIE_OIDC_ANNUAIRE_RH_ISSUER", "https://sso.mairie.example/realms/mairie"),
        ("CLAIRVOIE_OIDC_ANNUAIRE_RH_CLIENT_ID", "clairvoie"),
        ("CLAIRVOIE_OIDC_ANNUAIRE_RH_CLIENT_SECRET", "s"),
        ("CLAIRVOIE_OIDC_ANNUAIRE_RH_ROLES_CLAIM", "realm_access.roles"),
        ("CLAIRVOIE_OIDC_ANNUAIRE_RH_ROLES", "moderation=moderator, dsi = admin"),
    ];

    #[test]
    fn no_provider_unless_named() {
        assert_eq!(read(&[]), Ok(vec![]));
    }

    #[test]
    fn providers_are_read_with_their_defaults() {
        let mut env = FC.to_vec();
        env.extend(DIRECTORY);
        env.push(("CLAIRVOIE_OIDC_FRANCECONNECT_RESIDENCE", "1"));
        env.push(("CLAIRVOIE_OIDC_FRANCECONNECT_SCOPES", "openid email given_name family_name birthdate"));
        env.push(("CLAIRVOIE_OIDC_FRANCECONNECT_ACR_VALUES", "eidas1"));
        let providers = read(&env).unwrap();
        let fc = &providers[0];
        assert_eq!((fc.name.as_str(), fc.label.as_str()), ("franceconnect", "franceconnect"));
        assert_eq!(fc.issuer, "https://fcp.example/api/v2");
        assert_eq!(fc.scopes, ["email", "given_name", "family_name", "birthdate"]);
        assert!(fc.residence && fc.roles_claim.is_none() && fc.roles.is_empty());
        assert_eq!(fc.acr_values.as_deref(), Some("eidas1"));
        assert_eq!(super::url_origin(&fc.issuer).as_deref(), Some("https://fcp.example"));
        assert_eq!(super::url_origin("http://127.0.0.1:3290").as_deref(), Some("http://127.0.0.1:3290"));
        assert_eq!(super::url_origin("ftp://x"), None);
        let directory = &providers[1];
        assert_eq!(directory.name, "annuaire-rh");
        assert_eq!(directory.scopes, ["email", "profile"]);
        assert!(!directory.residence);
        assert_eq!(directory.roles_claim.as_deref(), Some("realm_access.roles"));
        assert_eq!(directory.roles, [("moderation".to_string(), Role::Moderator), ("dsi".to_string(), Role::Admin)]);
    }

    #[test]
    fn half_a_configuration_is_an_error_naming_the_variable() {
        let missing = read(&FC[..3]).unwrap_err();
        assert!(missing.contains("CLAIRVOIE_OIDC_FRANCECONNECT_CLIENT_SECRET"), "{missing}");
        let mut env = FC.to_vec();
        env[0] = ("CLAIRVOIE_OIDC", "franceconnect");
        env.push(("CLAIRVOIE_OIDC_FRANCECONNECT_RESIDENCE", "oui"));
        assert!(read(&env).unwrap_err().contains("_RESIDENCE"));
        for (names, expected) in [("fc/../x", "letters, digits"), ("fc,FC", "named twice")] {
            assert!(read(&[("CLAIRVOIE_OIDC", names)]).unwrap_err().contains(expected), "{names}");
        }
        let mut env = FC.to_vec();
        env[0] = ("CLAIRVOIE_OIDC", "franceconnect");
        env[1].1 = "ftp://fcp.example";
        assert!(read(&env).unwrap_err().contains("ISSUER"));
        let mut env = FC.to_vec();
        env.extend(&DIRECTORY[..3]);
        env.push(("CLAIRVOIE_OIDC_ANNUAIRE_RH_ROLES", "dsi=superuser"));
        assert!(read(&env).unwrap_err().contains("no role"));
        env.pop();
        env.push(("CLAIRVOIE_OIDC_ANNUAIRE_RH_ROLES", "dsi=admin"));
        assert!(read(&env).unwrap_err().contains("go together"), "roles without their claim");
    }
}
