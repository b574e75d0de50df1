"""Statistics that take pandas objects and return tidy DataFrames."""
