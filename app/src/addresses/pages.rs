//! The address import's page: how many addresses the town has, where the file comes from, the form.

use super::paths::IMPORT;
use crate::access::Action;
use crate::format::integer;
use crate::i18n::use_i18n;
use crate::ui::gate::gate;
use crate::ui::{CsrfField, FormMessages, LineErrors};
use leptos::prelude::*;
use leptos_meta::Title;

/// How many addresses the town has.
#[server(endpoint = "addresses/count")]
pub async fn load_address_count() -> Result<i64, ServerFnError> {
    let state = crate::ui::app_state()?;
    let user = crate::ctx::load().user;
    crate::access::require(user.as_ref(), Action::ManageSensors).map_err(|_| ServerFnError::new("forbidden"))?;
    super::service::count(&state).await.map_err(|e| crate::ui::internal_error("addresses", e))
}

/// `/adresses/importer`: the registry's keepers replace the town's addresses with the BAN's file.
#[component]
pub fn AddressImportPage() -> impl IntoView {
    if let Some(gate) = gate(IMPORT.into(), Action::ManageSensors) {
        return gate;
    }
    let i18n = use_i18n();
    let lang = i18n.lang();
    let count = Resource::new(|| (), |_| load_address_count());
    view! {
        <Title text=i18n.t("addresses-title")/>
        <h1>{i18n.t("addresses-title")}</h1>
        <FormMessages path=IMPORT/>
        <LineErrors path=IMPORT caption="addresses-errors-caption"/>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let n = count.await.unwrap_or_default();
                view! { <p>{i18n.t_args("addresses-count", &[("count", n.to_string()), ("shown", integer(lang, n))])}</p> }
            })}
        </Suspense>
        <p>{i18n.t("addresses-lead")}</p>
        <p class="hint">{i18n.t("addresses-columns")} " " <code>"id;numero;rep;nom_voie;code_postal;nom_commune;lon;lat"</code></p>
        <form method="post" action=IMPORT enctype="multipart/form-data" class="form">
            <CsrfField/>
            <div class="field">
                <label for="champ-file">{i18n.t("addresses-file")}</label>
                <input id="champ-file" name="file" type="file" accept=".csv,text/csv" required/>
            </div>
            <button type="submit" class="button">{i18n.t("addresses-submit")}</button>
        </form>
    }
    .into_any()
}
