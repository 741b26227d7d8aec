"""Streamlit rendering helpers: how answers, tables and checks look. No business logic."""
