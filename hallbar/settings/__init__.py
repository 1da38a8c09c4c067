"""Settings modules: base (shared), local (the default), production, test."""
