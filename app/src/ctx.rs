//! What every page needs to know about the request: language, signed-in person, CSRF token, the flash left by
//! the last form post, and the town. Computed once per request on the server (see `web::context_layer`); the
//! browser's islands read only the page's language back (see [`load`]).

use crate::access::Role;
use crate::error::FieldError;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The person signed in, as pages see them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// Account id.
    pub id: i64,
    /// Name shown on public contributions.
    pub display_name: String,
    /// Login address.
    pub email: String,
    /// Granted roles; every account has `resident`.
    pub roles: Vec<Role>,
    /// Whether the address was confirmed (needed to participate).
    pub verified: bool,
    /// Declared home district, for statistics (and votes restricted to districts).
    pub district_id: Option<i64>,
    /// Blocked by moderation for now: may read, may not take part.
    pub blocked: bool,
    /// Preferred interface language.
    pub language: Lang,
}

impl CurrentUser {
    /// Whether the account holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A district of the town, as forms list them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DistrictOption {
    /// District id.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// What a form post leaves for the page it redirects to (Post/Redirect/Get works without JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The page the flash is meant for; other pages ignore it.
    pub path: String,
    /// A confirmation message key, if the post succeeded.
    pub notice: Option<String>,
    /// Errors to show, if it failed.
    pub errors: Vec<FieldError>,
    /// The submitted values (never passwords) to fill the form again.
    pub values: Vec<(String, String)>,
    /// Values for the notice's placeholders (counts of an import …).
    pub notice_args: Vec<(String, String)>,
    /// Problems found in the rows of an uploaded file.
    pub row_errors: Vec<RowError>,
}

/// A problem in one row of an uploaded file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RowError {
    /// The row's number as the file counts it.
    pub row: usize,
    /// The reference the row gives.
    pub reference: String,
    /// What is wrong, with the field.
    pub error: FieldError,
}

impl Flash {
    /// The submitted value of `field`, if any.
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str())
    }
}

/// Everything a page needs about its request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestCtx {
    /// Interface language.
    pub lang: Lang,
    /// The town's name, from its settings.
    pub town_name: String,
    /// The signed-in person.
    pub user: Option<CurrentUser>,
    /// Token every form posts back (double-submit of the `csrf` cookie).
    pub csrf: String,
    /// Left by the previous form post.
    pub flash: Option<Flash>,
    /// The town's districts.
    pub districts: Vec<DistrictOption>,
    /// The paired kiosk this request comes from, if any (its pages then take the kiosk's layout).
    pub kiosk: Option<KioskInfo>,
    /// Whether the signed-in person came in with a desk code on this kiosk (their votes count as `kiosk`).
    pub kiosk_visit: bool,
    /// The OpenID Connect providers one may sign in with (none on a kiosk).
    pub sign_in_with: Vec<SignInOption>,
}

/// A provider the sign-in page offers (`oidc`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInOption {
    /// Its name in addresses.
    pub name: String,
    /// What its button calls it.
    pub label: String,
}

impl RequestCtx {
    /// The flash, if it was left for `path`.
    pub fn flash_for(&self, path: &str) -> Option<&Flash> {
        self.flash.as_ref().filter(|f| f.path == path)
    }
}

/// The context of the current request (server) or page (browser).
pub fn use_ctx() -> RequestCtx {
    leptos::prelude::use_context::<RequestCtx>().unwrap_or_else(load)
}

/// Reads the context: from the request on the server, from the page in the browser.
pub fn load() -> RequestCtx {
    #[cfg(feature = "ssr")]
    {
        if let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() {
            if let Some(ctx) = parts.extensions.get::<RequestCtx>() {
                return ctx.clone();
            }
        }
        RequestCtx::default()
    }
    // In the browser only islands run (see `shell`): what they need of the request is its language, which the
    // page's `<html lang>` carries. Nothing else of the request (the signed-in person, the CSRF token) is sent
    // to the page beyond the markup that shows it.
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default();
        RequestCtx { lang, ..RequestCtx::default() }
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        RequestCtx::default()
    }
}

/// The two addresses every page's gate sends to, declared beneath the features that serve them.
pub mod paths {
    /// A kiosk's home page, where it returns after a visit and where a kiosk's visitor types a code.
    pub const KIOSK_HOME: &str = "/borne";
    /// The sign-in page, where a gate sends a signed-out visitor (with `?suite=` the page to come back to).
    pub const LOGIN: &str = "/compte/connexion";
}

/// The kiosk a request comes from, as pages see it (the `kiosk` feature pairs them and fills this in).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KioskInfo {
    /// Id.
    pub id: i64,
    /// "Borne du hall".
    pub name: String,
    /// "Mairie annexe — hall".
    pub place: String,
    /// Seconds without a touch before the kiosk returns to its home.
    pub idle_seconds: i64,
    /// Where it stands (latitude, longitude), to list the sensors nearby.
    pub position: Option<(f64, f64)>,
}
