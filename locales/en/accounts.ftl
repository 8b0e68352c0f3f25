# Accounts: registration, sign-in, verification, password, my account, administration.

role-resident = Resident
role-moderator = Moderation
role-agent = Town-hall desk
role-official = Elected official
role-sensor-manager = Sensor management
role-admin = Administration

field-email = Email address
field-display-name = Display name
field-display-name-hint = Shown next to your public contributions (2 to 60 characters).
field-password = Password
field-new-password = New password
field-current-password = Current password
field-password-hint = At least 12 characters. A phrase of several words is safer and easier to remember.
field-password-confirm = Confirm the password
field-district = District you live in (optional)
field-district-none = I prefer not to say
field-language = Language

password-live-short = { $count } characters of { $min } minimum.
password-live-ok = Long enough.

register-title = Create an account
register-intro = A verified account lets you comment, vote and propose projects. No account is needed to read the registry.
register-submit = Create my account
register-have-account = Already have an account?
login-title = Sign in
login-submit = Sign in
login-forgot = Forgotten password?
login-no-account = No account yet?
verify-title = Confirm your email address
verify-intro = Confirm your address to be able to take part.
verify-submit = Confirm my address
forgot-title = Forgotten password
forgot-intro = Give your account's address: we will send it a link, valid for one hour, to choose a new password.
forgot-submit = Send me the link
login-link-title = Sign in without a password
login-link-intro = Get a link by email that signs you in from this device (valid for 15 minutes, usable once).
login-link-submit = Send me a sign-in link
field-link-email = Address to send the link to
link-sign-in-title = Sign in by link
link-sign-in-intro = This link signs you in to your account from this device.
link-sign-in-submit = Sign me in
reset-title = Choose a new password
reset-submit = Save the password
link-problem-title = This link cannot be used
link-problem-new-reset = Ask for a new password-reset link
link-problem-account = Go to my account to get a new confirmation link

account-title = My account
account-greeting = Hello { $name }.
account-roles = Roles: { $roles }.
account-status-title = Email address
account-verified = Your address { $email } is confirmed: you can take part.
account-unverified = Your address { $email } is not confirmed yet. You can browse the site but not take part yet. Follow the link you received by email.
account-resend = Send the confirmation link again
account-profile-title = Profile
account-profile-submit = Save the profile
account-password-title = Change password
account-password-submit = Change the password
account-data-title = My data
account-data-intro = Download all the data of your account as a JSON file (rights of access and portability, GDPR articles 15 and 20).
account-data-download = Download my data
account-delete-title = Delete my account
account-delete-intro = Your personal data will be erased: address, name, password, district, the text of your comments, your proposals not yet reviewed, your kiosk codes. What remains, without your name: your votes and ballots (they are counted in published results), your reviewed proposals and your budget projects (a public decision answered them). This cannot be undone.
account-delete-confirm = I understand that deletion cannot be undone.
account-delete-submit = Delete my account for good
deleted-account = deleted account

admin-users-title = Accounts and roles
admin-users-search = Search by name or address
admin-users-search-submit = Search
admin-users-none = No account matches.
admin-users-caption = Accounts (at most 200, newest first)
admin-users-verified = Address confirmed
admin-users-created = Created on
admin-users-roles = Roles
admin-users-actions = Actions
admin-users-grant = Grant the { $role } role
admin-users-revoke = Remove the { $role } role

notice-registered = Your account is created. A confirmation link has just been sent to you by email.
notice-signed-in = You are signed in.
notice-signed-out = You are signed out.
notice-choose-password = Your address is confirmed. Now choose the account's password: the one given at registration is not kept, as it was not typed in this browser (someone else may have registered your address).
notice-email-verified = Your address is confirmed: you can take part.
notice-verification-sent = A new confirmation link has been sent to you.
notice-reset-sent = If an account exists for this address, a link has just been sent to it.
notice-sign-in-link-sent = If an account exists for this address, a sign-in link has just been sent to it (valid for 15 minutes).
notice-password-reset = Your password is saved and you are signed in.
notice-profile-saved = Your profile is saved.
notice-password-changed = Your password is changed.
notice-account-deleted = Your account is deleted. Thank you for taking part.
notice-role-changed = Roles updated.

