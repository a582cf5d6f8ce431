"""Delivery by public post."""
