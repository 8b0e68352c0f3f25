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
