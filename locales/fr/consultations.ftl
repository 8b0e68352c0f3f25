# Consultations: list, page, staff forms, comments, votes, results.

consultations-lead = Avant d'installer des capteurs, la ville vous demande votre avis sur leur usage. Lisez le projet, débattez-en et votez : pour, contre ou abstention.
consultations-none = Aucune consultation ne correspond à ces critères.
filters-label = Filtrer les consultations
filter-district = Quartier
consultation-whole-town = Toute la commune
consultation-opens-on = ouverture le { $date }
consultation-closes-on = clôture le { $date }
consultation-counts = { $comments ->
        [one] { $comments } commentaire
       *[other] { $comments } commentaires
    } · { $votes ->
        [one] { $votes } vote
       *[other] { $votes } votes
    }

consultation-phase-draft = Brouillon
consultation-phase-open = Ouverte
consultation-phase-closed = Close
consultation-phase-decided = Décidée

consultation-new-title = Nouvelle consultation
consultation-edit-title = Modifier la consultation
consultation-staff-title = Gestion de la consultation
consultation-move-open = Ouvrir la consultation
consultation-move-closed = Clore la consultation
consultation-form-question = Question posée
consultation-form-use = Usage envisagé
consultation-form-vote = Calendrier et règles du vote
consultation-rules-locked = La consultation est ouverte : les quartiers et les règles du vote restent ceux annoncés.
consultation-use-title = L'usage envisagé

