"""The agreements, events, sectors, sources and search resources of the REST API."""
