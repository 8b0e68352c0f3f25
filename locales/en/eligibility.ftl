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
resident-register-line = Line
resident-register-column = Column
resident-register-problem = Problem
notice-register-imported = Register imported: { $added } added, { $kept } kept, { $removed } removed.
error-register-lines = The file has errors: nothing was imported. Fix the lines shown and import it again.
error-register-file-empty = Choose a CSV file that is not empty.
error-register-file-incomplete = The file did not arrive whole (too large or the connection broke): nothing was imported.
error-register-encoding = The file must be saved as UTF-8 (in a spreadsheet: “CSV UTF-8”).
