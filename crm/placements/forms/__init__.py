"""Forms of the placement pages; the rules live in the models and services."""
