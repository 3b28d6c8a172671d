"""Assistant for the small and medium-sized city digital transformation report."""
