"""Meetings (klimaattafels): agenda of steps, join codes and anonymous participants."""
