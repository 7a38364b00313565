"""One self-contained HTML page of a grade (or a batch gradebook)."""
