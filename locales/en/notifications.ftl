# Mail notifications (the notifications service): the preference, the unsubscribe page, digests and the footer.
notify-title = Email notifications
notify-legend = When someone replies to my comments or a consultation or participatory budget I took part in is decided:
notify-mode-immediate = write to me at once
notify-mode-daily = one summary a day at most
notify-mode-none = do not write to me
notice-notify-saved = Your notification preferences are saved.
unsubscribe-title = Stop notifications
unsubscribe-intro = Confirm to stop receiving notification emails. You can turn them back on in "My account".
unsubscribe-submit = Stop notifications
error-unsubscribe-link = This unsubscribe link is no longer valid: it has been used already, or it was copied wrongly. Your notification choices are also in “My account”.
notice-unsubscribed = Done: you will no longer receive notifications.
mail-digest-subject = { $town }: { $count } updates on your consultations
mail-notify-footer = Choose when to receive these emails: { $preferences }
    Stop receiving them: { $unsubscribe }
