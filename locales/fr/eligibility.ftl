# Qui peut voter : la vérification de résidence (registre de la commune, courrier, guichet, OpenID Connect).

error-register-header = La première ligne du fichier doit nommer les colonnes : nom, prenoms, date_naissance, code_postal, quartier.
error-register-column-missing = Cette colonne manque dans la première ligne du fichier.
error-register-too-long = Le fichier dépasse 200 000 lignes : découpez le registre ou contactez l'éditeur.
error-register-line-unreadable = Cette ligne ne peut pas être lue (guillemets ou séparateurs en trop).
error-register-name = Le nom ou le prénom manque, ou ne contient aucune lettre.
error-register-birth-date = La date de naissance n'est pas une date valide (JJ/MM/AAAA ou AAAA-MM-JJ, entre 1900 et 2100).
error-register-postcode = Le code postal doit compter cinq chiffres.
error-register-district = Ce code de quartier n'existe pas dans la commune.
error-register-duplicate = Cette personne figure déjà plus haut dans le fichier (même nom, prénom, date de naissance et code postal).
error-register-email-first = Confirmez d'abord votre adresse électronique, puis vérifiez votre résidence.
error-register-no-match = Nous n'avons pas pu vérifier ces informations. Vérifiez-les telles qu'elles figurent sur la liste électorale, ou demandez un courrier, ou présentez-vous au guichet de la mairie avec une pièce d'identité.

residence-title = Résidence
residence-none = Pour voter quand une consultation ou un budget participatif est réservé aux habitants, faites vérifier votre résidence. Saisissez vos nom, prénoms, date de naissance et code postal tels qu'ils figurent sur la liste électorale de la commune.
residence-verified = Résidence vérifiée ({ $method }) le { $date } : quartier { $district }.
residence-birth-date = Date de naissance vérifiée : { $date }.
residence-move = Vous avez déménagé ? Une nouvelle vérification remplace la précédente : présentez-vous au guichet de la mairie.
residence-submit = Vérifier ma résidence
residence-privacy = La commune ne conserve pas son registre dans Clairvoie : seule une empreinte de chaque personne, calculée avec une clé secrète, sert à la comparaison. Après cinq essais infructueux, il faut attendre un jour.
residence-method-register = registre de la commune
residence-method-letter = code reçu par courrier
residence-method-desk = au guichet de la mairie
residence-method-oidc = identité numérique
notice-residence-verified = Votre résidence est vérifiée.
field-family-name = Nom de famille
field-given-names = Prénoms
hint-given-names = Le premier prénom au moins, par exemple « Jean-Pierre ».
field-birth-date = Date de naissance
hint-birth-date = Par exemple 14/03/1980.
field-postcode = Code postal

resident-register-title = Registre des habitants
resident-register-counts = Le registre compte { $n ->
    [one] { $entries } personne
   *[other] { $entries } personnes
  } ; { $verified ->
    [one] { $claimed } a vérifié son compte.
   *[other] { $claimed } ont vérifié leur compte.
  }
resident-register-lead = Importez l'extrait de la liste électorale ou du recensement que la commune tient : un fichier CSV (séparé par des virgules ou des points-virgules) avec les colonnes nom, prenoms, date_naissance, code_postal et quartier (le code du quartier). Le nouveau fichier remplace le registre : les personnes déjà vérifiées le restent si elles y figurent encore.
resident-register-privacy = Le fichier n'est pas conservé : pour chaque personne, seules deux empreintes calculées avec une clé secrète et son quartier sont gardées. Une erreur sur une ligne fait refuser tout le fichier.
resident-register-file = Fichier du registre (CSV)
resident-register-submit = Importer le registre
resident-register-errors-caption = { $count ->
    [one] 1 problème dans le fichier : rien n'a été importé.
   *[other] { $count } problèmes dans le fichier : rien n'a été importé.
  }
notice-register-imported = Registre importé : { $added ->
    [one] { $added } personne ajoutée
   *[other] { $added } personnes ajoutées
  }, { $kept ->
    [one] { $kept } conservée
   *[other] { $kept } conservées
  }, { $removed ->
    [one] { $removed } retirée.
   *[other] { $removed } retirées.
  }
