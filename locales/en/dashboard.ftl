# The officials' dashboard (governance): counts, never a person.
nav-dashboard = Dashboard
dashboard-title = Dashboard
dashboard-subject-title = Dashboard: { $title }
dashboard-subjects = Consultations and budgets
dashboard-chart-of = Chart: { $title }
dashboard-table-of = Table: { $title }
dashboard-empty = Nothing to count yet.
dashboard-csv = Download “{ $title }” (CSV)
dashboard-town-note = Counts for the whole town; no figure is about one resident. Each chart is followed by the table of its data.
dashboard-consultation-channel = Consultation votes are cast online for now; the town-hall kiosks will add theirs. Results count votes, never who voted what.
dashboard-results-hidden = The result is hidden until the consultation closes.
dashboard-budget-note = Identified voters are those who voted online, at a kiosk or were marked as paper voters; ballots count every ballot, paper and imported ones included. Ballots are never linked to a person.
dashboard-consultations = Consultations by stage
dashboard-decisions = Decisions by outcome
dashboard-projects = Followed projects by status
dashboard-sensors = Sensors by domain and personal-data level
dashboard-personal-data = Sensors by personal-data level
dashboard-retention = Retention compliance
dashboard-retention-datastreams = Datastreams under retention
dashboard-retention-purges = Purges that deleted data (last 30 days)
dashboard-retention-rows-deleted = Measurements deleted (last 30 days)
dashboard-retention-alarms = Retention alarms open (as the last purge run found them)
dashboard-over-time = Participation by week
dashboard-districts = Participation by district
dashboard-outcome = Outcome of the vote
dashboard-channels = Ballots by channel
dashboard-vote-channels = Votes by channel
dashboard-rules = Outcome under each counting rule
dashboard-official-rule = { $rule } (official rule)
dashboard-no-district = District not given
dashboard-col-count = Count
dashboard-col-total = Total
dashboard-col-domain = Domain
dashboard-col-measure = Measure
dashboard-col-help = Kind of help
dashboard-assisted = Assisted participation (help recorded at the desk, by channel)
dashboard-desk = Town-hall desk: each agent's activity per day
dashboard-col-desk = Day — agent
dashboard-desk-issued = Codes issued
dashboard-desk-used = Codes used
dashboard-desk-records = Records created
dashboard-desk-votes = Kiosk votes with these codes
dashboard-col-phase = Stage
dashboard-col-outcome = Outcome
dashboard-col-status = Status
dashboard-col-level = Level
dashboard-col-week = Week of
dashboard-col-votes = Votes
dashboard-col-comments = Comments
dashboard-col-district = District
dashboard-col-choice = Choice
dashboard-col-voters = Voters
dashboard-col-channel = Channel
dashboard-col-ballots = Ballots
dashboard-col-rule = Rule
dashboard-col-funded = Projects funded
dashboard-col-amount = Amount funded

# The public data-use bulletin (governance): per quarter and per year.
footer-bulletin = Public data report
bulletin-title = Public data report
bulletin-lead = Every quarter and every year, what the town did with its sensors and its data: sensors installed, suspended or removed, retention compliance, consultations, decisions, participatory budgets and projects. Everything is computed from the published data.
bulletin-year = the year { $year }
bulletin-quarter = { $quarter ->
    [1] the 1st quarter of { $year }
    [2] the 2nd quarter of { $year }
    [3] the 3rd quarter of { $year }
   *[other] the { $quarter }th quarter of { $year }
}
bulletin-of = Public data report for { $period }
bulletin-span = From { $first } to { $last }.
bulletin-csv = Download the report (CSV)
bulletin-print = This page prints as it is (without menus) from your browser.
bulletin-sensors = Sensors
bulletin-sensors-domain = Sensors added, suspended and removed, by domain
bulletin-sensors-level = Sensors added, suspended and removed, by personal-data level
bulletin-col-added = Added
bulletin-col-suspended = Suspended
bulletin-col-removed = Removed
bulletin-retention = Data retention
bulletin-retention-hint = Purges delete measurements whose retention is over; an alarm flags measurements kept too long or a retention that cannot be read, and says how it was resolved.
bulletin-retention-purges = Purges that deleted data
bulletin-retention-rows-deleted = Measurements deleted
bulletin-retention-hours-deleted = Hourly averages deleted
bulletin-retention-alarms-raised = Alarms raised during the period
bulletin-retention-alarms-purged = Alarms resolved by a purge
bulletin-retention-alarms-cleared = Alarms resolved otherwise (retention corrected, datastream removed)
bulletin-retention-alarms-open = Alarms still open at the end of the period
bulletin-consultations = Consultations held
bulletin-votes = { $for } for, { $against } against, { $abstain } abstaining
bulletin-votes-hidden = results published at closing
bulletin-comments = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
bulletin-decisions = Decisions
bulletin-budgets = Participatory budgets
bulletin-budget-line = { $ballots } ballots, { $funded } projects funded for { $amount } ({ $rule } rule)
bulletin-projects = Followed projects
bulletin-updates = { $count ->
    [one] { $count } follow-up entry in the period
   *[other] { $count } follow-up entries in the period
}
bulletin-none = Nothing during this period.
bulletin-audit-head = Fingerprint of the audit log
bulletin-audit-head-text = At the end of the period, the audit log (moderation and administration actions) held { $seq } entries; the fingerprint below lets anyone check later that none was removed or rewritten (command "clairvoie audit verify --head", or the address /api/v1/audit/head for the current fingerprint).
dashboard-eligibility = Participants by verification
dashboard-col-eligibility = Verification
eligibility-way-email = Confirmed email address only
eligibility-way-register = Town register
eligibility-way-letter = Code received by post
eligibility-way-desk = Town hall desk
eligibility-way-oidc = Digital identity
eligibility-way-paper = Signature list (paper)
dashboard-headline = Key figures
dashboard-headline-open = { $count ->
    [one] Open consultation
   *[other] Open consultations
}
dashboard-headline-voting = { $count ->
    [one] Participatory budget open to votes
   *[other] Participatory budgets open to votes
}
dashboard-headline-participants = { $count ->
    [one] Person voted or commented in a consultation
   *[other] People voted or commented in a consultation
}
dashboard-headline-ballots = { $count ->
    [one] Participatory budget ballot
   *[other] Participatory budget ballots
}
dashboard-headline-turnout = Turnout in consultations against the resident register
dashboard-headline-turnout-detail = { $count ->
    [one] of { $entries } entry
   *[other] of { $entries } entries
}
