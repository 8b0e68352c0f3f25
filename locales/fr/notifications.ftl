# Notifications par courriel (le service notifications) : la préférence, la page de désabonnement, les récapitulatifs et le pied des courriels.
notify-title = Notifications par courriel
notify-legend = Quand quelqu'un répond à mes commentaires ou qu'une consultation ou un budget participatif auquel j'ai participé est décidé :
notify-mode-immediate = m'écrire aussitôt
notify-mode-daily = un récapitulatif par jour au plus
notify-mode-none = ne pas m'écrire
notice-notify-saved = Vos préférences de notification sont enregistrées.
unsubscribe-title = Ne plus recevoir de notifications
unsubscribe-intro = Confirmez pour ne plus recevoir de courriels de notification. Vous pourrez les rétablir dans « Mon compte ».
unsubscribe-submit = Ne plus recevoir de notifications
error-unsubscribe-link = Ce lien de désabonnement n'est plus valable : il a déjà servi, ou il a été mal copié. Vos choix de notifications sont aussi dans « Mon compte ».
notice-unsubscribed = C'est fait : vous ne recevrez plus de notifications.
mail-digest-subject = { $town } : { $count } nouvelles de vos consultations
mail-notify-footer = Choisir quand recevoir ces courriels : { $preferences }
    Ne plus en recevoir : { $unsubscribe }
