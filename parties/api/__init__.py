"""The parties resource of the REST API (/api/v1/parties/)."""
