"""Use cases the UI and the command line call."""
