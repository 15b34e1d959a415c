"""Outcome contracts in the platform (issue 4): contracts, settlement runs."""
