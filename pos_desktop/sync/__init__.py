"""The link to HQ: HTTP client, link monitor, background sync worker."""
