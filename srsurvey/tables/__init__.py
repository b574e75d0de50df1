"""The report model and its writers (HTML, XLSX, CSV, Markdown, Word, JSON)."""
