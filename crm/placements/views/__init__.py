"""The placement pages, split like the services: placements, support, check-ins."""
