"""The glue between Slack, Zoom and the database, in rooms by kind (see README, "Layout")."""
