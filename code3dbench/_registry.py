"""Imported by the `inspect_ai` entry point: importing the objects registers them."""
