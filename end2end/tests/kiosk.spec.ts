// A town-hall kiosk in a real browser at touch-screen size: an admin registers it and pairs the kiosk's browser;
// the desk checks a resident without email and hands out a one-time code; on the kiosk the resident votes, the
// idle warning counts down and can be extended (by touch and with Escape), then the kiosk resets itself: the
// next person finds nothing of the last one's and cannot reuse the code (typed with the keyboard alone). Touch
// targets are at least 48 px; axe-core checks every kiosk screen, the idle dialog, the desk and the admins' page.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, watchErrors } from './helpers';

const CODE = /[A-Z2-9]{4}-[A-Z2-9]{4}/;

async function signIn(page: Page, email: string, password: string, next: string) {
  await page.goto(`/compte/connexion?suite=${encodeURIComponent(next)}`);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Every visible link, button and field of the kiosk's page is at least 48 × 48 px (or 48 px high for text). */
async function expectBigTargets(page: Page, what: string) {
  const small = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('.kiosk a, .kiosk button, .kiosk input, .kiosk select'))) {
      const r = (el as HTMLElement).getBoundingClientRect();
      const style = getComputedStyle(el as HTMLElement);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || (el as HTMLInputElement).type === 'hidden') continue;
      if (el.classList.contains('skip-link') || el.closest('dialog:not([open])') || el.closest('.maplibregl-map')) continue;
      if (r.height < 48 || r.width < 48) out.push(`${el.tagName} "${(el.textContent || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
  expect(small, `targets under 48 px on ${what}`).toEqual([]);
}

test('pair a kiosk, vote with a desk code, the idle reset clears the visit', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;

  // The admin registers the kiosk and gets its pairing code.
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await signIn(admin, 'admin@demo.clairvoie.fr', 'demo-admin-clairvoie', '/admin/bornes');
  await expect(admin.getByRole('heading', { level: 1, name: 'Bornes' })).toBeVisible();
  await expectAccessible(admin, 'kiosks (admin)');
  await admin.getByLabel(/^Nom/).fill('Borne du hall');
  await admin.getByLabel(/^Lieu/).fill('Mairie annexe — hall');
  await admin.getByLabel(/^Latitude/).fill('47.395');
  await admin.getByLabel(/^Longitude/).fill('0.69');
  await admin.getByLabel(/^Délai d'inactivité/).fill('120');
  await admin.getByRole('button', { name: 'Enregistrer et obtenir un code' }).click();
  const created = admin.getByRole('status').filter({ hasText: "Code d'appairage" });
  await expect(created).toContainText('Borne « Borne du hall » enregistrée');
  const pairing = (await created.textContent())!.match(CODE)![0];
  await expectAccessible(admin, 'kiosks with one registered');

  // The kiosk's browser: a touch screen, fake timers to drive the idle time.
  const kioskContext = await browser.newContext({ baseURL, viewport: { width: 800, height: 1280 }, hasTouch: true, isMobile: true });
  const kiosk = await kioskContext.newPage();
  const errors = watchErrors(kiosk);
  await kiosk.clock.install();
  await kiosk.goto('/borne');
  await expect(kiosk.getByRole('heading', { level: 1, name: "Cette borne n'est pas appairée" })).toBeVisible();
  await kiosk.getByRole('link', { name: 'Appairer cette borne' }).tap();
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Appairer cette borne' })).toBeVisible();
  await hydrated(kiosk, true);
  await expectAccessible(kiosk, 'pairing page');
  await kiosk.getByLabel(/^Code d'appairage/).fill(pairing.toLowerCase());
  await kiosk.getByRole('button', { name: 'Appairer' }).tap();
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bienvenue — Mairie annexe — hall' })).toBeVisible();
  await hydrated(kiosk, true);
  await expect(kiosk.getByRole('link', { name: /Mon compte|Se connecter/ })).toHaveCount(0);
  await expect(kiosk.getByRole('heading', { name: "Capteurs près d'ici" })).toBeVisible();
  await expect(kiosk.locator('.kiosk-list').last().getByRole('listitem').first()).toContainText(' m');
  await expectAccessible(kiosk, 'kiosk home');
  await expectBigTargets(kiosk, 'kiosk home');
  // The fr/en switch.
  await kiosk.getByRole('button', { name: 'English' }).tap();
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Welcome — Mairie annexe — hall' })).toBeVisible();
  await kiosk.getByRole('button', { name: 'Français' }).tap();
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bienvenue — Mairie annexe — hall' })).toBeVisible();

  // At the desk: a resident without email, identity checked; a code.
  const deskContext = await browser.newContext({ baseURL });
  const desk = await deskContext.newPage();
  await signIn(desk, 'accueil@demo.clairvoie.fr', 'demo-accueil-clairvoie', '/guichet');
  await expect(desk.getByRole('heading', { level: 1, name: /participation accompagnée/ })).toBeVisible();
  await expectAccessible(desk, 'desk');
  await desk.getByLabel(/^Prénom et nom/).fill('Jeanne Borne');
  await desk.getByLabel(/^Date de naissance/).fill('1948-05-12');
  await desk.locator('form').filter({ has: desk.getByLabel(/^Prénom et nom/) }).getByRole('button', { name: 'Remettre un code' }).click();
  const issued = desk.getByRole('status');
  await expect(issued).toContainText('Fiche créée. Code pour Jeanne Borne');
  const code = (await issued.textContent())!.match(CODE)![0];
  await desk.getByLabel('Canal').selectOption({ label: 'Borne en mairie' });
  await desk.getByLabel("Type d'aide").selectOption({ label: "Manipulation de l'écran" });
  await desk.getByRole('button', { name: "Enregistrer l'aide" }).click();
  await expect(desk.getByRole('status')).toContainText('Aide enregistrée');
  await expectAccessible(desk, 'desk after issuing');

  // The demo's open consultation is for verified residents: the agent, who saw Jeanne's identity document and a
  // proof of address, verifies her residence (she is not on the register: the district of the proof).
  await desk.getByRole('link', { name: 'Vérifier une résidence' }).click();
  await expect(desk.getByRole('heading', { level: 1, name: 'Vérifier une résidence' })).toBeVisible();
  await hydrated(desk, true);
  await expectAccessible(desk, 'desk residence check');
  await desk.getByLabel(/^Nom de famille/).fill('Borne');
  await desk.getByLabel(/^Prénoms/).fill('Jeanne');
  await desk.getByLabel(/^Date de naissance/).fill('12/05/1948');
  await desk.getByLabel(/^Code postal/).fill('37990');
  await desk.getByRole('button', { name: 'Vérifier la résidence' }).click();
  await expect(desk.getByRole('alert')).toContainText('choisissez son quartier');
  await desk.getByLabel('Quartier (justificatif de domicile)').selectOption({ label: 'Centre-ville' });
  await desk.getByRole('button', { name: 'Vérifier la résidence' }).click();
  await expect(desk.getByRole('status')).toContainText('Vérification de Jeanne Borne enregistrée');
  await expect(desk.getByText('Enregistrée par vous : un autre agent doit la confirmer.')).toBeVisible();
  await expectAccessible(desk, 'desk residence checked');
  // No one makes a verified voter alone: a second staff member, who also saw the document, confirms.
  await admin.goto('/guichet/residence');
  await admin.locator('li').filter({ hasText: 'Jeanne Borne' }).getByRole('button', { name: "Confirmer (j'ai vu la pièce d'identité)" }).click();
  await expect(admin.getByRole('status')).toContainText('Vérification confirmée');
  await expectAccessible(admin, 'desk check confirmed');

  // On the kiosk: the code, typed; a vote in one touch, recorded as a kiosk vote.
  await kiosk.getByLabel(/^Code remis à l'accueil/).fill(code.replace('-', ' '));
  await kiosk.getByRole('button', { name: 'Valider le code' }).tap();
  await expect(kiosk.getByRole('heading', { name: 'Bonjour Jeanne Borne' })).toBeVisible();
  await hydrated(kiosk, true);
  await expectAccessible(kiosk, 'kiosk home during a visit');
  await kiosk.getByRole('link', { name: 'Capteurs de bruit place du Marché' }).tap();
  await expect(kiosk.getByRole('group', { name: /\?/ })).toBeVisible();
  const votePath = new URL(kiosk.url()).pathname;
  expect(votePath).toMatch(/^\/borne\/consultations\//);
  await expectAccessible(kiosk, 'kiosk vote');
  await expectBigTargets(kiosk, 'kiosk vote');
  await kiosk.getByRole('button', { name: 'Pour', exact: true }).tap();
  // A touch chooses; the answer is shown marked and a second touch confirms it.
  await expect(kiosk.getByRole('heading', { name: 'Vérifiez votre choix' })).toBeVisible();
  await expect(kiosk.getByRole('button', { name: 'Pour (votre choix)' })).toHaveAttribute('aria-pressed', 'true');
  await expect(kiosk.getByRole('button', { name: 'Contre', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expectAccessible(kiosk, 'kiosk vote confirmation');
  await expectBigTargets(kiosk, 'kiosk vote confirmation');
  await kiosk.getByRole('button', { name: 'Confirmer mon vote : Pour' }).tap();
  await expect(kiosk.getByRole('status').filter({ hasText: 'Votre vote est enregistré' })).toBeVisible();
  // The date in words, in the town's time.
  await expect(kiosk.getByText(/Vous avez déjà voté le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d/)).toBeVisible();
  // When and how, never what: the kiosk does not show the vote's content.
  await expect(kiosk.getByText(/Vous avez déjà voté le .* \(Borne en mairie\)/)).toBeVisible();
  await expect(kiosk.getByText(/déjà voté : Pour/)).toHaveCount(0);
  await hydrated(kiosk, true);

  // Idle: the warning after 90 s (120 s − 30 s of countdown), focus on "Continuer"; touch extends, Escape too.
  // (The fake clock also flows on its own: a long idle time keeps the test's own pace from opening it early.)
  const dialog = kiosk.getByRole('dialog', { name: 'Êtes-vous toujours là ?' });
  await kiosk.clock.runFor(91_000);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Continuer' })).toBeFocused();
  await expect(kiosk.locator('#borne-decompte')).toHaveText(/^(29|30)$/);
  await expectAccessible(kiosk, 'idle warning');
  await dialog.getByRole('button', { name: 'Continuer' }).tap();
  await expect(dialog).toBeHidden();
  await kiosk.clock.runFor(91_000);
  await expect(dialog).toBeVisible();
  await kiosk.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(kiosk.getByText(/Vous avez déjà voté le .* \(Borne en mairie\)/)).toBeVisible();
  // Then nobody: the countdown runs out and the kiosk resets itself.
  await kiosk.clock.runFor(91_000);
  await expect(dialog).toBeVisible();
  await kiosk.clock.runFor(31_000);
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bienvenue — Mairie annexe — hall' })).toBeVisible();
  await expect(kiosk.getByRole('status')).toContainText('La borne est prête pour la personne suivante');
  await expect(kiosk.getByText('Jeanne')).toHaveCount(0);
  await expect(kiosk.getByLabel(/^Code remis à l'accueil/)).toHaveValue('');

  // The next person: no trace of Jeanne's visit, her vote not reachable, her code spent.
  await kiosk.goBack();
  await expect(kiosk.getByText('Jeanne')).toHaveCount(0);
  await kiosk.goto(votePath);
  await expect(kiosk.getByText('Vous avez déjà voté')).toHaveCount(0);
  await expect(kiosk.getByRole('button', { name: 'Pour', exact: true })).toHaveCount(0);
  await expect(kiosk.getByText('demandez un code')).toBeVisible();
  await kiosk.getByRole('link', { name: 'Voter avec un code' }).tap();
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bienvenue — Mairie annexe — hall' })).toBeVisible();
  await hydrated(kiosk, true);
  // With the keyboard alone: Tab from the top of the page reaches the code field, Enter sends it.
  await kiosk.locator('body').focus();
  const field = kiosk.getByLabel(/^Code remis à l'accueil/);
  for (let i = 0; i < 25 && !(await field.evaluate((el) => el === document.activeElement)); i++) {
    await kiosk.keyboard.press('Tab');
  }
  await expect(field).toBeFocused();
  await kiosk.keyboard.type(code);
  await kiosk.keyboard.press('Enter');
  await expect(kiosk.getByRole('alert')).toContainText("Ce code n'est pas valable");
  await expectAccessible(kiosk, 'kiosk home with a refused code');
  expect(errors).toEqual([]);

  // The admins see it paired and active; they revoke it and the kiosk is no longer one.
  await admin.goto('/admin/bornes');
  await expect(admin.getByRole('row', { name: /Borne du hall/ })).toContainText('appairée');
  await admin.getByRole('button', { name: 'Révoquer Borne du hall' }).click();
  await expect(admin.getByRole('status')).toContainText('Borne révoquée');
  await kiosk.goto('/borne');
  await expect(kiosk.getByRole('heading', { level: 1, name: "Cette borne n'est pas appairée" })).toBeVisible();

  await Promise.all([adminContext.close(), kioskContext.close(), deskContext.close()]);
});
