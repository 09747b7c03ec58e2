"""One writer per export format. Writers only see redacted Evidence / graphs (see culturemap.project)."""
