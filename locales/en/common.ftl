# Text shared by every page.

site-tagline = Sensors, participation and public decisions
skip-to-content = Skip to content
nav-main-label = Main navigation
nav-account-label = Account
nav-sensors = Sensors
nav-consultations = Consultations
nav-budgets = Participatory budgets
nav-decisions = Decisions
nav-sign-in = Sign in
nav-register = Create an account
nav-sign-out = Sign out
nav-my-account = My account
nav-admin = Administration
footer-legal = Legal notice
footer-accessibility = Accessibility: partially compliant
footer-free-software = Clairvoie is free software, hosted by the town.
loading = Loading…
yes = Yes
no = No

home-title = { $town }: what the town's sensors measure, and what you decide about them
home-lead = Clairvoie publishes every sensor installed in public space: what it measures, why, who is responsible and how long the data is kept. Here you give your opinion before they are installed and vote on the participatory budget.
home-sensors = The registry and map of every sensor in public space.
home-consultations = Give your opinion on planned uses before anything is deployed.
home-budgets = Propose projects and vote; winners are computed by public rules.
home-decisions = Official decisions, linked to what residents said.

legal-publisher = This site is published by the town of { $town }, controller of the data collected here.
legal-data-title = Personal data
legal-data = Your account holds your email address, your display name, your language and, if you give it, your district. You can download this data and delete your account at any time from “My account”. On deletion, these are erased: the address, name, password and district of the account, the text of your comments, your proposals not yet reviewed, your kiosk codes, your notifications and known devices. What remains, attached to an anonymous account number: your votes and ballots, because they are counted in published results (with the district declared when you voted, for results by district); your reviewed proposals and budget projects, without your name, because a public decision answered them; the audit log of your actions (numbers only), because it cannot be rewritten.
legal-cookies-title = Cookies
legal-cookies = The site only uses cookies it needs to work: the sign-in session, form protection, the chosen language and, on the town-hall kiosks only, the kiosk's credential. No audience measurement or advertising cookies.

a11y-title = Accessibility statement
a11y-commitment = The town of { $town } is committed to making this service accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005.
a11y-scope = This statement applies to the town's Clairvoie service: the public site, "My account", the staff screens and the kiosks in the town hall.
a11y-status-title = Compliance status
a11y-status = This service is partially compliant with the French accessibility framework (RGAA) version 4.1.2, because of the non-compliances and missing checks listed below.
a11y-results-title = Test results
a11y-results = No full RGAA audit has yet been carried out by an independent body, so the compliance rate is not measured yet. Every page the end-to-end tests go through (including the kiosk screens, at touch-screen size) is checked automatically with axe-core on every change to the software: no non-compliance found. Keyboard-only use and visible focus are checked on the voting journeys.
a11y-gaps-title = Non-accessible content
a11y-gaps-intro = Known non-compliances and limits:
a11y-gap-map = the interactive maps (sensors, projects, sensors near a kiosk) cannot be used with a keyboard or a screen reader; every map comes with an equivalent list on the same page;
a11y-gap-charts = the dashboard's charts are images described by a title; the table of figures beside them gives the same information;
a11y-gap-content = texts and documents published by residents or attached by the town's services (presentations, attachments) may not follow every rule;
a11y-gap-readers = screen readers (NVDA, VoiceOver, Orca) have not been tested systematically yet.
a11y-exempt-title = Exemptions and content not covered
a11y-exempt = No exemption for disproportionate burden is claimed. Basemaps provided by third parties are not covered by the accessibility obligation.
a11y-kiosk-title = Town-hall kiosks
a11y-kiosk = Kiosks have large touch targets (at least 48 pixels), stronger contrast, a language choice and can also be used with a keyboard. After a period without action, a message warns at least 30 seconds ahead and lets you extend the time with a single action; the desk staff can also help you.
a11y-established-title = Preparation of this statement
a11y-established = This statement was prepared on 1 December 2026.
a11y-tech = Technologies used: HTML5, CSS, SVG, JavaScript and WebAssembly (every form also works without JavaScript).
a11y-env = Test environment: Chromium (Debian) driven by Playwright, on a desktop screen and at a kiosk's touch-screen size; tools: axe-core, keyboard navigation.
a11y-contact-title = Feedback and contact
a11y-contact = If you cannot access some content or service, ask at the town-hall desk: the staff will direct you to an accessible alternative or help you take part (a voting code for the kiosk, a paper ballot).
a11y-remedy-title = Remedies
a11y-remedy = If you reported an accessibility defect that prevents you from accessing content or a service and did not get a satisfactory answer, you may refer the matter to the Défenseur des droits: through its online form, to its delegate in your region, or by free post, without a stamp, to Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

not-found-title = Page not found
not-found-body = The address you asked for does not exist, or no longer exists.
not-found-home = Back to the home page
forbidden-title = Access denied
forbidden-body = Your account does not have the rights needed to open this page.
sign-in-required-title = Sign-in required
sign-in-required-body = This page is for signed-in people only.
sign-in-required-link = Sign in to continue

form-error-title = The form contains errors
form-error-prefix = Error:
form-required = (required)

error-internal = Something went wrong on our side. Try again in a moment; if it persists, contact the town hall.
error-unauthenticated = Sign in to continue.
error-forbidden = Your account does not have the rights needed.
error-not-found = Not found.
error-rate-limited = Too many attempts from this device. Wait a moment before trying again (from a few seconds to 15 minutes).
error-csrf = The form expired. Check what you entered and send it again.
error-field-repeated = This field was sent more than once. Check it and send the form again.
error-field-missing = This field is missing from the form sent. Fill it in and send the form again.
error-form-unreadable = The form sent could not be read. Check what you entered and send it again.
pagination-label = Pages of the list
pagination-previous = Previous page
pagination-next = Next page
pagination-page = Page { $page } of { $pages }
