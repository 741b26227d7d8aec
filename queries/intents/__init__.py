"""Intent handlers, grouped by the kind of question they answer; mixed into the Engine."""
