"""Delivery by public post: shipments, hand-over batches, the courier's events, public tracking."""
