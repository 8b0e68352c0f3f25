# Who may vote: residence verification (the town's register, letter, desk, OpenID Connect).

error-register-header = The file's first line must name the columns: nom, prenoms, date_naissance, code_postal, quartier.
error-register-column-missing = This column is missing from the file's first line.
error-register-too-long = The file has more than 200,000 lines: split the register or contact the publisher.
error-register-line-unreadable = This line cannot be read (extra quotes or separators).
error-register-name = The family or given name is missing, or holds no letter.
error-register-birth-date = The birth date is not a valid date (DD/MM/YYYY or YYYY-MM-DD, between 1900 and 2100).
error-register-postcode = The postcode must have five digits.
error-register-district = This district code does not exist in the town.
