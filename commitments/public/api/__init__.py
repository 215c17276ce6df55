"""The read-only open-data API (/api/v1/): public commitments, approved progress, rates; OpenAPI 3 schema."""
