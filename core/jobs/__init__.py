"""Background work as jobs of procrastinate, a PostgreSQL-backed job engine (PostgreSQL only).

Domain-free: the engine built from settings, its schema, retries, schedules and workers. Each
package registers its own tasks next to its service; the top-level ``jobs`` module wires them.
"""
