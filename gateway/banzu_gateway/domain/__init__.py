"""Pure rules of the gateway: the skill ladder, team score settings and the team score ledger."""
