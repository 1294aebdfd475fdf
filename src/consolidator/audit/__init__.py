"""The reviewer's questions answered from the replay: the audit report, blame, the dependency graph, the model diff."""
