"""Use cases: one module per thing a user can do, run after the ack (see registry.py)."""
