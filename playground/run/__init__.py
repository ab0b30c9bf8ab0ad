"""The run: a plan weighed against the guards, built, executed, and copied off torch into records; never raises."""