error-email-required = Enter your email address.
error-email-invalid = Enter a valid email address, like firstname.lastname@example.org.
error-email-taken = An account already exists with this address. Sign in or use "Forgotten password".
error-display-name-required = Enter the name to display.
error-display-name-invalid = The display name must be 2 to 60 characters long, with at least one letter or digit and no invisible character.
error-password-required = Enter your password.
error-password-too-short = The password must be at least 12 characters long.
error-password-too-long = The password must not be longer than 256 characters.
error-password-common = This password is too common or too close to your address. Choose another one.
error-password-mismatch = The two passwords are not the same.
error-current-password-wrong = The current password is wrong.
error-login-failed = Wrong email address or password.
error-login-use-link = Many attempts on this account failed from other devices. To sign in from this one, get a sign-in link by email (form below).
error-token-invalid = This link is not valid. Check that it was copied in full.
error-token-expired = This link has expired. Ask for a new one.
error-token-used = This link was already used, or replaced by a newer one.
error-already-verified = Your address is already confirmed.
error-district-invalid = Choose a district from the list.
error-language-invalid = Choose a language from the list.
error-delete-confirm = Tick the box to confirm the deletion.
error-last-admin = You are the last administrator account: give that role to someone else before deleting your account.
error-role-invalid = Unknown role.

mail-verify-subject = { $town }: confirm your email address
mail-verify-body =
    Hello { $name },

    To confirm your address and take part on the { $town } site, open this link (valid for 48 hours):

    { $link }

    If you did not create an account, ignore this message.
mail-reset-subject = { $town }: choose a new password
mail-reset-body =
    Hello { $name },

    To choose a new password, open this link (valid for one hour, usable once):

    { $link }

    If you did not ask for anything, ignore this message: your password stays the same.
mail-holder-code-subject = { $town }: your code to vote at a kiosk
mail-holder-code-body =
    Hello { $name },

    Here is the code to type at the town hall's kiosk, instead of your password, to replace what you voted online (valid 15 minutes, usable once):

    { $code }

    If you are not at a kiosk right now, give this code to nobody and tell the town hall: someone may be trying to vote in your place.
error-holder-no-address = This account has no email address: ask the desk for help.
mail-sign-in-subject = { $town }: your sign-in link
mail-sign-in-body =
    Hello { $name },

    To sign in, open this link (valid for 15 minutes, usable once):

    { $link }

    If you did not ask for it, ignore this message: someone may have tried to guess your password, which is unchanged.
error-district-verified = Your district comes from your residence verification: a move is reported at the town hall's desk, which verifies the new address.

## OpenID Connect sign-in (app/src/oidc)
oidc-sign-in-title = Other ways to sign in
oidc-sign-in-intro = With an account you already have elsewhere. The first time, a Clairvoie account is created at your address, or linked to yours if that address is confirmed on both sides.
oidc-sign-in-button = Continue with { $provider }
oidc-link-title = Linked accounts
oidc-link-intro = Link your account to an identity provider to sign in with it. With FranceConnect, your residence can be verified against the town's register.
oidc-link-button = Link my account to { $provider }
notice-oidc-created = Welcome: your account was created and you are signed in.
notice-oidc-linked = Your account is linked: you can sign in with this provider.
notice-oidc-residence-verified = You are signed in, and your residence is verified against the town's register.
error-oidc-failed = Sign-in did not complete: the identity provider's answer could not be verified. Start again from this page.
error-oidc-unavailable = The identity provider is not answering at the moment. Try again later, or sign in with your address.
error-oidc-cancelled = Sign-in was cancelled at the identity provider.
error-oidc-no-email = The identity provider did not give an email address: an account cannot be created without one.
error-oidc-email-unverified = An account already uses this address. Sign in with it (or "forgotten password"), then link it from "My account".
error-oidc-linked-elsewhere = This identity is already linked to another account, or this account is already linked to another identity at this provider.
error-oidc-kiosk = On a town-hall kiosk, signing in goes through the desk.
error-oidc-link-unconfirmed = Confirm your email address first (the link sent by mail): only then can the account be linked to an identity provider.
error-oidc-staff = Town-hall staff accounts sign in with their password or the town's directory, not with this identity provider.
error-oidc-email-unproven = The identity provider did not confirm your email address. Create an account with it here (or sign in to yours), then link it from "My account".
