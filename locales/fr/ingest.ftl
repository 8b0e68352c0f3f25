## Ingestion: errors of the device API (sent as "message" in JSON answers)

ingest-error-not-array = Le corps doit être un tableau JSON de mesures.
ingest-error-too-many-rows = Trop de lignes : 10 000 au plus par requête.
ingest-error-datastream = Flux de données absent ou mal formé (attendu : « RÉFÉRENCE/nom »).
ingest-error-time = Date de mesure absente ou illisible (attendu : RFC 3339, par ex. 2026-11-20T08:15:02Z).
ingest-error-value = Valeur absente ou invalide (nombre fini, booléen ou texte).
ingest-error-no-decoded-payload = Le message ne contient pas de valeurs décodées : configurez un décodeur (codec) pour cet appareil sur le serveur réseau ; rien n'a été enregistré.
ingest-error-dev-eui = Identifiant d'appareil LoRaWAN (DevEUI) absent.
ingest-error-not-uplink = Ce message n'est pas une remontée de mesures (uplink).
ingest-error-event = Type d'événement ChirpStack inconnu (paramètre « event »).
ingest-error-components = Les composantes doivent comprendre « phenomenonTime » et « result ».
ingest-error-too-large = Requête trop volumineuse : 4 Mo au plus.
ingest-error-body = Le corps de la requête n'a pas pu être lu.
ingest-error-json = JSON mal formé.
ingest-proof-withheld = Ce capteur traite des données personnelles : seule sa conformité est publiée (durée déclarée, dernier passage de l'effacement, conforme ou non), pas quand il mesure ni combien de données il détient, qui renseigneraient sur les personnes mesurées.
ingest-error-dev-eui-topic = L'identifiant DevEUI du message n'est pas celui du sujet MQTT sur lequel il est publié.
ingest-refused-type = Le type de la valeur ne correspond pas à celui du flux de données.
ingest-refused-future = Mesure datée de plus de 5 minutes dans le futur.
ingest-refused-retention = Mesure plus ancienne que la durée de conservation déclarée : elle devrait déjà être effacée.
ingest-refused-unknown-datastream = Ce capteur ne déclare pas ce flux de données.
ingest-refused-inactive = Ce capteur n'est pas en service : il ne collecte pas de données.
ingest-refused-all-or-nothing = Non enregistrée : une autre ligne de ce lot « tout ou rien » a été refusée.
ingest-forbidden-integration-kind = Ce secret appartient à une intégration d'un autre type de serveur réseau.
ingest-forbidden-unknown-device = Aucun capteur du registre ne porte ce DevEUI.
ingest-forbidden-scope = Ce jeton ne vaut que pour les flux de données de son capteur.
ingest-unauthorized = Identifiant absent, inconnu ou révoqué (en-tête Authorization: Bearer …).
ingest-not-found = Capteur inconnu.
ingest-rate-limited = Trop de requêtes pour cet identifiant : réessayez après le délai indiqué (Retry-After).
ingest-internal = Erreur interne : rien n'a été enregistré, réessayez plus tard.
ingest-unavailable = La base de données est injoignable pour l'instant : rien n'a été enregistré, renvoyez dans un moment.

## Sensor page: status and proof of deletion

ingest-age-minutes = { $n } min
ingest-age-hours = { $n } h
ingest-age-days = { $n } jours
ingest-live-receiving = Reçoit des données — dernière mesure il y a { $age }.
ingest-live-silent = Silencieux depuis { $age }.
ingest-compliant-yes = conforme
ingest-compliant-no = non conforme
ingest-proof-intro = Chaque mesure est effacée lorsque sa durée de conservation est écoulée ; le registre ci-dessous le prouve. État :
ingest-proof-caption = Données conservées et effacées, par flux
ingest-col-datastream = Flux
ingest-col-last = Dernière mesure
ingest-col-retention = Conservation déclarée
ingest-col-oldest = Plus ancienne donnée conservée
ingest-col-held = Mesures conservées
ingest-col-purge = Dernier passage de l'effacement
ingest-col-purged = Effacées (30 derniers jours)
ingest-col-compliant = Conformité
ingest-aggregate-retention = Les moyennes horaires sont conservées { $duration }.
ingest-ledger-caption = Registre des effacements (derniers passages)
ingest-ledger-run = Passage
ingest-ledger-rows = Mesures effacées
ingest-ledger-hours = Moyennes horaires effacées
ingest-ledger-reason = Motif
ingest-ledger-retention = durée de conservation écoulée
ingest-ledger-removed = flux de données supprimé
ingest-proof-json = Preuve d'effacement au format JSON

## Staff: connection of a sensor

ingest-connection-link = Raccordement (jetons, LoRaWAN)
ingest-connection-title = Raccordement du capteur { $reference }
ingest-secret-title = Nouveau secret
ingest-secret-once = Copiez-le maintenant dans l'appareil ou le serveur réseau : il ne sera plus jamais affiché (seule son empreinte est conservée).
ingest-tokens-title = Jetons de l'appareil
ingest-tokens-intro = Un jeton permet à cet appareil, et à lui seul, d'envoyer ses mesures (en-tête Authorization: Bearer …). Révoquez un jeton perdu ; remplacez-les tous en cas de doute.
ingest-tokens-caption = Jetons de ce capteur
ingest-token-col-hint = Début
ingest-token-col-created = Créé
ingest-token-col-used = Dernière utilisation
ingest-token-col-state = État
ingest-token-col-action = Action
ingest-token-active = actif
ingest-token-revoked-on = révoqué le { $date }
ingest-token-never = jamais
ingest-token-revoke = Révoquer le jeton { $hint }…
ingest-token-new = Créer un jeton
ingest-token-rotate = Remplacer tous les jetons
ingest-lorawan-title = Appareil LoRaWAN
ingest-lorawan-intro = Si ce capteur passe par un serveur réseau LoRaWAN (The Things Stack, ChirpStack), indiquez son DevEUI : ses remontées lui seront attribuées.
ingest-dev-eui = DevEUI
ingest-dev-eui-hint = 16 chiffres hexadécimaux, par ex. 70B3D57ED005A1C2 ; laissez vide s'il n'y en a pas.
ingest-dev-eui-save = Enregistrer le DevEUI
error-dev-eui-format = Le DevEUI doit compter 16 chiffres hexadécimaux.
error-dev-eui-taken = Un autre capteur porte déjà ce DevEUI.
notice-token-issued = Jeton créé.
notice-token-revoked = Jeton révoqué : il est refusé dès maintenant.
notice-dev-eui-saved = DevEUI enregistré.

## Staff: LoRaWAN integrations

ingest-integrations-title = Intégrations LoRaWAN
ingest-integrations-intro = Chaque serveur réseau (The Things Stack, ChirpStack) envoie ses remontées avec son propre secret dans l'en-tête Authorization: Bearer …. Seuls les appareils dont le DevEUI est inscrit au registre sont acceptés.
ingest-integrations-none = Aucune intégration pour l'instant.
ingest-integrations-caption = Intégrations
ingest-integration-new = Nouvelle intégration
ingest-integration-kind = Serveur réseau
ingest-integration-name = Nom
ingest-integration-create = Créer l'intégration
ingest-integration-revoke = Révoquer { $name }
error-integration-kind = Choisissez The Things Stack ou ChirpStack.
error-integration-name = Donnez un nom de 1 à 80 caractères.
error-integration-name-taken = Une intégration porte déjà ce nom.
notice-integration-created = Intégration créée.
notice-integration-revoked = Intégration révoquée : ses remontées sont refusées dès maintenant.

## SensorThings API query options

sta-error-top = $top doit être un entier de 0 à 1000.
sta-error-skip = $skip doit être un entier de 0 à 1 000 000 000.
sta-error-orderby = Seul $orderby=phenomenonTime asc ou desc est possible.
sta-error-filter = Seuls des filtres sur phenomenonTime (ge, gt, le, lt, eq et une date RFC 3339, reliés par « and ») sont possibles.

## MQTT bridge

ingest-mqtt-off = Pont MQTT : non configuré (variable MQTT_URL).
ingest-mqtt-on = Pont MQTT abonné à { $topics } : { $received } messages reçus depuis le démarrage, dont { $failed } refusés en entier (consignés dans le journal) ; { $accepted } mesures enregistrées, { $rejected } lignes refusées.

## Public chart of recent values

ingest-chart-caption = { $name } ({ $unit }) : moyennes horaires des { $days } derniers jours
ingest-chart-range = De { $low } à { $high } { $unit } sur la période.
ingest-chart-table = Voir les valeurs
ingest-chart-hour = Heure
ingest-chart-mean = Moyenne
ingest-chart-min = Minimum
ingest-chart-max = Maximum

## Staff: retention alarms

ingest-alarms-title = Conformité de la conservation
ingest-alarms-intro = Les flux de données qui gardent des mesures plus anciennes que leur durée de conservation déclarée (au-delà d'une heure de marge pour la tâche d'effacement). Une ligne ici signale un effacement en panne ou une durée modifiée : à corriger sans attendre.
ingest-alarms-none = Aucune alarme : toutes les mesures conservées respectent les durées déclarées.
ingest-alarms-caption = Flux de données en dépassement
ingest-alarms-sensor = Capteur
