-- OpenID Connect sign-in (app/src/oidc): the accounts a provider's subject signs in to. One subject of one
-- provider is one account; an account may be linked to several providers. Erased with the account.
CREATE TABLE oidc_identities (
    id         INTEGER PRIMARY KEY,
    provider   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at  INTEGER NOT NULL,
    last_used  INTEGER NOT NULL,
    UNIQUE (provider, subject),
    UNIQUE (provider, user_id)
);
