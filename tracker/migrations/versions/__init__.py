"""The store's schema revisions, oldest first by number (see tracker/migrations/__init__.py)."""
