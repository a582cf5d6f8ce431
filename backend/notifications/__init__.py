"""Telling people what happened to their dossier: the outbox, templates, preferences, push subscriptions,
messages and the providers that carry them (push services, SMS brandname gateways)."""