error-register-lines = Le fichier contient des erreurs : rien n'a été importé. Corrigez les lignes indiquées et importez-le à nouveau.
error-register-file-empty = Choisissez un fichier CSV non vide.
error-register-file-incomplete = Le fichier n'est pas arrivé en entier (trop volumineux ou connexion interrompue) : rien n'a été importé.
error-register-encoding = Le fichier doit être enregistré en UTF-8 (dans un tableur : « CSV UTF-8 »).

## Qui peut voter, par consultation et par budget
field-voters = Qui peut voter
voters-confirmed = Toute personne ayant un compte confirmé
voters-residents = Les habitants dont la résidence est vérifiée
field-min-age = Âge minimum (facultatif)
hint-min-age = En années, de 1 à 120. L'âge est lu sur une date de naissance vérifiée (registre, guichet ou identité numérique) : seules les personnes dont la résidence est vérifiée peuvent alors voter. Ce choix ne change plus une fois le vote ouvert.
error-min-age = L'âge minimum doit être un nombre entier d'années, de 1 à 120, ou rester vide.
voters-rule-confirmed = toute personne ayant un compte confirmé.
voters-rule-residents = les habitants de la commune dont la résidence est vérifiée.
voters-rule-confirmed-age = les personnes de { $age } ans ou plus, dont l'âge est vérifié.
voters-rule-residents-age = les habitants de la commune dont la résidence est vérifiée, de { $age } ans ou plus.
eligibility-refused-not-resident = Ce vote est réservé aux habitants dont la résidence est vérifiée.
eligibility-refused-age-unknown = Ce vote a un âge minimum : il faut une date de naissance vérifiée pour y prendre part.
eligibility-refused-too-young = Ce vote est réservé aux personnes ayant atteint l'âge minimum fixé.
eligibility-how-to-verify = Faire vérifier ma résidence

## Vérification au guichet
desk-residence-title = Vérifier une résidence
desk-residence-lead = Après avoir vu une pièce d'identité, saisissez l'identité telle qu'elle y est écrite. Si la personne figure au registre de la commune, son quartier est celui du registre ; sinon, choisissez son quartier d'après un justificatif de domicile. La vérification est enregistrée à votre nom.
hint-desk-residence-email = L'adresse de son compte en ligne. Laissez vide pour une personne sans adresse électronique : sa fiche est retrouvée par son nom et sa date de naissance.
hint-desk-given-names = Tous les prénoms, dans l'ordre de la pièce d'identité : le premier sert à la comparaison.
field-desk-residence-district = Quartier (justificatif de domicile)
field-desk-residence-register = Celui du registre
desk-residence-submit = Vérifier la résidence
desk-residence-privacy = Rien de la pièce d'identité n'est conservé : seule une empreinte de l'identité, calculée avec une clé secrète, empêche qu'une même personne vérifie deux comptes.
notice-desk-checked-register = Vérification de { $name } enregistrée : la personne figure au registre. Un second agent doit la confirmer ci-dessous pour qu'elle compte.
notice-desk-checked-declared = Vérification de { $name } enregistrée avec le quartier du justificatif de domicile. Un second agent doit la confirmer ci-dessous pour qu'elle compte.
error-desk-district-needed = Cette personne ne figure pas au registre avec ce code postal : choisissez son quartier d'après un justificatif de domicile.
error-desk-no-record = Aucun compte sans adresse à ce nom et à cette date de naissance : saisissez l'adresse de son compte, ou délivrez-lui d'abord un code au guichet.
error-desk-already-verified = Cette personne a déjà un autre compte vérifié : une personne ne vote qu'avec un seul compte. Proposez-lui d'utiliser celui-là.

