"""Generic test support: the permission matrix every portal URL is checked against."""
