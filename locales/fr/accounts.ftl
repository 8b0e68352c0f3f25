# Comptes : inscription, connexion, vérification, mot de passe, mon compte, administration.

role-resident = Habitant·e
role-moderator = Modération
role-agent = Accueil en mairie
role-official = Élu·e
role-sensor-manager = Gestion des capteurs
role-admin = Administration

field-email = Adresse électronique
field-display-name = Nom affiché
field-display-name-hint = Il apparaît à côté de vos contributions publiques (2 à 60 caractères).
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-current-password = Mot de passe actuel
field-password-hint = Au moins 12 caractères. Une phrase de plusieurs mots est plus sûre et plus facile à retenir.
field-password-confirm = Confirmez le mot de passe
field-district = Quartier de résidence (facultatif)
field-district-none = Je préfère ne pas le dire
field-language = Langue

password-live-short = { $count } caractères sur { $min } minimum.
password-live-ok = Longueur suffisante.

register-title = Créer un compte
register-intro = Un compte vérifié permet de commenter, de voter et de proposer des projets. Pour consulter le registre, aucun compte n'est nécessaire.
register-submit = Créer mon compte
register-have-account = Vous avez déjà un compte ?
login-title = Se connecter
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-no-account = Pas encore de compte ?
verify-title = Confirmer votre adresse électronique
verify-intro = Confirmez votre adresse pour pouvoir participer.
verify-submit = Confirmer mon adresse
forgot-title = Mot de passe oublié
forgot-intro = Indiquez l'adresse de votre compte : nous y enverrons un lien valable une heure pour choisir un nouveau mot de passe.
forgot-submit = Recevoir le lien
login-link-title = Se connecter sans mot de passe
login-link-intro = Recevez par courriel un lien qui vous connecte depuis cet appareil (valable 15 minutes, utilisable une fois).
login-link-submit = Recevoir un lien de connexion
field-link-email = Adresse où recevoir le lien
link-sign-in-title = Connexion par lien
link-sign-in-intro = Ce lien vous connecte à votre compte depuis cet appareil.
link-sign-in-submit = Me connecter
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le mot de passe
link-problem-title = Ce lien ne peut pas être utilisé
link-problem-new-reset = Demander un nouveau lien de réinitialisation
link-problem-account = Aller à mon compte pour recevoir un nouveau lien de confirmation

