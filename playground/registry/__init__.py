"""The registry: every layer as one spec, the course's models, how inputs are drawn, and what they say of themselves."""
