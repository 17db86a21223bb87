"""Citizen comments on consultations: detection, rendering, services, selectors and views."""
