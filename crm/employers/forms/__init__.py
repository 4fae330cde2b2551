"""HTML forms of the employer pages, one module per sub-domain: parse and validate input, then
views hand the cleaned data to services."""
