"""Satisfaction ratings (once per returned dossier, seen by officers only as aggregates) and feedback (phản ánh,
kiến nghị) with tracking codes, due dates, answers and a public Q&A."""
