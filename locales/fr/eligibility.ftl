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
