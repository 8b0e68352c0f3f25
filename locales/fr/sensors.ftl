# Capteurs : registre, fiches, carte, données ouvertes.

technology-lighting-controller = Contrôleur d'éclairage public
technology-parking-occupancy = Capteur de stationnement
technology-waste-fill-level = Capteur de remplissage de conteneur
technology-bin-lift-weighing = Pesée embarquée des bacs
technology-utility-meter = Compteur d'eau ou d'énergie
technology-traffic-counter = Compteur de trafic
technology-bicycle-counter = Compteur de vélos
technology-air-quality = Station de qualité de l'air
technology-noise-level = Sonomètre
technology-weather = Station météo
technology-video-camera = Caméra vidéo
technology-footfall-counter = Compteur de passages Wi-Fi/Bluetooth
technology-lidar = LiDAR
technology-other = Autre capteur

domain-mobility = Mobilité
domain-parking = Stationnement
domain-public-lighting = Éclairage public
domain-energy = Énergie
domain-water = Eau
domain-waste = Déchets
domain-environment = Environnement
domain-safety = Sécurité
domain-other = Autre

network-lorawan = LoRaWAN
network-sigfox = Sigfox
network-nb-iot = NB-IoT / LTE-M
network-cellular = 4G / 5G
network-wifi = Wi-Fi
network-fibre = Fibre
network-other = Autre réseau

purpose-energy-saving = Économies d'énergie
purpose-traffic-management = Gestion du trafic
purpose-parking-guidance = Information sur le stationnement
purpose-waste-collection = Optimisation de la collecte des déchets
purpose-resource-monitoring = Suivi des consommations
purpose-air-quality-monitoring = Surveillance de la qualité de l'air
purpose-noise-monitoring = Mesure du bruit
purpose-weather-observation = Observation météorologique
purpose-public-safety = Sécurité publique
purpose-urban-planning = Aménagement urbain
purpose-maintenance = Maintenance des équipements
purpose-other = Autre finalité

personal-data-none = Aucune donnée personnelle
personal-data-pseudonymised = Données pseudonymisées
personal-data-personal = Données personnelles
personal-data-sensitive = Données personnelles sensibles

legal-basis-consent = Consentement
legal-basis-contract = Exécution d'un contrat
legal-basis-legal-obligation = Obligation légale
legal-basis-vital-interests = Sauvegarde des intérêts vitaux
legal-basis-public-task = Mission d'intérêt public
legal-basis-legitimate-interests = Intérêt légitime

operator-city = La commune
operator-delegated-operator = Un délégataire de service public
operator-third-party = Un tiers

hosting-on-premises = Dans les locaux de la commune
hosting-france = En France
hosting-eu = Dans l'Union européenne
hosting-outside-eu = Hors de l'Union européenne

status-planned = Prévu
status-in-consultation = En consultation
status-active = En service
status-suspended = Suspendu
status-removed = Retiré

value-type-number = Nombre
value-type-boolean = Oui / non
value-type-text = Texte

