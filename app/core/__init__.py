"""Home, language choice and error pages."""
