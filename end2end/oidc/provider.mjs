// A real OpenID Connect provider for Clairvoie's tests: node-oidc-provider (the certified implementation), with
// a few test people and an interaction that signs in the person named by `login_hint` (the tests stand for the
// person typing a password at the provider). Two clients: `clairvoie-fc` (a FranceConnect-like provider:
// identity claims at the userinfo endpoint) and `clairvoie-staff` (a town directory with groups).
//
// Two people make the provider misbehave, as an attacker or a broken provider would: the token answer of
// `expired` carries an ID token re-signed with the provider's key but expired an hour ago, and that of `forged` an
// ID token signed with a key the provider never published.
//
//   node oidc/provider.mjs PORT CLAIRVOIE_PUBLIC_URL      prints "ready ISSUER" once listening
//
// Without `login_hint`, the provider shows a page asking the person's identifier (the end-to-end tests type it).
import Provider from 'oidc-provider';
import * as jose from 'jose';
import http from 'node:http';

const port = Number(process.argv[2] || 9310);
const clairvoie = (process.argv[3] || 'http://localhost').replace(/\/$/, '');
const keepAlive = process.argv[4] === '--no-stdin';
const issuer = `http://127.0.0.1:${port}`;

const key = await jose.generateKeyPair('RS256', { extractable: true });
const kid = 'clairvoie-test-key';
const publicJwk = { ...(await jose.exportJWK(key.privateKey)), kid, alg: 'RS256', use: 'sig' };
const forger = await jose.generateKeyPair('RS256', { extractable: true });

const people = {
  camille: { email: 'camille.lefevre@example.org', email_verified: true, given_name: 'Camille Anne', family_name: 'LEFÈVRE', birthdate: '1992-09-03' },
  theo: { email: 'theo.roux@example.org', email_verified: true, given_name: 'Théo', family_name: 'Roux', birthdate: '1988-01-21' },
  unverified: { email: 'habitant@demo.clairvoie.fr', email_verified: false, given_name: 'Hugo', family_name: 'Habitant', birthdate: '1985-06-15' },
  hugo: { email: 'habitant@demo.clairvoie.fr', email_verified: true, given_name: 'Hugo', family_name: 'Habitant', birthdate: '1985-06-15' },
  mayor: { email: 'admin@demo.clairvoie.fr', email_verified: true, given_name: 'Admin', family_name: 'Demo' },
  newunverified: { email: 'nouvelle@example.org', email_verified: false, given_name: 'Nina', family_name: 'Nouvelle' },
  stranger: { email: 'stranger@example.org', email_verified: true, given_name: 'Zoé', family_name: 'Inconnue', birthdate: '1970-01-01' },
  noemail: { given_name: 'Sans', family_name: 'Adresse' },
  alice: { email: 'alice.agent@mairie.example', email_verified: true, given_name: 'Alice', family_name: 'Agent', groups: ['mairie-moderation', 'autre'] },
  bob: { email: 'bob@mairie.example', email_verified: true, given_name: 'Bob', family_name: 'Ancien', groups: [] },
  expired: { email: 'expired@example.org', email_verified: true },
  forged: { email: 'forged@example.org', email_verified: true },
};

const client = (name, id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: [`${clairvoie}/compte/oidc/${name}/retour`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
});

const provider = new Provider(issuer, {
  clients: [client('fc', 'clairvoie-fc'), client('annuaire', 'clairvoie-staff')],
  jwks: { keys: [publicJwk] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name', 'birthdate'],
    groups: ['groups'],
  },
  // The directory puts its people's claims in the ID token; the FranceConnect-like client gets them at userinfo.
  conformIdTokenClaims: true,
  pkce: { required: () => true, methods: ['S256'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...person }; } };
  },
  ttl: { IdToken: 3600, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
});
provider.proxy = false;

// The misbehaving token answers.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body || !ctx.body.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const now = Math.floor(Date.now() / 1000);
  if (claims.sub === 'expired') {
    ctx.body.id_token = await new jose.SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: 'RS256', kid }).sign(key.privateKey);
  } else if (claims.sub === 'forged') {
    ctx.body.id_token = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(forger.privateKey);
  }
});

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  if (!req.url.startsWith('/interaction/')) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    let accountId = details.params.login_hint;
    if (!accountId && req.method === 'GET') {
      // The provider's own sign-in page, as a person in a browser sees it: their identifier, then "continue".
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fournisseur d'identité d'essai</title></head>
<body><main><h1>Fournisseur d'identité d'essai</h1><form method="post" action="/interaction/${details.uid}">
<label for="login">Identifiant</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Continuer</button></form></main></body></html>`);
    }
    if (!accountId) {
      let body = '';
      for await (const chunk of req) body += chunk;
      accountId = new URLSearchParams(body).get('login');
    }
    if (!people[accountId]) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end(`no test person ${accountId}`);
    }
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(e && e.stack || e));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
// The tests keep our standard input open while they run: its end (the test binary exiting) ends the provider.
if (!keepAlive) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