field-consultation-title = Titre
field-consultation-question = Question posée aux habitants
hint-consultation-question = Une question fermée, par exemple « Faut-il installer des capteurs de bruit place du Marché ? »
field-consultation-body = Présentation
hint-markdown = Mise en forme simple : **gras**, *italique*, listes commençant par « - », liens [texte](https://…), intertitres « ## ».
field-consultation-status = Étape
field-use-purpose = Finalité
field-use-benefits = Bénéfices attendus
field-use-data = Données collectées
field-use-retention = Durée de conservation proposée
field-consultation-sensors = Capteurs concernés
hint-consultation-sensors = Références du registre séparées par des virgules, par exemple BR-0001, BR-0002.
field-planned-sensors = Capteurs prévus (pas encore au registre)
field-consultation-documents = Documents
hint-consultation-documents = Un document par ligne : « Titre | https://adresse ».
field-opens-on = Ouverture prévue
field-closes-on = Clôture prévue
field-consultation-districts = Quartiers concernés
field-districts-only = Seuls les habitants des quartiers concernés peuvent voter
field-results-hidden = Résultats masqués jusqu'à la clôture
save = Enregistrer

error-consultation-title = Indiquez un titre de 200 caractères au plus.
error-consultation-question = Indiquez la question posée, en 300 caractères au plus.
error-consultation-body = La présentation ne doit pas dépasser 20 000 caractères.
error-consultation-purpose = Indiquez la finalité (2 000 caractères au plus).
error-consultation-benefits = Indiquez les bénéfices attendus (2 000 caractères au plus).
error-consultation-data = Indiquez les données collectées (2 000 caractères au plus).
error-consultation-retention = Indiquez la durée de conservation proposée au format ISO 8601, par exemple P30D (30 jours).
error-consultation-dates = La clôture ne peut pas précéder l'ouverture.
error-consultation-documents = Chaque document s'écrit « Titre | https://adresse », un par ligne.
error-consultation-sensors = Une référence de capteur n'existe pas dans le registre.
error-consultation-districts-only = Choisissez au moins un quartier pour réserver le vote à ses habitants.
error-consultation-decided = Une consultation décidée ne peut plus être modifiée.
error-consultation-phase = Ce changement d'étape n'est pas possible (la page a peut-être changé entre-temps).
error-consultation-not-open = Cette consultation n'est pas ouverte : elle se lit, elle ne se commente plus.

notice-consultation-created = Consultation créée en brouillon. Ouvrez-la quand elle est prête.
notice-consultation-saved = Consultation enregistrée.
notice-consultation-phase = L'étape de la consultation a changé.

arguments-title = Les arguments
arguments-for = Les plus soutenus pour
arguments-against = Les plus soutenus contre
arguments-none = Aucun argument pour l'instant.

vote-title = Votre vote
vote-participation = { $count ->
        [one] { $count } personne a voté.
       *[other] { $count } personnes ont voté.
    }
vote-submit = Voter
vote-change = Changer mon vote
vote-current = Votre vote actuel : { $choice }. Vous pouvez le changer jusqu'à la clôture.
vote-eligible = Vous pouvez voter.
vote-sign-in = Connectez-vous pour voter et commenter.
vote-unverified = Confirmez votre adresse électronique pour participer.
vote-blocked = Votre compte est suspendu par la modération : vous pouvez lire, pas participer.
vote-outside-districts = Ce vote est réservé aux habitants des quartiers concernés (selon votre résidence vérifiée, ou à défaut le quartier déclaré dans votre compte).
vote-not-open = Le vote n'est pas ouvert.
error-vote-choice = Choisissez pour, contre ou abstention.
notice-vote-saved = Votre vote est enregistré. Vous pouvez le changer jusqu'à la clôture.

choice-for = Pour
choice-against = Contre
choice-abstain = Abstention

results-title = Résultats
results-hidden-until-close = Les résultats seront publiés à la clôture.
results-none = Pas de résultats.
results-caption = Résultats du vote ({ $count } votes)
results-col-choice = Réponse
results-col-votes = Votes
results-col-share = Part
results-col-total = Total
results-col-district = Quartier
results-by-district = Résultats par quartier (quartier vérifié des votants, ou à défaut déclaré)
results-no-district = Non déclaré
results-other-districts = Autres quartiers (moins de 5 votants chacun)
results-by-day = Participation dans le temps (nouveaux votants par jour)
results-col-day = Jour
results-col-new-voters = Nouveaux votants
results-csv = Télécharger les résultats (CSV, décomptes seulement)

comments-title = Commentaires ({ $count })
comment-sort-label = Ordre des commentaires
comment-pages-label = Pages des commentaires
comment-sort-newest = Les plus récents
comment-sort-supported = Les plus soutenus
field-comment-alignment = Votre position
field-comment-body = Votre commentaire
field-comment-reply = Votre réponse
hint-markdown-comment = Mise en forme simple : **gras**, *italique*, listes « - », liens. Restez courtois ; pas de données personnelles.
alignment-for = Pour
alignment-against = Contre
alignment-neutral = Neutre
comment-submit = Publier le commentaire
comment-sign-in = Connectez-vous pour commenter.
comment-read-only = La consultation est close : les commentaires se lisent, ils ne se modifient plus.
comment-label = Commentaire de { $author }
comment-deleted = Commentaire supprimé par son auteur.
comment-edited = modifié le { $date }
comment-supports = { $count ->
        [one] { $count } soutien
       *[other] { $count } soutiens
    }
comment-support = Soutenir
comment-unsupport = Retirer mon soutien
comment-reply = Répondre
comment-reply-submit = Publier la réponse
comment-edit = Modifier (15 minutes après publication)
comment-delete = Supprimer
comment-report = Signaler
error-comment-empty = Écrivez votre commentaire.
error-comment-too-long = Le commentaire ne doit pas dépasser 5 000 caractères.
error-comment-alignment = Indiquez votre position : pour, contre ou neutre.
error-comment-reply = On ne peut plus répondre à ce commentaire.
error-comment-edit-window = Un commentaire ne se modifie que dans les 15 minutes qui suivent sa publication.
error-support-own = Vous ne pouvez pas soutenir votre propre commentaire.
notice-comment-posted = Votre commentaire est publié.
notice-comment-edited = Votre commentaire est modifié.
notice-comment-deleted = Votre commentaire est supprimé.
notice-support-added = Votre soutien est enregistré.
notice-support-removed = Votre soutien est retiré.

proposal-status-pending = En attente d'examen
proposal-status-accepted = Acceptée
proposal-status-declined = Refusée

sensor-consultations-title = Consultations sur ce capteur

proposals-link = Proposer un usage à consulter
proposals-title = Propositions des habitants
proposal-form-title = Proposer un usage à consulter
proposal-form-intro = Un usage de capteurs vous semble utile, ou inquiétant ? Proposez qu'il soit soumis à consultation. L'équipe municipale examine chaque proposition et publie sa réponse motivée.
field-proposal-title = Titre de la proposition
field-proposal-body = L'usage proposé et pourquoi
field-proposal-district = Quartier concerné
proposal-submit = Envoyer la proposition
proposal-sign-in = Connectez-vous pour proposer un usage.
proposals-list-title = Propositions examinées
proposals-none = Aucune proposition pour l'instant.
field-proposal-decision = Réponse
proposal-accept = Accepter (préparer une consultation)
proposal-decline = Refuser
field-proposal-reason = Motif public
proposal-review-submit = Répondre
proposal-see-consultation = voir la consultation
error-proposal-title = Donnez un titre de 5 à 200 caractères.
error-proposal-body = Décrivez l'usage proposé en 20 à 5 000 caractères.
error-proposal-reason = Un refus doit être motivé publiquement (3 à 500 caractères).
error-proposal-reviewed = Cette proposition a déjà reçu une réponse.
error-consultation-incomplete = Complétez l'usage envisagé (finalité, bénéfices, données) avant d'ouvrir la consultation.
notice-proposal-sent = Merci : votre proposition est transmise. Elle sera publiée avec la réponse de la commune.
notice-proposal-accepted = Proposition acceptée : une consultation est préparée en brouillon. Complétez-la avant de l'ouvrir.
notice-proposal-declined = Proposition refusée ; le motif est publié.

mail-reply-subject = Réponse à votre commentaire — { $title }
mail-reply-line = { $name } a répondu à votre commentaire sur « { $title } » :
    « { $excerpt } »
    { $link }
mail-decided-subject = Consultation décidée — { $title }
mail-decided-line = La consultation « { $title } », à laquelle vous avez participé, est décidée :
    { $link }
