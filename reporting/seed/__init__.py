"""The 2024 facts of the collaboration, as its activity report gives them, and their loader."""
