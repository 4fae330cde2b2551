"""The fictional employers, contact texts, openings and job tailoring notes of the demo."""
