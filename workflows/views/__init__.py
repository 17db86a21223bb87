"""HTML views of the workflow: the entrepreneur space, the reviewers' queues, the dossier page."""
