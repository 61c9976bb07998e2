"""Partner organisations (an Energiehuis, a social housing company, a
renovation coach): the groups staff give them, what their people see of those
groups, and the audit row of every page and download of theirs."""
