"""One module per section of the audit: each computes its section from the history and renders it as markdown."""
