# Town-hall kiosks, the desk and assisted participation.

nav-desk = Town-hall desk
kiosk-nav-home = Kiosk home
kiosk-title = Kiosk
kiosk-welcome = Welcome — { $place }
kiosk-unpaired-title = This kiosk is not paired
kiosk-unpaired-body = This browser is not (or no longer) a town-hall kiosk. An administrator can pair it with a pairing code.
kiosk-pair-title = Pair this kiosk
kiosk-pair-body = Type the pairing code shown to the administrator when the kiosk was registered (valid for one hour, once). Anyone signed in on this browser will be signed out.
kiosk-pair-current = This browser is already the kiosk "{ $kiosk }". A new code pairs it with another kiosk.
kiosk-pair-submit = Pair
field-pairing-code = Pairing code
kiosk-code-title = Vote with a code
field-kiosk-code = Code from the desk
hint-kiosk-code = Eight letters and digits, for example ABCD-2345. Ask for it at the town-hall desk with an identity document.
kiosk-code-submit = Use the code
kiosk-code-needed = A code is needed to vote
kiosk-hello = Hello { $name }
kiosk-hello-body = You can vote in the open consultations and budgets below. Touch "Finish" when you are done: everything you did here will be cleared from the kiosk.
kiosk-already-voted = You have already voted ({ $channel }). A new vote replaces the previous one: it counts only once.
kiosk-consultations = Open consultations
kiosk-budgets = Participatory budgets: voting open
kiosk-decisions = Recent decisions
kiosk-sensors = Sensors near here
kiosk-none = Nothing at the moment.
kiosk-metres = { $metres } m away
kiosk-back-home = Back to the kiosk home
kiosk-vote-purpose = What it would be for
kiosk-vote-data = Data collected
kiosk-vote-code = To vote on this kiosk, ask for a code at the town-hall desk, then type it on the kiosk home.
kiosk-vote-mine = You already voted on { $date } ({ $channel }). Your choice is not shown on a kiosk; a new choice replaces the earlier one, your vote counts only once.
kiosk-vote-more = Read the whole consultation and its comments
kiosk-end = Finish
kiosk-idle-title = Are you still there?
kiosk-idle-body = Without any action, the kiosk returns to its home and clears everything that was entered. Seconds left:
kiosk-idle-continue = Continue
error-kiosk-name = Give the kiosk a name (at most 80 characters).
error-kiosk-place = Say where the kiosk is (at most 120 characters).
error-kiosk-latitude = The latitude must be a number between -90 and 90.
error-kiosk-longitude = The longitude must be a number between -180 and 180.
error-kiosk-idle = The idle time must be a number of seconds between 45 and 600.
error-kiosk-revoked = This kiosk is already revoked.
error-pairing-code = This pairing code is not valid: mistyped, already used or expired (one hour).
error-desk-code = This code is not valid: mistyped, already used or expired (30 minutes). Ask the desk for a new one.
error-desk-no-account = No account uses this address. Check it, or create a record without an email address.
error-desk-name = Give the first and last name as on the identity document.
error-desk-birth-date = Give a valid date of birth (YYYY-MM-DD), before today.
notice-kiosk-paired = This browser is now a town-hall kiosk.
notice-kiosk-welcome = Code accepted: you can vote.
notice-kiosk-ended = The kiosk is ready for the next person.
notice-kiosk-created = Kiosk "{ $name }" registered. Pairing code, to type on the kiosk within the hour: { $code }
notice-kiosk-pairing = New pairing code, to type on the kiosk within the hour: { $code }
notice-kiosk-revoked = Kiosk revoked: it no longer has access to votes.
notice-desk-code = Code for { $resident }: { $code } — single use, valid until { $until }.
notice-desk-code-new = Record created. Code for { $resident }: { $code } — single use, valid until { $until }.
notice-desk-help = Help recorded (a count only).
help-reading = Reading or explaining
help-handling = Handling the screen
help-language = Translation or language
help-other = Other help
desk-title = Town-hall desk: assisted participation
desk-lead = Once you have checked the person's identity and residence, give them a code to type on a kiosk (30 minutes, once). Their vote counts once, whether cast online, at a kiosk or on paper.
desk-account-title = The person has an account
desk-account-hint = Type the email address of their account.
field-desk-email = Email address of the account
desk-code-submit = Give a code
desk-resident-title = The person has no email address
desk-resident-hint = A record is created in their name; if they came before (same name, same date of birth), their record is found again and they vote only once.
field-desk-name = First and last name
field-desk-birth-date = Date of birth
desk-help-title = Help given
desk-help-hint = For accessibility statistics: only the channel and the kind of help, never the person nor their vote.
field-help-channel = Channel
field-help-kind = Kind of help
desk-help-submit = Record the help
desk-codes-title = Codes given in the last 24 hours
desk-col-resident = Person
desk-col-issued = Given on
desk-col-status = Status
desk-col-count = Count
desk-code-used = used on { $at }
desk-code-expired = expired on { $at }
desk-code-valid-until = valid until { $at }
desk-helped-title = Help recorded in the last 24 hours
admin-kiosks-link = Town-hall kiosks: register, pair, revoke
kiosks-title = Kiosks
kiosks-lead = Register a kiosk, then open { $path } in its browser and type the pairing code. A paired kiosk stays paired until revoked.
kiosks-none = No kiosk registered.
kiosks-new-title = Register a kiosk
kiosks-new-submit = Register and get a pairing code
field-kiosk-name = Name
field-kiosk-place = Place
hint-kiosk-place = For example "Town hall annex — entrance hall".
field-kiosk-latitude = Latitude (optional)
hint-kiosk-position = Where the kiosk stands, to show the sensors nearby.
field-kiosk-longitude = Longitude (optional)
field-kiosk-idle = Idle time
hint-kiosk-idle = In seconds, 45 to 600; 90 by default. A warning that can be extended shows 30 seconds before.
kiosk-idle-seconds = { $seconds } s
kiosk-status-paired = paired
kiosk-status-pending = pairing code valid until { $at }
kiosk-status-unpaired = not paired
kiosk-status-revoked = revoked on { $at }
kiosk-col-status = Status
kiosk-col-seen = Last activity
kiosk-col-actions = Actions
kiosk-new-pairing = New pairing code
kiosk-new-pairing-for = New pairing code for { $name }
kiosk-revoke = Revoke
kiosk-revoke-for = Revoke { $name }
desk-mail-issued-subject = { $town }: a kiosk voting code was issued for your account
desk-mail-issued-body =
    Hello { $name },

    On { $date }, the town hall desk issued a code that lets someone vote with your account on a kiosk.

    If it was you, there is nothing to do. Otherwise, tell the town hall: a vote you cast online cannot be replaced on a kiosk without your account's password.
desk-mail-used-subject = { $town }: your kiosk voting code was used
desk-mail-used-body =
    Hello { $name },

    On { $date }, a code the town hall desk issued for your account was used on a kiosk.

    If it was not you, tell the town hall.