## Courrier avec un code
letter-heading = Vous ne figurez pas sur la liste électorale ?
letter-lead = Recevez un courrier à votre adresse avec un code à saisir ici : il vérifie votre résidence avec le quartier de cette adresse. Le nom et l'adresse servent à l'envoi seulement et sont effacés dès l'impression du courrier.
field-letter-recipient = Nom sur la boîte aux lettres
field-letter-address = Adresse
hint-letter-address = Numéro et rue, puis bâtiment ou appartement s'il le faut (trois lignes au plus).
field-letter-district = Quartier de cette adresse
letter-submit = Demander un courrier
notice-letter-requested = Votre demande est enregistrée : la mairie vous enverra un courrier avec un code.
letter-asked = Courrier demandé le { $date }.
letter-asked-hint = La mairie l'imprime et vous l'envoie : comptez quelques jours. Le code qu'il contient sera à saisir ici.
letter-printed = Courrier envoyé le { $date } : saisissez son code avant le { $until }.
field-letter-code = Code reçu par courrier
hint-letter-code = Douze caractères, par exemple ABCD-EFGH-JKMN.
letter-code-submit = Valider le code
error-letter-recipient = Indiquez le nom inscrit sur la boîte aux lettres (120 caractères au plus).
error-letter-address = Indiquez l'adresse en une à trois lignes (300 caractères au plus).
error-letter-pending = Un courrier est déjà en route pour ce compte : saisissez son code à réception.
error-letter-verified = Votre résidence est déjà vérifiée : pour un déménagement, présentez-vous au guichet de la mairie.
error-letter-code-form = Le code compte douze lettres et chiffres, par exemple ABCD-EFGH-JKMN.
error-letter-code = Ce code ne vérifie pas ce compte (il est peut-être expiré ou déjà utilisé). Après cinq essais infructueux, il faut attendre un jour.
letters-title = Courriers de vérification
letters-lead = Les habitants qui ne figurent pas au registre demandent un courrier à leur adresse. Vérifiez que chaque adresse est bien dans le quartier indiqué, puis imprimez : chaque courrier reçoit un code de douze caractères, valable 60 jours, dont seule une empreinte est gardée ; le nom et l'adresse sont alors effacés.
letters-pending = { $count ->
    [0] Aucun courrier à imprimer.
    [one] { $count } courrier à imprimer.
   *[other] { $count } courriers à imprimer.
  }
letters-caption = Courriers demandés, du plus ancien au plus récent
letters-asked-on = Demandé le
letters-check = À vérifier
letters-same-address = { $count } demandes à cette adresse
letters-print = Imprimer les courriers
letters-csv = Fichier de publipostage (CSV)
letters-once = Chaque impression donne un code à tous les courriers en attente, une seule fois : gardez la page ou le fichier jusqu'à l'envoi.
error-letters-none = Aucun courrier n'attend d'être imprimé.
letter-title = Vérification de votre résidence
letter-body = Vous avez demandé à vérifier votre résidence sur le site de participation de { $town } ({ $site }). Connectez-vous, ouvrez « Mon compte », puis saisissez le code ci-dessous dans la partie « Résidence ». Votre résidence sera vérifiée dans le quartier { $district }.
letter-valid-until = Ce code est valable jusqu'au { $date } et ne sert qu'une fois.
letter-privacy = Si vous n'avez rien demandé, ignorez ce courrier : sans connexion au compte qui l'a demandé, ce code ne sert à rien.
error-too-many-today = Trop d'essais aujourd'hui pour ce compte : réessayez demain, ou présentez-vous au guichet de la mairie.
error-letter-postcode = Ce code postal n'est pas l'un de ceux de la commune : le courrier ne part qu'à une adresse de la commune.
notice-desk-verified = Vérification confirmée : la résidence est vérifiée.
desk-checks-title = Vérifications à confirmer
desk-checks-lead = Personne ne fait seul un électeur vérifié : chaque vérification au guichet compte une fois confirmée par un second agent, qui a vu lui aussi la pièce d'identité (pendant 24 heures).
desk-checks-none = Aucune vérification n'attend de confirmation.
desk-check-line = { $name } — quartier { $district } ({ $how }), vu par { $agent } le { $date }
desk-check-register = au registre
desk-check-declared = justificatif de domicile
desk-check-confirm = Confirmer (j'ai vu la pièce d'identité)
desk-check-mine = Enregistrée par vous : un autre agent doit la confirmer.
error-desk-same-agent = Un second agent doit confirmer : vous avez enregistré cette vérification.
error-desk-check-gone = Cette vérification n'attend plus de confirmation (déjà confirmée, remplacée ou de plus de 24 heures).
notice-letter-refused = Courrier refusé : il ne sera pas envoyé, le nom et l'adresse sont effacés.
letters-refuse = Refuser
letters-refuse-label = Refuser le courrier de { $name }
letters-action = Action
letter-refused = Votre demande du { $date } n'a pas été envoyée : la mairie n'a pas pu rattacher cette adresse au quartier indiqué. Vous pouvez demander un nouveau courrier, ou vous présenter au guichet.
