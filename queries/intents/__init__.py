"""Intent handlers as plain functions, grouped by the kind of question they answer; the rows that
name them are in registry.py."""
