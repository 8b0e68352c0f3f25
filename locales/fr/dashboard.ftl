# Tableau de bord des élus (gouvernance) : des comptes, jamais une personne.
nav-dashboard = Tableau de bord
dashboard-title = Tableau de bord
dashboard-subject-title = Tableau de bord : { $title }
dashboard-subjects = Consultations et budgets
dashboard-chart-of = Graphique : { $title }
dashboard-table-of = Tableau : { $title }
dashboard-empty = Rien à compter pour l’instant.
dashboard-csv = Télécharger « { $title } » (CSV)
dashboard-town-note = Des comptes pour toute la commune ; aucun chiffre ne concerne un habitant en particulier. Chaque graphique est suivi du tableau de ses données.
dashboard-consultation-channel = Les votes des consultations se font en ligne pour l’instant ; les bornes en mairie ajouteront les leurs. Les résultats comptent les votes, jamais qui a voté quoi.
dashboard-results-hidden = Le résultat est masqué jusqu’à la clôture de la consultation.
dashboard-budget-note = Les votants identifiés sont ceux qui ont voté en ligne, sur une borne ou qui ont été pointés comme votants papier ; les bulletins comptent tous les bulletins, y compris les bulletins papier et importés. Les bulletins ne sont jamais reliés à une personne.
dashboard-consultations = Consultations par étape
dashboard-decisions = Décisions par issue
dashboard-projects = Projets suivis par état
dashboard-sensors = Capteurs par domaine et niveau de données personnelles
dashboard-personal-data = Capteurs par niveau de données personnelles
dashboard-retention = Respect des durées de conservation
dashboard-retention-datastreams = Flux de données sous conservation
dashboard-retention-purges = Purges ayant supprimé des données (30 derniers jours)
dashboard-retention-rows-deleted = Mesures supprimées (30 derniers jours)
dashboard-retention-alarms = Alertes de conservation ouvertes (au dernier passage de la purge)
dashboard-over-time = Participation par semaine
dashboard-districts = Participation par quartier
dashboard-outcome = Résultat du vote
dashboard-channels = Bulletins par canal
dashboard-vote-channels = Votes par canal
dashboard-rules = Résultat selon chaque règle de calcul
dashboard-official-rule = { $rule } (règle officielle)
dashboard-no-district = Quartier non renseigné
dashboard-col-count = Nombre
dashboard-col-total = Total
dashboard-col-domain = Domaine
dashboard-col-measure = Mesure
dashboard-col-help = Type d'aide
dashboard-assisted = Participation accompagnée (aides enregistrées à l'accueil, par canal)
dashboard-desk = Accueil en mairie : activité de chaque agent par jour
dashboard-col-desk = Jour — agent
dashboard-desk-issued = Codes délivrés
dashboard-desk-used = Codes utilisés
dashboard-desk-records = Fiches créées
dashboard-desk-votes = Votes sur borne avec ces codes
dashboard-col-phase = Étape
dashboard-col-outcome = Issue
dashboard-col-status = État
dashboard-col-level = Niveau
dashboard-col-week = Semaine du
dashboard-col-votes = Votes
dashboard-col-comments = Commentaires
dashboard-col-district = Quartier
dashboard-col-choice = Choix
dashboard-col-voters = Votants
dashboard-col-channel = Canal
dashboard-col-ballots = Bulletins
dashboard-col-rule = Règle
dashboard-col-funded = Projets financés
dashboard-col-amount = Montant financé

# Bilan de la donnée publique (gouvernance) : public, par trimestre et par année.
footer-bulletin = Bilan de la donnée publique
bulletin-title = Bilan de la donnée publique
bulletin-lead = Chaque trimestre et chaque année, ce que la commune a fait de ses capteurs et de ses données : capteurs installés, suspendus ou retirés, respect des durées de conservation, consultations, décisions, budgets participatifs et projets. Tout est calculé à partir des données publiées.
bulletin-year = l’année { $year }
bulletin-quarter = { $quarter ->
    [1] le 1er trimestre { $year }
   *[other] le { $quarter }e trimestre { $year }
}
bulletin-of = Bilan de la donnée publique pour { $period }
bulletin-span = Du { $first } au { $last }.
bulletin-csv = Télécharger le bilan (CSV)
bulletin-print = Cette page s’imprime telle quelle (sans menus) depuis votre navigateur.
bulletin-sensors = Capteurs
bulletin-sensors-domain = Capteurs ajoutés, suspendus et retirés, par domaine
bulletin-sensors-level = Capteurs ajoutés, suspendus et retirés, par niveau de données personnelles
bulletin-col-added = Ajoutés
bulletin-col-suspended = Suspendus
bulletin-col-removed = Retirés
bulletin-retention = Conservation des données
bulletin-retention-hint = Les purges effacent les mesures dont la durée de conservation est écoulée ; une alerte signale des mesures gardées trop longtemps ou une durée illisible, et dit comment elle a été levée.
bulletin-retention-purges = Purges ayant effacé des données
bulletin-retention-rows-deleted = Mesures effacées
bulletin-retention-hours-deleted = Moyennes horaires effacées
bulletin-retention-alarms-raised = Alertes ouvertes pendant la période
bulletin-retention-alarms-purged = Alertes levées par une purge
bulletin-retention-alarms-cleared = Alertes levées autrement (durée corrigée, flux retiré)
bulletin-retention-alarms-open = Alertes encore ouvertes en fin de période
bulletin-consultations = Consultations tenues
bulletin-votes = { $for } pour, { $against } contre, { $abstain } abstentions
bulletin-votes-hidden = résultats publiés à la clôture
bulletin-comments = { $count ->
    [one] { $count } commentaire
   *[other] { $count } commentaires
}
bulletin-decisions = Décisions
bulletin-budgets = Budgets participatifs
bulletin-budget-line = { $ballots } bulletins, { $funded } projets financés pour { $amount } (règle { $rule })
bulletin-projects = Projets suivis
bulletin-updates = { $count ->
    [one] { $count } étape de suivi dans la période
   *[other] { $count } étapes de suivi dans la période
}
bulletin-none = Rien pendant cette période.
bulletin-audit-head = Empreinte du journal d'audit
bulletin-audit-head-text = À la fin de la période, le journal d'audit (actions de modération et d'administration) comptait { $seq } entrées ; son empreinte ci-dessous permet à quiconque de vérifier plus tard qu'aucune n'a été supprimée ni réécrite (commande « clairvoie audit verify --head », ou l'adresse /api/v1/audit/head pour l'empreinte actuelle).
dashboard-eligibility = Participants selon leur vérification
dashboard-col-eligibility = Vérification
eligibility-way-email = Adresse électronique confirmée seulement
eligibility-way-register = Registre de la commune
eligibility-way-letter = Code reçu par courrier
eligibility-way-desk = Guichet de la mairie
eligibility-way-oidc = Identité numérique
eligibility-way-paper = Liste d'émargement (papier)
dashboard-headline = Chiffres clés
dashboard-headline-open = { $count ->
    [one] Consultation ouverte
   *[other] Consultations ouvertes
}
dashboard-headline-voting = { $count ->
    [one] Budget participatif en cours de vote
   *[other] Budgets participatifs en cours de vote
}
dashboard-headline-participants = { $count ->
    [one] Personne a voté ou commenté dans une consultation
   *[other] Personnes ont voté ou commenté dans une consultation
}
dashboard-headline-ballots = { $count ->
    [one] Bulletin de budget participatif
   *[other] Bulletins de budget participatif
}
dashboard-headline-turnout = Participation aux consultations au regard du registre des habitants
dashboard-headline-turnout-detail = { $count ->
    [one] sur { $entries } inscrit
   *[other] sur { $entries } inscrits
}
