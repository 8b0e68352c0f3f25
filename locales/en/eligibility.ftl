# Who may vote: residence verification (the town's register, letter, desk, OpenID Connect).

error-register-header = The file's first line must name the columns: nom, prenoms, date_naissance, code_postal, quartier.
error-register-column-missing = This column is missing from the file's first line.
error-register-too-long = The file has more than 200,000 lines: split the register or contact the publisher.
error-register-line-unreadable = This line cannot be read (extra quotes or separators).
error-register-name = The family or given name is missing, or holds no letter.
error-register-birth-date = The birth date is not a valid date (DD/MM/YYYY or YYYY-MM-DD, between 1900 and 2100).
error-register-postcode = The postcode must have five digits.
error-register-district = This district code does not exist in the town.
error-register-duplicate = This person is already listed higher up in the file (same name, given name, birth date and postcode).
error-register-email-first = Confirm your email address first, then verify your residence.
error-register-no-match = We could not verify these details. Check them as they appear on the electoral roll, or ask for a letter, or come to the town hall's desk with an identity document.

residence-title = Residence
residence-none = To vote when a consultation or a participatory budget is for residents only, have your residence verified. Type your family name, given names, birth date and postcode as they appear on the town's electoral roll.
residence-verified = Residence verified ({ $method }) on { $date }: district { $district }.
residence-birth-date = Verified birth date: { $date }.
residence-move = Moved house? A new verification replaces the previous one: come to the town hall's desk.
residence-submit = Verify my residence
residence-privacy = The town does not keep its register in Clairvoie: only a fingerprint of each person, computed with a secret key, is used for the comparison. After five failed attempts, you must wait a day.
residence-method-register = the town's register
residence-method-letter = code received by letter
residence-method-desk = at the town hall's desk
residence-method-oidc = digital identity
notice-residence-verified = Your residence is verified.
field-family-name = Family name
field-given-names = Given names
hint-given-names = The first given name at least, for example “Jean-Pierre”.
field-birth-date = Birth date
hint-birth-date = For example 14/03/1980.
field-postcode = Postcode

resident-register-title = Resident register
resident-register-counts = The register holds { $n ->
    [one] { $entries } person
   *[other] { $entries } people
  }; { $claimed } verified an account.
