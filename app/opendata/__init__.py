"""Open data: anonymous figures a municipality may publish, and their schema."""
