"""Use cases: one function each, (session, actor, typed input) -> model; never commits."""
