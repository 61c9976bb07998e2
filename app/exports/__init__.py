"""Municipality exports: consented interest lists and anonymous aggregates."""
