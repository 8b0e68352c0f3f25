//! OpenID Connect sign-in ("S'identifier avec …"): any provider the town configures (`CLAIRVOIE_OIDC`), by the
//! authorization code flow with PKCE, `state` and `nonce`, the ID token's signature checked against the
//! provider's published keys by the `openidconnect` crate. A town plugs in FranceConnect for residents — whose
//! identity claims are matched against the register (`eligibility`) — and its own directory for staff single
//! sign-on, whose groups may give roles (off by default).
//!
//! `rules` is pure; `queries` holds the SQL; `service` the flow; `handlers` the two addresses; `pages` the
//! buttons the sign-in and account pages show.

pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

/// The feature's addresses.
pub mod paths {
    use crate::route::Route;
    /// Starts a sign-in with a provider (post, from the sign-in page or "my account" to link).
    pub const START: Route<1> = Route::new("/compte/oidc/{provider}");
    /// Where the provider sends the browser back (the redirect URI registered with it).
    pub const RETURN: Route<1> = Route::new("/compte/oidc/{provider}/retour");
}
