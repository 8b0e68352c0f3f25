// The accounts flow through a real browser: register → verify (link from the outbox) → sign out → sign in →
// role-gated page (opened signed out: sign-in form, then back) → sign out, in French and English with
// JavaScript, and in French without JavaScript.
// axe-core checks every page visited.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, lastLinkTo, markNoJavaScript, watchErrors } from './helpers';

const T = {
  fr: {
    register: 'Créer un compte',
    email: /^Adresse électronique/,
    name: /^Nom affiché/,
    password: /^Mot de passe/,
    confirm: /^Confirmez le mot de passe/,
    submitRegister: 'Créer mon compte',
    tooShort: 'Le mot de passe doit contenir au moins 12 caractères.',
    errorTitle: 'Le formulaire contient des erreurs',
    created: 'Votre compte est créé.',
    unverified: "n'est pas encore confirmée",
    confirmButton: 'Confirmer mon adresse',
    verified: 'Votre adresse est confirmée',
    signOut: 'Se déconnecter',
    signIn: 'Se connecter',
    signedOut: 'Vous êtes déconnecté·e.',
    hello: 'Bonjour',
    denied: 'Accès refusé',
    adminTitle: 'Comptes et rôles',
    liveHint: 'caractères sur 12 minimum',
  },
  en: {
    register: 'Create an account',
    email: /^Email address/,
    name: /^Display name/,
    password: /^Password/,
    confirm: /^Confirm the password/,
    submitRegister: 'Create my account',
    tooShort: 'The password must be at least 12 characters long.',
    errorTitle: 'The form contains errors',
    created: 'Your account is created.',
    unverified: 'is not confirmed yet',
    confirmButton: 'Confirm my address',
    verified: 'Your address is confirmed',
    signOut: 'Sign out',
    signIn: 'Sign in',
    signedOut: 'You are signed out.',
    hello: 'Hello',
    denied: 'Access denied',
    adminTitle: 'Accounts and roles',
    liveHint: 'characters of 12 minimum',
  },
};

const variants = [
  { lang: 'fr' as const, javaScript: true },
  { lang: 'en' as const, javaScript: true },
  { lang: 'fr' as const, javaScript: false },
];

