"""Anonymous energy-bill comparison: learn from each other without exposing anyone."""
