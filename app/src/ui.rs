//! Building blocks shared by every page: form fields with their errors, the error summary, notices, and
//! the response status of a page.

pub mod gate;

use crate::ctx::use_ctx;
use crate::error::FieldError;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;

/// Sets the HTTP status of the page being rendered (server only; the browser ignores it).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(code))
    {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// The errors the flash holds for `path` and `field`.
fn field_errors(path: &str, field: &str) -> Vec<FieldError> {
    use_ctx()
        .flash_for(path)
        .map(|f| f.errors.iter().filter(|e| e.field.as_deref() == Some(field)).cloned().collect())
        .unwrap_or_default()
}

/// The hidden CSRF field every form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    // Masked afresh for each form: compressed pages then never repeat the token (BREACH).
    #[cfg(feature = "ssr")]
    let token = crate::web::forms::mask_csrf(&use_ctx().csrf);
    #[cfg(not(feature = "ssr"))]
    let token = use_ctx().csrf;
    view! { <input type="hidden" name="csrf" value=token/> }
}

/// The outcome of the last post to `path`: a confirmation, or an error summary linking to each field.
#[component]
pub fn FormMessages(#[prop(into)] path: String) -> impl IntoView {
    let i18n = use_i18n();
    let flash = use_ctx().flash_for(&path).cloned();
    let notice =
        flash.as_ref().and_then(|f| f.notice.clone().map(|key| (key, f.notice_args.clone()))).map(|(key, args)| {
            let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            view! { <div class="notice" role="status"><p>{i18n.t_args(&key, &args)}</p></div> }
        });
    let errors = flash.map(|f| f.errors).filter(|e| !e.is_empty()).map(|errors| {
        let items = errors
            .into_iter()
            .map(|e| {
                let text = i18n.t(&e.key);
                match e.field {
                    Some(field) => view! { <li><a href=format!("#champ-{field}")>{text}</a></li> }.into_any(),
                    None => view! { <li>{text}</li> }.into_any(),
                }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{i18n.t("form-error-title")}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    view! { {notice} {errors} }
}

/// The error line under a field's label (announced with an "Error:" prefix for screen readers).
#[component]
fn FieldErrorText(id: String, text: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field-error" id=id>
            <span class="visually-hidden">{i18n.t("form-error-prefix")}" "</span>
            {text}
        </p>
    }
}

/// What a field shows besides its control: its id, errors, hint and the ids that describe it.
struct FieldParts {
    id: String,
    invalid: bool,
    hint_id: Option<String>,
    error_id: Option<String>,
    described: Option<String>,
    error_text: String,
}

fn field_parts(path: &str, name: &str, hint: Option<&'static str>) -> FieldParts {
    let i18n = use_i18n();
    let id = format!("champ-{name}");
    let errors = field_errors(path, name);
    let invalid = !errors.is_empty();
    let hint_id = hint.map(|_| format!("{id}-aide"));
    let error_id = invalid.then(|| format!("{id}-erreur"));
    let described = [hint_id.clone(), error_id.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let error_text = errors.iter().map(|e| i18n.t(&e.key)).collect::<Vec<_>>().join(" ");
    FieldParts { id, invalid, hint_id, error_id, described: (!described.is_empty()).then_some(described), error_text }
}

/// A field's label (with "required"), hint and error line.
#[component]
fn FieldHead(
    id: String,
    label: &'static str,
    required: bool,
    hint: Option<&'static str>,
    hint_id: Option<String>,
    error_id: Option<String>,
    error_text: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id>
            {i18n.t(label)}
            {required.then(|| view! { <span class="required">" " {i18n.t("form-required")}</span> })}
        </label>
        {hint.map(|h| view! { <p class="hint" id=hint_id>{i18n.t(h)}</p> })}
        {error_id.map(|id| view! { <FieldErrorText id=id text=error_text/> })}
    }
}

/// A labelled input with its hint and errors; refilled from the flash after a failed post (never passwords).
#[component]
pub fn Field(
    /// The page the form posts back to.
    #[prop(into)]
    path: String,
    /// The input's name.
    #[prop(into)]
    name: String,
    /// Fluent key of the label.
    label: &'static str,
    /// Input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// Fluent key of a hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `autocomplete` token.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Whether the field is required.
    #[prop(optional)]
    required: bool,
    /// Initial value when there is nothing to refill.
    #[prop(optional, into)]
    value: Option<String>,
) -> impl IntoView {
    let refill = if kind == "password" {
        None
    } else {
        use_ctx().flash_for(&path).and_then(|f| f.value(&name).map(str::to_string)).or(value)
    };
    let FieldParts { id, invalid, hint_id, error_id, described, error_text } = field_parts(&path, &name, hint);
    view! {
        <div class="field" class:field-invalid=invalid>
            <FieldHead id=id.clone() label=label required=required hint=hint hint_id=hint_id error_id=error_id error_text=error_text/>
            <input
                id=id
                name=name
                type=kind
                value=refill
                autocomplete=autocomplete
                required=required
                aria-invalid=invalid.then_some("true")
                aria-describedby=described
            />
        </div>
    }
}

/// A labelled list of choices, refilled like [`Field`].
#[component]
pub fn SelectField(
    /// The page the form posts back to.
    #[prop(into)]
    path: String,
    /// The select's name.
    #[prop(into)]
    name: String,
    /// Fluent key of the label.
    label: &'static str,
    /// (value, text) pairs.
    options: Vec<(String, String)>,
    /// Selected value when there is nothing to refill.
    #[prop(optional, into)]
    selected: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("champ-{name}");
    let errors = field_errors(&path, &name);
    let invalid = !errors.is_empty();
    let chosen =
        use_ctx().flash_for(&path).and_then(|f| f.value(&name).map(str::to_string)).or(selected).unwrap_or_default();
    let error_id = invalid.then(|| format!("{id}-erreur"));
    let error_text = errors.iter().map(|e| i18n.t(&e.key)).collect::<Vec<_>>().join(" ");
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{i18n.t(label)}</label>
            {error_id.clone().map(|id| view! { <FieldErrorText id=id text=error_text.clone()/> })}
            <select id=id name=name aria-invalid=invalid.then_some("true") aria-describedby=error_id>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A labelled multi-line text, refilled like [`Field`].
#[component]
pub fn TextAreaField(
    /// The page the form posts back to.
    #[prop(into)]
    path: String,
    /// The textarea's name.
    #[prop(into)]
    name: String,
    /// Fluent key of the label.
    label: &'static str,
    /// Fluent key of a hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Whether the field is required.
    #[prop(optional)]
    required: bool,
    /// Visible lines.
    #[prop(default = 3)]
    rows: u32,
    /// Initial value when there is nothing to refill.
    #[prop(optional, into)]
    value: Option<String>,
) -> impl IntoView {
    let refill =
        use_ctx().flash_for(&path).and_then(|f| f.value(&name).map(str::to_string)).or(value).unwrap_or_default();
    let FieldParts { id, invalid, hint_id, error_id, described, error_text } = field_parts(&path, &name, hint);
    view! {
        <div class="field" class:field-invalid=invalid>
            <FieldHead id=id.clone() label=label required=required hint=hint hint_id=hint_id error_id=error_id error_text=error_text/>
            <textarea
                id=id
                name=name
                rows=rows
                required=required
                aria-invalid=invalid.then_some("true")
                aria-describedby=described
            >
                {refill}
            </textarea>
        </div>
    }
}

/// The district choice used by the registration and profile forms.
pub fn district_options(empty_label: String) -> Vec<(String, String)> {
    std::iter::once((String::new(), empty_label))
        .chain(use_ctx().districts.into_iter().map(|d| (d.id.to_string(), d.name)))
        .collect()
}

/// The answer to a form posted by script (`X-Clairvoie-Fetch: 1`) instead of by a page: the confirmation or
/// the errors, already translated.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Whether it worked.
    pub ok: bool,
    /// What to tell the person.
    pub messages: Vec<String>,
}

/// The site's built files (browser bundle, style sheet, scripts, MapLibre), by the name the build gives them
/// before it adds their content's hash (see `web::assets`).
pub mod paths {
    use std::collections::HashMap;
    use std::sync::OnceLock;

    /// Where every built file is served, under its hashed name.
    pub const PKG: &str = "/pkg/";
    /// The browser bundle's JavaScript glue.
    pub const BUNDLE_JS: &str = "clairvoie.js";
    /// The browser bundle (the islands' code).
    pub const BUNDLE_WASM: &str = "clairvoie.wasm";
    /// The style sheet.
    pub const STYLE: &str = "clairvoie.css";
    /// The site's icon.
    pub const ICON: &str = "favicon.svg";
    /// The map script (MapLibre's caller), on pages with a map.
    pub const MAP_SCRIPT: &str = "carte.js";
    /// MapLibre GL JS, vendored, loaded by the map script.
    pub const MAPLIBRE: &str = "maplibre/maplibre-gl-csp.js";
    /// MapLibre's worker.
    pub const MAPLIBRE_WORKER: &str = "maplibre/maplibre-gl-csp-worker.js";
    /// MapLibre's style sheet, on pages with a map.
    pub const MAP_STYLE: &str = "maplibre/maplibre-gl.css";

    /// A built file as the build's manifest describes it.
    #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    pub struct Asset {
        /// The address it is served at (its name with its content's hash).
        pub url: String,
        /// Bytes as built.
        pub bytes: u64,
        /// Bytes gzipped.
        pub gzip: u64,
        /// Bytes with Brotli (what a current browser receives).
        pub brotli: u64,
    }

    static MANIFEST: OnceLock<HashMap<String, Asset>> = OnceLock::new();

    /// Installs the build's manifest (name → file); the first one wins.
    pub fn set_manifest(manifest: HashMap<String, Asset>) {
        let _ = MANIFEST.set(manifest);
    }

    /// The address `name` is served at: its hashed name once the site is built, else under [`PKG`] as it is.
    pub fn asset(name: &str) -> String {
        built(name).map(|a| a.url).unwrap_or_else(|| format!("{PKG}{name}"))
    }

    /// What the build made of `name`, sizes included (none when the site was not built).
    pub fn built(name: &str) -> Option<Asset> {
        MANIFEST.get().and_then(|m| m.get(name).cloned())
    }
}

/// The lines of an imported file that were refused, one row each: line, column, problem (the flash's row errors
/// of the page at `path`, if any).
#[component]
pub fn LineErrors(
    /// The import page.
    #[prop(into)]
    path: String,
    /// Fluent key of the table's caption (it takes `$count`).
    caption: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = use_ctx().flash_for(&path).map(|f| f.row_errors.clone()).unwrap_or_default();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="table-wrap" tabindex="0">
                <table class="import-errors">
                    <caption>{i18n.t_args(caption, &[("count", errors.len().to_string())])}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("line-errors-line")}</th>
                        <th scope="col">{i18n.t("line-errors-column")}</th>
                        <th scope="col">{i18n.t("line-errors-problem")}</th>
                    </tr></thead>
                    <tbody>
                        {errors.into_iter().map(|e| view! {
                            <tr><th scope="row">{e.row}</th><td><code>{e.error.field.clone().unwrap_or_default()}</code></td><td>{i18n.t(&e.error.key)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}

/// A duration typed as a number and a unit (retention periods) rather than as ISO 8601: the form posts
/// `{name}_count` and `{name}_unit`, which the feature turns into its value; errors are those of `name`, and
/// the error summary's link lands on the number.
#[component]
pub fn DurationField(
    /// The page the form posts back to.
    #[prop(into)]
    path: String,
    /// The value's name (errors are reported under it).
    #[prop(into)]
    name: String,
    /// Fluent key of the label.
    label: &'static str,
    /// Fluent key of a hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Whether the field is required.
    #[prop(optional)]
    required: bool,
    /// The number shown when there is nothing to refill.
    #[prop(into)]
    count: String,
    /// The unit chosen when there is nothing to refill.
    #[prop(into)]
    unit: String,
    /// (code, words) of each unit.
    units: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (count_name, unit_name) = (format!("{name}_count"), format!("{name}_unit"));
    let ctx = use_ctx();
    let flash = ctx.flash_for(&path);
    let count = flash.and_then(|f| f.value(&count_name).map(str::to_string)).unwrap_or(count);
    let unit = flash.and_then(|f| f.value(&unit_name).map(str::to_string)).unwrap_or(unit);
    let FieldParts { id, invalid, hint_id, error_id, described, error_text } = field_parts(&path, &name, hint);
    let unit_id = format!("{id}-unite");
    view! {
        <div class="field" class:field-invalid=invalid>
            <FieldHead id=id.clone() label=label required=required hint=hint hint_id=hint_id error_id=error_id error_text=error_text/>
            <div class="duration-inputs">
                <input
                    id=id
                    name=count_name
                    type="text"
                    inputmode="numeric"
                    class="short"
                    value=count
                    required=required
                    aria-invalid=invalid.then_some("true")
                    aria-describedby=described
                />
                <label for=unit_id.clone() class="visually-hidden">{i18n.t("field-duration-unit")}</label>
                <select id=unit_id name=unit_name>
                    {units
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == unit;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        </div>
    }
}

/// The map's style sheet and script, with the addresses of MapLibre the script loads on demand and the words
/// of MapLibre's own controls in the page's language.
#[component]
pub fn MapAssets() -> impl IntoView {
    let i18n = use_i18n();
    let words = [
        ("NavigationControl.ZoomIn", "map-zoom-in"),
        ("NavigationControl.ZoomOut", "map-zoom-out"),
        ("NavigationControl.ResetBearing", "map-reset-bearing"),
        ("Map.Title", "map-canvas"),
        ("Marker.Title", "map-marker"),
        ("Popup.Close", "map-popup-close"),
        ("CooperativeGesturesHandler.WindowsHelpText", "map-gestures-windows"),
        ("CooperativeGesturesHandler.MacHelpText", "map-gestures-mac"),
        ("CooperativeGesturesHandler.MobileHelpText", "map-gestures-mobile"),
    ];
    let locale: serde_json::Map<String, serde_json::Value> =
        words.iter().map(|(k, key)| (k.to_string(), serde_json::Value::String(i18n.t(key)))).collect();
    view! {
        <script src=paths::asset(paths::MAP_SCRIPT) data-lib=paths::asset(paths::MAPLIBRE) data-css=paths::asset(paths::MAP_STYLE)
            data-worker=paths::asset(paths::MAPLIBRE_WORKER) data-locale=serde_json::Value::Object(locale).to_string()></script>
    }
}

/// The header a script's post carries to be answered with an [`Outcome`] in JSON rather than a redirect (for
/// the town's own scripts; the pages post plainly and the server answers with the page).
pub const FETCH_HEADER: &str = "x-clairvoie-fetch";

/// The application state, inside a page's server function.
#[cfg(feature = "ssr")]
pub fn app_state() -> Result<crate::state::AppState, ServerFnError> {
    use_context::<crate::state::AppState>().ok_or_else(|| ServerFnError::new("no state"))
}

/// An internal error in a page's server function (`page` says which): logged with its detail, shown as the
/// generic message.
#[cfg(feature = "ssr")]
pub fn internal_error(page: &'static str, e: crate::error::AppError) -> ServerFnError {
    tracing::error!(error = %e, page, "page data");
    ServerFnError::new("internal")
}

/// A gated page's data: a refused or missing subject becomes "nothing to show" (the page answers 404; the gate
/// has already sent visitors to sign in and refused the wrong roles), anything else is an internal error.
#[cfg(feature = "ssr")]
pub fn hidden_as_none<T>(
    page: &'static str,
    result: Result<Option<T>, crate::error::AppError>,
) -> Result<Option<T>, ServerFnError> {
    use crate::error::AppError;
    match result {
        Ok(v) => Ok(v),
        Err(AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound) => Ok(None),
        Err(e) => Err(internal_error(page, e)),
    }
}

pub fn options<T: Copy>(
    i18n: I18n,
    all: &[T],
    code: fn(T) -> &'static str,
    key: fn(T) -> String,
    empty: Option<&str>,
) -> Vec<(String, String)> {
    empty
        .map(|e| (String::new(), i18n.t(e)))
        .into_iter()
        .chain(all.iter().map(|v| (code(*v).to_string(), i18n.t(&key(*v)))))
        .collect()
}

/// (value, label) pairs of a vocabulary for a list's filter, with an "all" first.
pub fn choices<T: Copy>(
    i18n: I18n,
    all: &[T],
    code: fn(T) -> &'static str,
    key: fn(T) -> String,
) -> Vec<(String, String)> {
    options(i18n, all, code, key, Some("filter-all"))
}

/// One select of a list's GET filter form (no flash: the URL holds the value).
#[component]
pub fn Filter(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("filtre-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.t(label)}</label>
            <select id=id name=name>
                {options.into_iter().map(|(v, t)| {
                    let is = v == selected;
                    view! { <option value=v selected=is>{t}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// "Previous page / Page N of M / Next page" under a list (`label`: the navigation's accessible name, a key).
#[component]
pub fn Pagination(
    label: &'static str,
    page: u32,
    pages: u32,
    prev: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pagination" aria-label=i18n.t(label)>
            <ul>
                {prev.map(|href| view! { <li><a href=href rel="prev">{i18n.t("pagination-previous")}</a></li> })}
                <li aria-current="page">{i18n.t_args("pagination-page", &[("page", page.to_string()), ("pages", pages.to_string())])}</li>
                {next.map(|href| view! { <li><a href=href rel="next">{i18n.t("pagination-next")}</a></li> })}
            </ul>
        </nav>
    }
}
