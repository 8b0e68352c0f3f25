# Consultations: list, page, staff forms, comments, votes, results.

consultations-lead = Before sensors are installed, the town asks what you think of their use. Read the project, discuss it and vote: for, against or abstain.
consultations-none = No consultation matches these filters.
filters-label = Filter consultations
filter-district = District
consultation-whole-town = The whole town
consultation-opens-on = opens on { $date }
consultation-closes-on = closes on { $date }
consultation-counts = { $comments ->
        [one] { $comments } comment
       *[other] { $comments } comments
    } · { $votes ->
        [one] { $votes } vote
       *[other] { $votes } votes
    }

consultation-phase-draft = Draft
consultation-phase-open = Open
consultation-phase-closed = Closed
consultation-phase-decided = Decided

consultation-new-title = New consultation
consultation-edit-title = Edit the consultation
consultation-staff-title = Managing the consultation
consultation-move-open = Open the consultation
consultation-move-closed = Close the consultation
consultation-form-question = The question
consultation-form-use = The proposed use
consultation-form-vote = Dates and voting rules
consultation-rules-locked = The consultation is open: its districts and voting rules stay as announced.
consultation-use-title = The proposed use

field-consultation-title = Title
field-consultation-question = Question put to residents
hint-consultation-question = A yes/no question, for example "Should noise sensors be installed on Market Square?"
field-consultation-body = Presentation
hint-markdown = Simple formatting: **bold**, *italics*, lists starting with "- ", links [text](https://…), "## " headings.
field-consultation-status = Stage
field-use-purpose = Purpose
field-use-benefits = Expected benefits
field-use-data = Data collected
field-use-retention = Proposed retention
field-consultation-sensors = Sensors concerned
hint-consultation-sensors = Registry references separated by commas, for example BR-0001, BR-0002.
field-planned-sensors = Planned sensors (not yet in the registry)
field-consultation-documents = Documents
hint-consultation-documents = One document per line: "Title | https://address".
field-opens-on = Planned opening
field-closes-on = Planned closing
field-consultation-districts = Districts concerned
field-districts-only = Only residents of the districts concerned may vote
field-results-hidden = Results hidden until closing
save = Save

error-consultation-title = Give a title of at most 200 characters.
error-consultation-question = Give the question, in at most 300 characters.
error-consultation-body = The presentation must not exceed 20,000 characters.
error-consultation-purpose = Give the purpose (at most 2,000 characters).
error-consultation-benefits = Give the expected benefits (at most 2,000 characters).
error-consultation-data = Give the data collected (at most 2,000 characters).
error-consultation-retention = Give the proposed retention as an ISO 8601 duration, for example P30D (30 days).
error-consultation-dates = The closing date cannot come before the opening date.
error-consultation-documents = Write each document as "Title | https://address", one per line.
error-consultation-sensors = A sensor reference does not exist in the registry.
error-consultation-districts-only = Choose at least one district to restrict the vote to its residents.
error-consultation-decided = A decided consultation can no longer be edited.
error-consultation-phase = This change of stage is not possible (the page may have changed meanwhile).
error-consultation-not-open = This consultation is not open: it can be read, no longer commented on.

notice-consultation-created = Consultation created as a draft. Open it when it is ready.
notice-consultation-saved = Consultation saved.
notice-consultation-phase = The consultation's stage has changed.

arguments-title = The arguments
arguments-for = Most supported for
arguments-against = Most supported against
arguments-none = No argument yet.

vote-title = Your vote
vote-participation = { $count ->
        [one] { $count } person has voted.
       *[other] { $count } people have voted.
    }
vote-submit = Vote
vote-change = Change my vote
vote-current = Your current vote: { $choice }. You can change it until closing.
vote-eligible = You may vote.
vote-sign-in = Sign in to vote and comment.
vote-unverified = Confirm your email address to take part.
vote-blocked = Your account is suspended by moderation: you can read, not take part.
vote-outside-districts = This vote is for residents of the districts concerned (by your verified residence, or else the district declared in your account).
vote-not-open = Voting is not open.
error-vote-choice = Choose for, against or abstain.
notice-vote-saved = Your vote is recorded. You can change it until closing.

choice-for = For
choice-against = Against
choice-abstain = Abstain

results-title = Results
results-hidden-until-close = Results will be published at closing.
results-none = No results.
results-caption = Results of the vote ({ $count } votes)
results-col-choice = Answer
results-col-votes = Votes
results-col-share = Share
results-col-total = Total
results-col-district = District
results-by-district = Results by district (voters' verified district, or else the declared one)
results-no-district = Not declared
results-other-districts = Other districts (fewer than 5 voters each)
results-by-day = Participation over time (new voters per day)
results-col-day = Day
results-col-new-voters = New voters
results-csv = Download the results (CSV, counts only)

comments-title = Comments ({ $count })
comment-sort-label = Order of comments
comment-pages-label = Pages of comments
comment-sort-newest = Newest
comment-sort-supported = Most supported
field-comment-alignment = Your position
field-comment-body = Your comment
field-comment-reply = Your reply
hint-markdown-comment = Simple formatting: **bold**, *italics*, "- " lists, links. Stay courteous; no personal data.
alignment-for = For
alignment-against = Against
alignment-neutral = Neutral
comment-submit = Post the comment
comment-sign-in = Sign in to comment.
comment-read-only = The consultation is closed: comments can be read, no longer changed.
comment-label = Comment by { $author }
comment-deleted = Comment deleted by its author.
comment-edited = edited on { $date }
comment-supports = { $count ->
        [one] { $count } supporter
       *[other] { $count } supporters
    }
comment-support = Support
comment-unsupport = Withdraw my support
comment-reply = Reply
comment-reply-submit = Post the reply
comment-edit = Edit (within 15 minutes of posting)
comment-delete = Delete
comment-report = Report
error-comment-empty = Write your comment.
error-comment-too-long = A comment must not exceed 5,000 characters.
error-comment-alignment = Give your position: for, against or neutral.
error-comment-reply = This comment can no longer be replied to.
error-comment-edit-window = A comment can only be edited within 15 minutes of posting.
error-support-own = You cannot support your own comment.
notice-comment-posted = Your comment is posted.
notice-comment-edited = Your comment is edited.
notice-comment-deleted = Your comment is deleted.
notice-support-added = Your support is recorded.
notice-support-removed = Your support is withdrawn.

proposal-status-pending = Awaiting review
proposal-status-accepted = Accepted
proposal-status-declined = Declined

sensor-consultations-title = Consultations about this sensor

proposals-link = Propose a use for consultation
proposals-title = Residents' proposals
proposal-form-title = Propose a use for consultation
proposal-form-intro = Does a use of sensors seem useful to you, or worrying? Propose that it be put to consultation. The town's team reviews every proposal and publishes its reasoned answer.
field-proposal-title = Title of the proposal
field-proposal-body = The proposed use and why
field-proposal-district = District concerned
proposal-submit = Send the proposal
proposal-sign-in = Sign in to propose a use.
proposals-list-title = Reviewed proposals
proposals-none = No proposal yet.
field-proposal-decision = Answer
proposal-accept = Accept (prepare a consultation)
proposal-decline = Decline
field-proposal-reason = Public reason
proposal-review-submit = Answer
proposal-see-consultation = see the consultation
error-proposal-title = Give a title of 5 to 200 characters.
error-proposal-body = Describe the proposed use in 20 to 5,000 characters.
error-proposal-reason = A refusal must give a public reason (3 to 500 characters).
error-proposal-reviewed = This proposal has already been answered.
error-consultation-incomplete = Complete the proposed use (purpose, benefits, data) before opening the consultation.
notice-proposal-sent = Thank you: your proposal was sent. It will be published with the town's answer.
notice-proposal-accepted = Proposal accepted: a consultation is prepared as a draft. Complete it before opening it.
notice-proposal-declined = Proposal declined; the reason is published.

mail-reply-subject = Reply to your comment — { $title }
mail-reply-line = { $name } replied to your comment on "{ $title }":
    "{ $excerpt }"
    { $link }
mail-decided-subject = Consultation decided — { $title }
mail-decided-line = The consultation "{ $title }", in which you took part, has been decided:
    { $link }