account-title = Mon compte
account-greeting = Bonjour { $name }.
account-roles = Rôles : { $roles }.
account-status-title = Adresse électronique
account-verified = Votre adresse { $email } est confirmée : vous pouvez participer.
account-unverified = Votre adresse { $email } n'est pas encore confirmée. Vous pouvez consulter le site, mais pas encore participer. Suivez le lien reçu par courriel.
account-resend = Renvoyer le lien de confirmation
account-profile-title = Profil
account-profile-submit = Enregistrer le profil
account-password-title = Changer de mot de passe
account-password-submit = Changer le mot de passe
account-data-title = Mes données
account-data-intro = Téléchargez toutes les données de votre compte dans un fichier JSON (droit d'accès et de portabilité, articles 15 et 20 du RGPD).
account-data-download = Télécharger mes données
account-delete-title = Supprimer mon compte
account-delete-intro = Vos données personnelles seront effacées : adresse, nom, mot de passe, quartier, le texte de vos commentaires, vos propositions non examinées, vos codes de borne. Restent, sans votre nom : vos votes et bulletins (ils sont comptés dans des résultats publiés), vos propositions déjà examinées et vos projets de budget (une décision publique y a répondu). Cette action est définitive.
account-delete-confirm = Je comprends que la suppression est définitive.
account-delete-submit = Supprimer définitivement mon compte
deleted-account = compte supprimé

admin-users-title = Comptes et rôles
admin-users-search = Rechercher par nom ou adresse
admin-users-search-submit = Rechercher
admin-users-none = Aucun compte ne correspond.
admin-users-caption = Comptes (200 au plus, les plus récents d'abord)
admin-users-verified = Adresse confirmée
admin-users-created = Créé le
admin-users-roles = Rôles
admin-users-actions = Actions
admin-users-grant = Donner le rôle { $role }
admin-users-revoke = Retirer le rôle { $role }

notice-registered = Votre compte est créé. Un lien de confirmation vient de vous être envoyé par courriel.
notice-signed-in = Vous êtes connecté·e.
notice-signed-out = Vous êtes déconnecté·e.
notice-choose-password = Votre adresse est confirmée. Choisissez maintenant le mot de passe du compte : celui donné à l'inscription n'est pas gardé, car il n'a pas été saisi depuis ce navigateur (quelqu'un d'autre a pu inscrire votre adresse).
notice-email-verified = Votre adresse est confirmée : vous pouvez participer.
notice-verification-sent = Un nouveau lien de confirmation vous a été envoyé.
notice-reset-sent = Si un compte existe pour cette adresse, un lien vient d'y être envoyé.
notice-sign-in-link-sent = Si un compte existe pour cette adresse, un lien de connexion vient d'y être envoyé (valable 15 minutes).
notice-password-reset = Votre mot de passe est enregistré et vous êtes connecté·e.
notice-profile-saved = Votre profil est enregistré.
notice-password-changed = Votre mot de passe est changé.
notice-account-deleted = Votre compte est supprimé. Merci d'avoir participé.
notice-role-changed = Les rôles sont mis à jour.

error-email-required = Indiquez votre adresse électronique.
error-email-invalid = Indiquez une adresse électronique valide, par exemple prenom.nom@exemple.fr.
error-email-taken = Un compte existe déjà avec cette adresse. Connectez-vous ou utilisez « Mot de passe oublié ».
error-display-name-required = Indiquez le nom à afficher.
error-display-name-invalid = Le nom affiché doit faire de 2 à 60 caractères, avec au moins une lettre ou un chiffre, et sans caractère invisible.
error-password-required = Indiquez votre mot de passe.
error-password-too-short = Le mot de passe doit contenir au moins 12 caractères.
error-password-too-long = Le mot de passe ne doit pas dépasser 256 caractères.
error-password-common = Ce mot de passe est trop courant ou trop proche de votre adresse. Choisissez-en un autre.
error-password-mismatch = Les deux mots de passe ne sont pas identiques.
error-current-password-wrong = Le mot de passe actuel est incorrect.
error-login-failed = Adresse électronique ou mot de passe incorrect.
error-login-use-link = Beaucoup d'essais ont échoué sur ce compte depuis d'autres appareils. Pour vous connecter depuis celui-ci, recevez un lien de connexion par courriel (formulaire ci-dessous).
error-token-invalid = Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier.
error-token-expired = Ce lien a expiré. Demandez-en un nouveau.
error-token-used = Ce lien a déjà été utilisé ou remplacé par un plus récent.
error-already-verified = Votre adresse est déjà confirmée.
error-district-invalid = Choisissez un quartier dans la liste.
error-language-invalid = Choisissez une langue dans la liste.
error-delete-confirm = Cochez la case pour confirmer la suppression.
error-last-admin = Vous êtes le dernier compte administrateur : donnez ce rôle à quelqu'un d'autre avant de supprimer votre compte.
error-role-invalid = Rôle inconnu.

mail-verify-subject = { $town } : confirmez votre adresse électronique
mail-verify-body =
    Bonjour { $name },

    Pour confirmer votre adresse et pouvoir participer sur le site de { $town }, ouvrez ce lien (valable 48 heures) :

    { $link }

    Si vous n'avez pas créé de compte, ignorez ce message.
mail-reset-subject = { $town } : choisir un nouveau mot de passe
mail-reset-body =
    Bonjour { $name },

    Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, utilisable une seule fois) :

    { $link }

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.
mail-holder-code-subject = { $town } : votre code pour voter sur une borne
mail-holder-code-body =
    Bonjour { $name },

    Voici le code à taper sur la borne de la mairie, à la place de votre mot de passe, pour remplacer ce que vous avez voté en ligne (valable 15 minutes, utilisable une seule fois) :

    { $code }

    Si vous n'êtes pas devant une borne en ce moment, ne donnez ce code à personne et prévenez la mairie : quelqu'un essaie peut-être de voter à votre place.
error-holder-no-address = Ce compte n'a pas d'adresse électronique : demandez de l'aide à l'accueil.
mail-sign-in-subject = { $town } : votre lien de connexion
mail-sign-in-body =
    Bonjour { $name },

    Pour vous connecter, ouvrez ce lien (valable 15 minutes, utilisable une seule fois) :

    { $link }

    Si vous n'avez rien demandé, ignorez ce message : quelqu'un a peut-être essayé de deviner votre mot de passe, qui reste inchangé.
error-district-verified = Votre quartier vient de la vérification de votre résidence : un déménagement se signale au guichet de la mairie, qui vérifie la nouvelle adresse.

## OpenID Connect sign-in (app/src/oidc)
oidc-sign-in-title = Autres façons de se connecter
oidc-sign-in-intro = Avec un compte que vous avez déjà ailleurs. La première fois, un compte Clairvoie est créé à votre adresse, ou relié au vôtre si cette adresse est déjà confirmée des deux côtés.
oidc-sign-in-button = S'identifier avec { $provider }
oidc-link-title = Comptes reliés
oidc-link-intro = Reliez votre compte à un fournisseur d'identité pour vous connecter avec lui. Avec FranceConnect, votre résidence peut être vérifiée d'après le registre de la commune.
oidc-link-button = Relier mon compte à { $provider }
notice-oidc-created = Bienvenue : votre compte a été créé et vous êtes connecté·e.
notice-oidc-linked = Votre compte est relié : vous pourrez vous connecter avec ce fournisseur.
notice-oidc-residence-verified = Vous êtes connecté·e, et votre résidence est vérifiée d'après le registre de la commune.
error-oidc-failed = La connexion n'a pas abouti : la réponse du fournisseur d'identité n'a pas pu être vérifiée. Recommencez depuis cette page.
error-oidc-unavailable = Le fournisseur d'identité ne répond pas pour le moment. Réessayez plus tard, ou connectez-vous avec votre adresse.
error-oidc-cancelled = La connexion a été annulée chez le fournisseur d'identité.
error-oidc-no-email = Le fournisseur d'identité n'a pas communiqué d'adresse électronique : un compte ne peut pas être créé sans elle.
error-oidc-email-unverified = Un compte utilise déjà cette adresse. Connectez-vous avec lui (ou « mot de passe oublié »), puis reliez-le depuis « Mon compte ».
error-oidc-linked-elsewhere = Cette identité est déjà reliée à un autre compte, ou ce compte est déjà relié à une autre identité chez ce fournisseur.
error-oidc-kiosk = Sur une borne de la mairie, la connexion passe par le guichet.
error-oidc-link-unconfirmed = Confirmez d'abord votre adresse électronique (lien reçu par courriel) : un compte ne peut être relié à un fournisseur d'identité qu'ensuite.
error-oidc-staff = Les comptes du personnel de la mairie se connectent avec leur mot de passe ou avec l'annuaire de la mairie, pas avec ce fournisseur d'identité.
error-oidc-email-unproven = Le fournisseur d'identité n'a pas confirmé votre adresse électronique. Créez un compte avec elle ici (ou connectez-vous au vôtre), puis reliez-le depuis « Mon compte ».
