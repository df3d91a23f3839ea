"""Web front of Cap Industrie: the public chat page and the conseiller view (see bot/server.py)."""
