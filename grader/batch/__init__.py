"""Grading a whole class: submissions in, one results JSON per student and a ledger out."""
