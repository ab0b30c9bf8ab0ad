"""A request: the one State a page, a link or an API call describes, and the plan resolve makes of it."""
