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
legal-data = Your account holds your email address, your display name, your language and, if you give it, your district. You can download this data and delete your account at any time from "My account".
legal-cookies-title = Cookies
legal-cookies = The site only uses cookies it needs to work: the sign-in session, form protection and the chosen language. No audience measurement or advertising cookies.

a11y-title = Accessibility statement
a11y-commitment = The town of { $town } is committed to making this service accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005.
a11y-status-title = Compliance status
a11y-status = This service is partially compliant with the French accessibility framework (RGAA) version 4.1: no full audit has been carried out yet. Every page is checked automatically (axe-core) on every change.
a11y-gaps-title = Non-accessible content
a11y-gaps = The interactive sensor map, once published, will come with an equivalent list.
a11y-contact-title = Feedback and contact
a11y-contact = If you cannot access some content or service, contact the town hall to be directed to an accessible alternative. If you get no answer, you may refer the matter to the Défenseur des droits.

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
error-rate-limited = Too many sign-in attempts. Try again in 15 minutes.
error-csrf = The form expired. Check what you entered and send it again.
