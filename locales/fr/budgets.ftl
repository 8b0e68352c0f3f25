## Budgets participatifs : formulaires et bulletins.

error-budget-title = Donnez un titre au budget (200 caractères au plus).
error-budget-body = La présentation est trop longue (20 000 caractères au plus).
error-budget-amount = Indiquez un montant en euros supérieur à zéro, par exemple 150 000.
error-budget-districts = Une ligne par quartier : identifiant du quartier | montant, par exemple « centre | 50 000 », sans répéter un quartier.
error-budget-no-envelope = Indiquez le montant pour toute la ville, ou une enveloppe par quartier.
error-budget-unknown-district = Ce quartier n'existe pas : utilisez l'identifiant d'un quartier de la ville.
error-budget-max-choices = Le nombre maximal de projets doit être au moins 1 et au moins égal au minimum.
error-budget-percent = La part minimale de l'enveloppe est un pourcentage entre 0 et 100.
error-budget-points = Indiquez combien de points chaque votant répartit (au moins 1).
error-budget-ranks = Indiquez combien de projets chaque votant peut classer.
error-budget-rule-approval = La méthode des parts égales compte des bulletins où l'on coche des projets (approbation ou sac à dos).
error-budget-threshold = La règle avec seuil demande un soutien minimal supérieur à zéro.
error-budget-dates = La clôture du vote doit suivre son ouverture.
error-budget-locked = Le vote est ouvert : les règles du bulletin et du dépouillement ne changent plus.
error-whole-number = Indiquez un nombre entier positif.

ballot-error-unknown-project = Ce bulletin nomme un projet qui n'est pas soumis au vote dans cette enveloppe.
ballot-error-duplicate = Un même projet figure deux fois sur le bulletin.
ballot-error-too-few = Choisissez davantage de projets : le minimum n'est pas atteint.
ballot-error-too-many = Vous avez choisi plus de projets que le maximum permis.
ballot-error-over-envelope = Le total des projets choisis dépasse l'enveloppe : retirez un projet.
ballot-error-under-minimum = Le total des projets choisis n'atteint pas la part minimale de l'enveloppe.
ballot-error-bad-points = Chaque projet choisi reçoit un nombre entier de points, au moins 1.
ballot-error-too-many-points = Vous avez réparti plus de points que vous n'en avez.
ballot-error-too-many-points-each = Un projet a reçu plus de points que le maximum par projet.
ballot-error-ranks = Numérotez vos choix 1, 2, 3… sans sauter ni répéter de rang.
ballot-error-closed = Le vote n'est pas ouvert : le bulletin ne peut pas être enregistré.
ballot-error-not-eligible = Cette enveloppe est réservée aux habitants de son quartier (celui indiqué dans votre compte).
ballot-error-voted-on-paper = Votre vote sur papier a été enregistré : vous ne pouvez pas voter une seconde fois.
error-budget-phase-move = Ce budget ne peut passer qu'à l'étape suivante, et il a peut-être déjà changé d'étape : rechargez la page.
error-budget-no-proposals = Ce budget ne reçoit plus de propositions de projets.
error-project-title = Donnez un titre au projet (200 caractères au plus).
error-project-body = Décrivez le projet (20 000 caractères au plus).
error-project-location = Indiquez la latitude et la longitude du lieu, ou laissez les deux vides.
error-project-review-reason = Expliquez publiquement la décision : c'est obligatoire pour un projet non faisable ou fusionné.
error-project-merge = Choisissez le projet de la même enveloppe dans lequel celui-ci est fusionné.
