"""Pages of a trajectory, one module per area."""
