"""Isolation: where a run happens. In-process for tests, warm worker processes for the public server."""