duration-none = aucune conservation
duration-years = { $n -> 
    [one] { $n } an
   *[other] { $n } ans
}
duration-months = { $n } mois
duration-weeks = { $n -> 
    [one] { $n } semaine
   *[other] { $n } semaines
}
duration-days = { $n -> 
    [one] { $n } jour
   *[other] { $n } jours
}
duration-hours = { $n -> 
    [one] { $n } heure
   *[other] { $n } heures
}
duration-minutes = { $n -> 
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-seconds = { $n -> 
    [one] { $n } seconde
   *[other] { $n } secondes
}
duration-and = et

error-choose-from-list = Choisissez une valeur dans la liste.
error-url = Indiquez une adresse web complète, commençant par https://.
error-date = Indiquez une date au format AAAA-MM-JJ, par exemple 2027-03-15.
error-retention = Indiquez une durée : un nombre entier et une unité, cent ans au plus (dans un fichier importé ou par l'API, une durée ISO 8601 comme P30D ou P1Y).
error-sensor-reference = La référence doit faire de 2 à 32 caractères : lettres majuscules, chiffres et tirets (par exemple PK-0042).
error-sensor-reference-taken = Un autre capteur porte déjà cette référence.
error-sensor-name = Le nom doit faire de 2 à 120 caractères.
error-sensor-purpose-text = Expliquez la finalité en une phrase d'au moins 10 caractères.
error-sensor-controller = Indiquez le responsable de traitement.
error-sensor-controller-contact = Indiquez comment joindre le responsable de traitement.
error-sensor-recipients = Indiquez qui reçoit les données.
error-sensor-zone = La zone doit être un polygone GeoJSON fermé d'au moins quatre points.
error-sensor-longitude = Indiquez une longitude entre -180 et 180, ou une zone pour un capteur mobile.
error-sensor-latitude = Indiquez une latitude entre -90 et 90, ou une zone pour un capteur mobile.
error-sensor-legal-basis-required = Un capteur qui traite des données personnelles doit indiquer sa base légale.
error-sensor-dpo-required = Un capteur qui traite des données personnelles doit indiquer le contact du délégué à la protection des données.
error-sensor-dpia-required = Des données sensibles exigent une analyse d'impact (AIPD) : indiquez son lien.
error-sensor-camera-personal = Une caméra ou un compteur de passages traite toujours des données personnelles.
error-sensor-operator-name = Indiquez le nom de l'exploitant.
error-sensor-hosting-provider = Indiquez le nom de l'hébergeur.
error-sensor-dates-order = La fin d'autorisation ne peut pas précéder la date d'installation.
error-sensor-installed-required = Un capteur en service doit indiquer sa date d'installation.
error-sensor-datastream-required = Décrivez au moins une mesure (flux de données).
error-datastream-name = Le nom du flux ne peut contenir que des lettres, chiffres, tirets et soulignés (64 au plus).
error-datastream-duplicate = Deux flux de ce capteur portent ce nom.
error-datastream-type-has-values = Ce flux contient déjà des mesures : son type de valeur ne peut plus changer. Créez un nouveau flux (un autre nom) pour l'autre type.
error-datastream-property = Indiquez ce qui est mesuré.
error-datastream-separator = Les caractères | et ; séparent les flux dans les fichiers du registre : écrivez-le sans eux.
error-datastream-unit = Indiquez l'unité UCUM d'une mesure numérique (par exemple ug/m3, dB, Cel).

## Champs de la fiche (formulaires, fiche publique, données ouvertes)
field-sensor-reference = Référence
field-sensor-name = Nom
field-sensor-technology = Type d'appareil
field-sensor-domain = Domaine
field-sensor-location = Emplacement
field-sensor-longitude = Longitude
field-sensor-latitude = Latitude
field-sensor-zone = Zone d'un capteur mobile (GeoJSON)
field-sensor-district = Quartier
field-sensor-network = Réseau de transmission
field-sensor-purpose = Finalité
field-sensor-purpose-text = Finalité expliquée
field-sensor-personal-data = Données personnelles
field-sensor-anonymisation = Anonymisation à la source
field-sensor-legal-basis = Base légale (RGPD, article 6)
field-sensor-controller = Responsable de traitement
field-sensor-controller-contact = Contact du responsable
field-sensor-operator-kind = Exploitant
field-sensor-operator-name = Nom de l'exploitant
field-sensor-dpo-contact = Délégué à la protection des données (DPO)
field-sensor-hosting = Hébergement des données
field-sensor-hosting-provider = Hébergeur
field-sensor-recipients = Destinataires des données
field-sensor-raw-retention = Conservation des mesures brutes
field-sensor-aggregate-retention = Conservation des agrégats
field-sensor-open-data-url = Lien vers les données ouvertes
field-sensor-dpia-url = Analyse d'impact (AIPD)
field-sensor-decision = Décision qui l'autorise
field-sensor-legal-reference = Obligation légale (référence)
hint-sensor-approval = Un capteur qui filme, compte les passants ou traite des données personnelles ne peut être mis en service qu'avec une décision adoptée de la commune, ou une obligation légale dont vous indiquez la référence.
hint-sensor-legal-reference = Par exemple : Code de la sécurité intérieure, art. L251-2 ; arrêté préfectoral n° 2024-117.
sensor-authorised-by = Autorisé par
sensor-authorised-law = obligation légale : { $reference }
error-sensor-approval = Ce capteur ne peut pas être mis en service sans autorisation : choisissez la décision adoptée qui l'autorise, ou indiquez l'obligation légale à laquelle il répond.
error-sensor-decision = Choisissez une décision publiée qui a adopté ce déploiement (adoptée, ou adoptée avec modifications).
error-sensor-legal-reference = La référence est trop longue (300 caractères au plus).
field-sensor-status = Statut
field-sensor-installed-on = Installé le
field-sensor-active-until = Autorisé jusqu'au
field-sensor-datastreams = Flux de mesures (nom|mesure|unité|type|conservation ; …)
field-datastream-name = Nom du flux
field-datastream-observed-property = Ce qui est mesuré
field-datastream-unit = Unité (UCUM)
field-datastream-value-type = Type de valeur
field-datastream-raw-retention = Conservation des valeurs brutes
field-position-from = Depuis
field-position-to = Jusqu'à

hint-sensor-reference = Imprimée sur le panneau, elle ne change plus : lettres majuscules, chiffres et tirets (PK-0042).
hint-sensor-point = Un capteur fixe : latitude et longitude en degrés décimaux (47.3941). Un capteur mobile : laissez vide et décrivez sa zone.
hint-sensor-zone = Un polygone GeoJSON, par exemple {"{"}"type":"Polygon","coordinates":[[[0.68,47.39],[0.70,47.39],[0.70,47.40],[0.68,47.39]]]{"}"}.
hint-sensor-purpose-text = En une ou deux phrases simples : à quoi sert ce capteur pour les habitants.
hint-sensor-anonymisation = Si les données sont anonymisées dans le capteur, expliquez comment.
hint-retention = Un nombre entier et une unité : 30 jours, 72 heures, 1 an.
field-duration-unit = Unité
unit-hours = heures
unit-days = jours
unit-weeks = semaines
unit-months = mois
unit-years = ans
hint-aggregate-retention = Moyennes et comptages ; laissez vide si aucun agrégat n'est gardé.
hint-datastream-name = Identifiant du flux pour la réception des mesures (REF/nom) : lettres, chiffres, - et _.
hint-datastream-unit = Code UCUM : ug/m3, dB, Cel, %, kW.h ; vide pour un oui/non ou un texte.

choose = — Choisir —
value-none = Aucun
value-none-f = Aucune
filter-all = Tous
filter-label = Filtrer les capteurs
filter-words = Mots du nom ou de la référence
filter-sort = Trier par
filter-submit = Filtrer
filter-reset = Tout afficher
sort-reference = Référence
sort-name = Nom
sort-updated = Dernière modification
form-required-explained = Les champs marqués « obligatoire » doivent être remplis.
footer-open-data = Données ouvertes

sensors-title = Capteurs dans l'espace public
sensors-lead = Chaque capteur installé dans l'espace public de { $town } : ce qu'il mesure, pourquoi, qui en est responsable, s'il touche des données personnelles et combien de temps ses données sont gardées.
sensors-open-data-link = Télécharger le registre (données ouvertes)
sensors-new = Ajouter un capteur
sensors-import = Importer un fichier
sensors-list-title = Liste des capteurs
sensors-count = { $count ->
    [0] Aucun capteur ne correspond à ces filtres.
    [one] 1 capteur correspond à ces filtres.
   *[other] { $shown } capteurs correspondent à ces filtres.
}
sensors-caption = Capteurs, page { $page } sur { $pages }

map-title = Carte des capteurs
map-hint = Chaque forme dit ce que le capteur fait des données personnelles. La carte interactive regroupe les capteurs proches en nombres : zoomez ou touchez un groupe pour les séparer, puis un point pour ouvrir sa fiche. La liste ci-dessous donne les mêmes informations.
map-skip = Passer la carte et aller à la liste
map-start = Ouvrir la carte interactive
map-preview-alt = { $count ->
    [0] Plan de la ville, sans capteur pour ces filtres. La liste ci-dessous le confirme.
    [one] Plan de la ville avec { $shown } capteur, décrit dans la liste ci-dessous.
   *[other] Plan de la ville avec { $shown } capteurs, décrits dans la liste ci-dessous.
}
map-open-sensor = Ouvrir la fiche
map-legend = Légende des formes : données personnelles
map-cluster = capteurs

sensor-summary-title = En bref
summary-what = Ce capteur ({ $technology }) mesure : { $measures }.
summary-personal-none = Aucune donnée personnelle n'est collectée.
summary-personal-pseudonymised = Il traite des données pseudonymisées (base légale : { $basis }).
summary-personal-personal = Il traite des données personnelles (base légale : { $basis }).
summary-personal-sensitive = Il traite des données personnelles sensibles (base légale : { $basis }).
summary-retention = Les mesures brutes sont conservées { $raw }, les agrégats { $aggregate }.
summary-retention-raw-only = Les mesures brutes sont conservées { $raw } ; aucun agrégat n'est gardé.
summary-operated-by-city = Responsable : { $controller }, qui l'exploite elle-même.
summary-operated-by = Responsable : { $controller } ; exploitant : { $operator }.
summary-status-planned = Il est prévu, pas encore installé.
summary-status-in-consultation = Son usage est soumis à la consultation des habitants avant toute installation.
summary-status-active = Il est en service.
summary-status-active-since = Il est en service depuis le { $date }.
summary-status-suspended = Il est suspendu : il ne transmet plus de données.
summary-status-removed = Il a été retiré.
sensor-notice-link = Panneau d'information à imprimer
sensor-json-link = Fiche en JSON
sensor-staff-title = Gestion
sensor-edit = Modifier la fiche
sensor-status-change = Nouveau statut
sensor-status-submit = Changer le statut
sensor-live-title = État et preuve d'effacement
sensor-live-none = Ce capteur n'a encore transmis aucune mesure à Clairvoie : il n'y a ni donnée reçue ni effacement à prouver.
sensor-record-title = Fiche complète
sensor-mobile-zone = Capteur mobile, dans la zone :
sensor-no-aggregates = Aucun agrégat n'est gardé
sensor-updated-at = Dernière modification
sensor-datastreams-title = Mesures
sensor-datastreams-caption = Flux de mesures de { $reference }
sensor-positions-title = Positions du capteur mobile
sensor-positions-none = Aucune position enregistrée.
sensor-position-now = aujourd'hui
sensor-position = Position
sensor-position-add = Enregistrer une position
sensor-position-submit = Enregistrer la position
sensor-history-title = Historique public des modifications
sensor-history-hint = Chaque modification de la fiche est gardée : quand, par quel rôle, quels champs, ancienne et nouvelle valeur.
history-actor-import = Import de fichier
history-created = fiche créée
history-changed = { $count ->
    [one] 1 champ modifié
   *[other] { $count } champs modifiés
}
history-field = Champ
history-old = Avant
history-new = Après
history-decision = décision n° { $id }

sensor-new-title = Ajouter un capteur
sensor-edit-title = Modifier le capteur { $reference }
sensor-reference-fixed = elle ne change pas, car elle est imprimée sur le panneau.
sensor-form-identity = Identification
sensor-form-location = Emplacement
sensor-form-purpose = Finalité
sensor-form-data = Données et droits
sensor-form-responsibility = Responsabilités
sensor-form-retention = Conservation et ouverture
sensor-form-datastream = Flux de mesures n° { $n } (laissez le nom vide pour l'ignorer)
sensor-create = Ajouter le capteur
sensor-save = Enregistrer les modifications
notice-sensor-created = Le capteur est ajouté au registre.
notice-sensor-saved = Les modifications sont enregistrées et visibles dans l'historique.
notice-sensor-status = Le statut est changé.
notice-position-added = La position est enregistrée.
error-position-fixed-sensor = Seul un capteur mobile (décrit par une zone) a des positions.

import-title = Importer des capteurs
import-lead = Ajoutez ou mettez à jour des capteurs depuis un fichier. Une référence déjà connue met à jour le capteur ; une nouvelle le crée. Chaque changement entre dans l'historique public.
import-csv = CSV (séparateur virgule ou point-virgule, UTF-8), une ligne par capteur, avec les colonnes des données ouvertes.
import-csv-example = Le registre actuel en CSV sert de modèle.
import-geojson = GeoJSON : une FeatureCollection dont chaque point (ou polygone pour un capteur mobile) porte les mêmes champs en propriétés.
import-all-or-nothing = Tout ou rien : si une seule ligne est fausse, rien n'est importé et chaque erreur est listée.
import-file = Fichier CSV ou GeoJSON
import-submit = Importer
import-progress = Import en cours, veuillez patienter…
import-errors-caption = { $count ->
    [one] 1 erreur, rien n'a été importé
   *[other] { $count } erreurs, rien n'a été importé
}
import-row = Ligne
import-field = Champ
import-problem = Problème
import-datastream = Flux
notice-import-done = Import terminé : { $created ->
        [one] { $created } capteur créé
       *[other] { $created } capteurs créés
    }, { $updated ->
        [one] { $updated } modifié
       *[other] { $updated } modifiés
    }, { $unchanged ->
        [one] { $unchanged } inchangé
       *[other] { $unchanged } inchangés
    }.
error-import-empty = Choisissez un fichier qui contient au moins un capteur.
error-import-too-big = Le fichier dépasse 16 Mo : découpez-le.
error-import-incomplete = Le fichier n'est pas arrivé en entier : rien n'a été importé. Envoyez-le à nouveau.
error-import-encoding = Le fichier doit être enregistré en UTF-8.
error-import-unreadable = Le fichier n'est ni un CSV avec une colonne « reference », ni une FeatureCollection GeoJSON.
error-import-rows = Des lignes du fichier sont fausses : rien n'a été importé. Corrigez les erreurs listées et recommencez.
error-import-duplicate-reference = Cette référence apparaît déjà plus haut dans le fichier.

notice-controller = Qui est responsable ?
notice-purpose = Pourquoi ce capteur ?
notice-data = Quelles données ?
notice-retention = Combien de temps ?
notice-rights = Vos droits
notice-rights-none = Ce capteur ne collecte aucune donnée personnelle. Pour toute question, écrivez au responsable.
notice-rights-personal = Vous pouvez accéder aux données vous concernant, les faire rectifier ou effacer, vous opposer au traitement ou le faire limiter, en écrivant au délégué à la protection des données : { $dpo }.
notice-complaint = Réclamation
notice-cnil = Vous pouvez adresser une réclamation à la CNIL (www.cnil.fr), 3 place de Fontenoy, 75007 Paris.
notice-more = En savoir plus
notice-more-text = Fiche complète, historique et données ouvertes sur le registre des capteurs de { $town } : scannez le code ou saisissez l'adresse ci-dessous.
notice-print-hint = Cette page s'imprime en A4 ou en A5 (menu Imprimer du navigateur).
notice-download-svg = Télécharger le panneau (SVG)
notice-qr-label = Code QR menant à { $url }

open-data-title = Données ouvertes du registre des capteurs
open-data-lead = Le registre est publié en données ouvertes, mis à jour à chaque modification, sans inscription.
open-data-endpoints = Points d'accès
open-data-geojson = tous les capteurs en GeoJSON (un point, ou un polygone pour un capteur mobile), avec tous les champs ci-dessous.
open-data-csv = les mêmes champs en CSV, une ligne par capteur.
open-data-record = la fiche complète d'un capteur en JSON.
open-data-parameters = Filtres
open-data-parameters-text = Les trois points d'accès acceptent les mêmes filtres que la liste, en paramètres d'adresse (par exemple ?domain=parking&personal_data=none, ou ?lat=47.3952&lon=0.6901&rayon=200 pour les capteurs fixes à moins de 200 m d'un point) :
open-data-fields = Champs
open-data-fields-caption = Noms des champs et leur sens
open-data-field-name = Nom
open-data-field-meaning = Sens
open-data-licence-title = Licence
open-data-licence = Réutilisation libre, y compris commerciale, en citant la source, sous

# MapLibre's own controls, in the page's language (ui::MapAssets).
map-zoom-in = Zoomer
map-zoom-out = Dézoomer
map-reset-bearing = Remettre le nord en haut
map-canvas = Carte
map-marker = Repère
map-popup-close = Fermer
map-gestures-windows = Maintenez Ctrl et utilisez la molette pour zoomer la carte
map-gestures-mac = Maintenez ⌘ et utilisez la molette pour zoomer la carte
map-gestures-mobile = Utilisez deux doigts pour déplacer la carte

filter-toggle = Filtres et tri
filter-toggle-active = { $count ->
        [one] Filtres et tri ({ $count } filtre appliqué)
       *[other] Filtres et tri ({ $count } filtres appliqués)
    }
addresses-title = Adresses de la ville
addresses-count = { $count ->
    [0] Aucune adresse n'est importée : la recherche par adresse est indisponible.
    [one] { $shown } adresse est importée.
   *[other] { $shown } adresses sont importées.
}
addresses-lead = Importez le fichier de la Base Adresse Nationale pour votre commune (adresses-<code INSEE>.csv, sur adresse.data.gouv.fr). Il remplace toutes les adresses d'un coup : un fichier avec une seule ligne fausse ne change rien. Les habitants cherchent alors les capteurs près d'une adresse, et chaque fiche de capteur nomme l'adresse la plus proche, sans service extérieur.
addresses-columns = Colonnes lues (séparées par des points-virgules) :
addresses-file = Fichier d'adresses (CSV de la BAN)
addresses-submit = Importer les adresses
addresses-errors-caption = { $count ->
    [one] Une ligne refusée ; aucune adresse n'a été changée
   *[other] { $count } lignes refusées ; aucune adresse n'a été changée
}
notice-addresses-imported = { $count ->
    [one] Une adresse importée.
   *[other] { $count } adresses importées.
}
error-addresses-lines = Le fichier a des lignes incorrectes, détaillées ci-dessous : rien n'a été importé.
error-addresses-incomplete = Le fichier n'est pas arrivé en entier (trop gros ou connexion coupée) : rien n'a été importé.
error-addresses-file-empty = Choisissez un fichier d'adresses.
error-addresses-encoding = Le fichier doit être en UTF-8, comme ceux de la BAN.
error-addresses-empty = Le fichier est vide.
error-addresses-column = Cette colonne manque dans la première ligne.
error-addresses-too-many = Le fichier a plus de 300 000 adresses.
error-addresses-id = Identifiant absent ou trop long.
error-addresses-duplicate = Cet identifiant figure déjà plus haut dans le fichier.
error-addresses-number = Le numéro doit être un nombre entier de 0 à 99 999.
error-addresses-street = Nom de voie absent ou trop long.
error-addresses-postcode = Le code postal doit avoir cinq chiffres.
error-addresses-city = Nom de commune absent ou trop long.
error-addresses-lon = La longitude doit être un nombre entre -180 et 180.
error-addresses-lat = La latitude doit être un nombre entre -90 et 90.
error-addresses-rep = L'indice de répétition doit être un mot ou une lettre (bis, ter, a…).
near-label = Capteurs près d'une adresse
near-address = Adresse
near-address-hint = Par exemple : 12 rue de la République. Les accents et les abréviations (r, av, bd) sont compris.
near-distance = Distance
near-metres = { $metres } m
near-submit = Chercher autour
near-me = Autour de moi
near-me-refused = Votre position n'est pas disponible : tapez plutôt une adresse.
near-found = Capteurs à moins de { $metres } m de « { $place } », les plus proches d'abord.
near-here = Capteurs à moins de { $metres } m de votre position, les plus proches d'abord.
near-clear = Voir tous les capteurs
near-several = Plusieurs rues correspondent à « { $typed } » : choisissez la vôtre.
near-not-found = Aucune adresse de la commune ne correspond à « { $typed } ». Vérifiez l'orthographe, ou tapez seulement le nom de la rue.
near-try-again = Corriger l'adresse
near-column = Distance
sensor-near-address = Près du { $address }
error-addresses-none = Le fichier n'a aucune adresse : il effacerait toutes celles de la commune.
error-addresses-too-many-streets = Le fichier nomme plus de 20 000 voies : ce n'est pas le fichier d'une seule commune.
