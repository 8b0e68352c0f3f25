# Textes communs à toutes les pages.

site-tagline = Capteurs, participation et décisions publiques
skip-to-content = Aller au contenu
nav-main-label = Navigation principale
nav-account-label = Compte
nav-sensors = Capteurs
nav-consultations = Consultations
nav-budgets = Budgets participatifs
nav-decisions = Décisions
nav-sign-in = Se connecter
nav-register = Créer un compte
nav-sign-out = Se déconnecter
nav-my-account = Mon compte
nav-admin = Administration
footer-legal = Mentions légales
footer-accessibility = Accessibilité : partiellement conforme
footer-free-software = Clairvoie est un logiciel libre, hébergé par la commune.
loading = Chargement…
yes = Oui
no = Non

home-title = { $town } : ce que mesurent les capteurs de la ville, et ce que vous en décidez
home-lead = Clairvoie publie chaque capteur installé dans l'espace public : ce qu'il mesure, pourquoi, qui en est responsable et combien de temps les données sont gardées. Vous y donnez votre avis avant leur installation et vous y votez le budget participatif.
home-sensors = Le registre et la carte de tous les capteurs de l'espace public.
home-consultations = Donnez votre avis sur les usages envisagés avant tout déploiement.
home-budgets = Proposez des projets et votez ; les lauréats sont calculés selon des règles publiques.
home-decisions = Les décisions officielles, reliées à ce que les habitants ont dit.

legal-publisher = Ce site est édité par la commune de { $town }, responsable de traitement des données qui y sont collectées.
legal-data-title = Données personnelles
legal-data = Votre compte contient votre adresse électronique, votre nom d'affichage, votre langue et, si vous l'indiquez, votre quartier. Vous pouvez télécharger ces données et supprimer votre compte à tout moment depuis « Mon compte ». À la suppression, sont effacés : l'adresse, le nom, le mot de passe, le quartier du compte, le texte de vos commentaires, vos propositions non examinées, vos codes de borne, vos notifications et appareils connus. Restent, rattachés à un numéro de compte anonyme : vos votes et bulletins, parce qu'ils sont comptés dans des résultats publiés (avec le quartier déclaré au moment du vote, pour les résultats par quartier) ; vos propositions déjà examinées et vos projets de budget, sans votre nom, parce qu'une décision publique y a répondu ; le journal d'audit de vos actions (numéros seulement), parce qu'il ne peut pas être réécrit.
legal-cookies-title = Cookies
legal-cookies = Le site n'utilise que des cookies nécessaires à son fonctionnement : la session de connexion, la protection des formulaires, la langue choisie et, sur les bornes de la mairie seulement, l'identifiant de la borne. Aucun cookie de mesure d'audience ni de publicité.

a11y-title = Déclaration d'accessibilité
a11y-commitment = La commune de { $town } s'engage à rendre ce service accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.
a11y-scope = Cette déclaration s'applique au service Clairvoie de la commune : le site public, l'espace « Mon compte », les écrans du personnel et les bornes installées en mairie.
a11y-status-title = État de conformité
a11y-status = Ce service est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA) version 4.1.2, en raison des non-conformités et des vérifications manquantes énumérées ci-dessous.
a11y-results-title = Résultats des tests
a11y-results = Aucun audit RGAA complet n'a encore été réalisé par un organisme indépendant : le taux de conformité n'est donc pas encore mesuré. Chaque page parcourue par les tests de bout en bout (dont les écrans de la borne, au format tactile) est contrôlée automatiquement avec axe-core à chaque modification du logiciel : aucune non-conformité détectée. L'utilisation au clavier seul et la visibilité du focus sont vérifiées sur les parcours de vote.
a11y-gaps-title = Contenus non accessibles
a11y-gaps-intro = Non-conformités et limites connues :
a11y-gap-map = les cartes interactives (capteurs, projets, capteurs proches d'une borne) ne sont pas utilisables au clavier ni au lecteur d'écran ; chaque carte est accompagnée d'une liste équivalente sur la même page ;
a11y-gap-charts = les graphiques du tableau de bord sont des images décrites par un titre ; le tableau de chiffres qui les accompagne donne la même information ;
a11y-gap-content = les textes et documents publiés par les habitant·es ou joints par les services (présentations, pièces jointes) peuvent ne pas respecter toutes les règles ;
a11y-gap-readers = les lecteurs d'écran (NVDA, VoiceOver, Orca) n'ont pas encore été testés de façon systématique.
a11y-exempt-title = Dérogations et contenus non soumis
a11y-exempt = Aucune dérogation pour charge disproportionnée n'est invoquée. Les fonds de carte fournis par des tiers ne sont pas soumis à l'obligation d'accessibilité.
a11y-kiosk-title = Bornes en mairie
a11y-kiosk = Les bornes offrent de grandes zones tactiles (au moins 48 pixels), un contraste renforcé, un choix de langue et s'utilisent aussi au clavier. Après une période sans action, un message prévient au moins 30 secondes à l'avance et permet de prolonger le temps d'un seul geste ; le personnel de l'accueil peut aussi vous accompagner.
a11y-established-title = Établissement de cette déclaration
a11y-established = Cette déclaration a été établie le 1er décembre 2026.
a11y-tech = Technologies utilisées : HTML5, CSS, SVG, JavaScript et WebAssembly (chaque formulaire fonctionne aussi sans JavaScript).
a11y-env = Environnement de test : Chromium (Debian) piloté par Playwright, sur écran de bureau et au format tactile d'une borne ; outils : axe-core, navigation au clavier.
a11y-contact-title = Retour d'information et contact
a11y-contact = Si vous n'arrivez pas à accéder à un contenu ou à un service, adressez-vous à l'accueil de la mairie : le personnel vous orientera vers une alternative accessible ou vous aidera à participer (code de vote pour la borne, bulletin papier).
a11y-remedy-title = Voies de recours
a11y-remedy = Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits : par son formulaire en ligne, auprès de son délégué dans votre région, ou par courrier gratuit, sans affranchissement, à l'adresse Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

not-found-title = Page introuvable
not-found-body = L'adresse demandée n'existe pas ou n'existe plus.
not-found-home = Revenir à l'accueil
forbidden-title = Accès refusé
forbidden-body = Votre compte n'a pas les droits nécessaires pour ouvrir cette page.
sign-in-required-title = Connexion requise
sign-in-required-body = Cette page est réservée aux personnes connectées.
sign-in-required-link = Se connecter pour continuer

form-error-title = Le formulaire contient des erreurs
form-error-prefix = Erreur :
form-required = (obligatoire)

error-internal = Une erreur est survenue de notre côté. Réessayez dans un instant ; si elle persiste, contactez la mairie.
error-unauthenticated = Connectez-vous pour continuer.
error-forbidden = Votre compte n'a pas les droits nécessaires.
error-not-found = Élément introuvable.
error-rate-limited = Trop de tentatives depuis cet appareil. Patientez un moment avant de réessayer (de quelques secondes à 15 minutes).
error-csrf = Le formulaire a expiré. Vérifiez vos saisies et envoyez-le à nouveau.
error-field-repeated = Ce champ a été envoyé plusieurs fois. Vérifiez-le et envoyez le formulaire à nouveau.
error-field-missing = Ce champ manque au formulaire envoyé. Remplissez-le et envoyez le formulaire à nouveau.
error-form-unreadable = Le formulaire envoyé n'a pas pu être lu. Vérifiez vos saisies et envoyez-le à nouveau.
pagination-label = Pages de la liste
pagination-previous = Page précédente
pagination-next = Page suivante
pagination-page = Page { $page } sur { $pages }