for (const { lang, javaScript } of variants) {
  test.describe(`accounts in ${lang} ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test('register, verify, sign in, role-gated page, sign out', async ({ page }) => {
      const t = T[lang];
      const errors = watchErrors(page);
      if (!javaScript) markNoJavaScript(page);
      const email = `e2e-${lang}-${javaScript ? 'js' : 'nojs'}-${Date.now()}@example.org`;
      const password = 'cheval-agrafe-pile-nord';

      await page.goto('/');
      await hydrated(page, javaScript);
      await expectAccessible(page, 'home');
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        await expect(page.locator('html')).toHaveAttribute('lang', 'en');
        await hydrated(page, javaScript);
      }

      await page.getByRole('link', { name: t.register }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: t.register })).toBeVisible();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'registration form');

      // A password that is too short: the error summary and the field say why; the address is kept.
      await page.getByLabel(t.email).fill(email);
      await page.getByLabel(t.name).fill(`E2E ${lang}`);
      await page.getByLabel(t.password).fill('court');
      if (javaScript) {
        await expect(page.getByText(t.liveHint)).toBeVisible();
      }
      await page.getByLabel(t.confirm).fill('court');
      await page.getByRole('button', { name: t.submitRegister }).click();
      await expect(page.getByRole('alert')).toContainText(t.errorTitle);
      await expect(page.getByRole('alert')).toContainText(t.tooShort);
      await expect(page.getByLabel(t.email)).toHaveValue(email);
      await hydrated(page, javaScript);
      await expectAccessible(page, 'registration form with errors');

      await page.getByLabel(t.password).fill(password);
      await page.getByLabel(t.confirm).fill(password);
      await page.getByRole('button', { name: t.submitRegister }).click();
      await expect(page.getByRole('status')).toContainText(t.created);
      await expect(page.getByText(t.unverified)).toBeVisible();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'my account (unverified)');

      // The verification link from the mail.
      await page.goto(await lastLinkTo(email));
      await hydrated(page, javaScript);
      await expectAccessible(page, 'verification page');
      await page.getByRole('button', { name: t.confirmButton }).click();
      await expect(page.getByRole('status')).toContainText(t.verified);
      await hydrated(page, javaScript);

      await page.getByRole('button', { name: t.signOut }).click();
      await expect(page.getByRole('status')).toContainText(t.signedOut);
      await hydrated(page, javaScript);

      await page.getByRole('link', { name: t.signIn }).click();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'sign-in form');
      await page.getByLabel(t.email).fill(email);
      await page.getByLabel(t.password).fill(password);
      await page.getByRole('button', { name: t.signIn }).click();
      await hydrated(page, javaScript);

      // A resident is refused the administration (403), in the right language.
      const refused = await page.goto('/admin/utilisateurs');
      expect(refused?.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.denied);
      await hydrated(page, javaScript);
      await expectAccessible(page, 'access denied');
      await page.goto('/compte');
      await expect(page.getByText(`${t.hello} E2E ${lang}.`)).toBeVisible();
      await hydrated(page, javaScript);
      await page.getByRole('button', { name: t.signOut }).click();
      await expect(page.getByRole('status')).toContainText(t.signedOut);

      // The admin reaches it and sees the new account. The admin's account is in French, and an account's
      // language wins over the switcher's cookie once signed in.
      // Opened signed out, the page sends to the sign-in form (a 302 from the server, with or without
      // JavaScript), which brings the admin back to it.
      await page.goto('/admin/utilisateurs');
      await expect(page).toHaveURL(/\/compte\/connexion\?suite=\/admin\/utilisateurs$/);
      await page.getByLabel(t.email).fill('admin@demo.clairvoie.fr');
      await page.getByLabel(t.password).fill('demo-admin-clairvoie');
      await page.getByRole('button', { name: t.signIn }).click();
      await expect(page).toHaveURL(/\/admin\/utilisateurs$/);
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(T.fr.adminTitle);
      await expect(page.getByRole('cell', { name: email })).toBeVisible();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'administration of accounts');
      if (javaScript) {
        // Following links with JavaScript on: each page comes whole from the server (only islands run in the
        // browser), focus and history as a browser keeps them.
        await page.getByRole('link', { name: 'Saint-Clair-sur-Loire' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toContainText('Saint-Clair-sur-Loire');
        await page.getByRole('banner').getByRole('link', { name: 'Administration' }).click();
        await expect(page.getByRole('cell', { name: email })).toBeVisible();
      }
      await page.getByRole('button', { name: T.fr.signOut }).click();
      // Signed out, the visitor's own choice (the switcher's cookie) applies again.
      await expect(page.getByRole('status')).toContainText(t.signedOut);

      expect(errors, 'browser errors').toEqual([]);
    });
  });
}

test('unknown pages get a translated 404 page', async ({ page }) => {
  const response = await page.goto('/cette/page/nexiste/pas');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  await expectAccessible(page, '404 page');
});

test('legal and accessibility pages are reachable from the footer', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Accessibilité/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Déclaration d'accessibilité");
  await expectAccessible(page, 'accessibility statement');
  await page.getByRole('link', { name: 'Mentions légales' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mentions légales');
  await expectAccessible(page, 'legal notice');
  // The ecodesign self-assessment quotes this build's own sizes (from the manifest the build wrote).
  await page.getByRole('contentinfo').getByRole('link', { name: 'Écoconception' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Écoconception du service');
  const bundle = page.getByText(/Le code exécuté dans le navigateur pèse \d+ Ko une fois compressé/);
  await expect(bundle).toBeVisible();
  const kb = Number((await bundle.textContent())!.match(/pèse (\d+) Ko/)![1]);
  expect(kb).toBeGreaterThan(20);
  expect(kb).toBeLessThanOrEqual(350);
  await expect(page.getByText('taille non mesurée')).toHaveCount(0);
  await expectAccessible(page, 'ecodesign self-assessment');
});