resident-register-lead = Import the extract of the electoral roll or census the town holds: a CSV file (comma or semicolon separated) with the columns nom, prenoms, date_naissance, code_postal and quartier (the district's code). The new file replaces the register: people already verified stay so if they are still on it.
resident-register-privacy = The file is not kept: for each person, only two fingerprints computed with a secret key and their district are. One wrong line refuses the whole file.
resident-register-file = Register file (CSV)
resident-register-submit = Import the register
resident-register-errors-caption = { $count ->
    [one] 1 problem in the file: nothing was imported.
   *[other] { $count } problems in the file: nothing was imported.
  }
notice-register-imported = Register imported: { $added } added, { $kept } kept, { $removed } removed.
error-register-lines = The file has errors: nothing was imported. Fix the lines shown and import it again.
error-register-file-empty = Choose a CSV file that is not empty.
error-register-file-incomplete = The file did not arrive whole (too large or the connection broke): nothing was imported.
error-register-encoding = The file must be saved as UTF-8 (in a spreadsheet: “CSV UTF-8”).

## Who may vote, per consultation and per budget
field-voters = Who may vote
voters-confirmed = Anyone with a confirmed account
voters-residents = Residents whose residence is verified
field-min-age = Minimum age (optional)
hint-min-age = In years, from 1 to 120. Age is read from a verified birth date (register, desk or digital identity): only people whose residence is verified can then vote. This cannot change once the vote opens.
error-min-age = The minimum age must be a whole number of years from 1 to 120, or left empty.
voters-rule-confirmed = anyone with a confirmed account.
voters-rule-residents = the town's residents whose residence is verified.
voters-rule-confirmed-age = people aged { $age } or over, whose age is verified.
voters-rule-residents-age = the town's residents whose residence is verified, aged { $age } or over.
eligibility-refused-not-resident = This vote is for residents whose residence is verified.
eligibility-refused-age-unknown = This vote has a minimum age: taking part needs a verified birth date.
eligibility-refused-too-young = This vote is for people who have reached the minimum age.
eligibility-how-to-verify = Verify my residence

## Desk verification
desk-residence-title = Verify a residence
desk-residence-lead = Once you have seen an identity document, type the identity as it is written there. If the person is on the town's register, their district is the register's; otherwise choose their district from a proof of address. The verification is recorded under your name.
hint-desk-residence-email = The address of their online account. Leave empty for someone without email: their record is found by name and birth date.
hint-desk-given-names = All given names, in the document's order: the first one is compared.
field-desk-residence-district = District (proof of address)
field-desk-residence-register = The register's
desk-residence-submit = Verify the residence
desk-residence-privacy = Nothing of the identity document is kept: only a fingerprint of the identity, computed with a secret key, keeps one person from verifying two accounts.
notice-desk-checked-register = { $name }'s check is recorded: they are on the register. A second agent must confirm it below for it to count.
notice-desk-checked-declared = { $name }'s check is recorded with the district of their proof of address. A second agent must confirm it below for it to count.
error-desk-district-needed = This person is not on the register with this postcode: choose their district from a proof of address.
error-desk-no-record = No account without email has this name and birth date: type their account's address, or give them a desk code first.
error-desk-already-verified = This person already has another verified account: one person votes with one account only. Suggest they use that one.

## Letter with a code
letter-heading = Not on the electoral list?
letter-lead = Receive a letter at your address with a code to type here: it verifies your residence with that address's district. The name and address serve the sending only and are erased once the letter is printed.
field-letter-recipient = Name on the letterbox
field-letter-address = Address
hint-letter-address = Number and street, then building or flat if needed (three lines at most).
field-letter-district = District of this address
letter-submit = Ask for a letter
notice-letter-requested = Your request is recorded: the town hall will send you a letter with a code.
letter-asked = Letter requested on { $date }.
letter-asked-hint = The town hall prints and posts it: allow a few days. Type the code it holds here.
letter-printed = Letter sent on { $date }: type its code before { $until }.
field-letter-code = Code received by post
hint-letter-code = Twelve characters, for example ABCD-EFGH-JKMN.
letter-code-submit = Confirm the code
error-letter-recipient = Give the name on the letterbox (120 characters at most).
error-letter-address = Give the address in one to three lines (300 characters at most).
error-letter-pending = A letter is already on its way for this account: type its code when it arrives.
error-letter-verified = Your residence is already verified: for a move, come to the town hall's desk.
error-letter-code-form = The code has twelve letters and digits, for example ABCD-EFGH-JKMN.
error-letter-code = This code does not verify this account (it may have expired or been used). After five failed tries, wait a day.
letters-title = Verification letters
letters-lead = Residents who are not on the register ask for a letter at their address. Check that each address is in the district given, then print: each letter gets a twelve-character code, valid for 60 days, of which only a fingerprint is kept; the name and address are then erased.
letters-pending = { $count ->
    [0] No letter to print.
    [one] { $count } letter to print.
   *[other] { $count } letters to print.
  }
letters-caption = Letters requested, oldest first
letters-asked-on = Requested on
letters-check = To check
letters-same-address = { $count } requests at this address
letters-print = Print the letters
letters-csv = Mail-merge file (CSV)
letters-once = Each print gives every waiting letter a code, once: keep the page or the file until they are posted.
error-letters-none = No letter is waiting to be printed.
letter-title = Verifying your residence
letter-body = You asked to verify your residence on { $town }'s participation site ({ $site }). Sign in, open "My account", then type the code below in the "Residence" part. Your residence will be verified in the { $district } district.
letter-valid-until = This code is valid until { $date } and works once.
letter-privacy = If you asked for nothing, ignore this letter: without signing in to the account that asked for it, this code is useless.
error-too-many-today = Too many tries today for this account: try again tomorrow, or come to the town hall's desk.
error-letter-postcode = This postcode is not one of the town's: letters go only to addresses in town.
notice-desk-verified = Check confirmed: the residence is verified.
desk-checks-title = Checks to confirm
desk-checks-lead = No one makes a verified voter alone: each desk check counts once a second agent, who also saw the identity document, confirms it (within 24 hours).
desk-checks-none = No check is waiting for confirmation.
desk-check-line = { $name } — { $district } district ({ $how }), seen by { $agent } on { $date }
desk-check-register = on the register
desk-check-declared = proof of address
desk-check-confirm = Confirm (I saw the identity document)
desk-check-mine = Recorded by you: another agent must confirm it.
error-desk-same-agent = A second agent must confirm: you recorded this check.
error-desk-check-gone = This check no longer waits for confirmation (confirmed, replaced or older than 24 hours).
notice-letter-refused = Letter refused: it will not be sent; the name and address are erased.
letters-refuse = Refuse
letters-refuse-label = Refuse the letter to { $name }
letters-action = Action
letter-refused = Your request of { $date } was not sent: the town hall could not place this address in the district given. You may ask for a new letter, or come to the desk.
