"""LeadTogether: run, sustain and evaluate professional development trajectories."""
