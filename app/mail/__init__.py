"""Mail to residents: an outbox filled in the request, sent over SMTP outside it."""
