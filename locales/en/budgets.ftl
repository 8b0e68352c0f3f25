## Participatory budgets: forms and ballots.

error-budget-title = Give the budget a title (200 characters at most).
error-budget-body = The presentation is too long (20,000 characters at most).
error-budget-amount = Enter an amount in euros above zero, for example 150000.
error-budget-districts = One line per district: district id | amount, for example "centre | 50000", without repeating a district.
error-budget-no-envelope = Enter the amount for the whole town, or one envelope per district.
error-budget-unknown-district = This district does not exist: use the id of one of the town's districts.
error-budget-max-choices = The most projects must be at least 1 and at least the minimum.
error-budget-percent = The least share of the envelope is a percentage between 0 and 100.
error-budget-points = Enter how many points each voter spreads (at least 1).
error-budget-ranks = Enter how many projects each voter may rank.
error-budget-rule-approval = The Method of Equal Shares counts ballots where projects are ticked (approval or knapsack).
error-budget-threshold = The rule with a threshold needs a minimum support above zero.
error-budget-dates = The vote must close after it opens.
error-budget-locked = Voting is open: the ballot and counting rules no longer change.
error-whole-number = Enter a whole number, zero or more.

ballot-error-unknown-project = This ballot names a project that is not on the vote in this envelope.
ballot-error-duplicate = The same project is twice on the ballot.
ballot-error-too-few = Choose more projects: the minimum is not reached.
ballot-error-too-many = You chose more projects than allowed.
ballot-error-over-envelope = The projects you chose cost more than the envelope: remove one.
ballot-error-under-minimum = The projects you chose do not reach the least share of the envelope.
ballot-error-bad-points = Each chosen project receives a whole number of points, at least 1.
ballot-error-too-many-points = You spread more points than you have.
ballot-error-too-many-points-each = A project received more points than the most allowed per project.
ballot-error-ranks = Number your choices 1, 2, 3… without skipping or repeating a rank.
ballot-error-closed = Voting is not open: the ballot cannot be recorded.
ballot-error-not-eligible = This envelope is for the residents of its district (the one in your account).
ballot-error-voted-on-paper = Your paper vote was recorded: you cannot vote a second time.
error-budget-phase-move = This budget can only move to its next stage, and it may already have moved: reload the page.
error-budget-no-proposals = This budget no longer takes project proposals.
error-project-title = Give the project a title (200 characters at most).
error-project-body = Describe the project (20,000 characters at most).
error-project-location = Enter the place's latitude and longitude, or leave both empty.
error-project-review-reason = Explain the decision publicly: it is required for a project not feasible or merged.
error-project-merge = Choose the project of the same envelope this one is merged into.
