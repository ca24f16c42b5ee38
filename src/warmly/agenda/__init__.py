"""The daily agenda: who deserves today's minutes, why, and what to do for each."""
