"""A shared evaluator of SQL expressions and queries over the model: the catalog views today, seed rows next."""
