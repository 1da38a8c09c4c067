"""Project-wide views: generic object views, authentication, health."""
