"""Agendas to start from: a meeting's duplicate, templates a municipality saved
and the ones that ship with the app."""
