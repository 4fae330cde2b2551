"""HTML forms of the matching pages, one module per sub-domain."""
