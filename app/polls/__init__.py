"""Intention poll: which measures residents want to realise, and when."""
