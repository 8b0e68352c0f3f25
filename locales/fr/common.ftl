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
legal-data = Votre compte contient votre adresse électronique, votre nom d'affichage, votre langue et, si vous l'indiquez, votre quartier. Vous pouvez télécharger ces données et supprimer votre compte à tout moment depuis « Mon compte ».
legal-cookies-title = Cookies
legal-cookies = Le site n'utilise que des cookies nécessaires à son fonctionnement : la session de connexion, la protection des formulaires et la langue choisie. Aucun cookie de mesure d'audience ni de publicité.

a11y-title = Déclaration d'accessibilité
a11y-commitment = La commune de { $town } s'engage à rendre ce service accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.
a11y-status-title = État de conformité
a11y-status = Ce service est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA) version 4.1 : aucun audit complet n'a encore été réalisé. Chaque page est vérifiée automatiquement (axe-core) à chaque modification.
a11y-gaps-title = Contenus non accessibles
a11y-gaps = La carte interactive des capteurs, quand elle sera publiée, sera doublée d'une liste équivalente.
a11y-contact-title = Retour d'information et contact
a11y-contact = Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez la mairie pour être orienté vers une alternative accessible. Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits.

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
error-rate-limited = Trop de tentatives de connexion. Réessayez dans 15 minutes.
error-csrf = Le formulaire a expiré. Vérifiez vos saisies et envoyez-le à nouveau.
