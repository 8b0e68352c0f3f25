# Bornes en mairie, accueil et participation accompagnée.

nav-desk = Accueil en mairie
kiosk-nav-home = Accueil de la borne
kiosk-title = Borne
kiosk-welcome = Bienvenue — { $place }
kiosk-unpaired-title = Cette borne n'est pas appairée
kiosk-unpaired-body = Ce navigateur n'est pas (ou plus) une borne de la mairie. Un membre de l'administration peut l'appairer avec un code d'appairage.
kiosk-pair-title = Appairer cette borne
kiosk-pair-body = Saisissez le code d'appairage affiché à l'administration lors de l'enregistrement de la borne (valable une heure, une seule fois). Toute personne connectée sur ce navigateur sera déconnectée.
kiosk-pair-current = Ce navigateur est déjà la borne « { $kiosk } ». Un nouveau code l'associe à une autre borne.
kiosk-pair-submit = Appairer
field-pairing-code = Code d'appairage
kiosk-code-title = Voter avec un code
field-kiosk-code = Code remis à l'accueil
hint-kiosk-code = Huit lettres et chiffres, par exemple ABCD-2345. Demandez-le à l'accueil de la mairie avec une pièce d'identité.
kiosk-code-submit = Valider le code
kiosk-code-needed = Un code est nécessaire pour voter
kiosk-hello = Bonjour { $name }
kiosk-hello-body = Vous pouvez voter dans les consultations et budgets ouverts ci-dessous. Touchez « Terminer » quand vous avez fini : tout ce que vous avez fait ici sera effacé de la borne.
kiosk-already-voted = Vous avez déjà voté ({ $channel }). Un nouveau vote remplace le précédent : il ne compte qu'une fois.
kiosk-consultations = Consultations ouvertes
kiosk-budgets = Budgets participatifs : vote en cours
kiosk-decisions = Décisions récentes
kiosk-sensors = Capteurs près d'ici
kiosk-none = Rien en ce moment.
kiosk-metres = à { $metres } m
kiosk-back-home = Retour à l'accueil de la borne
kiosk-vote-purpose = À quoi cela servirait
kiosk-vote-data = Données collectées
kiosk-vote-code = Pour voter sur cette borne, demandez un code à l'accueil de la mairie, puis saisissez-le sur l'accueil de la borne.
kiosk-vote-mine = Vous avez déjà voté le { $date } ({ $channel }). Votre choix n'est pas affiché sur une borne ; un nouveau choix remplace le précédent, votre vote ne compte qu'une fois.
kiosk-vote-more = Lire toute la consultation et ses commentaires
kiosk-end = Terminer
kiosk-idle-title = Êtes-vous toujours là ?
kiosk-idle-body = Sans action de votre part, la borne revient à l'accueil et efface tout ce qui a été saisi. Secondes restantes :
kiosk-idle-continue = Continuer
error-kiosk-name = Donnez un nom à la borne (80 caractères au plus).
error-kiosk-place = Indiquez où se trouve la borne (120 caractères au plus).
error-kiosk-latitude = La latitude doit être un nombre entre -90 et 90.
error-kiosk-longitude = La longitude doit être un nombre entre -180 et 180.
error-kiosk-idle = Le délai d'inactivité doit être un nombre de secondes entre 45 et 600.
error-kiosk-revoked = Cette borne est déjà révoquée.
error-pairing-code = Ce code d'appairage n'est pas valable : il est mal saisi, déjà utilisé ou expiré (une heure).
error-desk-code = Ce code n'est pas valable : il est mal saisi, déjà utilisé ou expiré (30 minutes). Demandez-en un nouveau à l'accueil.
error-desk-no-account = Aucun compte n'utilise cette adresse. Vérifiez-la, ou créez une fiche sans adresse électronique.
error-desk-name = Indiquez le prénom et le nom tels qu'ils figurent sur la pièce d'identité.
error-desk-birth-date = Indiquez une date de naissance valide (AAAA-MM-JJ), antérieure à aujourd'hui.
notice-kiosk-paired = Ce navigateur est maintenant une borne de la mairie.
notice-kiosk-welcome = Code accepté : vous pouvez voter.
notice-kiosk-ended = La borne est prête pour la personne suivante.
notice-kiosk-created = Borne « { $name } » enregistrée. Code d'appairage, à saisir sur la borne dans l'heure : { $code }
notice-kiosk-pairing = Nouveau code d'appairage, à saisir sur la borne dans l'heure : { $code }
notice-kiosk-revoked = Borne révoquée : elle n'a plus accès aux votes.
notice-desk-code = Code pour { $resident } : { $code } — une seule utilisation, valable jusqu'au { $until }.
notice-desk-code-new = Fiche créée. Code pour { $resident } : { $code } — une seule utilisation, valable jusqu'au { $until }.
notice-desk-help = Aide enregistrée (compte seulement).
help-reading = Lecture ou explication
help-handling = Manipulation de l'écran
help-language = Traduction ou langue
help-other = Autre aide
desk-title = Accueil en mairie : participation accompagnée
desk-lead = Après avoir vérifié l'identité et le domicile de la personne, remettez-lui un code à saisir sur une borne (30 minutes, une seule fois). Son vote compte une seule fois, qu'il soit fait en ligne, à la borne ou sur papier.
desk-account-title = La personne a un compte
desk-account-hint = Saisissez l'adresse électronique de son compte.
field-desk-email = Adresse électronique du compte
desk-code-submit = Remettre un code
desk-resident-title = La personne n'a pas d'adresse électronique
desk-resident-hint = Une fiche est créée à son nom ; si elle est déjà venue (même nom, même date de naissance), sa fiche est retrouvée et elle ne vote qu'une fois.
field-desk-name = Prénom et nom
field-desk-birth-date = Date de naissance
desk-help-title = Aide apportée
desk-help-hint = Pour les statistiques d'accessibilité : seulement le canal et le type d'aide, jamais la personne ni son vote.
field-help-channel = Canal
field-help-kind = Type d'aide
desk-help-submit = Enregistrer l'aide
desk-codes-title = Codes remis ces dernières 24 heures
desk-col-resident = Personne
desk-col-issued = Remis le
desk-col-status = État
desk-col-count = Nombre
desk-code-used = utilisé le { $at }
desk-code-expired = expiré le { $at }
desk-code-valid-until = valable jusqu'au { $at }
desk-helped-title = Aides enregistrées ces dernières 24 heures
admin-kiosks-link = Bornes en mairie : enregistrer, appairer, révoquer
kiosks-title = Bornes
kiosks-lead = Enregistrez une borne, puis ouvrez { $path } sur son navigateur et saisissez le code d'appairage. Une borne appairée le reste jusqu'à sa révocation.
kiosks-none = Aucune borne enregistrée.
kiosks-new-title = Enregistrer une borne
kiosks-new-submit = Enregistrer et obtenir un code d'appairage
field-kiosk-name = Nom
field-kiosk-place = Lieu
hint-kiosk-place = Par exemple « Mairie annexe — hall ».
field-kiosk-latitude = Latitude (facultatif)
hint-kiosk-position = Position de la borne, pour montrer les capteurs proches.
field-kiosk-longitude = Longitude (facultatif)
field-kiosk-idle = Délai d'inactivité
hint-kiosk-idle = En secondes, de 45 à 600 ; 90 par défaut. Un avertissement prolongeable s'affiche 30 secondes avant.
kiosk-idle-seconds = { $seconds } s
kiosk-status-paired = appairée
kiosk-status-pending = code d'appairage valable jusqu'au { $at }
kiosk-status-unpaired = non appairée
kiosk-status-revoked = révoquée le { $at }
kiosk-col-status = État
kiosk-col-seen = Dernière activité
kiosk-col-actions = Actions
kiosk-new-pairing = Nouveau code d'appairage
kiosk-new-pairing-for = Nouveau code d'appairage pour { $name }
kiosk-revoke = Révoquer
kiosk-revoke-for = Révoquer { $name }
desk-mail-issued-subject = { $town } : un code de vote sur borne a été délivré pour votre compte
desk-mail-issued-body =
    Bonjour { $name },

    Le { $date }, l'accueil de la mairie a délivré un code qui permet de voter avec votre compte sur une borne.

    Si c'est vous, il n'y a rien à faire. Sinon, signalez-le à la mairie : un vote que vous avez déposé en ligne ne peut pas être remplacé sur une borne sans le mot de passe de votre compte.
desk-mail-used-subject = { $town } : votre code de vote sur borne a été utilisé
desk-mail-used-body =
    Bonjour { $name },

    Le { $date }, un code délivré par l'accueil de la mairie pour votre compte a été utilisé sur une borne.

    Si ce n'était pas vous, signalez-le à la mairie.
