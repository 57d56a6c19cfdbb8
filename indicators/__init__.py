"""The indicator framework: definitions, loading, validation rules and aggregation semantics."""
