"""Charts drawn with matplotlib; each function returns a Figure."""
